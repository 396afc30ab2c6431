"""The short help with its section buttons, and the command menus the bot publishes, through
the real Application on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import CommandHandler

from bot.application import publish_command_menu
from tests.handlers.conftest import GROUP, NICOLE, VERA, ChatHarness, private_chat


async def sent_message(
    chat: ChatHarness, user: dict[str, Any], where: dict[str, Any], text: str
) -> dict[str, Any]:
    before = len(chat.api.messages)
    await chat.process(chat.message(user, where, text))
    [sent] = chat.api.messages[before:]
    return sent


def buttons(message: dict[str, Any]) -> dict[str, str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def shown(chat: ChatHarness, message: dict[str, Any]) -> dict[str, Any]:
    """The message after its last edit."""
    last = [e for e in chat.api.edits() if int(e["message_id"]) == message["message_id"]][-1]
    return {**message, "text": last["text"], "reply_markup": last.get("reply_markup")}


async def test_short_help_opens_its_sections_in_place(chat: ChatHarness) -> None:
    help_message = await sent_message(chat, VERA, GROUP, "/hilfe")
    short = help_message["text"]
    assert "/aufgabe" in short and "bis Freitag" in short and short.count("\n/") == 5
    assert list(buttons(help_message)) == [
        "📋 Aufgaben",
        "🗳 Beschlüsse",
        "🏛 Sitzungen",
        "👥 Vorstand",
        "⏰ Erinnerungen",
        "⚙️ Einstellungen",
    ]
    rows = help_message["reply_markup"]["inline_keyboard"]
    assert [len(row) for row in rows] == [3, 3]  # two rows of three on a phone
    sections = {}
    for label in list(buttons(help_message)):
        assert await chat.press(NICOLE, help_message, buttons(help_message)[label]) == [""]
        section = shown(chat, help_message)
        assert list(buttons(section)) == ["◀ Zurück"]
        sections[label] = section["text"]
        await chat.press(NICOLE, section, buttons(section)["◀ Zurück"])
        assert shown(chat, help_message)["text"] == short
    # what the long help said is all still there, each in its section
    assert "/zuweisen 3 @vera @nicole" in sections["📋 Aufgaben"]
    assert "Mitte November, Ende Juli, KW 27" in sections["📋 Aufgaben"]
    assert "/vergissmich" in sections["📋 Aufgaben"]
    assert "/beschluss" in sections["🗳 Beschlüsse"]
    assert "/tagesordnung" in sections["🏛 Sitzungen"]
    assert "/protokoll genehmigen" in sections["🏛 Sitzungen"]
    assert "/rolle" in sections["👥 Vorstand"] and "/uebergabe" in sections["👥 Vorstand"]
    assert "/wiedervorlage" in sections["⏰ Erinnerungen"]
    assert "am Vortag" in sections["⏰ Erinnerungen"]
    assert "/einstellungen" in sections["⚙️ Einstellungen"]
    assert len(chat.api.sent()) == 1  # all of it in the one message


async def test_private_start_has_the_buttons_and_the_private_welcome(chat: ChatHarness) -> None:
    group_help = (await sent_message(chat, VERA, GROUP, "/help"))["text"]
    started = await sent_message(chat, VERA, private_chat(VERA), "/start")
    assert started["text"].startswith(group_help) and "/meine" in started["text"]
    await chat.press(VERA, started, buttons(started)["⚙️ Einstellungen"])
    await chat.press(VERA, shown(chat, started), "h:main")
    assert shown(chat, started)["text"] == started["text"]


async def test_help_buttons_work_only_on_a_help_message(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer")
    listing = await sent_message(chat, VERA, GROUP, "/aufgaben")
    assert await chat.press(VERA, listing, "h:tasks") == ["Dieser Knopf gilt hier nicht (mehr)."]
    help_message = await sent_message(chat, VERA, GROUP, "/hilfe")
    assert await chat.press(VERA, help_message, "h:nonsense") == [
        "Dieser Knopf gilt hier nicht (mehr)."
    ]
    assert chat.api.edits() == []


async def test_an_english_group_gets_english_sections(chat: ChatHarness) -> None:
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/settings language en")
    help_message = await sent_message(chat, NICOLE, GROUP, "/help")
    assert "/task" in help_message["text"] and "⚙️ Settings" in buttons(help_message)
    await chat.press(NICOLE, help_message, buttons(help_message)["⚙️ Settings"])
    section = shown(chat, help_message)
    assert section["text"].startswith("<b>Settings</b>") and "◀ Back" in buttons(section)


async def test_the_menus_are_published_per_scope_and_language(chat: ChatHarness) -> None:
    await publish_command_menu(chat.app)
    calls = [p for m, p in chat.api.calls if m == "setMyCommands"]
    menus = {}
    for params in calls:
        scope = (
            params["scope"] if isinstance(params["scope"], dict) else json.loads(params["scope"])
        )
        commands = params["commands"]
        commands = commands if isinstance(commands, list) else json.loads(commands)
        menus[(scope["type"], params.get("language_code"))] = [c["command"] for c in commands]
    scopes = {"default", "all_group_chats", "all_chat_administrators", "all_private_chats"}
    assert set(menus) == {(s, lang) for s in scopes for lang in (None, "de", "en")}
    assert menus[("all_group_chats", None)] == menus[("all_group_chats", "de")]
    assert "tasks" in menus[("all_group_chats", "en")]
    assert "einstellungen" not in menus[("all_group_chats", "de")]
    assert "einstellungen" in menus[("all_chat_administrators", "de")]
    assert "vergissmich" in menus[("all_private_chats", "de")]
    registered = {
        name
        for group in chat.app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }
    listed = {name for names in menus.values() for name in names}
    assert listed == registered  # every command in a menu, every menu entry a command
