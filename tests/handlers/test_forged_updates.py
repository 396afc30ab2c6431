"""Issue 13, findings 6, 7 and 9: updates a modified client or a forged webhook call can send.
Button presses carrying data no button has, or pressed on another message; group-upgrade
messages naming someone else's group; private access after leaving or without an answer from
Telegram. Through the real Application, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from handlers import reminder_buttons
from handlers.common.membership import CACHE_KEY
from storage.database import Database
from storage.models import Attendee, Chat, Reminder, Task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    FakeClock,
    make_settings,
    private_chat,
    start_harness,
)
from tests.handlers.test_meetings import attendance_message, rows
from tests.handlers.test_permissions import with_mention
from tests.handlers.test_reminders import at
from tests.handlers.test_telegram_edge_cases import (
    NEW,
    OLD,
    fill_old_group,
    member_update,
    rows_with_chat,
    service,
)

UNKNOWN_BUTTON = "Dieser Knopf gilt hier nicht (mehr)."
UNKNOWN_REMINDER = "Diese Erinnerung gibt es hier nicht (mehr)."
ATTACKER = {"id": -1006666666666, "type": "supergroup", "title": "Übernahme"}


def calls(chat: ChatHarness, method: str) -> list[dict[str, Any]]:
    return [p for m, p in chat.api.calls if m == method]


async def sent_reminder(chat: ChatHarness, db: Database) -> dict[str, Any]:
    """A task due on Friday and its day-before reminder, sent (with its buttons)."""
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken bis Freitag")
    chat.clock.now = at(20, 9, 1)
    [message] = await chat.dispatch()
    return message


# --- finding 6: forged button data ----------------------------------------------------------------


async def test_attendance_button_forged_on_a_reminder_changes_nothing(
    chat: ChatHarness, db: Database
) -> None:
    reminder = await sent_reminder(chat, db)
    await chat.send(DANIEL, GROUP, "/sitzung")
    edits = len(chat.api.edits())
    # `m:1` is the meeting's button, but pressed under the reminder: it would replace the
    # reminder's text and its ✅ buttons with the attendance list
    assert await chat.press(NICOLE, reminder, "m:1") == [UNKNOWN_BUTTON]
    assert len(chat.api.edits()) == edits
    assert [a.user_id for a in rows(db, Attendee)] == [DANIEL["id"]]
    # on its own message the button works
    assert await chat.press(NICOLE, attendance_message(chat), "m:1") == [
        "Eingetragen – willkommen!"
    ]


@pytest.mark.parametrize(
    "data",
    [
        "r:²:done",  # a digit to str.isdigit(), not to int()
        "r:٣:done",  # an Arabic-Indic three: \\d and int() accept it
        "r:" + "9" * 30 + ":done",  # beyond any database integer
        "r:2147483648:day",  # one past a 32-bit id
        "r:0:done",
        "r:1:done\n",
        "r:1:done:x",
        "r:1:delete",
        "r:-1:done",
        "m:²",
        "m:" + "1" * 30,
        "m:1:done",
        "m:",
        "x:1",
        "",
    ],
)
async def test_malformed_button_data_is_answered_quietly(
    chat: ChatHarness, db: Database, data: str
) -> None:
    reminder = await sent_reminder(chat, db)
    messages = len(chat.api.sent())
    answers = await chat.press(DANIEL, reminder, data)
    assert answers in ([UNKNOWN_BUTTON], [UNKNOWN_REMINDER])  # answered, exactly once
    assert len(chat.api.sent()) == messages  # nothing posted in the group
    assert calls(chat, "editMessageText") == []
    assert [t.status for t in rows(db, Task)] == ["open"]


async def test_snoozing_a_reminder_that_was_never_sent_does_nothing(
    chat: ChatHarness, db: Database
) -> None:
    reminder = await sent_reminder(chat, db)
    with db.transaction() as session:
        pending = session.exec(select(Reminder).where(Reminder.status == "pending")).all()
        unsent = [r.id for r in pending if r.task_id is not None]
    assert unsent  # the due-day and overdue reminders are still to come
    for reminder_id in unsent:
        for action in ("day", "week", "done"):
            answer = await chat.press(VERA, reminder, f"r:{reminder_id}:{action}")
            assert answer == [UNKNOWN_REMINDER]
    with db.transaction() as session:
        assert all(r.snoozed_at is None for r in session.exec(select(Reminder)).all())
        assert session.exec(select(Task)).one().status == "open"
    # the reminder's own buttons, on its own message, still work
    snooze = reminder["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    assert (await chat.press(VERA, reminder, snooze))[0].startswith("Verschoben auf")


async def test_reminder_button_pressed_under_another_bot_message_does_nothing(
    chat: ChatHarness, db: Database
) -> None:
    reminder = await sent_reminder(chat, db)
    done = reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    other = {**reminder, "message_id": reminder["message_id"] + 100}
    assert await chat.press(VERA, other, done) == [UNKNOWN_REMINDER]
    assert [t.status for t in rows(db, Task)] == ["open"]


async def test_a_failing_press_is_told_to_the_presser_not_the_group(
    chat: ChatHarness, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    reminder = await sent_reminder(chat, db)

    def broken(*args: object) -> tuple[str, str]:
        raise RuntimeError("database gone")

    monkeypatch.setattr(reminder_buttons, "apply_press", broken)
    messages = len(chat.api.sent())
    done = reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    [answer] = await chat.press(VERA, reminder, done)
    assert answer.startswith("Entschuldigung, da ist etwas schiefgelaufen.")
    assert len(chat.api.sent()) == messages


# --- finding 7: forged group upgrades -------------------------------------------------------------


async def test_a_forged_upgrade_cannot_carry_off_another_group(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Vertrauliche Liste")
    await chat.say(DANIEL, ATTACKER, "/hilfe")
    before = rows_with_chat(db, GROUP["id"])
    # in the attacker's supergroup: "this group was upgraded from <the victim>"
    forged = service(chat, DANIEL, ATTACKER, migrate_from_chat_id=GROUP["id"])
    assert await chat.process(forged) == []
    # in the victim (a supergroup already): "upgraded to <the attacker's group>"
    await chat.process(service(chat, DANIEL, GROUP, migrate_to_chat_id=ATTACKER["id"]))
    # a basic-group id that is stored as something else
    odd = {"id": -4343, "type": "supergroup", "title": "Seltsam"}
    await chat.say(NICOLE, odd, "/aufgabe Seltsames")
    await chat.process(service(chat, DANIEL, ATTACKER, migrate_from_chat_id=odd["id"]))
    # a private chat
    await chat.process(service(chat, DANIEL, ATTACKER, migrate_from_chat_id=VERA["id"]))
    assert rows_with_chat(db, GROUP["id"]) == before
    assert set(rows_with_chat(db, odd["id"])) >= {"task"}
    assert "task" not in rows_with_chat(db, ATTACKER["id"])
    assert "Vertrauliche Liste" not in await chat.say(DANIEL, ATTACKER, "/aufgaben alle")


async def test_with_an_allow_list_an_upgrade_goes_only_to_a_listed_id(
    database_url: str, db: Database, clock: FakeClock
) -> None:
    allowed = f"{OLD['id']},{NEW['id']},{GROUP['id']}"
    harness = await start_harness(make_settings(database_url, allowed_chat_ids=allowed), db, clock)
    try:
        await fill_old_group(harness)
        before = rows_with_chat(db, OLD["id"])
        to_attacker = service(harness, DANIEL, OLD, migrate_to_chat_id=ATTACKER["id"])
        await harness.process(to_attacker)
        await harness.process(service(harness, DANIEL, ATTACKER, migrate_from_chat_id=OLD["id"]))
        assert rows_with_chat(db, OLD["id"]) == before
        assert rows_with_chat(db, ATTACKER["id"]) == {}
        # the real upgrade, to the listed supergroup, still moves everything
        await harness.process(service(harness, DANIEL, NEW, migrate_from_chat_id=OLD["id"]))
        assert rows_with_chat(db, OLD["id"]) == {}
        assert rows_with_chat(db, NEW["id"]) == before
        with db.transaction() as session:
            assert session.get(Chat, OLD["id"]) is None
    finally:
        await harness.app.shutdown()


# --- finding 9: private access --------------------------------------------------------------------


def confirmed(chat: ChatHarness) -> dict[tuple[int, int], float]:
    found: dict[tuple[int, int], float] = chat.app.bot_data.get(CACHE_KEY, {})
    return found


async def test_a_mention_after_leaving_does_not_bring_private_access_back(
    chat: ChatHarness,
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken @vera")
    assert "Flyer drucken" in await chat.say(VERA, private_chat(VERA), "/meine")
    assert (GROUP["id"], VERA["id"]) in confirmed(chat)
    await chat.process(member_update(chat, VERA, GROUP, "member", "left"), kind="chat_member")
    assert (GROUP["id"], VERA["id"]) not in confirmed(chat)
    await chat.process(with_mention(chat, DANIEL, "/aufgabe Kasse übergeben an", VERA))
    asked = len(calls(chat, "getChatMember"))
    mine = await chat.say(VERA, private_chat(VERA), "/meine")
    assert "Flyer drucken" not in mine and "Kasse" not in mine
    assert len(calls(chat, "getChatMember")) == asked  # not in any group: nobody to ask about


async def test_a_left_chat_member_message_drops_the_confirmation(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken @vera")
    await chat.say(VERA, private_chat(VERA), "/meine")
    assert (GROUP["id"], VERA["id"]) in confirmed(chat)
    left = service(chat, DANIEL, GROUP, left_chat_member=VERA)
    assert await chat.process(left) == []
    assert (GROUP["id"], VERA["id"]) not in confirmed(chat)
    assert "Flyer drucken" not in await chat.say(VERA, private_chat(VERA), "/meine")


async def test_no_answer_from_telegram_fails_closed_for_the_unconfirmed(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse prüfen @Nicole")
    chat.api.fail_next("getChatMember", 502, "Bad Gateway")
    mine = await chat.say(NICOLE, private_chat(NICOLE), "/meine")
    assert "Kasse prüfen" not in mine
    assert "Telegram hat gerade nicht bestätigt" in mine
    # nothing was stored: once Telegram answers, she sees her group again
    assert "Kasse prüfen" in await chat.say(NICOLE, private_chat(NICOLE), "/meine")
    # confirmed once, a later network error keeps the last known state
    confirmed(chat)[(GROUP["id"], NICOLE["id"])] = 0.0  # the confirmation is due again
    chat.api.fail_next("getChatMember", 502, "Bad Gateway")
    again = await chat.say(NICOLE, private_chat(NICOLE), "/meine")
    assert "Kasse prüfen" in again and "nicht bestätigt" not in again
    assert len(calls(chat, "getChatMember")) == 3


async def test_no_answer_for_one_group_withholds_only_that_group(chat: ChatHarness) -> None:
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse prüfen @Nicole")
    await chat.say(NICOLE, OTHER_GROUP, "/aufgabe Plakate kleben @Nicole")
    await chat.say(NICOLE, private_chat(NICOLE), "/meine")  # both confirmed
    confirmed(chat).pop((GROUP["id"], NICOLE["id"]))  # as after a restart, for one of them
    confirmed(chat)[(OTHER_GROUP["id"], NICOLE["id"])] = 0.0
    chat.api.fail_next("getChatMember", 502, "Bad Gateway", times=2)
    mine = await chat.say(NICOLE, private_chat(NICOLE), "/meine")
    assert "Plakate kleben" in mine and "Kasse prüfen" not in mine
