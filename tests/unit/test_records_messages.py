"""The record's texts in the catalogues (decisions, meetings, minutes, exports): valid Telegram
HTML, plain text where files and minutes need it, and every key the record's code asks for
exists."""

from __future__ import annotations

import pytest

from bot.i18n import SUPPORTED_LANGUAGES, Language, t
from handlers.board_handover import BOARD_HANDOVER_COMMANDS
from handlers.circulars import CIRCULAR_COMMANDS
from handlers.decisions import DECISION_COMMANDS
from handlers.export import EXPORT_COMMANDS
from handlers.meetings import MEETING_COMMANDS
from handlers.minutes import MINUTES_COMMANDS
from handlers.next_meeting import NEXT_MEETING_COMMANDS
from handlers.protocol import PROTOCOL_COMMANDS
from handlers.roster import ROSTER_COMMANDS
from tests.support.catalogues import ROOT, keys_used_in_source, usage_problems
from tests.support.telegram_html import visible_text
from tests.unit.test_messages import CATALOGUES, KEYS, TEXTS

# Plain text: bot.render.minutes and bot.render.exports fill these with raw values and escape
# the result for HTML or Markdown themselves, so they must not contain markup or entities.
PLAIN_PREFIXES = ("min_", "csv_", "ics_", "file_")
RECORD_SOURCES = (
    "bot/language/records.py",
    "bot/render/records.py",
    "bot/render/minutes.py",
    "bot/render/exports.py",
    "handlers/decisions.py",
    "handlers/meetings.py",
    "handlers/next_meeting.py",
    "handlers/common/invitation.py",
    "bot/render/invitation.py",
    "bot/render/invitation_ics.py",
    "handlers/export.py",
    "handlers/common/outbox.py",
    "bot/render/minutes_record.py",
    "handlers/minutes.py",
)
PLAIN_KEYS = [key for key in KEYS if key.startswith(PLAIN_PREFIXES)]


def test_the_record_texts_are_there() -> None:
    assert len(PLAIN_KEYS) > 30
    assert [key for key in KEYS if key.startswith("records_usage_")]
    assert "help_records" in KEYS


@pytest.mark.parametrize("key", PLAIN_KEYS)
def test_plain_text_templates_have_no_markup(key: str) -> None:
    for lang in SUPPORTED_LANGUAGES:
        for template in TEXTS[lang][key].forms:
            assert not any(char in template for char in "<>&"), template


def records_help(lang: Language) -> str:
    """The help's sections on the record: decisions, meetings, the board."""
    keys = ("help_records", "help_meetings", "help_board")
    return "\n".join(visible_text(t(lang, key)) for key in keys)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_usage_examples_are_in_the_records_help(lang: Language) -> None:
    help_text = records_help(lang)
    for key in KEYS:
        if key.startswith("records_usage_"):
            usage = t(lang, key)
            assert usage.startswith("/")
            assert usage.split()[0] in help_text, key


def test_commands_have_german_and_english_names_in_the_help() -> None:
    commands = (
        *DECISION_COMMANDS,
        *MEETING_COMMANDS,
        *MINUTES_COMMANDS,
        *NEXT_MEETING_COMMANDS,
        *PROTOCOL_COMMANDS,
        *ROSTER_COMMANDS,
        *BOARD_HANDOVER_COMMANDS,
        *CIRCULAR_COMMANDS,
        *EXPORT_COMMANDS,
    )
    german, english = records_help("de"), records_help("en")
    for command in commands:
        assert f"/{command.german}" in german
        assert f"/{command.english}" in english
        assert command.german.islower() and len(command.description_de) <= 256


def test_every_key_used_by_the_record_code_exists() -> None:
    used = keys_used_in_source([ROOT / path for path in RECORD_SOURCES])
    assert len({use.key for use in used}) > 60
    assert usage_problems(used, CATALOGUES["de"]) == []
