"""A whole meeting through the real Application, on SQLite and PostgreSQL: /sitzung, the
"Ich bin da" button, /anwesend, decisions and tasks during the meeting, /sitzung ende with
the minutes as message and Markdown file, /protokoll, /tagesordnung, and the refusals."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.reminders.schedule import PLANNER
from storage.database import Database
from storage.models import AgendaItem, Attendee, Decision, Meeting, Task, TaskKind
from storage.tasks import OwnerRef, create_task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    make_settings,
    start_harness,
)
from tests.support.telegram_html import check_telegram_html, visible_text


def rows(db: Database, model: Any) -> list[Any]:
    with db.transaction() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def attendance_message(chat: ChatHarness) -> dict[str, Any]:
    """The latest bot message carrying the "Ich bin da" button."""
    return [m for m in chat.api.messages if m.get("reply_markup")][-1]


def add_followup(db: Database, title: str, due: Any) -> None:
    """A follow-up as the /followup command stores it (that command is another issue's)."""
    with db.transaction() as session:
        create_task(
            session,
            chat_id=GROUP["id"],
            title=title,
            owners=[OwnerRef("Nicole")],
            due_at=due,
            due_has_time=True,
            created_by_id=NICOLE["id"],
            created_by_name="Nicole",
            now=due,
            planner=PLANNER,
            kind=TaskKind.FOLLOWUP,
        )


async def test_a_board_meeting_from_opening_to_minutes(chat: ChatHarness, db: Database) -> None:
    # before the meeting: a task done, a follow-up waiting, a topic proposed
    await chat.say(NICOLE, GROUP, "/aufgabe Kassenbericht 2023 prüfen @Nicole bis morgen")
    await chat.say(NICOLE, GROUP, "/erledigt 1")
    add_followup(db, "Landesfinanzrat: Umlage 2024 festgelegt?", chat.clock.now)
    added = await chat.say(DANIEL, GROUP, "/tagesordnung neu Haushalt 2025")
    assert added == "💡 Für die nächste Sitzung vorgemerkt: Haushalt 2025"

    replies = await chat.send(DANIEL, GROUP, "/sitzung Vorstandssitzung Juni")
    assert len(replies) == 2
    opened, attendance = replies
    assert opened.startswith("🏛 <b>Sitzung Nr. 1</b> eröffnet am Mi, 19.06.2024, 20:00 Uhr.\n")
    assert "📌 Vorstandssitzung Juni" in opened and "Tagesordnung: 1" in opened
    assert attendance.endswith("Anwesend (1): Daniel")  # whoever opens it is there
    button_message = attendance_message(chat)
    [[button]] = button_message["reply_markup"]["inline_keyboard"]
    assert button == {"text": "🙋 Ich bin da / I'm here", "callback_data": "m:1"}
    [meeting] = rows(db, Meeting)
    assert meeting.message_id == button_message["message_id"] and meeting.ended_at is None

    # Vera taps the button: answered, listed, the message shows her
    assert await chat.press(VERA, button_message, "m:1") == ["Eingetragen – willkommen!"]
    edit = chat.api.edits()[-1]
    assert edit["message_id"] == button_message["message_id"]
    assert edit["text"].endswith("Anwesend (2): Daniel, Vera Kraus")
    assert edit["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "m:1"
    edits_before = len(chat.api.edits())
    assert await chat.press(VERA, button_message, "m:1") == ["Du bist schon eingetragen."]
    assert len(chat.api.edits()) == edits_before  # nothing changed, nothing edited

    assert "🙋 Nicole ist da." in await chat.say(NICOLE, GROUP, "/anwesend")
    # listing someone else is the opener's (or an admin's), and the list says who did
    assert "Andere als anwesend eintragen dürfen nur Daniel" in await chat.say(
        NICOLE, GROUP, "/anwesend Daniel Schaper"
    )
    guest = await chat.say(DANIEL, GROUP, "/anwesend Daniel Schaper")
    assert guest == (
        "🙋 Daniel Schaper (Gast) ist da.\n"
        "Anwesend (4): Daniel, Vera Kraus, Nicole, Daniel Schaper (Gast)\n"
        "eingetragen von Daniel: Daniel Schaper (Gast)"
    )
    assert "schon eingetragen" in await chat.say(DANIEL, GROUP, "/anwesend daniel schaper")
    assert chat.api.edits()[-1]["text"].endswith("Daniel Schaper (Gast)")

    decision = await chat.say(DANIEL, GROUP, "/beschluss Empfehlung an die neue Ratsfraktion 5:0:1")
    assert "B 2024/1" in decision and "🏛 In der Sitzung Nr. 1" in decision
    task = await chat.say(
        DANIEL, GROUP, "/aufgabe Treffen für Neumitglieder vorbereiten @vera bis Freitag"
    )
    assert "#3" in task and "bis Fr, 21.06.2024" in task
    await chat.say(DANIEL, GROUP, "/aufgabe Landesgremien vertreten @vera @Nicole am 22.06.2024")
    await chat.say(
        DANIEL, GROUP, "/beschluss Der nächste Stadtparteitag ist erst Mitte November möglich"
    )
    interim = await chat.say(VERA, GROUP, "/protokoll")
    assert "Zwischenstand der Sitzung am Mittwoch, 19. Juni 2024" in interim

    chat.clock.advance(minutes=95)
    chat.make_admin(VERA, GROUP)  # the opener or an admin closes it
    minutes_replies = await chat.send(VERA, GROUP, "/sitzung ende")
    assert len(minutes_replies) == 1
    minutes = minutes_replies[0]
    check_telegram_html(minutes)
    text = visible_text(minutes)
    assert text.startswith(
        "📝 Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Entwurf, Fassung 1\n"
        "Stadtvorstand · Sitzung Nr. 1 · Vorstandssitzung Juni\n"
        "20:00–21:35 Uhr\n"
    )
    assert "20:00–21:35 Uhr\nProtokoll: Daniel\n" in text  # the opener, none named
    assert (
        "Anwesend (3)\nDaniel, Vera Kraus, Nicole\nGäste (1): Daniel Schaper\n"
        "eingetragen von Daniel: Daniel Schaper (Gast)\n"
    ) in text
    # the one agenda item was under discussion all along: everything recorded is under it
    assert (
        "TOP 1: Haushalt 2025\n"
        "vorgeschlagen von Daniel\n"
        "• B 2024/1 Empfehlung an die neue Ratsfraktion – "
        "angenommen (5 dafür, 0 dagegen, 1 Enthaltung)\n"
        "• B 2024/2 Der nächste Stadtparteitag ist erst Mitte November möglich\n"
        "• #3 Treffen für Neumitglieder vorbereiten – Vera – bis Fr, 21.06.2024\n"
        "• #4 Landesgremien vertreten – Vera, Nicole – bis Sa, 22.06.2024\n"
    ) in text
    assert "Beschlüsse\n" not in text and "Aufgaben\n" not in text
    assert (
        "Erledigt seit der letzten Sitzung\n"
        "• #1 Kassenbericht 2023 prüfen – Nicole – erledigt am Mi, 19.06.2024\n"
    ) in text
    assert "Offene Wiedervorlagen\n• #2 Landesfinanzrat: Umlage 2024 festgelegt? – Nicole" in text
    assert text.endswith("Eröffnet von Daniel, beendet von Vera Kraus. Erstellt mit boardbot.")

    interim_file, document = chat.api.documents()  # /protokoll during the meeting sent one too
    assert interim_file["data"].decode().startswith("# Zwischenstand der Sitzung")
    assert document["filename"] == "protokoll-2024-06-19.md"
    markdown = document["data"].decode("utf-8")
    assert markdown.startswith(
        "# Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Entwurf, Fassung 1\n"
    )
    assert "## Anwesend (3)\n\nDaniel, Vera Kraus, Nicole\n\nGäste (1): Daniel Schaper\n" in (
        markdown
    )
    assert "- **B 2024/1** Empfehlung an die neue Ratsfraktion – angenommen (5 dafür" in markdown
    assert "- **#3** Treffen für Neumitglieder vorbereiten – Vera – bis Fr, 21.06.2024" in markdown

    # the attendance message loses its button; a late press is answered and stores nothing
    closing = chat.api.edits()[-1]
    assert closing["text"].startswith("🏁 <b>Sitzung Nr. 1</b> ist beendet.")
    assert "reply_markup" not in closing
    assert await chat.press(NICOLE, button_message, "m:1") == ["Diese Sitzung ist schon beendet."]
    assert len(rows(db, Attendee)) == 4

    # the record: everything recorded during the meeting belongs to it
    [meeting] = rows(db, Meeting)
    assert meeting.ended_at is not None and meeting.ended_by_name == "Vera Kraus"
    assert meeting.created_by_id == DANIEL["id"]
    assert [d.meeting_id for d in rows(db, Decision)] == [1, 1]
    assert [(t.number, t.meeting_id) for t in rows(db, Task)] == [
        (1, None),
        (2, None),
        (3, 1),
        (4, 1),
    ]
    assert [a.meeting_id for a in rows(db, AgendaItem)] == [1]
    attendees = rows(db, Attendee)
    assert [(a.user_id, a.name) for a in attendees] == [
        (DANIEL["id"], "Daniel"),
        (VERA["id"], "Vera Kraus"),
        (NICOLE["id"], "Nicole"),
        (None, "Daniel Schaper"),
    ]
    assert (attendees[3].added_by_id, attendees[3].added_by_name) == (DANIEL["id"], "Daniel")
    assert [a.added_by_name for a in attendees[:3]] == [None, None, None]  # each came themself

    # after the meeting: nothing belongs to it any more
    await chat.say(VERA, GROUP, "/aufgabe Nachbereitung")
    assert rows(db, Task)[-1].meeting_id is None

    # /protokoll and /protokoll 1 show the same minutes again, with the file
    again = await chat.say(NICOLE, GROUP, "/protokoll")
    assert again == minutes
    assert await chat.say(NICOLE, GROUP, "/protokoll 1") == minutes
    assert [d["filename"] for d in chat.api.documents()] == ["protokoll-2024-06-19.md"] * 4


async def test_meeting_refusals_store_nothing(chat: ChatHarness, db: Database) -> None:
    none_open = "Gerade läuft keine Sitzung. <code>/sitzung</code> eröffnet eine."
    assert await chat.say(VERA, GROUP, "/sitzung ende") == none_open
    assert await chat.say(VERA, GROUP, "/anwesend") == none_open
    assert "noch keine Sitzung" in await chat.say(VERA, GROUP, "/protokoll")
    assert rows(db, Meeting) == [] and chat.api.documents() == []

    await chat.send(VERA, GROUP, "/sitzung")
    second = await chat.say(DANIEL, GROUP, "/meeting Noch eine")
    assert second == (
        "Es läuft schon eine Sitzung (Nr. 1, seit Mi, 19.06.2024, 20:00 Uhr). "
        "Erst <code>/sitzung ende</code>, dann eine neue."
    )
    assert len(rows(db, Meeting)) == 1
    assert "Sitzung Nr. 5 gibt es hier nicht" in await chat.say(VERA, GROUP, "/protokoll 5")
    assert "„erste“ ist keine Sitzungsnummer" in await chat.say(VERA, GROUP, "/protokoll erste")
    assert "Zwischenstand" in await chat.say(VERA, GROUP, "/protokoll Nr. 1")

    await chat.send(VERA, GROUP, "/meeting end")
    assert await chat.say(VERA, GROUP, "/sitzung beenden") == none_open
    # a new meeting gets the next number
    opened = await chat.send(VERA, GROUP, "/sitzung")
    assert "Sitzung Nr. 2" in opened[0]
    assert [m.number for m in rows(db, Meeting)] == [1, 2]


async def test_button_is_checked_against_the_pressing_chat(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, "/sitzung")
    button_message = attendance_message(chat)
    elsewhere = {**button_message, "chat": OTHER_GROUP}
    assert await chat.press(NICOLE, elsewhere, "m:1") == ["Diese Sitzung ist schon beendet."]
    assert await chat.press(NICOLE, button_message, "m:999") == ["Diese Sitzung ist schon beendet."]
    assert [a.user_id for a in rows(db, Attendee)] == [VERA["id"]]


async def test_button_in_a_chat_outside_the_allow_list(
    database_url: str, db: Database, clock: Any
) -> None:
    chat = await start_harness(
        make_settings(database_url, allowed_chat_ids=str(OTHER_GROUP["id"])), db, clock
    )
    try:
        fake = chat.message(VERA, GROUP, "x", entities=[])
        assert await chat.press(VERA, fake, "m:1") == [""]  # answered silently
        assert rows(db, Attendee) == [] and rows(db, Meeting) == []
    finally:
        await chat.app.shutdown()


async def test_agenda_for_the_next_meeting(chat: ChatHarness, db: Database) -> None:
    assert "liegt nichts an" in await chat.say(VERA, GROUP, "/tagesordnung")
    await chat.say(DANIEL, GROUP, "/beschluss Empfehlung an die neue Ratsfraktion")
    await chat.say(DANIEL, GROUP, "/beschluss Plakate kleben")
    await chat.say(VERA, GROUP, "/aufgabe Fraktion informieren zu B 1 bis morgen")
    await chat.say(VERA, GROUP, "/aufgabe Plakate bestellen zu B 2 bis morgen")
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken bis Dienstag")
    await chat.say(VERA, GROUP, "/aufgabe Sommerfest planen bis Ende Juli")
    add_followup(db, "Umlage festgelegt?", chat.clock.now)
    await chat.say(VERA, GROUP, "/erledigt 1")
    assert "vorgemerkt: Mitgliederwerbung &lt;Herbst&gt;" in await chat.say(
        NICOLE, GROUP, "/tagesordnung neu Mitgliederwerbung <Herbst>"
    )
    chat.clock.advance(days=2)  # #2 (Plakate) is overdue now
    agenda = visible_text(await chat.say(VERA, GROUP, "/tagesordnung"))
    assert "⚠️ Überfällig (1)\n⚠️ #2 Plakate bestellen" in agenda
    assert "⏰ In den nächsten 7 Tagen fällig (1)\n▫️ #3 Flyer drucken" in agenda
    assert "Sommerfest" not in agenda
    assert "🔁 Offene Wiedervorlagen (1)\n" in agenda and "Umlage festgelegt?" in agenda
    assert "📜 Beschlüsse zum Nachhalten (2)" in agenda
    assert "B 2024/1 Empfehlung an die neue Ratsfraktion · alle Aufgaben erledigt (#1)" in agenda
    assert "B 2024/2 Plakate kleben · Aufgaben überfällig (#2)" in agenda
    assert "💡 Vorschläge (1)\n▫️ Mitgliederwerbung <Herbst> · von Nicole" in agenda
    # a meeting takes the proposals up; the next agenda starts afresh
    await chat.send(VERA, GROUP, "/sitzung")
    await chat.send(VERA, GROUP, "/sitzung ende")
    after = visible_text(await chat.say(VERA, GROUP, "/tagesordnung"))
    assert "Vorschläge" not in after and "Letzte Sitzung: Nr. 1 am Fr, 21.06.2024" in after
    assert "B 2024/1" not in after  # reported on at that meeting
    assert "B 2024/2" in after  # still overdue
    # refusals
    assert "Welches Thema?" in await chat.say(VERA, GROUP, "/tagesordnung neu")
    assert "„Haushalt“ verstehe ich hier nicht" in await chat.say(
        VERA, GROUP, "/tagesordnung Haushalt"
    )
    assert len(rows(db, AgendaItem)) == 1


async def test_meeting_in_english(database_url: str, db: Database, clock: Any) -> None:
    chat = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        opened = await chat.send(VERA, GROUP, "/meeting June board meeting")
        assert opened[0].startswith("🏛 <b>Meeting no. 1</b> opened on Wed, 19 Jun 2024 at 20:00.")
        assert await chat.press(NICOLE, attendance_message(chat), "m:1") == [
            "You're on the list – welcome!"
        ]
        await chat.say(VERA, GROUP, "/present Daniel Schaper")
        await chat.say(VERA, GROUP, "/decision Recommend the council group unanimous")
        [minutes] = await chat.send(VERA, GROUP, "/meeting end")
        text = visible_text(minutes)
        assert text.startswith(
            "📝 Minutes of the meeting on Wednesday, 19 June 2024 – draft, version 1\n"
        )
        assert "Present (2)\nVera Kraus, Nicole\nGuests (1): Daniel Schaper\n" in text
        assert "B 2024/1 Recommend the council group – adopted unanimously" in text
        assert chat.api.documents()[0]["filename"] == "minutes-2024-06-19.md"
    finally:
        await chat.app.shutdown()
