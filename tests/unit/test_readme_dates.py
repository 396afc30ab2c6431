"""The README's date table shows only phrases that work: each one is parsed here."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.language.dates import parse_due_date

README = Path(__file__).resolve().parents[2] / "README.md"
# The README's reference moment: Wednesday, 19 June 2024, 20:00 in Berlin.
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def table_phrases() -> list[str]:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- date table -->")[1].split("<!-- end of date table -->")[0]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return [phrase for cell in first_cells for phrase in re.findall(r"`([^`]+)`", cell)]


def test_every_phrase_of_the_readme_date_table_parses() -> None:
    phrases = table_phrases()
    assert len(phrases) > 60
    for phrase in phrases:
        parse_due_date(phrase, NOW)  # raises DateParseError for a phrase that does not work
