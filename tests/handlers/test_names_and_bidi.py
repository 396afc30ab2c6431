"""Names and display tricks (issue 13, finding 13), through the real Application:

- `@Vorname` is not captured by a member who renames himself to a colleague's first name:
  usernames win, and a first name that fits several members is asked back;
- bidi control characters (a right-to-left override, isolates, marks) in titles, names and
  group titles are stripped, so they cannot reorder the owner and due date shown after them.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.language.bidi import BIDI_CONTROLS, has_bidi_controls, strip_bidi_controls
from storage.database import Database
from storage.models import Chat, Member, Task, TaskOwner
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness

RLO, PDF, RLI, PDI, LRM, ALM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e", "\u061c"
# A second Nicole (neither has a username), and a member who renames himself to a colleague.
NICOLE_B = {"id": 201, "is_bot": False, "first_name": "Nicole", "last_name": "Berg"}
MALLORY_AS_NICOLE = {"id": 666, "is_bot": False, "first_name": "nicole", "username": "mallory"}
MALLORY_AS_VERA = {"id": 666, "is_bot": False, "first_name": "vera", "username": "mallory"}


def stored(db: Database, model: Any) -> list[Any]:
    with db.transaction() as session:
        return list(session.exec(select(model)).all())


async def test_a_first_name_of_several_members_is_asked_back(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(NICOLE, GROUP, "/hilfe")
    await chat.say(MALLORY_AS_NICOLE, GROUP, "/hilfe")
    reply = await chat.say(DANIEL, GROUP, "/aufgabe Kasse prüfen @Nicole bis Freitag")
    assert "„@Nicole“" in reply and "mehrere" in reply
    assert "Nicole (ohne Benutzernamen), @mallory" in reply
    await chat.say(NICOLE_B, GROUP, "/hilfe")
    reply = await chat.say(DANIEL, GROUP, "/aufgabe Kasse prüfen @nicole bis Freitag")
    assert "Nicole Berg (ohne Benutzernamen)" in reply
    assert stored(db, Task) == []  # nothing stored half-way
    assert "mehrere" in await chat.say(DANIEL, GROUP, "/aufgaben @Nicole")


async def test_a_username_beats_a_renamed_first_name(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/hilfe")  # first name Vera, username vera
    await chat.say(MALLORY_AS_VERA, GROUP, "/hilfe")  # renamed himself "vera"
    reply = await chat.say(DANIEL, GROUP, "/aufgabe Kasse prüfen @vera bis Freitag")
    assert "angelegt" in reply
    [owner] = stored(db, TaskOwner)
    assert owner.user_id == VERA["id"]


async def test_a_unique_first_name_still_works(chat: ChatHarness, db: Database) -> None:
    await chat.say(NICOLE, GROUP, "/hilfe")
    assert "angelegt" in await chat.say(DANIEL, GROUP, "/aufgabe Flyer @Nicole bis Freitag")
    [owner] = stored(db, TaskOwner)
    assert owner.user_id == NICOLE["id"]


async def test_an_override_in_a_title_cannot_reorder_owner_and_due_date(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    reply = await chat.say(DANIEL, GROUP, f"/aufgabe Flyer{RLO} drucken{PDF} @vera bis Freitag")
    assert not has_bidi_controls(reply)
    assert "Flyer drucken" in reply
    [task] = stored(db, Task)
    assert task.title == "Flyer drucken"
    listing = await chat.say(DANIEL, GROUP, "/aufgaben")
    assert "Flyer drucken" in listing and not has_bidi_controls(listing)


async def test_controls_in_names_and_group_titles_are_stripped(
    chat: ChatHarness, db: Database
) -> None:
    sneaky = {"id": 301, "is_bot": False, "first_name": f"Ev{RLI}e", "last_name": f"K{LRM}{ALM}"}
    group = {**GROUP, "title": f"Vor{RLO}stand"}
    await chat.say(sneaky, group, "/aufgabe Flyer bis Freitag")
    [member] = [m for m in stored(db, Member) if m.user_id == 301]
    assert (member.first_name, member.last_name) == ("Eve", "K")
    [task] = stored(db, Task)
    assert task.created_by_name == "Eve K"
    [chat_row] = [c for c in stored(db, Chat) if c.id == GROUP["id"]]
    assert chat_row.title == "Vorstand"


async def test_a_replied_title_and_a_text_mention_are_stripped(
    chat: ChatHarness, db: Database
) -> None:
    mentioned = {"id": 302, "is_bot": False, "first_name": f"Ali{PDI}"}
    text = "/aufgabe Kasse Ali bis Freitag"
    entities = [
        {"type": "bot_command", "offset": 0, "length": 8},
        {"type": "text_mention", "offset": 15, "length": 3, "user": mentioned},
    ]
    reply = await chat.say(VERA, GROUP, text, entities=entities)
    assert "Ali" in reply and not has_bidi_controls(reply)
    replied = chat.message(NICOLE, GROUP, f"Saal{RLO} buchen")
    reply = await chat.say(VERA, GROUP, "/aufgabe bis Freitag", reply_to=replied)
    assert "Saal buchen" in reply
    assert not any(has_bidi_controls(t.title) for t in stored(db, Task))
    assert not any(has_bidi_controls(o.name) for o in stored(db, TaskOwner))


@pytest.mark.parametrize("code", [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2069])
def test_every_listed_control_is_stripped(code: int) -> None:
    assert chr(code) in BIDI_CONTROLS
    assert strip_bidi_controls(f"a{chr(code)}b") == "ab"


def test_right_to_left_letters_stay() -> None:
    assert strip_bidi_controls("שלום עליכם") == "שלום עליכם"
    assert strip_bidi_controls("مرحبا") == "مرحبا"
