"""The record's reply catalog (bot/messages_records.py): same keys and placeholders in German
and English, valid Telegram HTML, plain text where files and minutes need it, and every key
the record's code asks for exists."""

from __future__ import annotations

import pytest

from bot.i18n import SUPPORTED_LANGUAGES, Language, t
from bot.messages import CATALOGS
from bot.messages_records import DE, EN
from handlers.decisions import DECISION_COMMANDS
from handlers.export import EXPORT_COMMANDS
from handlers.meetings import MEETING_COMMANDS
from tests.support.telegram_html import check_telegram_html, visible_text
from tests.unit.test_messages import ROOT, keys_used_in_source, placeholders

KEYS = sorted(DE)
PLAIN_PREFIXES = ("min_", "csv_", "ics_", "file_")
RECORD_SOURCES = (
    "bot/language/records.py",
    "bot/render/records.py",
    "bot/render/minutes.py",
    "bot/render/exports.py",
    "handlers/decisions.py",
    "handlers/meetings.py",
    "handlers/export.py",
    "handlers/common/outbox.py",
)


def params(key: str, value: str) -> dict[str, str]:
    return dict.fromkeys(placeholders(DE[key]) | placeholders(EN[key]), value)


def test_same_keys_and_merged_into_the_catalogs() -> None:
    assert sorted(DE) == sorted(EN)
    assert len(DE) > 60
    for lang in SUPPORTED_LANGUAGES:
        assert all(key in CATALOGS[lang] for key in DE)


@pytest.mark.parametrize("key", KEYS)
def test_same_placeholders(key: str) -> None:
    assert placeholders(DE[key]) == placeholders(EN[key])


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_templates_render_as_valid_telegram_html(lang: Language, key: str) -> None:
    rendered = t(lang, key, **params(key, "X1"))
    assert "{" not in rendered and "}" not in rendered
    check_telegram_html(rendered)
    check_telegram_html(t(lang, key, **params(key, "&lt;b&gt; &amp;")))


@pytest.mark.parametrize("key", [k for k in KEYS if k.startswith(PLAIN_PREFIXES)])
def test_plain_text_templates_have_no_markup(key: str) -> None:
    for template in (DE[key], EN[key]):
        assert not any(char in template for char in "<>&"), template


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_usage_examples_are_in_the_records_help(lang: Language) -> None:
    help_text = visible_text(t(lang, "help_records"))
    for key in KEYS:
        if key.startswith("records_usage_"):
            usage = t(lang, key)
            assert usage.startswith("/")
            assert usage.split()[0] in help_text, key


def test_commands_have_german_and_english_names_in_the_help() -> None:
    commands = (*DECISION_COMMANDS, *MEETING_COMMANDS, *EXPORT_COMMANDS)
    german, english = visible_text(t("de", "help_records")), visible_text(t("en", "help_records"))
    for command in commands:
        assert f"/{command.german}" in german
        assert f"/{command.english}" in english
        assert command.german.islower() and len(command.description_de) <= 256


def test_every_key_used_by_the_record_code_exists() -> None:
    wanted = {str(ROOT / path) for path in RECORD_SOURCES}
    used = {
        key: places
        for key, places in keys_used_in_source().items()
        if any(str(ROOT / place.split(":")[0]) in wanted for place in places)
    }
    assert len(used) > 60
    missing = {key: places for key, places in used.items() if key not in CATALOGS["de"]}
    assert not missing
