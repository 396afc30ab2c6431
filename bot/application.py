"""Builds the python-telegram-bot `Application`: defaults, handlers, the command menu and the
error handler. `bot.__main__` runs it; the tests drive the same object with an offline request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.i18n import t
from handlers.common import SERVICES_KEY, Command, Services, services
from handlers.general import GENERAL_COMMANDS, help_command, membership_changed
from handlers.task_changes import TASK_CHANGE_COMMANDS
from handlers.tasks import TASK_COMMANDS
from storage.database import Database

log = logging.getLogger(__name__)


COMMANDS: tuple[Command, ...] = (*TASK_COMMANDS, *TASK_CHANGE_COMMANDS, *GENERAL_COMMANDS)


def menu(language: str) -> list[BotCommand]:
    if language == "de":
        return [BotCommand(c.german, c.description_de) for c in COMMANDS]
    return [BotCommand(c.english, c.description_en) for c in COMMANDS]


async def publish_command_menu(application: Application) -> None:  # type: ignore[type-arg]
    """Set the command menu: the configured language by default, each language for its users."""
    bot = application.bot
    default_language = services_of(application).settings.bot_language
    try:
        await bot.set_my_commands(menu(default_language), scope=BotCommandScopeDefault())
        await bot.set_my_commands(menu("de"), language_code="de")
        await bot.set_my_commands(menu("en"), language_code="en")
    except TelegramError as error:
        # A missing menu is cosmetic; the commands work without it.
        log.warning("could not set the command menu: %s", error)


def services_of(application: Application) -> Services:  # type: ignore[type-arg]
    found: Services = application.bot_data[SERVICES_KEY]
    return found


async def answer_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure and tell the chat in plain words; never show a traceback there."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    lang = services(context).settings.bot_language
    try:
        await context.bot.send_message(update.effective_chat.id, t(lang, "error_generic"))
    except TelegramError as error:
        log.warning("could not report the error to chat %s: %s", update.effective_chat.id, error)


def system_clock() -> datetime:
    return datetime.now(UTC)


def build_application(
    settings: Settings,
    db: Database,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Callable[[], datetime] = system_clock,
) -> Application:  # type: ignore[type-arg]
    """The bot with every handler registered; `request` replaces the network in tests."""
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.api_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .post_init(publish_command_menu)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    application = builder.build()
    application.bot_data[SERVICES_KEY] = Services(settings=settings, db=db, clock=clock)
    # Only new messages: an edited "/task …" must not record the task a second time.
    new_messages = filters.UpdateType.MESSAGE
    for command in COMMANDS:
        application.add_handler(
            CommandHandler([command.english, command.german], command.handler, new_messages)
        )
    application.add_handler(CommandHandler("start", help_command, new_messages))
    application.add_handler(
        MessageHandler(
            filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER,
            membership_changed,
        )
    )
    application.add_error_handler(answer_error)
    return application
