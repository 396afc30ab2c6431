"""Issue 12, part H, through the real Application and dispatcher on SQLite and PostgreSQL (the
offline Bot API refuses a text over 4,096 characters as Telegram counts them):

- every message fits: a weekly overview of 40 long tasks, a reminder naming 150 people, an
  attendance list of 120; a refused overview still plans the next one and says so;
- reminders a board wants to read: what falls due in the same minute is one message with a
  button row per item; ✅ under a recurring reminder ticks off that occurrence; a snoozed
  reminder says what is true when it is sent; snoozing a follow-up moves the question; a
  reminder that fails for good is reported in the group (or, the group gone, logged at ERROR).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from storage.database import Database
from storage.models import Task
from tests.handlers.conftest import GROUP, VERA, ChatHarness
from tests.handlers.test_reminders import at, reminders, texts
from tests.support.telegram_html import visible_text

LIMIT = 4096


def shown_length(html: str) -> int:
    return len(visible_text(html).encode("utf-16-le")) // 2


def long_title(number: int) -> str:
    return f"Aufgabe {number}: " + "Unterlagen für die Mitgliederversammlung zusammenstellen " * 3


def rows_of(message: dict[str, Any]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = message["reply_markup"]["inline_keyboard"]
    return rows


async def test_an_overview_of_40_long_tasks_is_delivered_with_titles(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    for number in range(1, 41):
        await chat.say(VERA, GROUP, f"/aufgabe {long_title(number)} bis Freitag")
    chat.clock.now = at(24, 9) + timedelta(seconds=1)
    overview = [t for t in texts(await chat.dispatch()) if "Wochenüberblick" in t]
    assert overview, "the overview was not delivered"
    assert all(shown_length(part) <= LIMIT for part in overview)
    text = "\n".join(overview)
    assert "Überfällig</b> (40)" in text and "+ 30 weitere" in text  # 10 lines, then a count
    assert "ohne Zuständige: #1 Aufgabe 1: Unterlagen für die" in text  # titles, not numbers
    [digest] = reminders(db, kind="digest", status="sent")
    assert digest.message_id is not None
    [next_digest] = reminders(db, kind="digest", status="pending")
    assert next_digest.due_at == at(1, 9, month=7)


async def test_a_refused_overview_still_plans_the_next_and_says_so(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer")
    chat.clock.now = at(24, 9) + timedelta(seconds=1)
    chat.api.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    [notice] = await chat.dispatch()
    assert "konnte ich nicht senden" in notice["text"] and "Wochenüberblick" in notice["text"]
    assert [r.status for r in reminders(db, kind="digest")] == ["failed", "pending"]
    assert reminders(db, kind="digest", status="pending")[0].due_at == at(1, 9, month=7)


async def test_a_reminder_for_150_owners_is_one_message_with_its_buttons(
    chat: ChatHarness, db: Database
) -> None:
    members = [
        {
            "id": 5000 + n,
            "is_bot": False,
            "first_name": f"Mitglied{n:03d} Vorstandsbeisitzerin",
            "username": f"mitglied{n:03d}",
        }
        for n in range(150)
    ]
    for member in members:
        await chat.say(member, GROUP, "/hilfe")  # the bot learns who they are
    mentions = " ".join(f"@mitglied{n:03d}" for n in range(150))
    replies = await chat.send(VERA, GROUP, f"/aufgabe Sommerfest planen {mentions} bis Freitag")
    assert all(shown_length(reply) <= LIMIT for reply in replies)  # split, all delivered
    with db.transaction() as session:
        assert session.exec(select(Task)).one().title == "Sommerfest planen"
    chat.clock.now = at(20, 9, 1)
    [message] = await chat.dispatch()
    assert "Sommerfest planen" in message["text"] and shown_length(message["text"]) <= LIMIT
    assert "tg://user?id=5000" in message["text"] and "weitere" in message["text"]  # counted
    assert len(rows_of(message)) == 1
    assert reminders(db, kind="before")[0].message_id is not None
    # ✅ under it: the edit with the note fits too (the note is never the part cut off)
    assert await chat.press(VERA, message, rows_of(message)[0][0]["callback_data"]) == [
        "Erledigt ✅"
    ]
    edit = chat.api.edits(GROUP["id"])[-1]
    assert shown_length(str(edit["text"])) <= LIMIT and "✅ Erledigt von Vera" in edit["text"]


async def test_an_attendance_list_of_120_stays_under_its_button(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/sitzung Jahreshauptversammlung")
    for number in range(119):
        await chat.send(VERA, GROUP, f"/anwesend Gast{number:03d} Mitglied des Ortsvereins Nord")
    edits = chat.api.edits(GROUP["id"])
    assert len(edits) == 119
    assert all(shown_length(str(edit["text"])) <= LIMIT for edit in edits)
    last = str(edits[-1]["text"])
    assert "Anwesend (120)" in last and "weitere" in last
    assert edits[-1].get("reply_markup")  # the button is still there


async def test_reminders_due_in_the_same_minute_are_one_message(
    chat: ChatHarness, db: Database
) -> None:
    for number in range(1, 17):
        await chat.say(VERA, GROUP, f"/aufgabe Punkt {number} bis Freitag")
    chat.clock.now = at(20, 9, 1)
    [message] = await chat.dispatch()  # not 16 messages
    for number in range(1, 17):
        assert f"<b>#{number}</b> Punkt {number}" in message["text"]
    rows = rows_of(message)
    assert [row[0]["text"] for row in rows] == [f"✅ #{n}" for n in range(1, 17)]
    befores = reminders(db, kind="before")
    assert {(r.status, r.message_id) for r in befores} == {("sent", message["message_id"])}
    # ✅ of item 3 closes task 3 and takes only its row away.
    assert await chat.press(VERA, message, rows[2][0]["callback_data"]) == ["Erledigt ✅"]
    edit = chat.api.edits(GROUP["id"])[-1]
    left = edit["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in left] == [f"✅ #{n}" for n in range(1, 17) if n != 3]
    assert "✅ Erledigt von Vera" in edit["text"]
    with db.transaction() as session:
        statuses = {t.number: t.status for t in session.exec(select(Task)).all()}
    assert statuses[3] == "done" and {statuses[n] for n in statuses if n != 3} == {"open"}


async def test_done_under_a_recurring_reminder_ticks_off_this_occurrence(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/erinnere Vorstandssitzung jeden Montag 18 Uhr")
    chat.clock.now = at(24, 18, 1)
    [message] = [m for m in await chat.dispatch() if "Vorstandssitzung" in m["text"]]
    done = rows_of(message)[0][0]["callback_data"]
    [answer] = await chat.press(VERA, message, done)
    assert "diesmal" in answer
    assert "nächste Erinnerung Mo, 01.07.2024, 18:00" in chat.api.edits(GROUP["id"])[-1]["text"]
    with db.transaction() as session:
        assert session.exec(select(Task)).one().status == "open"  # the series goes on
    [next_one] = reminders(db, status="pending", task_id=1)
    assert next_one.due_at == at(1, 18, month=7)
    chat.clock.now = at(1, 18, 1, month=7)
    assert any("Vorstandssitzung" in t for t in texts(await chat.dispatch()))
    await chat.say(VERA, GROUP, "/streichen 1")  # only this ends it
    assert reminders(db, status="pending", task_id=1) == []


async def test_a_snoozed_reminder_says_what_is_true_when_it_is_sent(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken bis Donnerstag")
    chat.clock.now = at(20, 9, 1)
    [today] = await chat.dispatch()
    assert "Heute fällig (Do, 20.06.2024)" in today["text"]
    await chat.press(VERA, today, rows_of(today)[0][1]["callback_data"])  # ⏰ +1 Tag
    chat.clock.now = at(21, 9, 2)  # Friday: the overdue reminder and the snoozed one
    sent = texts(await chat.dispatch())
    assert sent and all("Überfällig seit Do, 20.06.2024" in t for t in sent)
    assert not any("Heute fällig" in t for t in sent)
    assert {r.status for r in reminders(db, task_id=1)} == {"sent"}


async def test_snoozing_a_weekly_followup_moves_the_question(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/wiedervorlage Ist die Umlage festgelegt? jeden Montag")
    chat.clock.now = at(24, 9, 1)
    [asked] = [m for m in await chat.dispatch() if "Wochenüberblick" not in m["text"]]
    week = rows_of(asked)[0][2]["callback_data"]
    [answer] = await chat.press(VERA, asked, week)
    assert answer.startswith("Verschoben auf Mo, 01.07.2024, 09:01")
    [pending] = reminders(db, status="pending", task_id=1)  # the question itself moved
    assert pending.due_at == at(1, 9, 1, month=7)
    chat.clock.now = at(1, 9, 2, month=7)
    again = [t for t in texts(await chat.dispatch()) if "Wochenüberblick" not in t]
    assert len(again) == 1  # asked at the new time, once, and not silently dropped
    [following] = reminders(db, status="pending", task_id=1)
    assert following.due_at == at(8, 9, month=7)  # the Monday rhythm goes on from there


async def test_a_reminder_that_fails_for_good_is_reported_in_the_group(
    chat: ChatHarness, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken bis Freitag")
    chat.clock.now = at(20, 9, 1)
    chat.api.fail_next("sendMessage", 502, "Bad Gateway", times=6)
    notices: list[str] = []
    for _ in range(7):
        notices += texts(await chat.dispatch())
        chat.clock.advance(minutes=11)
    assert notices == ["⚠️ Diese Erinnerung konnte ich nicht senden: <b>#1</b> Flyer drucken"]
    # The group itself is gone: nobody to tell there, so the log says so at ERROR.
    chat.api.fail_next("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")
    chat.clock.now = at(21, 9, 1)
    with caplog.at_level(logging.ERROR, logger="bot.reminders.dispatcher"):
        assert await chat.dispatch() == []
    assert any("is gone" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
