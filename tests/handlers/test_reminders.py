"""Task reminders, follow-ups, plain reminders, buttons and the digest, through the real
Application and the real dispatcher (clock set by the test), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Chat, Reminder, Task
from tests.handlers.conftest import DANIEL, GROUP, OTHER_GROUP, VERA, ChatHarness


def reminders(db: Database, **where: Any) -> list[Reminder]:
    with db.transaction() as session:
        rows = session.exec(select(Reminder).order_by(Reminder.due_at, Reminder.id)).all()
        return [r for r in rows if all(getattr(r, k) == v for k, v in where.items())]


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [str(m["text"]) for m in messages]


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    """A moment in June 2024, Berlin summer time (UTC+2), as UTC."""
    return datetime(2024, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=2)


async def test_task_reminders_day_before_due_day_and_overdue(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer drucken @vera bis Freitag")
    pending = reminders(db, status="pending", task_id=1)
    assert [(r.kind, r.due_at) for r in pending] == [
        ("before", at(20, 9)),
        ("due", at(21, 9)),
        ("overdue", at(22, 9)),
    ]
    chat.clock.now = at(20, 9, 0) - timedelta(seconds=1)
    assert await chat.dispatch() == []
    chat.clock.now = at(20, 9, 0) + timedelta(seconds=2)
    [before] = await chat.dispatch()
    assert "Morgen fällig (Fr, 21.06.2024): <b>#1</b> Flyer drucken" in before["text"]
    assert f"tg://user?id={VERA['id']}" in before["text"]
    buttons = before["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["✅ Erledigt", "⏰ +1 Tag", "⏰ +1 Woche"]
    assert "verspätet" not in before["text"]
    assert await chat.dispatch() == []  # sent once, not again
    chat.clock.now = at(21, 9, 1)
    assert "Heute fällig" in texts(await chat.dispatch())[0]
    chat.clock.now = at(22, 9, 1)
    assert "Überfällig seit Fr, 21.06.2024" in texts(await chat.dispatch())[0]
    assert [r.status for r in reminders(db, task_id=1)] == ["sent", "sent", "sent"]


async def test_reminder_at_due_time_and_done_cancels(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Druckerei anrufen bis morgen 18 Uhr")
    pending = reminders(db, status="pending", task_id=1)
    assert [r.kind for r in pending] == ["due", "due", "overdue"]  # the day before is past
    # ahead of the deadline (at the reminder hour that day and an hour before), not at it
    assert [r.due_at for r in pending[:2]] == [at(20, 9), at(20, 17)]
    await chat.say(VERA, GROUP, "/erledigt 1")
    assert [r for r in reminders(db, status="pending") if r.task_id == 1] == []
    chat.clock.now = at(25, 12)
    assert [m for m in await chat.dispatch() if "Druckerei" in m["text"]] == []


async def test_changing_the_due_date_reschedules(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Parteitag vorbereiten bis Freitag")
    await chat.say(VERA, GROUP, "/frist 1 Mitte November")
    pending = reminders(db, status="pending", task_id=1)
    assert [r.due_at.date().isoformat() for r in pending] == [
        "2024-11-14",
        "2024-11-15",
        "2024-11-16",
    ]
    await chat.say(VERA, GROUP, "/frist 1 keine")
    assert reminders(db, status="pending", task_id=1) == []


async def test_downtime_sends_each_missed_reminder_once_marked_late(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Kassenbericht bis Freitag")
    chat.clock.now = at(24, 10)  # the bot was down from Wednesday to Monday
    sent = texts(await chat.dispatch())
    task_texts = [t for t in sent if "Kassenbericht" in t and "Wochenüberblick" not in t]
    assert len(task_texts) == 3
    assert all("verspätet – fällig war" in t for t in task_texts)
    assert await chat.dispatch() == []


async def test_done_button_closes_the_task_and_edits_the_message(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer bis Freitag")
    chat.clock.now = at(20, 9, 1)
    [message] = await chat.dispatch()
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("r:") and data.endswith(":done")
    # Daniel neither created nor owns it: refused, nothing changes.
    assert "abhaken dürfen Vera" in (await chat.press(DANIEL, message, data))[0]
    assert reminders(db, status="pending", task_id=1) != []
    chat.make_admin(DANIEL, GROUP)  # as an admin he may
    assert await chat.press(DANIEL, message, data) == ["Erledigt ✅"]
    with db.transaction() as session:
        task = session.exec(select(Task)).one()
        assert task.status == "done" and task.closed_by_name == "Daniel"
    edits = [p for m, p in chat.api.calls if m == "editMessageText"]
    assert "✅ Erledigt von Daniel" in edits[-1]["text"]
    assert reminders(db, status="pending", task_id=1) == []
    assert "schon abgeschlossen" in (await chat.press(DANIEL, message, data))[0]


async def test_snooze_moves_only_this_reminder_once(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer bis Freitag")
    chat.clock.now = at(20, 9, 1)
    [message] = await chat.dispatch()
    snooze_day = message["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    answers = await chat.press(VERA, message, snooze_day)
    assert answers[0].startswith("Verschoben auf Fr, 21.06.2024, 09:01")
    with db.transaction() as session:
        task = session.exec(select(Task)).one()
        assert task.due_at is not None and task.due_at.astimezone(UTC).day == 21  # unchanged
    befores = [r for r in reminders(db, task_id=1) if r.kind == "before"]
    assert [r.status for r in befores] == ["sent", "pending"]
    assert "schon verschoben" in (await chat.press(VERA, message, snooze_day))[0]
    assert len([r for r in reminders(db, task_id=1) if r.kind == "before"]) == 2


async def test_forged_button_from_another_chat_does_nothing(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Geheim bis Freitag")
    await chat.say(DANIEL, OTHER_GROUP, "/aufgabe Anderes")
    chat.clock.now = at(20, 9, 1)
    [message] = await chat.dispatch()
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    forged = {**message, "chat": OTHER_GROUP}
    assert "gibt es hier nicht" in (await chat.press(DANIEL, forged, data))[0]
    assert "gibt es hier nicht" in (await chat.press(DANIEL, message, "r:99999:done"))[0]
    assert "gibt es hier nicht" in (await chat.press(DANIEL, message, "r:x:rm -rf"))[0]
    with db.transaction() as session:
        assert {t.status for t in session.exec(select(Task)).all()} == {"open"}


async def test_weekly_followup_asks_until_settled(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(
        VERA,
        GROUP,
        "/wiedervorlage Hat der Landesfinanzrat die Umlage 2024 festgelegt? jeden Montag",
    )
    assert (
        "Wiedervorlage <b>#1</b> angelegt: Hat der Landesfinanzrat die Umlage 2024 festgelegt?"
        in reply
    )
    assert "jeden Montag" in reply and "Mo, 24.06.2024" in reply
    chat.clock.now = at(24, 9, 1)
    [asked] = [m for m in await chat.dispatch() if "Wochenüberblick" not in m["text"]]
    assert "Wiedervorlage <b>#1</b>" in asked["text"] and "verspätet" not in asked["text"]
    [next_one] = reminders(db, status="pending", task_id=1)
    assert next_one.due_at == at(1, 9, month=7)
    # Three weeks of downtime: one late question, then back on the Monday rhythm.
    chat.clock.now = at(20, 12, month=7)
    [late] = [m for m in await chat.dispatch() if "Wochenüberblick" not in m["text"]]
    assert "verspätet" in late["text"]
    [after] = reminders(db, status="pending", task_id=1)
    assert after.due_at == at(22, 9, month=7)
    listing = await chat.say(VERA, GROUP, "/aufgaben")
    assert "Wiedervorlagen" in listing and "Umlage" in listing
    assert "dürfen Vera" in await chat.say(DANIEL, GROUP, "/erledigt 1")
    await chat.say(VERA, GROUP, "/erledigt 1")
    assert reminders(db, status="pending", task_id=1) == []


async def test_plain_reminder_once_and_recurring(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(VERA, GROUP, "/erinnere Kassenbericht einreichen am 30.06.")
    assert "Erinnerung <b>#1</b> angelegt" in reply and "So, 30.06.2024, 09:00 Uhr" in reply
    reply = await chat.say(VERA, GROUP, "/erinnere Vorstandssitzung jeden Montag 18 Uhr")
    assert "jeden Montag um 18:00" in reply
    listing = await chat.say(VERA, GROUP, "/erinnerungen")
    assert "#1" in listing and "#2" in listing
    chat.clock.now = at(24, 18, 1)
    assert any("Vorstandssitzung" in t for t in texts(await chat.dispatch()))
    chat.clock.now = at(30, 9, 1)
    assert any("Kassenbericht" in t for t in texts(await chat.dispatch()))
    with db.transaction() as session:
        statuses = {t.number: t.status for t in session.exec(select(Task)).all()}
    assert statuses == {1: "done", 2: "open"}  # one-off is done, the weekly one goes on
    assert "Kassenbericht" not in await chat.say(VERA, GROUP, "/erinnerungen")
    assert "Was soll ich" in await chat.say(VERA, GROUP, "/wiedervorlage")
    assert "nicht verstanden" in await chat.say(VERA, GROUP, "/erinnere Sitzung irgendwann bald")


async def test_telegram_errors_retry_fail_or_stop_the_chat(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer bis Freitag")
    chat.clock.now = at(20, 9, 1)
    chat.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    assert await chat.dispatch() == []
    [before] = [r for r in reminders(db, task_id=1) if r.kind == "before"]
    assert before.status == "pending" and before.due_at == chat.clock.now + timedelta(seconds=7)
    chat.clock.advance(seconds=8)
    assert len(await chat.dispatch()) == 1
    # Server errors: retried with back-off, then kept as failed with the error.
    chat.clock.now = at(21, 9, 1)
    chat.api.fail_next("sendMessage", 502, "Bad Gateway", times=6)
    for _ in range(8):
        await chat.dispatch()
        chat.clock.advance(minutes=11)
    [due] = [r for r in reminders(db, task_id=1) if r.kind == "due"]
    assert due.status == "failed" and due.attempts == 6 and "Bad Gateway" in (due.last_error or "")
    # The bot was removed from the group: the chat stops, its reminders are cancelled.
    chat.api.fail_next("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")
    chat.clock.now = at(22, 9, 1)
    await chat.dispatch()
    with db.transaction() as session:
        stored = session.get(Chat, GROUP["id"])
        assert stored is not None and stored.active is False
    assert reminders(db, status="pending") == []


async def test_settings_are_for_admins_and_reschedule(chat: ChatHarness, db: Database) -> None:
    shown = await chat.say(VERA, GROUP, "/einstellungen")
    assert "Erinnerungen um: 09:00 Uhr" in shown and "montags" in shown
    assert "nur die Admins" in await chat.say(VERA, GROUP, "/einstellungen stunde 8")
    await chat.say(VERA, GROUP, "/aufgabe Flyer bis Freitag")
    chat.make_admin(DANIEL, GROUP)
    changed = await chat.say(DANIEL, GROUP, "/einstellungen stunde 7")
    assert "Gespeichert" in changed and "07:00" in changed
    befores = [r for r in reminders(db, status="pending", task_id=1) if r.kind == "before"]
    assert [r.due_at for r in befores] == [at(20, 7)]
    assert "keine Stunde" in await chat.say(DANIEL, GROUP, "/einstellungen stunde 25")
    assert "kenne ich nicht" in await chat.say(DANIEL, GROUP, "/einstellungen zeitzone Mars/Base")
    off = await chat.say(DANIEL, GROUP, "/einstellungen überblick aus")
    assert "Wochenüberblick: aus" in off
    assert reminders(db, status="pending", kind="digest") == []
    english = await chat.say(DANIEL, GROUP, "/einstellungen sprache en")
    assert "Saved" in english and "Language: English" in english
    assert "Task <b>#2</b> created" in await chat.say(VERA, GROUP, "/aufgabe Next one")


async def test_weekly_digest(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    [digest] = reminders(db, kind="digest", status="pending")
    assert digest.due_at == at(24, 9)  # the next Monday at the reminder hour
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer @vera bis Freitag")
    await chat.say(DANIEL, GROUP, "/aufgabe Plakate bis 28.06.")
    await chat.say(DANIEL, GROUP, "/aufgabe Ohne Datum")
    await chat.say(DANIEL, GROUP, "/beschluss Empfehlung an die neue Ratsfraktion 5:0:1")
    linked = await chat.say(DANIEL, GROUP, "/wiedervorlage Umlage festgelegt? zu B 1 jeden Montag")
    assert "B 2024/1" in linked
    chat.clock.now = at(24, 9, 0, 6) + timedelta(seconds=1)
    sent = texts(await chat.dispatch())
    [overview] = [t for t in sent if "Wochenüberblick" in t]
    assert "Überfällig</b> (1)" in overview and "Flyer" in overview
    assert "nächsten 7 Tagen</b> (1)" in overview and "Plakate" in overview
    assert f'tg://user?id={VERA["id"]}">Vera</a>: #1' in overview
    assert "ohne Zuständige: #2 Plakate · #3 Ohne Datum" in overview  # titles, not just numbers
    assert "Offene Wiedervorlagen</b> (1)" in overview
    assert "Beschlüsse der letzten Woche</b> (1)" in overview and "Ratsfraktion" in overview
    [next_digest] = reminders(db, kind="digest", status="pending")
    assert next_digest.due_at == at(1, 9, month=7)


async def test_claimed_but_unsent_reminder_is_sent_after_a_crash(
    chat: ChatHarness, db: Database
) -> None:
    from bot.reminders.dispatcher import ReminderDispatcher

    await chat.say(VERA, GROUP, "/aufgabe Flyer bis Freitag")
    chat.clock.now = at(20, 9, 1)
    crashed = ReminderDispatcher(db, chat.clock, "de", worker="crashed:1")
    assert len(crashed.claim_batch()) == 1  # claimed, then the process died before sending
    [claimed] = [r for r in reminders(db, task_id=1) if r.kind == "before"]
    assert claimed.status == "sending" and claimed.claimed_by == "crashed:1"
    assert await chat.dispatch() == []  # another process leaves a fresh claim alone
    chat.clock.advance(minutes=3)  # the claim's lease ran out
    [message] = await chat.dispatch()
    assert "Flyer" in message["text"] and "verspätet" in message["text"]
    assert await chat.dispatch() == []
    assert [r.status for r in reminders(db, task_id=1) if r.kind == "before"] == ["sent"]
