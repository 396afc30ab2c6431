"""The Protokoll's agenda through the real Application, on SQLite and PostgreSQL: TOP 1, 2, …
from the proposals and from topics added during the meeting, `/top` switching, notes under
the item under discussion (and under "Sonstiges" without items), `/notiz` alone asking, the
minute-taker, and the same in English."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import AgendaItem, Decision, Meeting, MeetingNote, Task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    make_settings,
    start_harness,
)
from tests.support.cards import last_question
from tests.support.telegram_html import check_telegram_html, visible_text


def rows(db: Database, model: Any) -> list[Any]:
    with db.transaction() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


async def minutes_now(chat: ChatHarness, user: dict[str, Any] = VERA) -> str:
    [minutes] = await chat.send(user, GROUP, "/protokoll")
    check_telegram_html(minutes)
    return visible_text(minutes)


async def test_notes_decisions_and_tasks_go_under_the_item_under_discussion(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(DANIEL, GROUP, "/tagesordnung neu Kassenbericht")
    await chat.say(NICOLE, GROUP, "/tagesordnung neu Sommerfest")
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    await chat.send(VERA, GROUP, "/anwesend")
    await chat.send(NICOLE, GROUP, "/anwesend")
    # before any /top the first item is under discussion
    assert await chat.say(VERA, GROUP, "/notiz Überschuss 1.200 €") == (
        "📝 Notiz zu <b>TOP 1</b>: Überschuss 1.200 €"
    )
    items = visible_text(await chat.say(NICOLE, GROUP, "/top"))
    assert items == (
        "📋 Tagesordnung der Sitzung Nr. 1\n▶️ TOP 1: Kassenbericht\n▫️ TOP 2: Sommerfest\n"
        "Wechseln: /top 2 oder /top weiter"
    )
    # switching is the opener's (or the minute-taker's, or an admin's)
    refused = await chat.say(NICOLE, GROUP, "/top 2")
    assert "wechseln nur Daniel" in refused
    switched = await chat.say(DANIEL, GROUP, "/top 2")
    assert switched.startswith("▶️ Jetzt <b>TOP 2</b>: Sommerfest\n")
    await chat.say(NICOLE, GROUP, "/notiz Termin 14.09. steht")
    decision = await chat.say(NICOLE, GROUP, "/beschluss Sommerfest am 14.09. 3:0:0")
    assert "⚠️" not in decision  # three votes, three present
    await chat.say(NICOLE, GROUP, "/aufgabe Grill leihen @vera")
    # a topic proposed during the meeting is this meeting's, not the next one's
    added = await chat.say(VERA, GROUP, "/tagesordnung neu Mitgliederwerbung <Herbst>")
    assert added == (
        "💡 Neu auf der Tagesordnung dieser Sitzung: <b>TOP 3</b> Mitgliederwerbung &lt;Herbst&gt;"
    )
    assert "TOP 3" in await chat.say(DANIEL, GROUP, "/top weiter")
    await chat.say(DANIEL, GROUP, "/notiz Flyer im September")
    assert "der letzte ist TOP 3" in await chat.say(DANIEL, GROUP, "/top naechste")
    unknown = await chat.say(DANIEL, GROUP, "/top 9")
    assert unknown == "TOP 9 gibt es in dieser Sitzung nicht; der letzte ist TOP 3."
    assert "„erste“ ist kein Tagesordnungspunkt" in await chat.say(DANIEL, GROUP, "/top erste")

    text = await minutes_now(chat)
    assert (
        "TOP 1: Kassenbericht\nvorgeschlagen von Daniel\n"
        "• Überschuss 1.200 € – Vera Kraus, 20:00 Uhr\n"
        "\nTOP 2: Sommerfest\nvorgeschlagen von Nicole\n• Termin 14.09. steht – Nicole, 20:00 Uhr\n"
        "• B 2024/1 Sommerfest am 14.09. – angenommen (3 dafür, 0 dagegen, 0 Enthaltungen)\n"
        "• #1 Grill leihen – Vera\n"
        "\nTOP 3: Mitgliederwerbung <Herbst>\nvorgeschlagen von Vera Kraus\n"
        "• Flyer im September – Daniel, 20:00 Uhr\n"
    ) in text
    assert "\nBeschlüsse\n" not in text and "\nAufgaben\n" not in text
    item_ids = [item.id for item in rows(db, AgendaItem)]
    assert [d.agenda_item_id for d in rows(db, Decision)] == [item_ids[1]]
    assert [t.agenda_item_id for t in rows(db, Task)] == [item_ids[1]]
    assert [n.agenda_item_id for n in rows(db, MeetingNote)] == [
        item_ids[0],
        item_ids[1],
        item_ids[2],
    ]

    # a /top after the fact moves nothing that was recorded
    await chat.say(DANIEL, GROUP, "/top 1")
    assert text == await minutes_now(chat)
    await chat.send(DANIEL, GROUP, "/sitzung ende")
    # after the meeting a proposal is for the next one again, and notes need a meeting
    assert "Für die nächste Sitzung vorgemerkt" in await chat.say(
        VERA, GROUP, "/tagesordnung neu Satzung"
    )
    assert rows(db, AgendaItem)[-1].meeting_id is None
    assert "Gerade läuft keine Sitzung" in await chat.say(VERA, GROUP, "/notiz Nachtrag")
    assert "Gerade läuft keine Sitzung" in await chat.say(VERA, GROUP, "/top 1")


async def test_without_items_notes_go_under_sonstiges_and_a_decision_keeps_its_section(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/sitzung")
    assert "noch keine Tagesordnung" in await chat.say(VERA, GROUP, "/top")
    assert "noch keine Tagesordnung" in await chat.say(VERA, GROUP, "/top 1")
    assert await chat.say(NICOLE, GROUP, "/notiz <b>Kasse</b> & Co") == (
        "📝 Notiz unter „Sonstiges“: &lt;b&gt;Kasse&lt;/b&gt; &amp; Co"
    )
    await chat.say(VERA, GROUP, "/beschluss Plakate kleben")
    text = await minutes_now(chat)
    assert "Sonstiges\n• <b>Kasse</b> & Co – Nicole, 20:00 Uhr\n" in text
    assert "Beschlüsse\n• B 2024/1 Plakate kleben\n" in text
    assert "Aufgaben\nKeine.\n" in text
    assert "TOP " not in text
    # a note the length of a title is refused, nothing stored
    assert "1001 Zeichen, erlaubt sind höchstens 1000" in await chat.say(
        NICOLE, GROUP, "/notiz " + "x" * 1001
    )
    assert len(rows(db, MeetingNote)) == 1


async def test_note_alone_asks_and_the_answer_is_the_note(chat: ChatHarness, db: Database) -> None:
    assert "Gerade läuft keine Sitzung" in await chat.say(VERA, GROUP, "/notiz")
    await chat.send(VERA, GROUP, "/sitzung")
    ask = await chat.say(NICOLE, GROUP, "/notiz")
    assert "Was soll ins Protokoll?" in ask and 'href="tg://user?id=102"' in ask
    question = last_question(chat.api)
    assert rows(db, MeetingNote) == []
    answer = await chat.say(NICOLE, GROUP, "Kassenprüfung im Juli", reply_to=question)
    assert answer == "📝 Notiz unter „Sonstiges“: Kassenprüfung im Juli"
    [note] = rows(db, MeetingNote)
    assert (note.text, note.author_id, note.author_name) == ("Kassenprüfung im Juli", 102, "Nicole")
    # `/notiz` as a reply takes the replied message's text
    said = chat.message(DANIEL, GROUP, "Der Verein zahlt die Fahrtkosten", entities=[])
    await chat.say(VERA, GROUP, "/notiz", reply_to=said)
    assert [n.text for n in rows(db, MeetingNote)][-1] == "Der Verein zahlt die Fahrtkosten"


async def test_the_minute_taker(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/hilfe")  # the bot has seen Vera (@vera)
    await chat.say(DANIEL, GROUP, "/tagesordnung neu Kasse")
    await chat.say(DANIEL, GROUP, "/tagesordnung neu Fest")
    await chat.send(DANIEL, GROUP, "/sitzung")
    assert await chat.say(NICOLE, GROUP, "/protokollant") == (
        "📝 Das Protokoll der Sitzung Nr. 1 führt Daniel. Ändern: <code>/protokollant @Name</code>"
    )
    assert "legen nur Daniel" in await chat.say(NICOLE, GROUP, "/protokollant @nicole")
    assert "genau eine" in await chat.say(DANIEL, GROUP, "/protokollant @vera @nicole")
    assert await chat.say(DANIEL, GROUP, "/protokollant @vera") == (
        "📝 Vera führt das Protokoll der Sitzung Nr. 1."
    )
    [meeting] = rows(db, Meeting)
    assert (meeting.minute_taker_id, meeting.minute_taker_name) == (VERA["id"], "Vera")
    # the minute-taker switches items too
    assert "TOP 2" in await chat.say(VERA, GROUP, "/top 2")
    assert "Protokoll: Vera\n" in await minutes_now(chat)
    # a name without Telegram works as well
    await chat.say(DANIEL, GROUP, "/protokollant Jonas <Weber>")
    assert "Protokoll: Jonas <Weber>\n" in await minutes_now(chat)


async def test_protocol_in_english(database_url: str, db: Database, clock: Any) -> None:
    chat = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        await chat.say(VERA, GROUP, "/agenda add Budget")
        await chat.send(VERA, GROUP, "/meeting")
        assert await chat.say(VERA, GROUP, "/note Report presented") == (
            "📝 Note under <b>item 1</b>: Report presented"
        )
        assert "New on this meeting's agenda: <b>item 2</b> Party" in await chat.say(
            VERA, GROUP, "/agenda add Party"
        )
        assert (await chat.say(VERA, GROUP, "/item next")).startswith("▶️ Now <b>item 2</b>")
        assert "🙏 Nicole sent apologies." in await chat.say(NICOLE, GROUP, "/excused")
        assert "takes the minutes of meeting no. 1" in await chat.say(VERA, GROUP, "/minutetaker")
        [minutes] = await chat.send(VERA, GROUP, "/meeting end")
        text = visible_text(minutes)
        assert "Minutes taken by Vera Kraus\n" in text
        assert "Present (1)\nVera Kraus\nExcused (1): Nicole\n" in text
        assert (
            "Item 1: Budget\nproposed by Vera Kraus\n• Report presented – Vera Kraus, 20:00\n"
            in text
        )
        assert "Item 2: Party\n" in text
    finally:
        await chat.app.shutdown()
