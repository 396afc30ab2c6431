"""Arbitrary and hostile text into every command, through the real Application: no exception
escapes, the answer is one clear message (never the generic error), and a refused command
leaves the database exactly as it was."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select

from bot.application import COMMANDS
from storage.database import Database
from tests.handlers.conftest import GROUP, VERA, ChatHarness, private_chat

COMMAND_NAMES = sorted({name for c in COMMANDS for name in (c.english, c.german)})
HOSTILE_PIECES = [
    "\u200b",
    "\u200f",
    "\u202e",
    "\ufeff",
    "😀",
    "👩‍👩‍👧",
    "🇩🇪",
    "<b>",
    "</i>",
    "&amp;",
    "<script>",
    "@",
    "@@",
    "#",
    "##",
    "@vera",
    "#3",
    "/task@otherbot",
    "bis",
    "am",
    "jeden",
    "in",
    "99999999999",
    "-1",
    "0",
    "3:x:1",
    "5:0:1",
    "B 2024/7",
    "'; DROP TABLE task; --",
    "%s",
    "{title}",
    "\\",
    "\n",
    "Mitte",
    "KW 99",
    "31.02.",
    "x" * 600,
]
ARGUMENTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=12).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=4500),
)
ERROR_GENERIC = "etwas schiefgelaufen"
SUCCESS_MARKS = (
    "<b>#",
    "B 20",
    "Sitzung",
    "Tagesordnung",
    "nwesend",
    # what a meeting's commands confirm (issue 15): a note, apologies, the item, an answer
    "Notiz",
    "ist entschuldigt",
    "Jetzt TOP",
    "– eingetragen",
)
# a command without its argument asks for it and stores the open question (issue 14)
QUESTIONS = ("Wie heißt die Aufgabe?", "Was wurde beschlossen?", "Was soll ins Protokoll?")


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table except the update log (which records that we saw the update)."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    with db.engine.connect() as connection:
        return {
            name: sorted(map(tuple, connection.execute(select(table)).all()), key=repr)
            for name, table in metadata.tables.items()
            if name not in {"processedupdate", "alembic_version"}
        }


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(command=st.sampled_from(COMMAND_NAMES), arguments=ARGUMENTS, in_private=st.booleans())
@example(command="aufgabe", arguments="", in_private=False)  # asks for the title (CI found it)
@example(command="decision", arguments="\n", in_private=False)
@example(command="note", arguments="", in_private=False)  # /notiz alone asks (CI found it)
async def test_any_arguments_get_one_clear_answer(
    chat: ChatHarness, db: Database, command: str, arguments: str, in_private: bool
) -> None:
    where = private_chat(VERA) if in_private else GROUP
    await chat.send(VERA, GROUP, "/hilfe")  # the group and Vera are known before we compare
    before = snapshot(db)
    replies = await chat.send(VERA, where, f"/{command} {arguments}")
    assert len(replies) >= 1
    assert all(ERROR_GENERIC not in reply for reply in replies), replies
    assert all(0 < len(reply) <= 4096 for reply in replies)
    if snapshot(db) != before:
        # Something was stored: then the reply confirms it (or asks for what is missing)
        # rather than refusing.
        marks = SUCCESS_MARKS + QUESTIONS
        assert any(mark in replies[0] for mark in marks), (command, arguments, replies)
