"""Tests of the Bot API emulator itself, driven by python-telegram-bot's real ``telegram.Bot``."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
import time
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)

from .emulator import BotApiEmulator as Emu
from .emulator_fixtures import BOT, anna, bot, emu  # noqa: F401  (fixtures)

JSON = dict[str, Any]
# PTB itself reads the deprecated int ``RetryAfter.retry_after`` when it builds the error.
no_retry_after_warning = pytest.mark.filterwarnings("ignore:.*retry_after:DeprecationWarning")


@pytest.fixture
def group(emu: Emu, anna: JSON) -> JSON:
    return emu.create_group("Vorstand", [anna])


@pytest.fixture
def dm(emu: Emu, anna: JSON) -> JSON:
    """Anna's private chat with the bot, after she sent /start."""
    chat = emu.private_chat(anna)
    emu.send_text(anna, chat, "/start")
    return chat


def retry_after_sent(emu: Emu) -> int:
    return int(emu.requests[-1]["response"]["parameters"]["retry_after"])


async def drain(bot: Bot) -> int:
    """Fetch and confirm everything queued so far; returns the next offset."""
    updates = await bot.get_updates(timeout=0)
    offset = updates[-1].update_id + 1 if updates else 0
    await bot.get_updates(offset=offset, timeout=0)
    return offset


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Erledigt", callback_data=data)]])


