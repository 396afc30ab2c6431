"""Reminders through the real bot process and the emulator, in real time: one set a minute
ahead arrives on time; one that falls due while the bot is stopped arrives once, late, after
the restart; its ✅ button closes the task. (SQLite only: the wait is real time, and the
dispatcher's PostgreSQL paths are covered by the handler tests and the two-worker test.)"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from storage.database import Database
from storage.models import Reminder, Task

from .conftest import BotProcess
from .emulator import BotApiEmulator


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'reminders.db'}"


def rows(url: str) -> tuple[list[Reminder], list[Task]]:
    db = Database.from_url(url)
    try:
        with db.transaction() as session:
            return list(session.exec(select(Reminder)).all()), list(
                session.exec(select(Task)).all()
            )
    finally:
        db.dispose()


def sent_reminder(url: str, task_id: int, timeout: float = 5.0) -> Reminder:
    """The task's reminder once the dispatcher has marked it sent (just after sending it)."""
    deadline = time.monotonic() + timeout
    while True:
        reminders, _ = rows(url)
        found = [r for r in reminders if r.task_id == task_id and r.status == "sent"]
        if found or time.monotonic() > deadline:
            assert len(found) == 1, [(r.task_id, r.kind, r.status) for r in reminders]
            return found[0]
        time.sleep(0.1)


@pytest.mark.timeout(330)
def test_reminders_arrive_on_time_and_after_downtime_exactly_once(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    bot.start()
    mark = emu.mark()
    emu.send_text(vera, board, "/erinnere Kaffee für die Sitzung kochen in 1 Minute")
    emu.wait_for_bot_message(board["id"], contains="Erinnerung #1 angelegt", after=mark)
    emu.send_text(vera, board, "/aufgabe Pressemitteilung verschicken @vera_k bis in 2 Minuten")
    emu.wait_for_bot_message(board["id"], contains="#2", after=mark)

    # While the bot runs, the reminder goes out within 5 seconds of its time.
    arrived = emu.wait_for_bot_message(
        board["id"], contains="🔔 Erinnerung #1: Kaffee", after=mark, timeout=150
    )
    coffee = sent_reminder(database_url, task_id=1)
    assert coffee.sent_at is not None
    assert timedelta(0) <= coffee.sent_at - coffee.due_at < timedelta(seconds=5)
    assert "verspätet" not in arrived["text"]

    # Stopped across the task's due time: after the restart it arrives once, marked late.
    assert bot.stop() == 0
    _, tasks = rows(database_url)
    [press] = [t for t in tasks if t.number == 2]
    assert press.due_at is not None
    wait = (press.due_at - datetime.now(UTC)).total_seconds() + 3
    time.sleep(max(wait, 0))
    mark = emu.mark()
    bot.start()
    late = emu.wait_for_bot_message(board["id"], contains="Pressemitteilung", after=mark)
    assert "verspätet – fällig war" in late["text"]
    assert f"tg://user?id={vera['id']}" in late["html"]
    emu.wait_until_idle(quiet=2.5)
    again = [
        m
        for m in emu.bot_messages(board["id"])
        if m["seq"] > mark and "Pressemitteilung" in m["text"]
    ]
    assert len(again) == 1

    # Its ✅ button closes the task and the message says who did it.
    done = late["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    emu.press_button(vera, late, done)
    edited = emu.wait_for_bot_message(board["id"], contains="Erledigt von Vera", after=mark)
    assert edited["message_id"] == late["message_id"]
    _, tasks = rows(database_url)
    assert [t.status for t in tasks if t.number == 2] == ["done"]
    assert any(a.get("text") == "Erledigt ✅" for a in emu.callback_answers)
    assert "Traceback" not in bot.log()
