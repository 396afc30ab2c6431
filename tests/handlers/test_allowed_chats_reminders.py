"""Reminders and ALLOWED_CHAT_IDS (issue 13, finding 8): a group taken off the list gets
nothing from the dispatcher; its due reminders are cancelled, not kept for later, so the
group put back on the list gets its future reminders but not a flood of stale ones."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from storage.database import Database
from storage.reminders import NOT_SERVED
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    FakeClock,
    make_settings,
    start_harness,
)
from tests.handlers.test_reminders import at, reminders


def sent_to(messages: list[dict[str, Any]], group: dict[str, Any]) -> list[str]:
    return [str(m["text"]) for m in messages if m["chat"]["id"] == group["id"]]


async def restart(
    harness: ChatHarness, database_url: str, db: Database, clock: FakeClock, **settings: Any
) -> ChatHarness:
    """The bot started again with other settings (ALLOWED_CHAT_IDS is read at start-up)."""
    await harness.app.shutdown()
    return await start_harness(make_settings(database_url, **settings), db, clock)


async def test_a_group_off_the_list_gets_no_reminders_and_no_flood_when_back(
    chat: ChatHarness, database_url: str, db: Database, clock: FakeClock
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken bis Freitag")
    await chat.say(DANIEL, OTHER_GROUP, "/aufgabe Kasse prüfen bis Freitag")
    await chat.say(DANIEL, OTHER_GROUP, "/wiedervorlage Umlage festgelegt? jeden Montag")
    chat = await restart(chat, database_url, db, clock, allowed_chat_ids={GROUP["id"]})
    try:
        clock.now = at(20, 9, 1)  # the day before Friday
        sent = await chat.dispatch()
        assert any("Flyer drucken" in text for text in sent_to(sent, GROUP))
        assert sent_to(sent, OTHER_GROUP) == []
        [skipped] = reminders(db, chat_id=OTHER_GROUP["id"], kind="before")
        assert (skipped.status, skipped.last_error) == ("cancelled", NOT_SERVED)
        clock.now = at(24, 9, 1)  # Monday: due day, overdue, follow-up and the digest
        assert sent_to(await chat.dispatch(), OTHER_GROUP) == []
        assert reminders(db, chat_id=OTHER_GROUP["id"], status="sent") == []
        # the follow-up moved on to next Monday, as if it had been asked
        [followup] = reminders(db, chat_id=OTHER_GROUP["id"], status="pending", kind="followup")
        assert followup.due_at == at(1, 9, month=7)
        # a member of the group still gets the refusal, not the tasks
        assert "nicht freigeschaltet" in await chat.say(DANIEL, OTHER_GROUP, "/aufgaben")

        chat = await restart(chat, database_url, db, clock)  # back on the list (no list)
        clock.now += timedelta(minutes=5)
        assert sent_to(await chat.dispatch(), OTHER_GROUP) == []  # nothing stale comes
        clock.now = at(1, 9, 1, month=7)
        [asked] = [t for t in sent_to(await chat.dispatch(), OTHER_GROUP) if "Umlage" in t]
        assert "Wiedervorlage <b>#2</b>" in asked
    finally:
        await chat.app.shutdown()
