"""Telegram's edge cases: a group upgraded to a supergroup (its data follows the new id, also
when a reminder finds out first), anonymous admins, posts in the name of a channel, members
leaving (`chat_member`, a failed membership check) and the bot removed (`my_chat_member`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

from storage.chat_migration import chat_references
from storage.database import Database
from storage.models import Chat, Member, Reminder, Task
from tests.e2e.emulator_core import member_json
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    FakeClock,
    make_settings,
    private_chat,
    start_harness,
)
from tests.handlers.test_hostile_input import snapshot
from tests.handlers.test_reminders import at
from tests.support.offline import BOT_USER

OLD = {"id": -4242, "type": "group", "title": "Vorstand"}
NEW = {"id": -1004242424242, "type": "supergroup", "title": "Vorstand"}
ANONYMOUS = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
TELEGRAM = {"id": 777000, "is_bot": False, "first_name": "Telegram"}
CHANNEL = {"id": -1005555555555, "type": "channel", "title": "Stadtverband News"}


def service(chat: ChatHarness, user: dict[str, Any], where: dict[str, Any], **fields: Any) -> Any:
    """A service message (no text) with `fields`, e.g. migrate_to_chat_id."""
    message = chat.message(user, where, "", entities=[])
    del message["text"]
    message.update(fields)
    return message


def rows_with_chat(db: Database, chat_id: int) -> dict[str, int]:
    """How many rows of each chat-referencing table hold `chat_id`."""
    counts = {}
    with db.engine.connect() as connection:
        for ref in chat_references():
            query = sa_select(ref.column).where(ref.column == chat_id)
            counts[ref.table.name] = len(connection.execute(query).all())
    return {name: n for name, n in counts.items() if n}


async def fill_old_group(chat: ChatHarness) -> None:
    chat.api.admins.add((OLD["id"], DANIEL["id"]))
    await chat.say(VERA, OLD, "/aufgabe Flyer drucken @vera bis Freitag")
    await chat.say(NICOLE, OLD, "/aufgabe Kasse prüfen")
    await chat.say(DANIEL, OLD, "/beschluss Sommerfest findet statt einstimmig")
    await chat.say(DANIEL, OLD, "/wiedervorlage Umlage festgelegt? jeden Montag")
    assert "Gespeichert" in await chat.say(DANIEL, OLD, "/einstellungen stunde 8")


async def test_upgrade_to_supergroup_moves_everything(chat: ChatHarness, db: Database) -> None:
    await fill_old_group(chat)
    before = rows_with_chat(db, OLD["id"])
    assert {"task", "decision", "reminder", "member", "counter"} <= before.keys()
    # Telegram says it twice: in the old group and in the new one; both are silent.
    to_new = service(chat, DANIEL, OLD, migrate_to_chat_id=NEW["id"])
    assert await chat.process(to_new) == []
    assert await chat.process(service(chat, DANIEL, NEW, migrate_from_chat_id=OLD["id"])) == []
    assert await chat.process(to_new) == []  # redelivered: harmless
    assert rows_with_chat(db, OLD["id"]) == {}
    assert rows_with_chat(db, NEW["id"]) == before
    with db.transaction() as session:
        assert session.get(Chat, OLD["id"]) is None
        moved = session.get(Chat, NEW["id"])
        assert moved is not None and moved.type == "supergroup" and moved.reminder_hour == 8
    # Numbering continues, the record is there, owners are still linked.
    assert "Aufgabe <b>#4</b> angelegt" in await chat.say(VERA, NEW, "/aufgabe Plakate")
    listing = await chat.say(VERA, NEW, "/aufgaben")
    assert "Flyer drucken" in listing and "Kasse prüfen" in listing
    assert "Sommerfest" in await chat.say(VERA, NEW, "/beschluesse")
    assert "B 2024/2" in await chat.say(DANIEL, NEW, "/beschluss Haushalt 2025")
    mine = await chat.say(VERA, private_chat(VERA), "/meine")
    assert "Flyer drucken" in mine
    # The old id (it cannot really write any more) knows nothing stale.
    assert "Flyer" not in await chat.say(VERA, OLD, "/aufgaben alle")


async def test_upgrade_when_the_new_id_was_seen_first(chat: ChatHarness, db: Database) -> None:
    await fill_old_group(chat)
    # e.g. a my_chat_member update for the supergroup came before the migrate message
    assert await chat.say(NICOLE, NEW, "/hilfe")
    await chat.process(service(chat, DANIEL, NEW, migrate_from_chat_id=OLD["id"]))
    assert rows_with_chat(db, OLD["id"]) == {}
    digests = [r for r in reminders(db, NEW["id"]) if r.kind == "digest" and r.status == "pending"]
    assert len(digests) == 1
    with db.transaction() as session:
        members = session.exec(select(Member).where(Member.chat_id == NEW["id"])).all()
        assert sorted(m.user_id for m in members) == [VERA["id"], NICOLE["id"], DANIEL["id"]]
        moved = session.get(Chat, NEW["id"])
        assert moved is not None and moved.reminder_hour == 8
    assert "Aufgabe <b>#4</b>" in await chat.say(VERA, NEW, "/aufgabe Plakate")


def reminders(db: Database, chat_id: int) -> list[Reminder]:
    with db.transaction() as session:
        return list(session.exec(select(Reminder).where(Reminder.chat_id == chat_id)).all())


async def test_reminder_to_an_upgraded_group_follows_it(
    chat: ChatHarness, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.say(VERA, OLD, "/erinnere Kassenbericht einreichen am 20.06.")
    api, original = chat.api, chat.api.do_request

    async def upgraded(url: str, method: str, request_data: Any = None, **kw: Any) -> Any:
        params = dict(request_data.parameters) if request_data else {}
        if url.endswith("/sendMessage") and int(params.get("chat_id", 0)) == OLD["id"]:
            api.calls.append(("sendMessage", params))
            error = {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
                "parameters": {"migrate_to_chat_id": NEW["id"]},
            }
            return 400, json.dumps(error).encode()
        return await original(url, method, request_data, **kw)

    monkeypatch.setattr(api, "do_request", upgraded)
    chat.clock.now = at(20, 9, 1)
    sent = await chat.dispatch()
    assert [(m["chat"]["id"], "Kassenbericht" in m["text"]) for m in sent] == [(NEW["id"], True)]
    plain = [r for r in reminders(db, NEW["id"]) if r.kind == "plain"]
    assert [r.status for r in plain] == ["sent"]
    assert rows_with_chat(db, OLD["id"]) == {}


async def test_anonymous_admin_may_use_commands(chat: ChatHarness, db: Database) -> None:
    def as_group(text: str, signature: str | None = None) -> dict[str, Any]:
        message = chat.message(ANONYMOUS, GROUP, text)
        message["sender_chat"] = GROUP
        if signature:
            message["author_signature"] = signature
        return message

    [created] = await chat.process(as_group("/aufgabe Flyer drucken @vera"))
    assert "angelegt" in created
    [decided] = await chat.process(as_group("/beschluss Sommerfest einstimmig", "Kassenwart"))
    assert "B 2024/1" in decided
    # Anonymous admins are admins: the settings are theirs to change (no getChatMember asked).
    [saved] = await chat.process(as_group("/einstellungen stunde 8"))
    assert "Gespeichert" in saved
    assert [m for m, _ in chat.api.calls if m == "getChatMember"] == []
    with db.transaction() as session:
        assert session.exec(select(Member)).all() == []  # nobody recorded as a member
        task = session.exec(select(Task)).one()
        assert task.created_by_name == "Stadtvorstand"
    with db.engine.connect() as connection:
        query = "SELECT created_by_name FROM decision"
        assert connection.exec_driver_sql(query).scalars().all() == ["Kassenwart"]


async def test_posts_in_the_name_of_a_channel_are_ignored(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer")
    before = snapshot(db)
    as_channel = chat.message(CHANNEL_BOT, GROUP, "/aufgabe Werbung")
    as_channel["sender_chat"] = CHANNEL
    assert await chat.process(as_channel) == []
    forwarded = chat.message(TELEGRAM, GROUP, "/erledigt 1")
    forwarded.update(sender_chat=CHANNEL, is_automatic_forward=True)
    assert await chat.process(forwarded) == []
    in_channel = chat.message(CHANNEL_BOT, CHANNEL, "/aufgabe Kanal")
    del in_channel["from"]
    in_channel["sender_chat"] = CHANNEL
    assert await chat.process(in_channel, kind="channel_post") == []
    assert snapshot(db) == before


def member_update(
    chat: ChatHarness, user: dict[str, Any], where: dict[str, Any], old: str, new: str
) -> dict[str, Any]:
    return {
        "chat": where,
        "from": user,
        "date": int(chat.clock.now.timestamp()),
        "old_chat_member": member_json(user, old),
        "new_chat_member": member_json(user, new),
    }


async def test_chat_member_left_ends_private_access(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken @vera")
    assert "Flyer drucken" in await chat.say(VERA, private_chat(VERA), "/meine")
    update = member_update(chat, VERA, GROUP, "member", "left")
    assert await chat.process(update, kind="chat_member") == []
    assert "Flyer drucken" not in await chat.say(VERA, private_chat(VERA), "/meine")
    assert "Flyer drucken" not in await chat.say(VERA, private_chat(VERA), "/aufgaben")
    # Back in the group: the group's items are hers to see again.
    await chat.process(member_update(chat, VERA, GROUP, "left", "member"), kind="chat_member")
    assert "Flyer drucken" in await chat.say(VERA, private_chat(VERA), "/meine")
    # Banned: gone again.
    await chat.process(member_update(chat, VERA, GROUP, "member", "kicked"), kind="chat_member")
    assert "Flyer drucken" not in await chat.say(VERA, private_chat(VERA), "/meine")


async def test_failed_membership_check_ends_private_access(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer drucken @vera")
    assert "Flyer drucken" in await chat.say(VERA, private_chat(VERA), "/meine")
    asked = [p for m, p in chat.api.calls if m == "getChatMember"]
    assert [int(p["chat_id"]) for p in asked] == [GROUP["id"]]
    # Confirmed memberships are trusted for a while: no second question.
    await chat.say(VERA, private_chat(VERA), "/meine")
    assert len([m for m, _ in chat.api.calls if m == "getChatMember"]) == 1
    # She left without the bot noticing (no service message, no chat_member update).
    chat.api.fail_next("getChatMember", 400, "Bad Request: user not found")
    monkeypatch.setitem(chat.app.bot_data, "membership_checks", {})
    assert "Flyer drucken" not in await chat.say(VERA, private_chat(VERA), "/meine")
    # A network error revokes nothing.
    await chat.process(member_update(chat, VERA, GROUP, "left", "member"), kind="chat_member")
    chat.api.fail_next("getChatMember", 502, "Bad Gateway")
    assert "Flyer drucken" in await chat.say(VERA, private_chat(VERA), "/meine")


async def test_bot_kicked_or_added_via_my_chat_member(
    database_url: str, db: Database, clock: FakeClock
) -> None:
    harness = await start_harness(
        make_settings(database_url, allowed_chat_ids=f"{GROUP['id']},{OLD['id']}"), db, clock
    )
    try:
        await harness.say(VERA, GROUP, "/aufgabe Flyer @vera bis Freitag")
        said = len(harness.api.sent())
        assert any(r.status == "pending" for r in reminders(db, GROUP["id"]))
        kicked = member_update(harness, BOT_USER, GROUP, "member", "kicked")
        kicked["from"] = VERA
        assert await harness.process(kicked, kind="my_chat_member") == []
        with db.transaction() as session:
            stored = session.get(Chat, GROUP["id"])
            assert stored is not None and stored.active is False
        assert [r for r in reminders(db, GROUP["id"]) if r.status == "pending"] == []
        assert "Flyer" not in await harness.say(VERA, private_chat(VERA), "/meine")
        # Added to an allowed group: it is stored; to another one: nothing is.
        added = member_update(harness, BOT_USER, OLD, "left", "member")
        await harness.process(added, kind="my_chat_member")
        elsewhere = {"id": -1007777777777, "type": "supergroup", "title": "Fremd"}
        promoted = member_update(harness, BOT_USER, elsewhere, "left", "administrator")
        await harness.process(promoted, kind="my_chat_member")
        with db.transaction() as session:
            assert session.get(Chat, OLD["id"]) is not None
            assert session.get(Chat, elsewhere["id"]) is None
        assert len(harness.api.sent()) == said + 1  # only the private /meine was answered
    finally:
        await harness.app.shutdown()


def test_every_table_with_a_chat_id_follows_an_upgrade() -> None:
    # A table added later moves with the chat if its chat_id has a foreign key to chat.id.
    found = {ref.table.name for ref in chat_references()}
    with_chat_id = {t.name for t in SQLModel.metadata.sorted_tables if "chat_id" in t.c}
    assert with_chat_id == found
    assert {"member", "counter", "task", "reminder", "decision", "meeting", "agendaitem"} <= found
