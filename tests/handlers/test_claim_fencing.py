"""Claims with fencing (issue 12): a reminder whose claim was taken over is never sent by the
process that lost it, a long flood wait hands the chat's other claims back, a stopping
dispatcher gives back what it did not send, and a dead predecessor's claims go out at once.
Real Application and dispatcher, offline Bot API, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from bot.reminders.dispatcher import ReminderDispatcher, dead_workers
from storage.database import Database
from storage.reminders import claim_holders, release_claims_of
from tests.handlers.conftest import GROUP, VERA, ChatHarness
from tests.handlers.test_reminders import at, reminders


async def due_reminders(chat: ChatHarness, count: int) -> None:
    for number in range(1, count + 1):
        await chat.say(VERA, GROUP, f"/aufgabe Punkt {number} bis Freitag")
    chat.clock.now = at(20, 9, 1)  # the day-before reminders are due


async def test_a_claim_taken_over_is_not_sent_by_the_loser(chat: ChatHarness, db: Database) -> None:
    await due_reminders(chat, 1)
    slow = ReminderDispatcher(db, chat.clock, "de", worker="slow:1")
    [stale] = slow.claim_batch()  # then the process hangs past its lease
    chat.clock.advance(minutes=3)
    [message] = await chat.dispatch()  # another process takes the expired claim and sends
    assert "Punkt 1" in message["text"]
    before = len(chat.api.messages)
    await slow.send_chat(chat.app.bot, [stale])  # the slow one wakes up: must not send
    assert chat.api.messages[before:] == []
    [row] = [r for r in reminders(db, task_id=1) if r.kind == "before"]
    assert row.status == "sent" and row.claimed_by != "slow:1"


async def test_a_flood_wait_hands_back_the_rest_of_the_chat(
    chat: ChatHarness, db: Database
) -> None:
    await due_reminders(chat, 3)
    # Telegram asks for a wait longer than the lease: the chat's other claims must not be held.
    chat.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 300", retry_after=300)
    assert await chat.dispatch() == []
    rows = [r for r in reminders(db) if r.kind == "before"]
    assert [r.status for r in rows] == ["pending"] * 3
    assert {r.due_at for r in rows} == {chat.clock.now + timedelta(seconds=300)}
    chat.clock.advance(minutes=3)  # past the lease, before the wait is over: nothing to take
    other = ReminderDispatcher(db, chat.clock, "de", worker="other:2")
    assert other.claim_batch() == []
    chat.clock.advance(minutes=3)
    sent = await chat.dispatch()
    # due in the same minute: one message with all three (issue 12, part H), each once
    assert [sorted(re.findall(r"Punkt (\d)", m["text"])) for m in sent] == [["1", "2", "3"]]


async def test_a_cancelled_batch_gives_its_claims_back(chat: ChatHarness, db: Database) -> None:
    await due_reminders(chat, 2)
    dispatcher = ReminderDispatcher(db, chat.clock, "de", worker="stopping:1")
    batch = dispatcher.claim_batch()
    assert sum(len(item.claims) for item in batch) == 2
    task = asyncio.ensure_future(dispatcher.send_chat(HangingBot(), batch))  # type: ignore[arg-type]
    await asyncio.sleep(0.05)  # waiting "in the flood window" when the stop comes
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    rows = [r for r in reminders(db) if r.kind == "before"]
    assert [r.status for r in rows] == ["pending", "pending"]
    sent = await chat.dispatch()  # handed back: sent by the next pass at once, not after a lease
    assert sum(m["text"].count("Punkt") for m in sent) == 2


class HangingBot:
    """A bot whose sends never return, as if Telegram's flood window never opened."""

    async def send_message(self, *args: object, **kwargs: object) -> None:
        await asyncio.Event().wait()


def finished_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


async def test_claims_of_a_dead_process_on_this_host_go_out_at_once(
    chat: ChatHarness, db: Database
) -> None:
    await due_reminders(chat, 1)
    host = socket.gethostname()
    dead = f"{host}:{finished_pid()}"
    ReminderDispatcher(db, chat.clock, "de", worker=dead).claim_batch()  # then it died
    alive = [f"{host}:{os.getppid()}", f"elsewhere:{finished_pid()}"]
    assert dead_workers([dead, *alive]) == [dead]
    assert await chat.dispatch() == []  # the lease still protects the claim
    with db.transaction() as session:
        assert claim_holders(session) == [dead]
        assert release_claims_of(session, dead_workers(claim_holders(session))) == 1
    [message] = await chat.dispatch()
    assert "Punkt 1" in message["text"]
