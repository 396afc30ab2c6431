"""The invitation's answers, its reminders and the meeting that takes the plan up, through
the real Application on SQLite and PostgreSQL: presses by anyone in the group (switching,
double, forged, stale, from elsewhere), the reminders the day before and an hour before (sent
once, moved with the plan), and `/sitzung` listing who said they cannot come as excused."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from storage.database import Database
from storage.meetings import last_meeting, minutes_data
from storage.models import Attendee, InvitationAnswer, MeetingPlan
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    REFERENCE_NOW,
    VERA,
    ChatHarness,
    private_chat,
)
from tests.handlers.next_meeting_support import (
    PLAN,
    PLANNED_AT,
    buttons_of,
    invitation,
    last_edit_of,
    pending_plan_reminders,
    press,
    rows,
)


async def test_anyone_answers_for_themself_and_a_second_press_switches(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    assert await press(chat, NICOLE, message, "n:1:no") == [
        ("🙁 Du bist am Mi, 26.06.2024, 19:00 Uhr verhindert – eingetragen.", False)
    ]
    await press(chat, DANIEL, message, "n:1:yes")
    edit = last_edit_of(chat, message)
    assert edit is not None
    assert "✅ Kommen (1): Daniel\n🙁 Verhindert (1): Nicole" in edit["text"]
    assert buttons_of(edit)[0][1]["callback_data"] == "n:1:no"
    edits = len(chat.api.edits())
    assert await press(chat, NICOLE, message, "n:1:no") == [
        ("Du bist schon als „verhindert“ eingetragen.", False)
    ]
    assert len(chat.api.edits()) == edits  # a double press changes nothing
    await press(chat, NICOLE, message, "n:1:yes")  # she can come after all
    edit = last_edit_of(chat, message)
    assert edit is not None and "✅ Kommen (2): Nicole, Daniel" in edit["text"]
    assert "Verhindert" not in edit["text"]
    answers = rows(db, InvitationAnswer)
    assert [(a.user_id, a.coming) for a in answers] == [(NICOLE["id"], True), (DANIEL["id"], True)]


async def test_forged_and_foreign_presses_are_refused_to_the_presser_alone(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    await chat.say(DANIEL, GROUP, "/tagesordnung")
    agenda = chat.api.messages[-1]  # another message of the bot's
    other_message = {**message, "message_id": message["message_id"] + 100}
    refused = [("Diese Einladung gilt nicht (mehr).", True)]
    sent_before, edits_before = len(chat.api.sent()), len(chat.api.edits())
    for data in ("n:1:maybe", "n:1:yes:x", "n:01x:yes", "n:0:yes", "n:4294967296:yes", "n:"):
        assert await press(chat, NICOLE, message, data) == refused, data
    assert await press(chat, NICOLE, message, "n:2:yes") == refused  # no such plan
    assert await press(chat, NICOLE, other_message, "n:1:yes") == refused  # not its message
    assert await press(chat, NICOLE, agenda, "n:1:yes") == refused
    # the same plan id pressed in another group the bot is in
    elsewhere = {**message, "chat": OTHER_GROUP}
    assert await press(chat, NICOLE, elsewhere, "n:1:yes") == refused
    private = {**message, "chat": private_chat(NICOLE)}
    assert await press(chat, NICOLE, private, "n:1:yes") == [("", False)]  # answered, silently
    assert rows(db, InvitationAnswer) == []
    assert len(chat.api.sent()) == sent_before  # nothing in any group
    assert len(chat.api.edits()) == edits_before  # no message was changed


async def test_a_redelivered_press_is_counted_once(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    query = {
        "id": "q-1",
        "from": NICOLE,
        "chat_instance": "ci-1",
        "message": message,
        "data": "n:1:no",
    }
    await chat.process(query, kind="callback_query", update_id=5000)
    edits = len(chat.api.edits())
    await chat.process(query, kind="callback_query", update_id=5000)
    assert len(chat.api.edits()) == edits
    assert len(rows(db, InvitationAnswer)) == 1


async def test_many_answers_keep_the_invitation_one_message(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    for number in range(120):
        member = {"id": 5000 + number, "is_bot": False, "first_name": "Mitglied" + "x" * 40}
        await press(chat, member, message, "n:1:yes" if number % 2 else "n:1:no")
    edit = last_edit_of(chat, message)
    assert edit is not None
    assert len(edit["text"]) <= 4096
    assert "✅ Kommen (60):" in edit["text"] and "🙁 Verhindert (60):" in edit["text"]
    assert "weitere" in edit["text"]  # the rest of the names counted, not listed


async def test_reminders_come_the_day_before_and_an_hour_before_once_each(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    await press(chat, NICOLE, invitation(chat), "n:1:no")
    chat.clock.now = datetime(2024, 6, 25, 6, 59, tzinfo=UTC)
    assert [m["text"] for m in await chat.dispatch() if "Sitzung" in m["text"]] == []
    chat.clock.now = datetime(2024, 6, 25, 7, 0, tzinfo=UTC)  # Tue 09:00 Berlin
    [eve] = [m for m in await chat.dispatch() if "Sitzung" in m["text"]]
    assert eve["text"] == (
        "📅 Morgen ist Sitzung: Mi, 26.06.2024, 19:00 Uhr\n📍 Vereinsheim\n"
        "Zusagen: 0, verhindert: 1.\nAntworten mit den Knöpfen oder /komme, /verhindert."
    )
    assert await chat.dispatch() == []  # sent once
    chat.clock.now = datetime(2024, 6, 26, 16, 0, tzinfo=UTC)
    [soon] = await chat.dispatch()
    assert soon["text"].startswith("⏰ In einer Stunde beginnt die Sitzung: Mi, 26.06.2024")
    assert await chat.dispatch() == []


async def test_a_moved_meeting_is_reminded_at_the_new_times_only(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    await chat.send(VERA, GROUP, "/sitzung nächste Mi 18 Uhr")  # the same day, an hour earlier
    await chat.send(VERA, GROUP, "/sitzung nächste 27.6. 19 Uhr")  # and then the next day
    assert pending_plan_reminders(db) == [
        ("meeting_eve", datetime(2024, 6, 26, 7, 0, tzinfo=UTC)),
        ("meeting_soon", datetime(2024, 6, 27, 16, 0, tzinfo=UTC)),
    ]
    sent = []
    for day, hour in ((25, 7), (26, 7), (26, 15), (26, 16), (27, 16)):
        chat.clock.now = datetime(2024, 6, day, hour, 0, tzinfo=UTC)
        sent += [m["text"].split("\n")[0] for m in await chat.dispatch() if "Sitzung" in m["text"]]
    assert sent == [
        "📅 Morgen ist Sitzung: Do, 27.06.2024, 19:00 Uhr",
        "⏰ In einer Stunde beginnt die Sitzung: Do, 27.06.2024, 19:00 Uhr",
    ]


async def test_a_changed_reminder_hour_moves_the_day_before_reminder(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    chat.make_admin(VERA, GROUP)
    await chat.send(VERA, GROUP, "/einstellungen uhrzeit 18")
    assert ("meeting_eve", datetime(2024, 6, 25, 16, 0, tzinfo=UTC)) in pending_plan_reminders(db)


async def test_opening_the_meeting_takes_up_the_plan_and_lists_the_excused(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    await chat.say(DANIEL, GROUP, "/tagesordnung neu Haushalt 2025")
    await press(chat, NICOLE, message, "n:1:no")
    await press(chat, DANIEL, message, "n:1:yes")
    chat.clock.now = datetime(2024, 6, 26, 15, 30, tzinfo=UTC)  # 17:30: opened early
    opened, attendance = await chat.send(VERA, GROUP, "/sitzung")
    assert "📅 Geplant war sie für Mi, 26.06.2024, 19:00 Uhr." in opened
    assert "✅ Kommen (1): Daniel\n🙁 Verhindert (1): Nicole" in opened
    assert attendance.endswith("Anwesend (1): Vera Kraus\nEntschuldigt (1): Nicole")
    [excused] = [a for a in rows(db, Attendee) if a.user_id == NICOLE["id"]]
    assert excused.status == "excused"
    edit = last_edit_of(chat, message)
    assert edit is not None and edit["text"].startswith("🏛 <b>Sitzung Nr. 1</b> (geplant für")
    assert "1. Haushalt 2025" in edit["text"]  # the agenda the meeting took up
    assert buttons_of(edit) == []
    [plan] = rows(db, MeetingPlan)
    assert plan.status == "held"
    assert pending_plan_reminders(db) == []  # opened early: no "in an hour" any more
    chat.clock.now = datetime(2024, 6, 26, 16, 0, tzinfo=UTC)
    assert [m for m in await chat.dispatch() if "Sitzung" in m["text"]] == []
    assert await press(chat, DANIEL, message, "n:1:no") == [
        ("Diese Sitzung ist abgesagt oder hat schon begonnen.", True)
    ]
    # Nicole comes after all: the button makes her present
    attendance_message = [m for m in chat.api.messages if m.get("reply_markup")][-1]
    assert await chat.press(NICOLE, attendance_message, "m:1") == ["Eingetragen – willkommen!"]
    assert [a.status for a in rows(db, Attendee) if a.user_id == NICOLE["id"]] == ["present"]


async def test_the_minutes_get_the_following_meetings_date(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, "/sitzung Juni")
    await chat.send(VERA, GROUP, "/sitzung nächste 10.7. 19 Uhr Rathaus")
    await chat.send(VERA, GROUP, "/sitzung ende")
    with db.transaction() as session:
        meeting = last_meeting(session, GROUP["id"])
        assert meeting is not None
        data = minutes_data(session, meeting, chat.clock.now)
    assert data.next_meeting_at == datetime(2024, 7, 10, 17, 0, tzinfo=UTC)
    assert data.next_meeting_place == "Rathaus"


async def test_a_meeting_far_from_the_planned_time_leaves_the_plan(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    await press(chat, NICOLE, invitation(chat), "n:1:no")
    opened, attendance = await chat.send(VERA, GROUP, "/sitzung Sondersitzung")  # a week early
    assert "Geplant war" not in opened and "Entschuldigt" not in attendance
    with db.transaction() as session:
        [plan] = session.exec(select(MeetingPlan)).all()
        assert (plan.status, plan.starts_at) == ("planned", PLANNED_AT)


async def test_a_member_who_asks_to_be_forgotten_leaves_no_answer_and_no_name(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    await press(chat, NICOLE, message, "n:1:no")
    await press(chat, DANIEL, message, "n:1:yes")
    await chat.send(VERA, private_chat(VERA), "/vergissmich ja")
    await chat.send(NICOLE, private_chat(NICOLE), "/vergissmich ja")
    assert [a.user_id for a in rows(db, InvitationAnswer)] == [DANIEL["id"]]
    [plan] = rows(db, MeetingPlan)
    assert (plan.created_by_id, plan.created_by_name) == (None, "ehemaliges Mitglied")
    shown = await chat.say(DANIEL, GROUP, "/sitzung nächste")
    assert "Nicole" not in shown and "✅ Kommen (1): Daniel" in shown


async def test_a_members_own_copy_holds_their_plans_and_answers_and_nobody_elses(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    await press(chat, NICOLE, invitation(chat), "n:1:no")
    await press(chat, VERA, invitation(chat), "n:1:yes")
    await chat.say(NICOLE, private_chat(NICOLE), "/export")
    data = json.loads(chat.api.documents(NICOLE["id"])[-1]["data"])
    assert data["meetings_planned"] == []
    assert data["invitation_answers"] == [
        {
            "group": GROUP["id"],
            "meeting_at": PLANNED_AT.isoformat(),
            "coming": False,
            "answered_at": REFERENCE_NOW.isoformat(),
        }
    ]
    assert "Vera" not in json.dumps(data, ensure_ascii=False)
    await chat.say(VERA, private_chat(VERA), "/export")
    data = json.loads(chat.api.documents(VERA["id"])[-1]["data"])
    assert [p["place"] for p in data["meetings_planned"]] == ["Vereinsheim"]
    assert [a["coming"] for a in data["invitation_answers"]] == [True]
