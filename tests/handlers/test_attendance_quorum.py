"""Who was there, as the Protokoll says it, through the real Application on SQLite and
PostgreSQL: `/entschuldigt` (oneself, others, refused for someone present, undone by coming),
the quorum with a set board size, with a roster and without either, the warning for a vote
with more votes than people present, and a forgotten member who stays a member."""

from __future__ import annotations

import json

from sqlmodel import select

from storage.database import Database
from storage.models import Attendee, Chat, Decision
from storage.roster import add_board_member
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    private_chat,
)
from tests.support.telegram_html import visible_text

JONAS = {"id": 104, "is_bot": False, "first_name": "Jonas", "username": "jonas"}


def statuses(db: Database) -> list[tuple[int | None, str, str]]:
    with db.transaction() as session:
        rows = session.exec(select(Attendee).order_by(Attendee.id)).all()  # type: ignore[arg-type]
        return [(a.user_id, a.name, a.status) for a in rows]


async def minutes_now(chat: ChatHarness) -> str:
    [minutes] = await chat.send(VERA, GROUP, "/protokoll")
    return visible_text(minutes)


def attendance_text(chat: ChatHarness) -> str:
    return visible_text(chat.api.edits()[-1]["text"])


async def test_excused_members(chat: ChatHarness, db: Database) -> None:
    for member in (NICOLE, JONAS, DANIEL):
        await chat.say(member, GROUP, "/hilfe")  # the bot has seen them
    await chat.send(VERA, GROUP, "/sitzung")
    own = await chat.say(NICOLE, GROUP, "/entschuldigt")
    assert own.startswith("🙏 Nicole ist entschuldigt.\nAnwesend (1): Vera Kraus\n")
    assert "Entschuldigt (1): Nicole" in own
    assert attendance_text(chat).endswith("Anwesend (1): Vera Kraus\nEntschuldigt (1): Nicole")
    assert "Nicole ist schon entschuldigt." in await chat.say(NICOLE, GROUP, "/entschuldigt")
    # others are the opener's (or an admin's) to list
    assert "Andere als entschuldigt eintragen dürfen nur Vera" in await chat.say(
        NICOLE, GROUP, "/entschuldigt @jonas"
    )
    listed = await chat.say(VERA, GROUP, "/entschuldigt @jonas Hans <Meier>")
    assert "🙏 Jonas ist entschuldigt.\n🙏 Hans &lt;Meier&gt; ist entschuldigt." in listed
    # someone present is not excused: refused, nothing changes
    present = await chat.say(VERA, GROUP, "/entschuldigt")
    assert present.startswith("Vera Kraus ist als anwesend eingetragen")
    # Nicole comes after all: present now, no longer excused
    assert "🙋 Nicole ist da." in await chat.say(NICOLE, GROUP, "/anwesend")
    assert statuses(db) == [
        (VERA["id"], "Vera Kraus", "present"),
        (NICOLE["id"], "Nicole", "present"),
        (JONAS["id"], "Jonas", "excused"),
        (None, "Hans <Meier>", "excused"),
    ]
    # the same by the button: an excused member who presses it is present
    await chat.say(VERA, GROUP, "/entschuldigt @dschaper")
    button_message = [m for m in chat.api.messages if m.get("reply_markup")][-1]
    assert await chat.press(DANIEL, button_message, "m:1") == ["Eingetragen – willkommen!"]
    text = await minutes_now(chat)
    assert (
        "Anwesend (3)\nVera Kraus, Nicole, Daniel\nEntschuldigt (2): Jonas, Hans <Meier>\n"
        "eingetragen von Vera Kraus: Jonas, Hans <Meier>\n"
    ) in text
    assert "Gäste" not in text and "beschlussfähig" not in text  # no size, no roster


async def test_quorum_with_a_set_board_size(chat: ChatHarness, db: Database) -> None:
    assert "nur die Admins" in await chat.say(NICOLE, GROUP, "/einstellungen vorstand 5")
    chat.make_admin(VERA, GROUP)
    changed = await chat.say(VERA, GROUP, "/einstellungen vorstand 5")
    assert "🏛 Vorstand: 5 Sitze laut Satzung" in changed
    assert "keine Zahl von Sitzen" in await chat.say(VERA, GROUP, "/einstellungen vorstand sieben")
    await chat.send(VERA, GROUP, "/sitzung")
    await chat.say(NICOLE, GROUP, "/anwesend")
    await chat.say(VERA, GROUP, "/anwesend Gast <Eins>")  # a guest does not count
    assert "nicht beschlussfähig: 2 von 5 anwesend" in await minutes_now(chat)
    await chat.say(DANIEL, GROUP, "/anwesend")
    assert "\nbeschlussfähig: 3 von 5 anwesend" in await minutes_now(chat)
    # cleared: no line (nothing on the roster)
    assert "🏛" not in await chat.say(VERA, GROUP, "/einstellungen vorstand aus")
    assert "beschlussfähig" not in await minutes_now(chat)
    with db.transaction() as session:
        chat_row = session.get(Chat, GROUP["id"])
        assert chat_row is not None and chat_row.board_size is None


