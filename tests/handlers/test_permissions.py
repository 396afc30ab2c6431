"""Issue 13, findings 5 and 10: meetings, attendance and amendments follow the same rules as
tasks (the opener/author or an admin), a text mention never makes someone a member, and an
owner cannot undo a cancel. Each attack runs through the real Application, on SQLite and
PostgreSQL, and must leave nothing stored."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Attendee, Decision, Meeting, Member, Task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    private_chat,
    utf16_length,
)
from tests.handlers.test_meetings import rows
from tests.support.telegram_html import visible_text

# Someone who never wrote in the group (Telegram lets members text-mention anyone they know).
OTTO = {"id": 104, "is_bot": False, "first_name": "Otto"}


def with_mention(
    chat: ChatHarness, user: dict[str, Any], text: str, mentioned: dict[str, Any]
) -> dict[str, Any]:
    """`text` ending in a text mention of `mentioned` (their first name, linked to their id)."""
    command = text.split(maxsplit=1)[0]
    full = f"{text} {mentioned['first_name']}"
    entities = [
        {"type": "bot_command", "offset": 0, "length": utf16_length(command)},
        {
            "type": "text_mention",
            "offset": utf16_length(text) + 1,
            "length": utf16_length(mentioned["first_name"]),
            "user": mentioned,
        },
    ]
    return chat.message(user, GROUP, full, entities=entities)


async def open_meeting_as_daniel(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(NICOLE, GROUP, "/hilfe")
    assert len(await chat.send(DANIEL, GROUP, "/sitzung Vorstandssitzung")) == 2


async def test_only_the_opener_or_an_admin_ends_a_meeting(chat: ChatHarness, db: Database) -> None:
    await open_meeting_as_daniel(chat)
    refused = await chat.say(NICOLE, GROUP, "/sitzung ende")
    assert refused == (
        "Sitzung Nr. 1 schließen dürfen nur Daniel (hat sie eröffnet) und die Admins der Gruppe."
    )
    [meeting] = rows(db, Meeting)
    assert meeting.ended_at is None and chat.api.documents() == []
    chat.make_admin(NICOLE, GROUP)
    [minutes] = await chat.send(NICOLE, GROUP, "/sitzung ende")
    assert "Eröffnet von Daniel, beendet von Nicole." in visible_text(minutes)


async def test_the_opener_may_end_the_meeting(chat: ChatHarness, db: Database) -> None:
    await open_meeting_as_daniel(chat)
    [minutes] = await chat.send(DANIEL, GROUP, "/sitzung ende")
    assert "Eröffnet von Daniel, beendet von Daniel." in visible_text(minutes)
    assert [m.ended_by_id for m in rows(db, Meeting)] == [DANIEL["id"]]


async def test_listing_others_as_present_is_for_the_opener_or_an_admin(
    chat: ChatHarness, db: Database
) -> None:
    await open_meeting_as_daniel(chat)
    refusal = (
        "Andere als anwesend eintragen dürfen nur Daniel (hat Sitzung Nr. 1 eröffnet) und die "
        "Admins der Gruppe. Dich selbst trägst du mit /anwesend ein."
    )
    # an invented guest, a member by @name, an outsider by text mention: all refused
    assert await chat.say(NICOLE, GROUP, "/anwesend Erfundener Gast") == refusal
    assert await chat.say(NICOLE, GROUP, "/anwesend @vera") == refusal
    assert await chat.process(with_mention(chat, NICOLE, "/anwesend", OTTO)) == [refusal]
    assert await chat.say(NICOLE, GROUP, "/anwesend Nicole @vera") == refusal  # not even mixed
    assert [a.user_id for a in rows(db, Attendee)] == [DANIEL["id"]]
    # oneself, also by one's own name, is always fine and shown as coming oneself
    assert "🙋 Nicole ist da." in await chat.say(NICOLE, GROUP, "/anwesend @Nicole")
    # the opener lists others; the list and the minutes say who did
    listed = await chat.say(DANIEL, GROUP, "/anwesend @vera")
    assert listed.endswith("Anwesend (3): Daniel, Nicole, Vera\neingetragen von Daniel: Vera")
    assert chat.api.edits()[-1]["text"].endswith("eingetragen von Daniel: Vera")
    chat.make_admin(NICOLE, GROUP)
    assert "Gast" in await chat.say(NICOLE, GROUP, "/anwesend Daniel Schaper")
    [minutes] = await chat.send(DANIEL, GROUP, "/sitzung ende")
    assert (
        "Anwesend (3)\nDaniel, Nicole, Vera\nGäste (1): Daniel Schaper\n"
        "eingetragen von Daniel: Vera\n"
        "eingetragen von Nicole: Daniel Schaper (Gast)\n"
    ) in visible_text(minutes)
    markdown = chat.api.documents()[-1]["data"].decode("utf-8")
    assert "eingetragen von Nicole: Daniel Schaper (Gast)" in markdown


async def test_a_text_mention_never_makes_someone_a_member(chat: ChatHarness, db: Database) -> None:
    await open_meeting_as_daniel(chat)
    # the opener may list Otto, and a task may name him: he is named, not a member
    assert "Otto ist da" in (await chat.process(with_mention(chat, DANIEL, "/anwesend", OTTO)))[0]
    await chat.process(with_mention(chat, DANIEL, "/aufgabe Geheimes Protokoll prüfen", OTTO))
    with db.transaction() as session:
        otto = session.get(Member, (GROUP["id"], OTTO["id"]))
        assert otto is not None and otto.is_member is False
        [task] = session.exec(select(Task)).all()
    assert task.title == "Geheimes Protokoll prüfen"
    # so his private chat shows nothing of the group (the offline Telegram would even say
    # "member" to anyone asked; the bot does not ask about non-members at all)
    mine = await chat.say(OTTO, private_chat(OTTO), "/meine")
    assert "Geheimes Protokoll" not in mine
    assert "Geheimes Protokoll" not in await chat.say(OTTO, private_chat(OTTO), "/aufgaben")
    # once he writes in the group himself, he is one
    await chat.say(OTTO, GROUP, "/hilfe")
    assert "Geheimes Protokoll" in await chat.say(OTTO, private_chat(OTTO), "/meine")


async def test_a_mention_does_not_bring_back_someone_who_left(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    left = chat.message(DANIEL, GROUP, "", entities=[])
    del left["text"]
    left["left_chat_member"] = VERA
    assert await chat.process(left) == []
    await chat.process(with_mention(chat, DANIEL, "/aufgabe Kasse übergeben", VERA))
    with db.transaction() as session:
        vera = session.get(Member, (GROUP["id"], VERA["id"]))
        assert vera is not None and vera.is_member is False


async def test_amending_a_decision_is_for_its_author_or_an_admin(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(DANIEL, GROUP, "/beschluss Sommerfest am 6. Juli")
    refused = await chat.say(NICOLE, GROUP, "/beschluss Sommerfest fällt aus ändert B 1")
    assert refused == (
        "<b>B 2024/1</b> ändern dürfen nur Daniel (hat ihn festgehalten) und die Admins der Gruppe."
    )
    assert [d.number for d in rows(db, Decision)] == [1]
    assert "B 2024/2" in await chat.say(
        DANIEL, GROUP, "/beschluss Sommerfest am 13. Juli ändert B 1"
    )
    chat.make_admin(NICOLE, GROUP)
    assert "B 2024/3" in await chat.say(
        NICOLE, GROUP, "/beschluss Sommerfest am 20. Juli ändert B 2"
    )
    assert [d.amends_id for d in rows(db, Decision)] == [None, 1, 2]
    # a decision that amends nothing stays everyone's to record
    assert "B 2024/4" in await chat.say(VERA, GROUP, "/beschluss Grillgut bestellen")


async def test_an_owner_cannot_reopen_a_cancelled_task(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer drucken @vera")
    assert "Gestrichen" in await chat.say(DANIEL, GROUP, "/streichen 1")
    refused = await chat.say(VERA, GROUP, "/wieder 1")
    assert refused == (
        "<b>#1</b> ist gestrichen. Wieder öffnen dürfen sie nur Daniel (hat sie angelegt) "
        "und die Admins der Gruppe."
    )
    assert [t.status for t in rows(db, Task)] == ["cancelled"]
    # the creator may undo his cancel, an admin may too; a done task stays the owner's to reopen
    assert "Wieder offen" in await chat.say(DANIEL, GROUP, "/wieder 1")
    assert "Erledigt" in await chat.say(VERA, GROUP, "/erledigt 1")
    assert "Wieder offen" in await chat.say(VERA, GROUP, "/wieder 1")
    await chat.say(DANIEL, GROUP, "/streichen 1")
    chat.make_admin(NICOLE, GROUP)
    assert "Wieder offen" in await chat.say(NICOLE, GROUP, "/wieder 1")
    assert [t.status for t in rows(db, Task)] == ["open"]