async def test_get_me_parses(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == BOT and me.id == 123
    assert me.can_read_all_group_messages is False and me.supports_inline_queries is False


async def test_send_message_returns_a_full_message(emu: Emu, bot: Bot, group: JSON) -> None:
    html = "<b>Flyer</b> &amp; Plakate"
    msg = await bot.send_message(group["id"], html, parse_mode="HTML", reply_markup=keyboard("d"))
    assert abs((msg.date - dtm.datetime.now(dtm.UTC)).total_seconds()) < 5  # seconds, not ms
    assert msg.chat.type == "group" and msg.chat.title == "Vorstand"
    assert msg.from_user is not None and msg.from_user.id == 123
    assert msg.text == "Flyer & Plakate" and msg.reply_markup == keyboard("d")
    assert msg.entities[0].type == "bold" and msg.entities[0].length == 5
    stored = emu.bot_messages(group["id"])[-1]
    assert stored["text"] == "Flyer & Plakate" and stored["html"] == html
    assert stored["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "d"
    reply = await bot.send_message(group["id"], "Antwort", reply_to_message_id=msg.message_id)
    assert reply.reply_to_message is not None
    assert emu.bot_messages(group)[-1]["reply_to"] == msg.message_id
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(group["id"], "x", reply_to_message_id=999)


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>fett", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("<br>", 'Unsupported start tag "br"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
    ],
)
async def test_bad_html_is_rejected_like_telegram(
    emu: Emu, bot: Bot, dm: JSON, html: str, detail: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as exc:
        await bot.send_message(dm["id"], html, parse_mode="HTML")
    assert detail.lower() in str(exc.value).lower()
    assert emu.bot_messages() == []


async def test_supported_html_is_accepted(bot: Bot, dm: JSON) -> None:
    html = (
        '<strong>a</strong> &lt;3 &#228; <a href="https://x.org">l</a> <tg-spoiler>s</tg-spoiler> '
        '<span class="tg-spoiler">t</span> <blockquote expandable>q</blockquote>'
        '<pre><code class="language-python">x = 1</code></pre> <u>u</u><s>s</s><code>c</code>'
    )
    msg = await bot.send_message(dm["id"], html, parse_mode="HTML")
    assert msg.text == "a <3 ä l s t qx = 1 usc"
    types = [e.type for e in msg.entities]
    for expected in ("bold", "text_link", "spoiler", "expandable_blockquote", "pre", "code"):
        assert expected in types
    assert [e.language for e in msg.entities if e.type == "pre"] == ["python"]


async def test_markdown_v2_reserved_character_is_rejected(bot: Bot, dm: JSON) -> None:
    with pytest.raises(BadRequest, match=r"(?i)reserved and must be escaped"):
        await bot.send_message(dm["id"], "Termin am 30.06.", parse_mode="MarkdownV2")
    msg = await bot.send_message(dm["id"], r"*Termin* am 30\.06\.", parse_mode="MarkdownV2")
    assert msg.text == "Termin am 30.06." and msg.entities[0].type == "bold"


async def test_length_limits_count_text_after_entity_parsing(bot: Bot, group: JSON) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(group["id"], "x" * 4097)
    await bot.send_message(group["id"], "ä" * 4096)
    await bot.send_message(group["id"], "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(group["id"], "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-999, "hallo")


async def test_unknown_method_and_wrong_token(emu: Emu, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("nonexistent")
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.base_url}{emu.token}/nonexistent") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        async with http.get(f"{emu.base_url}{emu.token}/GETME") as resp:  # case-insensitive
            assert resp.status == 200 and (await resp.json())["result"]["is_bot"] is True
    with pytest.raises(InvalidToken):
        await Bot("999:WRONG", base_url=emu.base_url).get_me()
    assert emu.requests[-1]["status"] == 401


async def test_long_polling_returns_as_soon_as_a_user_writes(
    emu: Emu, bot: Bot, anna: JSON
) -> None:
    threading.Timer(0.3, emu.send_text, (anna, emu.private_chat(anna), "hallo")).start()
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    assert 0.25 < time.monotonic() - started < 3  # well before the 5 s timeout
    assert updates[0].message is not None and updates[0].message.text == "hallo"
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_updates_stay_queued_until_a_higher_offset_confirms_them(
    emu: Emu, bot: Bot, anna: JSON
) -> None:
    chat = emu.private_chat(anna)
    emu.send_text(anna, chat, "eins")
    emu.send_text(anna, chat, "zwei")
    first = await bot.get_updates(timeout=0)
    again = await bot.get_updates(timeout=0)  # e.g. the bot died before confirming
    assert [u.update_id for u in first] == [u.update_id for u in again]
    assert len(first) == 2 and emu.updates_delivered() == 2
    rest = await bot.get_updates(offset=first[0].update_id + 1, limit=5, timeout=0)
    assert [u.message.text for u in rest if u.message] == ["zwei"]
    assert await bot.get_updates(offset=first[1].update_id + 1, timeout=0) == ()
    assert emu.pending_updates() == []


async def test_bot_command_entities_use_utf16_offsets(emu: Emu, bot: Bot, anna: JSON) -> None:
    text = f"😀 /task@{BOT} Flyer #vorstand @anna_k https://x.org/a."
    sent = emu.send_text(anna, emu.private_chat(anna), text)
    kinds = [(e["type"], e["offset"], e["length"]) for e in sent["entities"]]
    assert kinds == [
        ("bot_command", 3, 23),
        ("hashtag", 33, 9),
        ("mention", 43, 7),
        ("url", 51, 15),
    ]
    (update,) = await bot.get_updates(timeout=0)
    msg = update.message
    assert msg is not None
    assert list(msg.parse_entities(["bot_command"]).values()) == [f"/task@{BOT}"]
    assert list(msg.parse_entities(["url"]).values()) == ["https://x.org/a"]


async def test_group_privacy_mode(emu: Emu, bot: Bot, anna: JSON, group: JSON) -> None:
    await drain(bot)
    own = await bot.send_message(group["id"], "Neue Aufgabe?")
    for text in ("hallo zusammen", "/task@otherbot Flyer", "siehe /task", "@other_person hi"):
        emu.send_text(anna, group, text)
    delivered = ["/task Flyer", f"/task@{BOT} Plakat", f"frag @{BOT}"]
    for text in delivered:
        emu.send_text(anna, group, text)
    emu.send_text(anna, group, "ja, bitte", reply_to=own.to_dict())
    emu.send_text(anna, emu.private_chat(anna), "ganz normal")
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == [
        *delivered,
        "ja, bitte",
        "ganz normal",
    ]
    assert updates[3].message and updates[3].message.reply_to_message


async def test_members_edits_and_text_mentions(emu: Emu, bot: Bot, anna: JSON, group: JSON) -> None:
    offset = await drain(bot)
    ben = emu.create_user("Ben")  # no username: only a text_mention can address him
    emu.add_member(group, ben)
    said = emu.send_text_mention(anna, group, "/task Kasse für Ben", ben)
    emu.edit_text(anna, said, "/task Kasse prüfen für Ben")
    emu.remove_member(group, ben)
    updates = await bot.get_updates(offset=offset, timeout=0)  # no chat_member: not an admin
    joined, task, edited, left = (u.effective_message for u in updates)
    assert joined and joined.new_chat_members[0].id == ben["id"]
    assert task and task.parse_entities(["text_mention"]) and task.entities[-1].user
    assert edited and updates[2].edited_message and edited.text == "/task Kasse prüfen für Ben"
    assert left and left.left_chat_member and left.left_chat_member.id == ben["id"]
    await bot.get_updates(
        offset=updates[-1].update_id + 1, timeout=0, allowed_updates=["chat_member"]
    )
    emu.set_bot_admin(group)
    emu.add_member(group, ben)
    (update,) = await bot.get_updates(timeout=0)
    assert update.chat_member and update.chat_member.new_chat_member.status == "member"
    await bot.get_updates(offset=update.update_id + 1, timeout=0)
    emu.wait_until_idle(timeout=2, quiet=0.1)


async def test_kicked_bot_gets_forbidden_and_updates(emu: Emu, bot: Bot, group: JSON) -> None:
    offset = await drain(bot)
    emu.kick_bot(group["id"])
    with pytest.raises(Forbidden, match=r"(?i)kicked from the group chat"):
        await bot.send_message(group["id"], "hallo?")
    updates = await bot.get_updates(offset=offset, timeout=0)
    assert updates[0].my_chat_member is not None
    assert updates[0].my_chat_member.new_chat_member.status == "left"
    assert updates[1].message is not None and updates[1].message.left_chat_member is not None
    assert updates[1].message.left_chat_member.id == 123


async def test_private_chats_need_a_start_and_can_be_blocked(
    emu: Emu, bot: Bot, anna: JSON
) -> None:
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(anna["id"], "Erinnerung")
    emu.send_text(anna, emu.private_chat(anna), "/start")
    await bot.send_message(anna["id"], "Erinnerung")
    emu.block_bot(anna)
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(anna["id"], "Erinnerung")


@no_retry_after_warning
async def test_fail_next_injects_errors(emu: Emu, bot: Bot, group: JSON) -> None:
    emu.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(group["id"], "eins")
    assert retry_after_sent(emu) == 3
    emu.fail_next("sendmessage", 502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(group["id"], "zwei")
    await bot.send_message(group["id"], "drei")
    assert [m["text"] for m in emu.bot_messages(group)] == ["drei"]
    statuses = [r["status"] for r in emu.requests if r["method"] == "sendMessage"]
    assert statuses == [429, 502, 502, 200]


@no_retry_after_warning
async def test_rate_limits_per_group(emu: Emu, bot: Bot, anna: JSON, group: JSON) -> None:
    other = emu.create_group("Kasse", [anna])
    for i in range(3):
        await bot.send_message(group["id"], f"ok {i}")  # off by default
    emu.enforce_rate_limits(per_chat_per_minute=3, global_per_second=30)
    for i in range(3):
        await bot.send_message(group["id"], f"ok {i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(group["id"], "zu viel")
    assert 1 <= retry_after_sent(emu) <= 60
    await bot.send_message(other["id"], "andere Gruppe geht")


async def test_edit_and_delete(emu: Emu, bot: Bot, anna: JSON, group: JSON) -> None:
    msg = await bot.send_message(group["id"], "<b>Stand</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>Stand</b>", group["id"], msg.message_id, parse_mode="HTML")
    edited = await bot.edit_message_text("Stand: 2 offen", group["id"], msg.message_id)
    assert isinstance(edited, Message) and edited.edit_date is not None
    stored = emu.bot_message(group, msg.message_id)
    assert stored["text"] == "Stand: 2 offen" and stored["edits"][0]["text"] == "Stand"
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", group["id"], 999)
    user_msg = emu.send_text(anna, group, "/task x")
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", group["id"], user_msg["message_id"])
    assert await bot.delete_message(group["id"], msg.message_id) is True
    assert emu.bot_message(group, msg.message_id)["deleted"] is True
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(group["id"], msg.message_id)


async def test_press_button_round_trip(emu: Emu, bot: Bot, anna: JSON, group: JSON) -> None:
    offset = await drain(bot)
    await bot.send_message(group["id"], "Flyer drucken", reply_markup=keyboard("done:7"))
    stored = emu.wait_for_bot_message(group["id"], contains="Flyer")
    with pytest.raises(AssertionError, match="no button"):
        emu.press_button(anna, stored, "nope")
    query_id = emu.press_button(anna, stored, "done:7")
    (update,) = await bot.get_updates(offset=offset, timeout=0)
    query = update.callback_query
    assert query is not None and query.id == query_id and query.data == "done:7"
    assert query.chat_instance and query.message is not None
    assert query.message.chat.id == group["id"] and query.from_user.id == anna["id"]
    assert await query.answer("Erledigt!") is True
    assert emu.callback_answers == [{"callback_query_id": query_id, "text": "Erledigt!"}]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(group["id"], "zu lang", reply_markup=keyboard("d" * 65))


async def test_send_document_is_stored(emu: Emu, bot: Bot, group: JSON) -> None:
    data = b"Aufgabe;Wer\nFlyer;Anna\n"
    document = InputFile(data, filename="aufgaben.csv")
    msg = await bot.send_document(group["id"], document, caption="<b>CSV</b>", parse_mode="HTML")
    assert msg.document is not None and msg.document.file_name == "aufgaben.csv"
    assert msg.caption == "CSV"
    (doc,) = emu.documents(group["id"])
    assert doc["filename"] == "aufgaben.csv" and doc["data"] == data
    assert doc["text"] == "CSV" and doc["html"] == "<b>CSV</b>"
    assert emu.calls("sendDocument")[0]["document"]["size"] == len(data)


async def test_migration_to_supergroup(emu: Emu, bot: Bot, group: JSON) -> None:
    offset = await drain(bot)
    supergroup = emu.migrate_to_supergroup(group)
    with pytest.raises(ChatMigrated) as exc:
        await bot.send_message(group["id"], "hallo")
    assert exc.value.new_chat_id == supergroup["id"] and str(supergroup["id"]).startswith("-100")
    updates = await bot.get_updates(offset=offset, timeout=0)
    old, new = (u.message for u in updates if u.message)
    assert old.migrate_to_chat_id == supergroup["id"] and old.chat.id == group["id"]
    assert new.migrate_from_chat_id == group["id"] and new.chat.type == "supergroup"
    await bot.send_message(supergroup["id"], "hallo")


async def test_commands_are_stored_per_scope_and_language(emu: Emu, bot: Bot) -> None:
    await bot.set_my_commands([("task", "Aufgabe anlegen")], language_code="de")
    await bot.set_my_commands([("task", "Create a task")])
    assert emu.commands(language_code="de") == [
        {"command": "task", "description": "Aufgabe anlegen"}
    ]
    assert [c.description for c in await bot.get_my_commands()] == ["Create a task"]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Task", "Groß")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("task", "x" * 257)])
    params = emu.calls("setMyCommands")[0]
    assert params["language_code"] == "de"
    assert params["commands"][0]["description"] == "Aufgabe anlegen"


async def test_second_poller_terminates_the_first_with_conflict(emu: Emu, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    async with Bot(emu.token, base_url=emu.base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=1))
        with pytest.raises(Conflict):
            await first
        assert time.monotonic() - started < 3  # not after the first poller's 5 s
        assert await second == ()


def test_wait_for_bot_message_after_mark_and_readable_timeout(emu: Emu, group: JSON) -> None:
    async def send(text: str) -> None:
        async with Bot(emu.token, base_url=emu.base_url) as tg_bot:
            await tg_bot.send_message(group["id"], text)

    asyncio.run(send("Alte Nachricht"))
    mark = emu.mark()
    threading.Timer(0.2, lambda: asyncio.run(send("Neue Nachricht"))).start()
    found = emu.wait_for_bot_message(group["id"], contains="Nachricht", after=mark, timeout=5)
    assert found["text"] == "Neue Nachricht" and found["event"] == "sent"
    with pytest.raises(AssertionError, match="Alte Nachricht") as exc:
        emu.wait_for_bot_message(group["id"], contains="gibt es nicht", timeout=0.3)
    assert "Unconfirmed updates: 2" in str(exc.value)
