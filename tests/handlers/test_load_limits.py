"""Issue 12, nobody kept waiting: replies capped at a few messages, mentions read in one query
and capped, flood budgets per member and per group, the event loop free while a command's or
the dispatcher's transaction runs, and an honest reply after a send that failed — on SQLite
and on PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.reminders.schedule import PLANNER
from bot.render.tasks import MAX_REPLY_MESSAGES
from handlers.common.owners import MAX_NAMES_PER_COMMAND
from storage.chats import find_members
from storage.database import Database
from storage.models import Task
from storage.tasks import create_task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    FakeClock,
    make_settings,
    start_harness,
)
from tests.handlers.test_hostile_input import ERROR_GENERIC, snapshot

SLOW_DOWN = "Bitte langsamer"


def count_tasks(db: Database) -> int:
    with db.transaction() as session:
        return int(session.execute(select(func.count()).select_from(Task)).scalar_one())


@contextmanager
def recorded_statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements run on `db` inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def member_lists(statements: list[str]) -> list[str]:
    """The statements that read a group's members by name (not the sender's own row)."""
    return [s for s in statements if "FROM member" in s and "user_id =" not in s]


def add_tasks(db: Database, clock: FakeClock, count: int) -> None:
    with db.transaction() as session:
        for n in range(count):
            create_task(
                session,
                chat_id=GROUP["id"],
                title=f"Aufgabe {n} mit einem Titel, wie ein Vorstand ihn schreibt",
                owners=[],
                due_at=None,
                due_has_time=False,
                created_by_id=VERA["id"],
                created_by_name="Vera",
                now=clock.now,
                planner=PLANNER,
            )


async def test_a_long_list_is_capped_and_says_how_many_more(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    add_tasks(db, clock, 250)  # ~5 messages uncapped
    replies = await chat.send(VERA, GROUP, "/aufgaben alle")
    assert len(replies) == MAX_REPLY_MESSAGES
    shown = sum(reply.count("▫️") for reply in replies)
    assert replies[-1].splitlines()[-1] == f"… und {250 - shown} weitere: /export"
    assert 100 < shown < 250


async def test_many_mentions_are_read_in_one_query(chat: ChatHarness, db: Database) -> None:
    for member in (NICOLE, DANIEL):
        await chat.send(member, GROUP, "/hilfe")
    names = " ".join(f"@gast{n}" for n in range(40))
    with recorded_statements(db) as statements:
        reply = await chat.say(VERA, GROUP, f"/aufgabe Stände aufbauen @dschaper Nicole {names}")
    assert "angelegt" in reply and "Daniel" in reply and "gast39" in reply
    assert len(member_lists(statements)) == 1, statements


async def test_too_many_names_are_refused_and_nothing_is_stored(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    before = snapshot(db)
    names = " ".join(f"@gast{n}" for n in range(MAX_NAMES_PER_COMMAND + 1))
    with recorded_statements(db) as statements:
        reply = await chat.say(VERA, GROUP, f"/aufgabe Stände aufbauen {names}")
    assert not member_lists(statements)  # refused before any name is looked up
    assert f"Höchstens {MAX_NAMES_PER_COMMAND} Personen" in reply
    assert f"{MAX_NAMES_PER_COMMAND + 1}" in reply and ERROR_GENERIC not in reply
    assert snapshot(db) == before


@pytest.fixture
async def budgeted(database_url: str, db: Database, clock: FakeClock) -> AsyncIterator[ChatHarness]:
    settings = make_settings(
        database_url, flood_user_commands=3, flood_chat_commands=5, flood_pause_seconds=120
    )
    harness = await start_harness(settings, db, clock)
    try:
        yield harness
    finally:
        await harness.app.shutdown()


async def test_a_member_who_floods_is_told_once_then_ignored(
    budgeted: ChatHarness, db: Database
) -> None:
    chat = budgeted
    for n in range(3):
        assert "angelegt" in await chat.say(VERA, GROUP, f"/aufgabe Punkt {n}")
    warning = await chat.say(VERA, GROUP, "/aufgabe Punkt 3")
    assert SLOW_DOWN in warning and "2 Min." in warning
    for n in range(4, 8):
        assert await chat.send(VERA, GROUP, f"/aufgabe Punkt {n}") == []
    assert count_tasks(db) == 3  # nothing of the ignored commands was stored
    assert "angelegt" in await chat.say(VERA, OTHER_GROUP, "/aufgabe Anderswo")
    assert "angelegt" in await chat.say(NICOLE, GROUP, "/aufgabe Von Nicole")


async def test_a_group_that_floods_is_told_once_then_ignored(budgeted: ChatHarness) -> None:
    chat = budgeted
    for member in (VERA, NICOLE, VERA, NICOLE, DANIEL):
        assert "angelegt" in await chat.say(member, GROUP, "/aufgabe Noch ein Punkt")
    warning = await chat.say(DANIEL, GROUP, "/aufgaben")
    assert SLOW_DOWN in warning and "Gruppe" in warning
    assert await chat.send(NICOLE, GROUP, "/aufgaben") == []
    assert SLOW_DOWN not in await chat.say(DANIEL, OTHER_GROUP, "/aufgaben")  # another group
    budget = chat.app.bot_data["services"].chat_floods
    budget.clock = lambda: time.monotonic() + 1000  # the pause is over
    newcomer = {"id": 150, "is_bot": False, "first_name": "Jonas"}  # within his own budget
    assert "angelegt" in await chat.say(newcomer, GROUP, "/aufgabe Nach der Pause")


def needs_the_loop(
    function: Callable[..., Any], loop: asyncio.AbstractEventLoop, calls: list[bool]
) -> Callable[..., Any]:
    """`function`, made to wait until the event loop has run a coroutine for it — as a slow
    query at the 1,000,000-task scale keeps a transaction open. Called in a database thread,
    the loop is free and answers at once; called on the loop itself, the wait can never end
    (the guard's timeout turns that into a failure instead of a hang). `calls` records, per
    call, whether the loop answered."""

    async def probe() -> None:
        await asyncio.sleep(0)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            asyncio.get_running_loop()
            calls.append(False)  # on the loop's own thread
        except RuntimeError:
            asyncio.run_coroutine_threadsafe(probe(), loop).result(timeout=10)
            calls.append(True)
        return function(*args, **kwargs)

    return wrapped


async def test_a_command_transaction_does_not_block_the_loop(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.common.context as context

    loop, calls = asyncio.get_running_loop(), list[bool]()
    monkeypatch.setattr(context, "enter_chat", needs_the_loop(context.enter_chat, loop, calls))
    replies = await chat.send(VERA, GROUP, "/aufgabe Flyer drucken")
    assert calls == [True]  # the transaction ran while the loop was free
    assert len(replies) == 1 and "angelegt" in replies[0]


async def test_the_dispatcher_does_not_block_the_loop(
    chat: ChatHarness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.reminders.dispatcher as dispatcher

    await chat.send(VERA, GROUP, "/aufgabe Flyer drucken bis morgen")
    clock.advance(days=8)
    loop, calls = asyncio.get_running_loop(), list[bool]()
    for name in ("claim_due", "mark_sent"):
        monkeypatch.setattr(
            dispatcher, name, needs_the_loop(getattr(dispatcher, name), loop, calls)
        )
    sent = await chat.dispatch()
    assert sent  # the reminders went out all the same
    assert len(calls) >= 2 and all(calls), calls


async def test_a_failed_reply_after_a_change_is_not_called_nothing_changed(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    chat.api.fail_next("sendMessage", 502, "Bad Gateway")
    lost = await chat.send(VERA, GROUP, "/aufgabe Flyer drucken")
    assert not any(ERROR_GENERIC in text for text in lost)
    assert not any("nichts geändert" in str(p.get("text")) for p in chat.api.sent())
    assert count_tasks(db) == 1
    [reply] = await chat.send(NICOLE, GROUP, "/aufgaben")
    notice, listing = reply.split("\n\n", 1)
    assert "kam nicht an" in notice and "Gespeichert wurde" in notice
    assert "#1" in notice and "Flyer drucken" in notice
    assert "Offene Aufgaben" in listing
    assert "kam nicht an" not in await chat.say(NICOLE, GROUP, "/aufgaben")  # said once


async def test_a_failed_refusal_leaves_nothing_to_report(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    chat.api.fail_next("sendMessage", 502, "Bad Gateway")
    await chat.send(VERA, GROUP, "/erledigt 99")  # refused: there is no task 99
    assert count_tasks(db) == 0
    assert "kam nicht an" not in await chat.say(VERA, GROUP, "/aufgaben")


async def test_names_resolve_as_before_in_the_one_query(chat: ChatHarness, db: Database) -> None:
    ozlem = {"id": 160, "is_bot": False, "first_name": "Özlem"}
    jan1 = {"id": 161, "is_bot": False, "first_name": "Jan", "username": "jan_w"}
    jan2 = {"id": 162, "is_bot": False, "first_name": "Jan"}
    for member in (ozlem, jan1, jan2, DANIEL):
        await chat.send(member, GROUP, "/hilfe")
    with db.transaction() as session:
        found = find_members(session, GROUP["id"], ["özlem", "JAN", "jan_w", "DSchaper", "Rosa"])
    assert {name: member.user_id for name, member in found.items()} == {
        "özlem": 160,  # a first name only one member has, in any case
        "jan_w": 161,  # a username
        "dschaper": DANIEL["id"],
    }  # "jan" is two members' first name, "rosa" nobody's: plain names
