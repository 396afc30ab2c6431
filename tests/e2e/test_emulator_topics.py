"""The emulator's forum topics, driven by python-telegram-bot's real ``telegram.Bot``: sends
into a topic are remembered there; General, unknown, deleted and closed topics and groups
without topics are refused like Telegram refuses them; members' topic messages look like
Telegram's."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest

from .emulator import BotApiEmulator as Emu
from .emulator_fixtures import anna, bot, emu  # noqa: F401  (fixtures)
from .emulator_topics import GENERAL

JSON = dict[str, Any]


@pytest.fixture
def forum(emu: Emu, anna: JSON) -> JSON:
    return emu.create_forum("Vorstand", [anna])


async def test_a_send_into_a_topic_stays_in_it(emu: Emu, bot: Bot, anna: JSON, forum: JSON) -> None:
    flyer = emu.create_topic(anna, forum, "Flyer")
    sent = await bot.send_message(forum["id"], "im Thema", message_thread_id=flyer)
    assert sent.message_thread_id == flyer and sent.is_topic_message
    general = await bot.send_message(forum["id"], "allgemein")
    assert general.message_thread_id is None and not general.is_topic_message
    assert [m["text"] for m in emu.in_topic(forum, flyer)] == ["im Thema"]
    assert [m["text"] for m in emu.in_topic(forum, None)] == ["allgemein"]
    assert sent.chat.is_forum


@pytest.mark.parametrize("thread", [GENERAL, 4242])
async def test_general_and_unknown_topics_are_refused(bot: Bot, forum: JSON, thread: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(forum["id"], "x", message_thread_id=thread)


async def test_a_group_without_topics_refuses_a_thread(emu: Emu, bot: Bot, anna: JSON) -> None:
    group = emu.create_group("Kasse", [anna], supergroup=True)
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(group["id"], "x", message_thread_id=2)


async def test_a_closed_topic_refuses_until_reopened(
    emu: Emu, bot: Bot, anna: JSON, forum: JSON
) -> None:
    flyer = emu.create_topic(anna, forum, "Flyer")
    emu.close_topic(anna, forum, flyer)
    with pytest.raises(BadRequest, match=r"(?i)topic_closed"):
        await bot.send_message(forum["id"], "x", message_thread_id=flyer)
    emu.close_topic(anna, forum, flyer, closed=False)
    assert (await bot.send_message(forum["id"], "y", message_thread_id=flyer)).message_thread_id


async def test_a_deleted_topic_takes_its_messages_along(
    emu: Emu, bot: Bot, anna: JSON, forum: JSON
) -> None:
    flyer = emu.create_topic(anna, forum, "Flyer")
    sent = await bot.send_message(forum["id"], "im Thema", message_thread_id=flyer)
    emu.delete_topic(forum, flyer)
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_document(forum["id"], b"x", filename="a.md", message_thread_id=flyer)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("neu", chat_id=forum["id"], message_id=sent.message_id)


async def test_a_document_goes_to_its_topic(emu: Emu, bot: Bot, anna: JSON, forum: JSON) -> None:
    flyer = emu.create_topic(anna, forum, "Flyer")
    await bot.send_document(forum["id"], b"# Protokoll", filename="p.md", message_thread_id=flyer)
    [document] = emu.documents(forum["id"])
    assert document["thread_id"] == flyer and document["data"] == b"# Protokoll"


async def test_a_members_topic_message_looks_like_telegrams(
    emu: Emu, bot: Bot, anna: JSON, forum: JSON
) -> None:
    flyer = emu.create_topic(anna, forum, "Flyer")
    msg = emu.send_text(anna, forum, "/aufgaben", topic=flyer)
    assert msg["message_thread_id"] == flyer and msg["is_topic_message"] is True
    assert msg["reply_to_message"]["forum_topic_created"]["name"] == "Flyer"
    assert msg["chat"]["is_forum"] is True
    plain = emu.send_text(anna, forum, "/aufgaben")
    assert "message_thread_id" not in plain and "reply_to_message" not in plain
    updates = await bot.get_updates()
    topic_commands = [u.message for u in updates if u.message and u.message.text == "/aufgaben"]
    assert [m.message_thread_id for m in topic_commands if m] == [flyer, None]


async def test_a_reply_without_thread_lands_in_the_replied_topic(
    emu: Emu, bot: Bot, anna: JSON, forum: JSON
) -> None:
    flyer = emu.create_topic(anna, forum, "Flyer")
    msg = emu.send_text(anna, forum, "/aufgaben", topic=flyer)
    sent = await bot.send_message(forum["id"], "Antwort", reply_to_message_id=msg["message_id"])
    assert sent.message_thread_id == flyer
    assert [m["text"] for m in emu.in_topic(forum, flyer)] == ["Antwort"]
