"""The command menu Telegram shows behind the `/` button (`setMyCommands`), per audience and
per language, read from the `menus` of the `Command` table (handlers.common.context).

Telegram shows the narrowest menu that applies: in a group its administrators see the
`BotCommandScopeAllChatAdministrators` menu (the everyday commands and the rest: settings,
history, register, …), every other member the `BotCommandScopeAllGroupChats` menu (the everyday
commands), a private chat the `BotCommandScopeAllPrivateChats` one. Each is set once without a
language (the configured BOT_LANGUAGE) and once per language for clients set to it; the
default scope gets the group members' menu.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.i18n import SUPPORTED_LANGUAGES, Language
from handlers.common.context import Command, Menu

log = logging.getLogger(__name__)

# which commands each menu lists: administrators see the members' commands too
MENU_AUDIENCES: dict[Menu, tuple[Menu, ...]] = {
    "group": ("group",),
    "admin": ("group", "admin"),
    "private": ("private",),
}
MENU_SCOPES: tuple[tuple[Menu, BotCommandScope], ...] = (
    ("group", BotCommandScopeDefault()),
    ("group", BotCommandScopeAllGroupChats()),
    ("admin", BotCommandScopeAllChatAdministrators()),
    ("private", BotCommandScopeAllPrivateChats()),
)


def menu_commands(commands: Sequence[Command], menu: Menu, language: Language) -> list[BotCommand]:
    """The menu's entries in the table's order, named and described in `language`."""
    shown = MENU_AUDIENCES[menu]
    return [
        BotCommand(c.german, c.description_de)
        if language == "de"
        else BotCommand(c.english, c.description_en)
        for c in commands
        if any(audience in c.menus for audience in shown)
    ]


async def publish_menus(bot: Bot, commands: Sequence[Command], default: Language) -> None:
    """Set every menu: each scope in the configured language, and in each language for clients
    set to it. The twelve calls go out together (one after the other they added a second to
    start-up). A missing menu is cosmetic (the commands work without it): logged, not raised."""
    calls = []
    for menu, scope in MENU_SCOPES:
        calls.append(bot.set_my_commands(menu_commands(commands, menu, default), scope=scope))
        for language in SUPPORTED_LANGUAGES:
            entries = menu_commands(commands, menu, language)
            calls.append(bot.set_my_commands(entries, scope=scope, language_code=language))
    for outcome in await asyncio.gather(*calls, return_exceptions=True):
        if isinstance(outcome, TelegramError):
            log.warning("could not set the command menu: %s", outcome)
        elif isinstance(outcome, BaseException):
            raise outcome
