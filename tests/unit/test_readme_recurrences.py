"""The README's recurrence table shows only phrases that work: each phrase is read here into
the rule in its row, and the rule is described as the row says."""

import re
from pathlib import Path

import pytest

from bot.language.recurrence import Recurrence
from bot.language.schedule import parse_schedule
from bot.render.recurrence import describe_recurrence
from tests.support.schedule import HOUR, NOW

README = Path(__file__).resolve().parents[2] / "README.md"


def table_rows() -> list[tuple[list[str], str, str]]:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- recurrence table -->")[1].split("<!-- end of recurrence table -->")[0]
    rows = []
    for line in table.splitlines():
        if line.startswith("| `"):
            phrases, rule, said = (cell.strip() for cell in line.split("|")[1:4])
            rows.append((re.findall(r"`([^`]+)`", phrases), rule.strip("`"), said))
    return rows


def test_the_table_is_there() -> None:
    assert len(table_rows()) >= 15


@pytest.mark.parametrize(("phrases", "rule", "said"), table_rows())
def test_every_phrase_of_the_readme_recurrence_table_works(
    phrases: list[str], rule: str, said: str
) -> None:
    for phrase in phrases:
        recurrence = parse_schedule(phrase, NOW, HOUR).recurrence
        assert recurrence is not None and recurrence.to_text() == rule, phrase
    assert describe_recurrence(Recurrence.from_text(rule), "de") == said
