"""Help, private chats, the allow-list, the error handler and membership service messages."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.database import Database
from storage.models import Chat, Member
from tests.handlers.conftest import (
    GROUP,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    FakeClock,
    make_settings,
    private_chat,
    start_harness,
)
from tests.support.offline import BOT_USER


async def test_help_in_both_names_and_in_private(chat: ChatHarness) -> None:
    reply = await chat.say(VERA, GROUP, "/hilfe")
    assert "/aufgabe" in reply and "bis Freitag" in reply
    assert await chat.say(VERA, GROUP, "/help") == reply
    private = await chat.say(VERA, private_chat(VERA), "/start")
    assert private.startswith(reply) and "/meine" in private.removeprefix(reply)


async def test_command_addressed_to_this_bot_by_name(chat: ChatHarness) -> None:
    reply = await chat.say(VERA, GROUP, "/aufgabe@boardbot_test_bot Flyer bestellen")
    assert "angelegt: Flyer bestellen" in reply
    assert await chat.send(VERA, GROUP, "/aufgabe@some_other_bot Flyer") == []


async def test_group_commands_in_private_chat_explain_where_to_use_them(
    chat: ChatHarness, db: Database
) -> None:
    reply = await chat.say(VERA, private_chat(VERA), "/aufgabe Flyer")
    assert "nur in eurer Gruppe" in reply and "/aufgabe Flyer drucken" in reply
    assert "/erledigt 3" in await chat.say(VERA, private_chat(VERA), "/erledigt 1")
    with db.transaction() as session:
        assert session.exec(select(Chat)).all() == []


async def test_group_outside_the_allow_list_gets_its_id_and_nothing_is_stored(
    database_url: str, db: Database, clock: FakeClock
) -> None:
    settings = make_settings(database_url, allowed_chat_ids=str(GROUP["id"]))
    harness = await start_harness(settings, db, clock)
    try:
        reply = await harness.say(VERA, OTHER_GROUP, "/aufgabe Geheim")
        assert str(OTHER_GROUP["id"]) in reply and "ALLOWED_CHAT_IDS" in reply
        assert "angelegt" in await harness.say(VERA, GROUP, "/aufgabe Erlaubt")
        with db.transaction() as session:
            assert [c.id for c in session.exec(select(Chat)).all()] == [GROUP["id"]]
        # Private chats are served, scoped to the allowed groups the member is in.
        assert "Erlaubt" not in await harness.say(VERA, private_chat(VERA), "/meine")
    finally:
        await harness.app.shutdown()


async def test_unexpected_error_is_answered_in_plain_words(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import storage.tasks

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database exploded")

    monkeypatch.setattr(storage.tasks, "next_number", broken)
    reply = await chat.say(VERA, GROUP, "/aufgabe Flyer")
    assert "etwas schiefgelaufen" in reply and "Traceback" not in reply
    assert "database exploded" not in reply
    assert any("database exploded" in str(r.exc_info) for r in caplog.records if r.exc_info)


async def test_edited_command_does_not_create_a_second_task(chat: ChatHarness) -> None:
    message = chat.message(VERA, GROUP, "/aufgabe Flyer")
    assert len(await chat.process(message)) == 1
    message["text"] = "/aufgabe Flyer drucken"
    message["edit_date"] = message["date"] + 5
    assert await chat.process(message, kind="edited_message") == []
    assert "(1)" in await chat.say(VERA, GROUP, "/aufgaben")


async def test_bot_added_greets_and_members_are_remembered(chat: ChatHarness, db: Database) -> None:
    joined = chat.message(VERA, GROUP, "", entities=[])
    del joined["text"]
    joined["new_chat_members"] = [BOT_USER, {"id": 105, "is_bot": False, "first_name": "Ines"}]
    replies = await chat.process(joined)
    assert len(replies) == 1 and "/aufgabe" in replies[0]
    with db.transaction() as session:
        members = session.exec(select(Member)).all()
        assert [m.first_name for m in members] == ["Ines"]
    reply = await chat.say(VERA, GROUP, "/aufgabe Kasse prüfen @Ines")
    assert '<a href="tg://user?id=105">Ines</a>' in reply


async def test_bot_removed_marks_chat_inactive(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer @vera")
    removed = chat.message(VERA, GROUP, "", entities=[])
    del removed["text"]
    removed["left_chat_member"] = BOT_USER
    assert await chat.process(removed) == []
    with db.transaction() as session:
        stored = session.get(Chat, GROUP["id"])
        assert stored is not None and stored.active is False
    assert "Flyer" not in await chat.say(VERA, private_chat(VERA), "/meine")


async def test_redelivered_update_is_not_acted_on_twice(chat: ChatHarness) -> None:
    # After a crash before the bot confirmed an update, Telegram sends it again.
    message = chat.message(VERA, GROUP, "/aufgabe Flyer")
    assert len(await chat.process(message, update_id=500)) == 1
    assert await chat.process(message, update_id=500) == []
    assert "(1)" in await chat.say(VERA, GROUP, "/aufgaben")
    # A refused command claims nothing: sent again, it is answered again.
    bad = chat.message(VERA, GROUP, "/aufgabe @vera bis Freitag")  # no title: refused
    assert len(await chat.process(bad, update_id=501)) == 1
    assert len(await chat.process(bad, update_id=501)) == 1