async def test_quorum_from_the_roster_counts_board_members_only(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/sitzung")
    with db.transaction() as session:  # the roster as /vorstand stores it
        for user in (VERA, NICOLE):
            add_board_member(
                session, GROUP["id"], name=user["first_name"], user_id=user["id"], now=chat.clock()
            )
        add_board_member(session, GROUP["id"], name="Jonas Weber", now=chat.clock())
    await chat.say(DANIEL, GROUP, "/anwesend")  # a member of the group, not of the board
    assert "nicht beschlussfähig: 1 von 3 anwesend" in await minutes_now(chat)
    # a seat without Telegram, listed by name: a board member present, not a guest
    reply = await chat.say(VERA, GROUP, "/anwesend jonas weber")
    assert "(Gast)" not in reply
    text = await minutes_now(chat)
    assert "Anwesend (3)\nVera Kraus, Daniel, jonas weber\n" in text
    assert "\nbeschlussfähig: 2 von 3 anwesend" in text and "Gäste" not in text
    # a size set by statute wins over the roster's
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/einstellungen vorstand 7")
    assert "nicht beschlussfähig: 2 von 7 anwesend" in await minutes_now(chat)


async def test_more_votes_than_people_present_is_stored_with_a_warning(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/sitzung")
    await chat.say(NICOLE, GROUP, "/anwesend")
    await chat.say(NICOLE, GROUP, "/entschuldigt @jonas")  # refused: not the opener
    await chat.say(VERA, GROUP, "/entschuldigt Jonas")  # excused: not present
    fits = await chat.say(NICOLE, GROUP, "/beschluss Plakate 1:1:0")
    assert "⚠️" not in fits
    warned = await chat.say(NICOLE, GROUP, "/beschluss Sommerfest 5:0:1")
    assert warned.endswith(
        "⚠️ 6 Stimmen, aber nur 2 anwesend – gespeichert ist es trotzdem. "
        "Wer fehlt in der Liste? <code>/anwesend</code> trägt nach."
    )
    with db.transaction() as session:
        stored = session.exec(select(Decision).order_by(Decision.number)).all()  # type: ignore[arg-type]
        assert [(d.text, d.votes_yes) for d in stored] == [("Plakate", 1), ("Sommerfest", 5)]
    # outside a meeting nobody is counted
    await chat.send(VERA, GROUP, "/sitzung ende")
    assert "⚠️" not in await chat.say(NICOLE, GROUP, "/beschluss Flyer 9:0:0")


async def test_a_forgotten_member_stays_a_member_in_the_minutes(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(DANIEL, GROUP, "/tagesordnung neu Kasse")
    await chat.send(VERA, GROUP, "/sitzung")
    await chat.say(NICOLE, GROUP, "/anwesend")
    await chat.say(NICOLE, GROUP, "/notiz Kasse geprüft")
    await chat.say(DANIEL, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/entschuldigt @dschaper")
    await chat.say(NICOLE, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/protokollant @Nicole")
    await chat.send(VERA, GROUP, "/sitzung ende")
    for user in (NICOLE, DANIEL):
        await chat.send(user, private_chat(user), "/vergissmich ja")
    text = await minutes_now(chat)
    assert "Protokoll: ehemaliges Mitglied\n" in text
    assert "Anwesend (2)\nVera Kraus, ehemaliges Mitglied\n" in text
    assert "Entschuldigt (1): ehemaliges Mitglied\n" in text
    assert "• Kasse geprüft – ehemaliges Mitglied, 20:00 Uhr" in text
    assert "Gast" not in text and "Nicole" not in text and "Daniel" not in text


async def test_the_personal_export_holds_my_notes_minutes_and_excuse(chat: ChatHarness) -> None:
    await chat.say(NICOLE, GROUP, "/hilfe")
    await chat.send(VERA, GROUP, "/sitzung")
    await chat.say(NICOLE, GROUP, "/entschuldigt")
    await chat.say(VERA, GROUP, "/protokollant @Nicole")
    await chat.say(NICOLE, GROUP, "/notiz Kasse geprüft")
    await chat.say(VERA, GROUP, "/notiz Von Vera")
    await chat.say(NICOLE, private_chat(NICOLE), "/export")
    data = json.loads(chat.api.documents(NICOLE["id"])[-1]["data"])
    assert [(n["meeting"], n["text"]) for n in data["meeting_notes"]] == [(1, "Kasse geprüft")]
    [meeting] = data["meetings"]
    assert meeting["minutes_taken_by_me"] is True and meeting["opened_by_me"] is False
    assert [(a["present"], a["status"]) for a in data["attendance"]] == [("me", "excused")]
