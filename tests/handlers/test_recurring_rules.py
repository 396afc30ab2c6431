"""Issue 11: recurrences as RFC 5545 rules through /erinnere, /wiedervorlage and /erinnerungen,
the stored RRULE and the reminders the real dispatcher sends at the rule's times (across the
autumn DST switch, to the rule's end), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Reminder, Task
from tests.handlers.conftest import GROUP, VERA, ChatHarness, make_settings, start_harness


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of 2024 in Berlin as UTC (summer time until 27 October)."""
    offset = 2 if (month, day) < (10, 27) else 1
    return datetime(2024, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=offset)


def task(db: Database, number: int) -> Task:
    with db.transaction() as session:
        [found] = session.exec(select(Task).where(Task.number == number)).all()
        return found


def pending(db: Database, number: int) -> list[datetime]:
    found = task(db, number)
    with db.transaction() as session:
        rows = session.exec(
            select(Reminder).where(Reminder.task_id == found.id, Reminder.status == "pending")
        ).all()
        return [row.due_at for row in rows]


async def sent_about(chat: ChatHarness, title: str, when: datetime) -> int:
    chat.clock.now = when
    return sum(title in str(message["text"]) for message in await chat.dispatch())


async def test_second_tuesday_of_the_month_is_stored_and_sent_on_time(
    chat: ChatHarness, db: Database
) -> None:
    reply = await chat.say(VERA, GROUP, "/erinnere Stammtisch jeden 2. Dienstag 19 Uhr")
    assert "Erinnerung <b>#1</b> angelegt: Stammtisch" in reply
    assert "jeden zweiten Dienstag im Monat um 19:00" in reply
    assert "Di, 09.07.2024, 19:00 Uhr" in reply  # 11 June is over
    stored = task(db, 1)
    assert (stored.title, stored.recurrence) == (
        "Stammtisch",
        "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0",
    )
    assert pending(db, 1) == [local(7, 9, 19)]
    assert await sent_about(chat, "Stammtisch", local(7, 9, 19) - timedelta(minutes=1)) == 0
    for when, following in (
        (local(7, 9, 19, 1), local(8, 13, 19)),
        (local(8, 13, 19, 1), local(9, 10, 19)),
        (local(9, 10, 19, 1), local(10, 8, 19)),
        (local(10, 8, 19, 1), local(11, 12, 19)),  # after the switch: 19:00 CET is 18:00 UTC
    ):
        assert await sent_about(chat, "Stammtisch", when) == 1
        assert pending(db, 1) == [following]
    assert local(11, 12, 19) == datetime(2024, 11, 12, 18, 0, tzinfo=UTC)
    listing = await chat.say(VERA, GROUP, "/erinnerungen")
    assert "jeden zweiten Dienstag im Monat um 19:00" in listing


async def test_weekdays_with_an_end_stop_after_the_last_one(
    chat: ChatHarness, db: Database
) -> None:
    reply = await chat.say(
        VERA, GROUP, "/erinnere Training jeden Dienstag und Donnerstag 18 Uhr bis 30.06."
    )
    assert "jeden Dienstag und Donnerstag um 18:00 bis 30.06.2024" in reply
    assert task(db, 1).recurrence == (
        "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0;UNTIL=20240630T235959"
    )
    for when, following in (
        (local(6, 20, 18, 1), [local(6, 25, 18)]),
        (local(6, 25, 18, 1), [local(6, 27, 18)]),
        (local(6, 27, 18, 1), []),  # 2 July is after the end
    ):
        assert await sent_about(chat, "Training", when) == 1
        assert pending(db, 1) == following
    assert task(db, 1).status == "done"


async def test_followup_on_workdays_and_first_monday(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(VERA, GROUP, "/wiedervorlage Post holen jeden Werktag")
    assert "jeden Werktag" in reply and "Do, 20.06.2024, 09:00 Uhr" in reply
    assert task(db, 1).recurrence == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert await sent_about(chat, "Post holen", local(6, 21, 9, 1)) == 1  # late: 20th, once
    assert pending(db, 1) == [local(6, 24, 9)]  # Friday's is over: Monday
    reply = await chat.say(VERA, GROUP, "/erinnere Kassenprüfung am ersten Montag jedes Monats")
    assert "jeden ersten Montag im Monat" in reply and "Mo, 01.07.2024" in reply


async def test_an_unreadable_rule_is_refused_and_nothing_stored(
    chat: ChatHarness, db: Database
) -> None:
    for text in ("/erinnere Stammtisch jeden 5. Montag", "/erinnere Treffen alle 3 Wochen am 35."):
        assert "nicht verstanden" in await chat.say(VERA, GROUP, text)
    with db.transaction() as session:
        assert session.exec(select(Task)).all() == []


async def test_english_rules_are_read_and_described(
    database_url: str, db: Database, clock: Any
) -> None:
    chat = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        reply = await chat.say(VERA, GROUP, "/remind Standup every weekday at 9am")
        assert "every weekday at 09:00" in reply and "Thu, 20 Jun 2024" in reply
        reply = await chat.say(VERA, GROUP, "/remind Rent every last Friday of the month")
        assert "every last Friday of the month" in reply and "Fri, 28 Jun 2024" in reply
        reply = await chat.say(VERA, GROUP, "/followup Grant? every Monday until December 21")
        assert "every Monday until 21 Dec 2024" in reply
        assert task(db, 3).recurrence == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20241221T235959"
    finally:
        await chat.app.shutdown()


async def test_a_stored_rule_the_bot_cannot_read_is_listed_by_its_date(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/erinnere Stammtisch jeden Montag")
    with db.transaction() as session:
        stored = session.exec(select(Task)).one()
        stored.recurrence = "week/1/0/-"  # the old format, had 0013 not run
        session.add(stored)
    listing = await chat.say(VERA, GROUP, "/erinnerungen")
    assert "Stammtisch" in listing and "24.06.2024" in listing and "jeden Montag" not in listing
