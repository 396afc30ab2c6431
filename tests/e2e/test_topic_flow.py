"""Forum topics end to end (issue 14, part T): the real bot process in an emulated forum with
two topics. `/aufgabe … bis morgen` in topic A is answered in A and its reminder comes to A;
a task of topic B whose topic was deleted meanwhile is reminded in General with one notice,
which the worker process (`python -m bot.worker`, sending the same way) does not repeat;
General itself never gets a `message_thread_id`.

The reminder's morning is brought forward in the database (its `due_at` set to now): the bot's
dispatcher, which looks every second, then sends it as it would in the morning.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col, select

from storage.database import Database
from storage.models import Reminder, ReminderStatus

from .conftest import BotProcess
from .emulator import BotApiEmulator
from .workers import Worker

NOTICE = "gelöscht oder geschlossen"


def bring_forward(url: str, task_number: int, kind: str) -> None:
    """The task's pending reminder of `kind` falls due now."""
    db = Database.from_url(url)
    try:
        with db.transaction() as session:
            session.execute(
                update(Reminder)
                .where(
                    col(Reminder.task_id) == task_number,  # one chat: ids follow the numbers
                    col(Reminder.kind) == kind,
                    col(Reminder.status) == ReminderStatus.PENDING.value,
                )
                .values(due_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    finally:
        db.dispose()


def statuses(url: str, task_number: int, kind: str) -> list[str]:
    db = Database.from_url(url)
    try:
        with db.transaction() as session:
            query = select(Reminder.status).where(
                Reminder.task_id == task_number, Reminder.kind == kind
            )
            return list(session.exec(query).all())
    finally:
        db.dispose()


def test_replies_and_reminders_land_in_their_topic_and_a_deleted_one_falls_back_once(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str, tmp_path: Path
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    daniel = emu.create_user("Daniel", username="dschaper")
    forum = emu.create_forum("Stadtvorstand", [vera, daniel])
    flyer = emu.create_topic(vera, forum, "Flyer")
    kasse = emu.create_topic(daniel, forum, "Kasse")
    bot.start()
    emu.wait_for_bot_message(forum["id"], contains="Ich bin boardbot")

    mark = emu.mark()
    command = emu.send_text(vera, forum, "/aufgabe Flyer drucken bis morgen", topic=flyer)
    reply = emu.wait_for_bot_message(forum["id"], contains="#1", after=mark)
    assert reply["thread_id"] == flyer and reply["reply_to"] == command["message_id"]
    emu.send_text(daniel, forum, "/aufgabe Kasse prüfen bis morgen", topic=kasse)
    assert emu.wait_for_bot_message(forum["id"], contains="#2", after=mark)["thread_id"] == kasse
    emu.send_text(daniel, forum, "/aufgaben")  # in General
    listing = emu.wait_for_bot_message(forum["id"], contains="Kasse prüfen", after=mark + 2)
    assert listing["thread_id"] is None

    # The morning of task 1: its reminder comes to topic A.
    mark = emu.mark()
    bring_forward(database_url, 1, "due")
    reminder = emu.wait_for_bot_message(forum["id"], contains="Flyer drucken", after=mark)
    assert "fällig" in reminder["text"] and reminder["thread_id"] == flyer

    # Topic B is deleted: task 2's reminder comes to General, with one notice.
    emu.delete_topic(forum, kasse)
    mark = emu.mark()
    bring_forward(database_url, 2, "due")
    fallback = emu.wait_for_bot_message(forum["id"], contains="Kasse prüfen", after=mark)
    notice = emu.wait_for_bot_message(forum["id"], contains=NOTICE, after=mark)
    assert fallback["thread_id"] is None and notice["thread_id"] is None
    emu.wait_until_idle(quiet=1.5)
    assert statuses(database_url, 2, "due") == ["sent"]
    assert [m["text"] for m in emu.bot_messages(forum["id"]) if m["seq"] > mark] == [
        fallback["text"],
        notice["text"],
    ]  # sent once, said once

    # The worker process (`python -m bot.worker`) sends the same way, and a new process does
    # not repeat the notice: task 1's next reminder to topic A, task 2's to General, silently.
    assert bot.stop() == 0
    mark = emu.mark()
    bring_forward(database_url, 1, "overdue")
    bring_forward(database_url, 2, "overdue")
    worker = Worker(emu, database_url, tmp_path, "worker")
    try:
        in_a = emu.wait_for_bot_message(forum["id"], contains="Flyer drucken", after=mark)
        in_general = emu.wait_for_bot_message(forum["id"], contains="Kasse prüfen", after=mark)
        emu.wait_until_idle(quiet=1.5)
    finally:
        assert worker.stop() == 0
    assert in_a["thread_id"] == flyer and in_general["thread_id"] is None
    later = [m for m in emu.bot_messages(forum["id"]) if m["seq"] > mark]
    assert len(later) == 2 and not [m for m in later if NOTICE in m["text"]]
    general_sends = [c for c in emu.calls("sendMessage") if c.get("message_thread_id") == 1]
    assert general_sends == []
    assert "Traceback" not in bot.log() + worker.log()
