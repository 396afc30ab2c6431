"""Planning the next meeting through the real Application, on SQLite and PostgreSQL:
`/sitzung nächste` posts the invitation with its buttons and a calendar file and plans the
reminders; planning again moves it, `absagen` cancels it; what cannot be read is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage.database import Database
from storage.models import MeetingPlan
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    make_settings,
    start_harness,
)
from tests.handlers.next_meeting_support import (
    PLAN,
    PLANNED_AT,
    buttons_of,
    calendar_of,
    invitation,
    invitations,
    last_edit_of,
    pending_plan_reminders,
    press,
    rows,
)
from tests.support.telegram_html import check_telegram_html

EVE = datetime(2024, 6, 25, 7, 0, tzinfo=UTC)  # Tue 09:00 Berlin, the chat's reminder hour
SOON = datetime(2024, 6, 26, 16, 0, tzinfo=UTC)  # an hour before


async def test_planning_posts_the_invitation_a_calendar_file_and_two_reminders(
    chat: ChatHarness, db: Database
) -> None:
    [reply] = await chat.send(VERA, GROUP, PLAN)
    assert reply.startswith("📅 <b>Nächste Sitzung</b>: Mi, 26.06.2024, 19:00 Uhr\n📍 Vereinsheim")
    assert "Noch keine Themen" in reply and "Noch keine Antworten." in reply
    check_telegram_html(reply)
    message = invitation(chat)
    assert buttons_of(message) == [
        [
            {"text": "✅ Ich komme", "callback_data": "n:1:yes"},
            {"text": "🙁 Ich bin verhindert", "callback_data": "n:1:no"},
        ]
    ]
    [plan] = rows(db, MeetingPlan)
    assert (plan.starts_at, plan.place, plan.message_id) == (
        PLANNED_AT,
        "Vereinsheim",
        message["message_id"],
    )
    [document] = chat.api.documents()
    assert document["filename"] == "einladung-2024-06-26.ics"
    [event] = calendar_of(document).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-plan-{GROUP['id']}-{plan.id}@boardbot"
    assert event.decoded("DTSTART") == PLANNED_AT
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert pending_plan_reminders(db) == [("meeting_eve", EVE), ("meeting_soon", SOON)]
    # shown again without buttons (a press counts only under the invitation itself)
    shown = await chat.say(DANIEL, GROUP, "/sitzung naechste")
    assert shown.startswith("📅 <b>Nächste Sitzung</b>: Mi, 26.06.2024, 19:00 Uhr")
    assert len(invitations(chat)) == 1


async def test_a_proposal_and_answers_show_in_the_invitation(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    await chat.say(DANIEL, GROUP, "/tagesordnung neu Haushalt <b>2025</b> & Kasse")
    edit = last_edit_of(chat, message)
    assert edit is not None
    assert (
        "<b>Tagesordnung bisher</b> (1):\n1. Haushalt &lt;b&gt;2025&lt;/b&gt; &amp; Kasse"
        in (edit["text"])
    )
    assert buttons_of(edit)[0][0]["callback_data"] == "n:1:yes"  # the buttons stay
    check_telegram_html(edit["text"])
    assert "✅ Du kommst am Mi, 26.06.2024, 19:00 Uhr" in await chat.say(DANIEL, GROUP, "/komme")
    await chat.say(NICOLE, GROUP, "/verhindert")
    edit = last_edit_of(chat, message)
    assert edit is not None
    assert "✅ Kommen (1): Daniel\n🙁 Verhindert (1): Nicole" in edit["text"]
    edits = len(chat.api.edits())
    assert "schon als „verhindert“" in await chat.say(NICOLE, GROUP, "/verhindert")
    assert len(chat.api.edits()) == edits  # nothing changed, nothing edited


async def test_planning_again_moves_the_meeting_its_reminders_and_calendar_entry(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    first = invitation(chat)
    await press(chat, NICOLE, first, "n:1:no")
    refused = await chat.say(NICOLE, GROUP, "/sitzung nächste Do 18 Uhr")
    assert "nur Vera Kraus (hat sie geplant) und die Admins" in refused
    [moved] = await chat.send(VERA, GROUP, "/sitzung nächste Do 18 Uhr")
    assert moved.startswith("📅 <b>Nächste Sitzung</b>: Do, 20.06.2024, 18:00 Uhr\n⏩ Verschoben")
    assert "vorher Mi, 26.06.2024, 19:00 Uhr" in moved
    assert "📍 Vereinsheim" in moved  # the place is kept when none is given
    assert "🙁 Verhindert (1): Nicole" in moved  # so are the answers
    second = invitation(chat)
    assert second["message_id"] != first["message_id"]
    old = last_edit_of(chat, first)
    assert old is not None and old["text"].startswith("⏩ Verschoben auf Do, 20.06.2024, 18:00")
    assert buttons_of(old) == []  # the old invitation takes no more answers
    [plan] = rows(db, MeetingPlan)  # one plan, moved, not a second one
    assert (plan.sequence, plan.message_id) == (1, second["message_id"])
    # the old reminders are gone; the day before the new date is today, 09:00 has passed
    assert pending_plan_reminders(db) == [
        ("meeting_soon", datetime(2024, 6, 20, 15, 0, tzinfo=UTC))
    ]
    first_file, second_file = chat.api.documents()
    [before], [after] = (calendar_of(d).walk("VEVENT") for d in (first_file, second_file))
    assert after["UID"] == before["UID"]  # the calendar updates the same event
    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert after.decoded("DTSTART") == datetime(2024, 6, 20, 16, 0, tzinfo=UTC)
    # a press on the superseded invitation is refused to the presser alone
    assert await press(chat, DANIEL, first, "n:1:yes") == [
        ("Diese Einladung gilt nicht (mehr).", True)
    ]


async def test_cancelling_retires_the_invitation_and_its_reminders(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, PLAN)
    message = invitation(chat)
    assert "nur Vera Kraus" in await chat.say(NICOLE, GROUP, "/sitzung nächste absagen")
    reply = await chat.say(VERA, GROUP, "/sitzung nächste absagen")
    assert (
        reply
        == "❌ Die Sitzung am Mi, 26.06.2024, 19:00 Uhr ist abgesagt. Die Erinnerungen entfallen."
    )
    edit = last_edit_of(chat, message)
    assert edit is not None and edit["text"].startswith("❌ <b>Abgesagt</b>")
    assert buttons_of(edit) == []
    assert pending_plan_reminders(db) == []
    cancel_file = chat.api.documents()[-1]
    calendar = calendar_of(cancel_file)
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)
    assert await press(chat, NICOLE, message, "n:1:no") == [
        ("Diese Sitzung ist abgesagt oder hat schon begonnen.", True)
    ]
    assert "keine nächste Sitzung geplant" in await chat.say(VERA, GROUP, "/sitzung nächste")
    assert "keine nächste Sitzung geplant" in await chat.say(NICOLE, GROUP, "/komme")
    # a new plan after a cancelled one is a new plan, with its own calendar entry
    await chat.send(VERA, GROUP, PLAN)
    assert [p.status for p in rows(db, MeetingPlan)] == ["cancelled", "planned"]


async def test_an_admin_may_move_someone_elses_plan(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, PLAN)
    chat.make_admin(NICOLE, GROUP)
    [moved] = await chat.send(NICOLE, GROUP, "/sitzung nächste Fr 17:30 Raum 3")
    assert "Fr, 21.06.2024, 17:30 Uhr" in moved and "📍 Raum 3" in moved


async def test_what_cannot_be_planned_is_refused_with_an_example(
    chat: ChatHarness, db: Database
) -> None:
    no_time = await chat.say(VERA, GROUP, "/sitzung nächste Mi Vereinsheim")
    assert no_time.startswith("Um wie viel Uhr ist die Sitzung am Mi, 26.06.2024?")
    past = await chat.say(VERA, GROUP, "/sitzung nächste gestern 19 Uhr")
    assert "liegt in der Vergangenheit" in past and "<code>/sitzung nächste Mi 19 Uhr" in past
    earlier_today = await chat.say(VERA, GROUP, "/sitzung nächste heute 18 Uhr")
    assert "liegt in der Vergangenheit" in earlier_today  # it is 20:00 already
    unreadable = await chat.say(VERA, GROUP, "/sitzung nächste irgendwann <b>bald</b>")
    assert "nicht herausgelesen" in unreadable and "&lt;b&gt;" in unreadable
    check_telegram_html(unreadable)
    long_place = await chat.say(VERA, GROUP, "/sitzung nächste Mi 19 Uhr " + "Raum " * 60)
    assert "Der Ort ist zu lang (höchstens 200 Zeichen)" in long_place
    assert rows(db, MeetingPlan) == [] and chat.api.documents() == []
    # `/sitzung nächstes Jahr` is not the next meeting: a meeting with that title opens
    opened = await chat.send(VERA, GROUP, "/sitzung Nächstes Treffen")
    assert opened[0].startswith("🏛 <b>Sitzung Nr. 1</b>")


async def test_an_english_chat_plans_with_english_words(
    database_url: str, db: Database, clock: Any
) -> None:
    chat = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        [reply] = await chat.send(VERA, GROUP, "/meeting next Wed 7pm Club house")
        assert reply.startswith("📅 <b>Next meeting</b>: Wed, 26 Jun 2024, 19:00\n📍 Club house")
        assert buttons_of(invitation(chat))[0][1]["text"] == "🙁 I can't come"
        assert chat.api.documents()[0]["filename"] == "invitation-2024-06-26.ics"
        assert await press(chat, NICOLE, invitation(chat), "n:1:yes") == [
            ("✅ You're coming on Wed, 26 Jun 2024, 19:00 – noted.", False)
        ]
        cancelled = await chat.say(VERA, GROUP, "/meeting next cancel")
        assert cancelled.startswith("❌ The meeting on Wed, 26 Jun 2024, 19:00 is cancelled.")
    finally:
        await chat.app.shutdown()


FORUM = {"id": -1005550001111, "type": "supergroup", "title": "Vorstand", "is_forum": True}
KASSE, BOT_TOPIC = 8, 9


async def test_the_invitation_and_its_reminders_go_to_the_bots_topic(
    chat: ChatHarness, db: Database
) -> None:
    chat.make_admin(DANIEL, FORUM)
    await chat.process(chat.message(DANIEL, FORUM, "/einstellungen thema", topic=BOT_TOPIC))
    await chat.process(chat.message(VERA, FORUM, PLAN, topic=KASSE))
    message = invitation(chat)
    assert message["message_thread_id"] == BOT_TOPIC
    sent_documents = [p for m, p in chat.api.calls if m == "sendDocument"]
    assert [int(p["message_thread_id"]) for p in sent_documents] == [BOT_TOPIC]
    chat.clock.now = EVE
    [eve] = [m for m in await chat.dispatch() if "Sitzung" in m["text"]]
    assert eve["message_thread_id"] == BOT_TOPIC


async def test_without_a_bots_topic_the_invitation_stays_where_it_was_asked_for(
    chat: ChatHarness, db: Database
) -> None:
    await chat.process(chat.message(VERA, FORUM, PLAN, topic=KASSE))
    assert invitation(chat)["message_thread_id"] == KASSE
    chat.clock.now = SOON  # the day-before reminder missed (downtime): it comes late, as today's
    late, soon = [m for m in await chat.dispatch() if "Sitzung" in m["text"]]
    assert late["text"].startswith("⏳") and "📅 Heute ist Sitzung" in late["text"]
    assert soon["text"].startswith("⏰ In einer Stunde")
    assert late["message_thread_id"] == soon["message_thread_id"] == KASSE
