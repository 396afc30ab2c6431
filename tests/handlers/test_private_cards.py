"""Presses in a private chat on one's own tasks of a group (handlers.private_cards), as the
private /meine sends them: allowed to the task's owners who are still in the group, announced
in the group in one line unless the group turned that off. Both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Task, TaskStatus
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness, private_chat
from tests.support.cards import answers, button_data, last_card

FRIDAY_END = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)


def task(db: Database) -> Task:
    with db.transaction() as session:
        return session.exec(select(Task)).one()


def private_message(chat: ChatHarness, user: dict[str, Any]) -> dict[str, Any]:
    """A bot message in the user's private chat, as the private /meine would send it."""
    return {
        "message_id": 9000 + user["id"],
        "date": int(chat.clock.now.timestamp()),
        "chat": private_chat(user),
        "from": {"id": 999000, "is_bot": True, "first_name": "boardbot"},
        "text": "Deine Aufgaben",
    }


async def set_up(chat: ChatHarness) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/aufgabe Kassenbericht @dschaper")


async def press(chat: ChatHarness, user: dict[str, Any], data: str) -> dict[str, Any]:
    before = len(chat.api.calls)
    await chat.press(user, private_message(chat, user), data)
    [answer] = answers(chat.api, before)
    return answer


async def test_an_owner_ticks_off_privately_and_the_group_hears(
    chat: ChatHarness, db: Database
) -> None:
    await set_up(chat)
    tid = task(db).id
    group_card = last_card(chat.api)
    sent = len(chat.api.sent(GROUP["id"]))
    done = await press(chat, DANIEL, f"t:{tid}:done")
    assert done["text"] == "#1 ist erledigt. Danke!"
    assert task(db).status == TaskStatus.DONE
    [notice] = chat.api.sent(GROUP["id"])[sent:]
    assert "Daniel" in notice["text"] and "#1</b> „Kassenbericht“ erledigt" in notice["text"]
    card_edit = chat.api.edits(GROUP["id"])[-1]
    assert card_edit["message_id"] == group_card["message_id"]
    assert card_edit["text"].startswith("✅ Erledigt")


async def test_only_owners_still_in_the_group(chat: ChatHarness, db: Database) -> None:
    await set_up(chat)
    tid = task(db).id
    await chat.say(NICOLE, GROUP, "/hilfe")
    # Vera created it but does not own it: in a private chat only owners act
    refused = await press(chat, VERA, f"t:{tid}:done")
    assert refused["show_alert"] is True and "gehört dir nicht" in refused["text"]
    assert task(db).status == TaskStatus.OPEN
    # Daniel left the group: his private buttons stop working
    await chat.process(
        {
            "message_id": 500,
            "date": int(chat.clock.now.timestamp()),
            "chat": GROUP,
            "from": DANIEL,
            "left_chat_member": DANIEL,
        }
    )
    gone = await press(chat, DANIEL, f"t:{tid}:done")
    assert gone["text"] == "Dieser Knopf gilt hier nicht (mehr)." and not gone.get("show_alert")
    assert task(db).status == TaskStatus.OPEN
    # what only a group card offers is not done here
    for data in (f"t:{tid}:undo", f"t:{tid}:own", f"f:{tid}:other", f"o:{tid}:ok"):
        assert not (await press(chat, VERA, data)).get("show_alert")
    assert task(db).status == TaskStatus.OPEN


async def test_a_new_due_date_privately_and_quietly(chat: ChatHarness, db: Database) -> None:
    await set_up(chat)
    tid = task(db).id
    chat.make_admin(VERA, GROUP)
    assert "aus" in await chat.say(VERA, GROUP, "/einstellungen ansagen aus")
    sent = len(chat.api.sent(GROUP["id"]))
    await press(chat, DANIEL, f"t:{tid}:due")
    choices = chat.api.sent(DANIEL["id"])[-1]
    assert "Neue Frist für <b>#1</b> Kassenbericht (Stadtvorstand)" in choices["text"]
    data = [d for row in button_data(choices) for d in row]
    assert f"f:{tid}:fri" in data and f"f:{tid}:other" not in data
    answer = await press(chat, DANIEL, f"f:{tid}:fri")
    assert answer["text"] == "Frist für #1: Fr, 21.06.2024"
    assert task(db).due_at == FRIDAY_END
    assert chat.api.sent(GROUP["id"])[sent:] == []  # the group asked not to hear of it
    assert "an" in await chat.say(VERA, GROUP, "/einstellungen ansagen an")
    await press(chat, DANIEL, f"f:{tid}:none")
    assert "Frist von <b>#1</b>" in chat.api.sent(GROUP["id"])[-1]["text"]
    assert "nicht" in await chat.say(VERA, GROUP, "/einstellungen ansagen vielleicht")
