"""Unit tests of bot/language/commands.py: reading a typed command and finding the closest of
ours, and the texts of votes, results and command hints as Telegram HTML."""

from __future__ import annotations

import pytest

from bot.application import COMMAND_NAMES
from bot.i18n import SUPPORTED_LANGUAGES, Language, t
from bot.language.commands import TypedCommand, closest_commands, typed_command
from tests.support.catalogues import placeholders
from tests.support.telegram_html import check_telegram_html

# The texts of votes, results and command hints (catalogue keys, German and English).
VOTE_KEYS = [
    "csv_result_column",
    "decision_rejected",
    "decision_rejected_tie",
    "decision_view_header_rejected",
    "unknown_command",
    "unknown_command_or",
    "unknown_command_suggest",
    "vote_contradiction",
    "vote_result_adopted",
    "vote_result_none",
    "vote_result_rejected",
    "vote_result_tie",
    "vote_unanimous_rejected",
    "vote_unanimous_rejected_counts",
    "vote_with_result",
]


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("/aufgabee Flyer drucken", TypedCommand("aufgabee", None)),
        ("/aufgabee@boardbot Flyer", TypedCommand("aufgabee", "boardbot")),
        ("/ändern 3 Titel", TypedCommand("ändern", None)),
        ("/x", TypedCommand("x", None)),
        ("/home/vera", None),
        ("/ nichts", None),
        ("//", None),
        ("Flyer /aufgabe", None),
        ("/", None),
    ],
)
def test_typed_command(text: str, typed: TypedCommand | None) -> None:
    assert typed_command(text) == typed


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("aufgabee", ["aufgabe", "aufgaben"]),
        ("beschlusse", ["beschluesse"]),
        ("erledgt", ["erledigt"]),
        ("ändern", ["aendern"]),
        ("beschlüsse", ["beschluesse"]),
        ("aufgabe_", ["aufgabe"]),
        ("zuweisn", ["zuweisen"]),
        ("hlfe", ["hilfe"]),
        ("settngs", ["settings"]),
        ("ERLEDGT", ["erledigt"]),
        ("ban", []),
        ("stats", []),
        ("kick", []),
        ("weather", []),
        ("id", []),
    ],
)
def test_closest_commands(typed: str, closest: list[str]) -> None:
    assert closest_commands(typed, COMMAND_NAMES) == closest


@pytest.mark.parametrize("key", VOTE_KEYS)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_templates_are_valid_telegram_html(lang: Language, key: str) -> None:
    params = dict.fromkeys(placeholders(t("de", key)), "&lt;x&gt;")
    rendered = t(lang, key, **params)
    assert "{" not in rendered
    check_telegram_html(rendered)
    if key.startswith(("vote_result_", "csv_")):
        assert not any(char in t("de", key) + t("en", key) for char in "<>&")
