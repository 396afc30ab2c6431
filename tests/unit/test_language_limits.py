"""The length limits the parsers check (bot/language/limits.py) against storage's columns.

The language layer owns the rule and may not import storage; storage may not import bot. This
test is the link: a text the parser accepts must fit the column it is stored in, and a limit
quoted in a reply must be the one the database enforces.
"""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel

from bot.language import limits
from storage.models import AgendaItem, Decision, Meeting, MeetingPlan, Task


def column_length(model: type[SQLModel], column: str) -> int:
    """The VARCHAR length the schema gives the column (SQLModel's AutoString carries it)."""
    length = getattr(model.__table__.columns[column].type, "length", None)
    assert isinstance(length, int), f"{model.__name__}.{column} has no length limit"
    return length


@pytest.mark.parametrize(
    ("model", "column", "limit"),
    [
        (Task, "title", limits.TITLE_MAX_LENGTH),
        (Meeting, "title", limits.TITLE_MAX_LENGTH),
        (AgendaItem, "text", limits.TITLE_MAX_LENGTH),
        (Decision, "text", limits.DECISION_TEXT_MAX_LENGTH),
        (Decision, "repealed_reason", limits.REASON_MAX_LENGTH),
        (MeetingPlan, "place", limits.PLACE_MAX_LENGTH),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_a_text_the_parser_accepts_fits_its_column(
    model: type[SQLModel], column: str, limit: int
) -> None:
    assert column_length(model, column) == limit
