"""A circular's reminders against its early close, as they meet when a dispatcher and a poll
answer run at the same moment: a reminder claimed (or skipped while locked) just before the
answer closes the circular is dropped, never sent — no call to vote after the close, no second
announcement of the outcome. An answer after the deadline leaves the close to the deadline's
reminder, so a retried close may announce again and an early one never does. Both databases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select, update

from bot.reminders.dispatcher import ReminderDispatcher
from storage.database import Database
from storage.models import Reminder, ReminderKind, ReminderStatus
from tests.handlers.circular_support import circular_reminders, circulars, decisions, start, vote
from tests.handlers.conftest import DANIEL, NICOLE, VERA, ChatHarness

THURSDAY_9 = datetime(2024, 6, 20, 7, 0, tzinfo=UTC)  # the daily reminder is due
AFTER_DEADLINE = datetime(2024, 6, 21, 22, 0, tzinfo=UTC)  # past Friday 23:59:59 Berlin


def dispatcher(chat: ChatHarness) -> ReminderDispatcher:
    found: ReminderDispatcher = chat.app.bot_data["reminder_dispatcher"]
    return found


def announcements(chat: ChatHarness) -> list[str]:
    return [m["text"] for m in chat.api.messages if "abgeschlossen" in m["text"]]


def nudges(chat: ChatHarness) -> list[str]:
    return [m["text"] for m in chat.api.messages if "bitte in der Umfrage abstimmen" in m["text"]]


async def test_a_reminder_claimed_just_before_the_early_close_is_not_sent(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer bis Freitag")
    chat.clock.now = THURSDAY_9
    claimed = dispatcher(chat).claim_batch()  # the dispatcher holds the day's reminder …
    assert [c.reminder_id for item in claimed for c in item.claims]
    for member in (VERA, NICOLE, DANIEL):  # … when the last Ja closes the circular
        await vote(chat, member, [0])
    assert circulars(db)[0].status == "adopted" and len(announcements(chat)) == 1
    await dispatcher(chat).send_chat(chat.app.bot, claimed)  # and then goes on to send it
    assert nudges(chat) == []
    assert {r.status for r in circular_reminders(db)} == {ReminderStatus.CANCELLED.value}


async def test_a_close_skipped_while_locked_does_not_announce_a_second_time(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer bis Freitag")
    for member in (VERA, NICOLE, DANIEL):
        await vote(chat, member, [0])
    assert len(announcements(chat)) == 1
    # the deadline's row was locked by a claim in progress, so the early close skipped it
    with db.transaction() as session:
        session.execute(
            update(Reminder)
            .where(col(Reminder.kind) == ReminderKind.CIRCULAR_CLOSE.value)
            .values(status=ReminderStatus.PENDING.value)
        )
    chat.clock.now = AFTER_DEADLINE
    assert await chat.dispatch() == []
    assert len(announcements(chat)) == 1 and len(decisions(db)) == 1
    (close,) = [r for r in circular_reminders(db) if r.kind == ReminderKind.CIRCULAR_CLOSE.value]
    assert close.status == ReminderStatus.CANCELLED.value


async def test_after_the_deadline_an_answer_leaves_the_close_to_the_deadline(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    await vote(chat, NICOLE, [0])
    chat.clock.now = AFTER_DEADLINE  # the bot was down at the deadline; Daniel answers now
    await vote(chat, DANIEL, [1])
    assert circulars(db)[0].status == "open" and decisions(db) == []
    await chat.dispatch()
    assert len(announcements(chat)) == 1
    (decision,) = decisions(db)
    assert decision.result == "rejected" and decision.votes_no == 1


async def test_a_close_at_the_deadline_whose_send_was_lost_announces_again(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    chat.clock.now = AFTER_DEADLINE
    claimed = dispatcher(chat).claim_batch()  # closes it in the claim; then the process dies
    assert circulars(db)[0].status == "rejected" and announcements(chat) == []
    with db.transaction() as session:  # the claim's lease runs out: another try
        session.execute(
            update(Reminder)
            .where(col(Reminder.kind) == ReminderKind.CIRCULAR_CLOSE.value)
            .values(status=ReminderStatus.PENDING.value, claim_token=None)
        )
    assert claimed
    await chat.dispatch()
    assert len(announcements(chat)) == 1 and len(decisions(db)) == 1


async def test_the_early_close_does_not_wait_for_a_claim_holding_a_reminder_row(
    chat: ChatHarness, db: Database
) -> None:
    """A claim locks its reminder rows, then the circular; an answer the other way round. If
    the answer waited for the row, the two would deadlock on PostgreSQL: it skips it instead
    (the claim's compose then sees the circular closed and drops the row)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time and no row locks")
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    await vote(chat, NICOLE, [0])
    claim = db.engine.connect()
    transaction = claim.begin()
    try:  # a claim in progress holds the day's reminder rows
        claim.execute(
            select(Reminder.id)
            .where(col(Reminder.kind) == ReminderKind.CIRCULAR_NUDGE.value)
            .with_for_update()
        ).all()
        # generous: it either returns at once or waits for the lock until the end of the test
        await asyncio.wait_for(vote(chat, DANIEL, [0]), timeout=30)
        assert circulars(db)[0].status == "adopted" and len(announcements(chat)) == 1
    finally:
        transaction.rollback()
        claim.close()
    locked_rows = [r for r in circular_reminders(db) if r.status == ReminderStatus.PENDING.value]
    assert locked_rows and all(r.kind == ReminderKind.CIRCULAR_NUDGE.value for r in locked_rows)
    chat.clock.now = AFTER_DEADLINE  # the skipped rows, claimed now, are dropped
    assert await chat.dispatch() == []
    assert {r.status for r in circular_reminders(db)} == {ReminderStatus.CANCELLED.value}
