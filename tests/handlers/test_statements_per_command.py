"""The hot path's statements, counted (BENCHMARKS.md: `/task` + `/tasks` are what a board types
most): the chat and the writer's membership are one query, `/task`'s card shows the owners it
just stored without reading them back, and remembering the card's message is one UPDATE. Both
databases; a statement more here is a round trip more on every command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from storage.database import Database
from tests.handlers.conftest import GROUP, NICOLE, VERA, ChatHarness

# claim, chat + member, open meeting, board roles, @names, counter, task, event, reminders
# (one statement on PostgreSQL, one per row on SQLite: counted once), owner — and, after the
# reply, the card's message id
TASK_STATEMENTS = 11
# claim, chat + member, tasks, their owners
LIST_STATEMENTS = 4


@contextmanager
def statements_of(db: Database) -> Iterator[list[str]]:
    """The SQL statements run on `db` inside the block, whitespace squeezed."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's own BEGIN IMMEDIATE (storage.database)
            seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def kinds(statements: list[str]) -> list[str]:
    """The statements, with the rows of one insert (SQLite inserts one by one) counted once."""
    return [
        s
        for n, s in enumerate(statements)
        if not (n and s.startswith("INSERT") and s == statements[n - 1])
    ]


def reading(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.startswith("SELECT") and f" FROM {table} " in f"{s} "]


async def known_board(chat: ChatHarness) -> None:
    """Vera and Nicole have used the bot in the group before."""
    for member in (VERA, NICOLE):
        await chat.send(member, GROUP, "/aufgaben")


async def test_task_reads_chat_and_member_once_and_not_its_own_owners(
    chat: ChatHarness, db: Database
) -> None:
    await known_board(chat)
    await chat.send(VERA, GROUP, "/aufgabe Protokoll verschicken")  # the group's first task
    with statements_of(db) as statements:
        reply = await chat.say(VERA, GROUP, "/aufgabe Kassenbericht @Nicole bis Freitag")
    assert "Kassenbericht" in reply and "Nicole" in reply  # the card names the owner
    chats = reading(statements, "chat")
    assert len(chats) == 1 and "JOIN member" in chats[0]  # one query for chat and member
    by_key = [s for s in reading(statements, "member") if "member.user_id = " in s]
    assert by_key == []  # no lookup of the writer's membership of its own (the @names: one)
    assert reading(statements, "taskowner") == []  # the card used the owners just stored
    assert reading(statements, "task") == []  # the card's id: an UPDATE without a read
    assert [s for s in statements if s.startswith("UPDATE task SET card_message_id")]
    assert len(kinds(statements)) <= TASK_STATEMENTS, "\n".join(s[:80] for s in statements)


async def test_tasks_reads_chat_and_member_in_one_query(chat: ChatHarness, db: Database) -> None:
    await known_board(chat)
    await chat.send(VERA, GROUP, "/aufgabe Kassenbericht @Nicole bis Freitag")
    with statements_of(db) as statements:
        reply = await chat.say(NICOLE, GROUP, "/aufgaben")
    assert "Kassenbericht" in reply
    chats = reading(statements, "chat")
    assert len(chats) == 1 and "JOIN member" in chats[0]
    assert len(statements) <= LIST_STATEMENTS, "\n".join(s[:80] for s in statements)


async def test_a_new_group_and_member_are_still_stored(chat: ChatHarness, db: Database) -> None:
    """The one query finds nothing on first contact: the chat and member are made as before."""
    reply = await chat.say(VERA, GROUP, "/aufgabe Erste Aufgabe")
    assert "Erste Aufgabe" in reply
    assert "Erste Aufgabe" in await chat.say(NICOLE, GROUP, "/aufgaben")
    assert "Vera" in await chat.say(NICOLE, GROUP, "/aufgaben @vera")
