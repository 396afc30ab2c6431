"""Unit tests of bot/language/commands.py: reading a typed command and finding the closest of
ours, and of the vote/command catalogue bot/messages_votes.py."""

from __future__ import annotations

import pytest

from bot.application import COMMAND_NAMES
from bot.i18n import SUPPORTED_LANGUAGES, Language, t
from bot.language.commands import TypedCommand, closest_commands, typed_command
from bot.messages import CATALOGS
from bot.messages_votes import DE, EN
from tests.support.telegram_html import check_telegram_html
from tests.unit.test_messages import placeholders


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


def test_same_keys_and_placeholders_and_merged() -> None:
    assert sorted(DE) == sorted(EN)
    for key in DE:
        assert placeholders(DE[key]) == placeholders(EN[key]), key
    for lang in SUPPORTED_LANGUAGES:
        assert DE.keys() <= CATALOGS[lang].keys()
    assert CATALOGS["de"]["decision_rejected"] == DE["decision_rejected"]
    assert CATALOGS["en"]["decision_rejected"] == EN["decision_rejected"]


@pytest.mark.parametrize("key", sorted(DE))
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_templates_are_valid_telegram_html(lang: Language, key: str) -> None:
    params = dict.fromkeys(placeholders(DE[key]), "&lt;x&gt;")
    rendered = t(lang, key, **params)
    assert "{" not in rendered
    check_telegram_html(rendered)
    if key.startswith(("vote_result_", "csv_")):
        assert not any(char in DE[key] + EN[key] for char in "<>&")
