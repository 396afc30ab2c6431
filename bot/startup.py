"""What every boardbot process does before it works: read the settings, open and migrate the
database, prepare the reminders, prove the token. Each failure is one sentence and an exit code
(`StartupError`), never a traceback: configuration mistakes are the user's to fix, not bugs.
"""

from __future__ import annotations

import gc
import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, User
from telegram.error import InvalidToken, TelegramError

from bot.config import Settings, describe_settings_error
from bot.logsetup import configure_logging, redact_token
from bot.redaction import (
    install_excepthook,
    redact,
    register_database_url,
    register_secret,
    safe_database_url,
)
from bot.reminders.dispatcher import dead_workers
from bot.reminders.schedule import PLANNER
from storage.database import Database, upgrade_database
from storage.reminders import claim_holders, prepare_reminders, release_claims_of
from storage.updates import prune_processed_updates

log = logging.getLogger("bot")
DATABASE_ERRORS = (SQLAlchemyError, OSError, ImportError)


class StartupError(Exception):
    """A reason not to start, as one sentence; its text never carries a secret."""

    def __init__(self, exit_code: int, message: str) -> None:
        super().__init__(redact(message))
        self.exit_code = exit_code


def safe_url(url: str) -> str:
    """The database URL without its password (userinfo or `?password=`), for messages."""
    return safe_database_url(url)


# Commands that never talk to Telegram (db, backup, export) do not need the real token.
OFFLINE_TOKEN = "0:offline-no-token-needed"


def load_settings(
    *, offline: bool = False, level: int = logging.INFO, **overrides: Any
) -> Settings:
    """The settings from the environment and `.env`, with logging set up for them.

    `offline=True` is for commands that never call Telegram: a missing token is no error.
    `overrides` (field names) take precedence over the environment."""
    configure_logging(level)
    if offline:
        overrides.setdefault("telegram_bot_token", OFFLINE_TOKEN)
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        raise StartupError(2, describe_settings_error(error)) from None
    configure_logging(level, settings.log_format)  # LOG_FORMAT may come from .env
    register_secrets(settings)
    return settings


def register_secrets(settings: Settings) -> None:
    """Keep the token, the webhook secret and the database password out of every log line,
    printed message and traceback (`bot.redaction`)."""
    register_database_url(settings.database_url)
    if settings.webhook_secret is not None:
        register_secret(settings.webhook_secret.get_secret_value())
    redact_token(settings.telegram_bot_token.get_secret_value())
    install_excepthook()


def database_error(settings: Settings, error: Exception) -> StartupError:
    """The one sentence for a database that cannot be opened."""
    detail = redact((str(error).splitlines() or [""])[0])
    return StartupError(
        3,
        f"Cannot open the database {safe_url(settings.database_url)}: "
        f"{error.__class__.__name__}: {detail} (check DATABASE_URL).",
    )


def open_database(settings: Settings) -> Database:
    """The migrated database, with start-up housekeeping done."""
    try:
        db = Database.from_url(settings.database_url)
        upgrade_database(db.engine)
    except DATABASE_ERRORS as error:
        raise database_error(settings, error) from None
    now = datetime.now(UTC)
    with db.transaction() as session:
        prune_processed_updates(session, now)
        prepare_reminders(session, settings.bot_timezone, now, planner=PLANNER)
        # A predecessor on this machine that died holding claims: its reminders go out now,
        # not when their lease runs out.
        released = release_claims_of(session, dead_workers(claim_holders(session)))
    if released:
        log.warning("%d reminder(s) claimed by a stopped process are sent again", released)
    return db


async def check_bot_api(settings: Settings) -> User:
    """One getMe, so a wrong token or URL ends in a sentence, not a traceback; the bot's user."""
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.api_file_url,
    )
    try:
        async with bot:
            me = await bot.get_me()
    except InvalidToken:
        raise StartupError(
            2, "Telegram rejected TELEGRAM_BOT_TOKEN: copy the token from @BotFather into .env."
        ) from None
    except TelegramError as error:
        raise StartupError(
            4,
            f"Cannot reach the Telegram Bot API at {settings.telegram_api_base_url}: "
            f"{redact(str(error))} (check the network and TELEGRAM_API_BASE_URL).",
        ) from None
    log.info("connected as @%s", me.username)
    return me


def settle_memory() -> None:
    """Before serving: collect once, then freeze what start-up made (modules, settings,
    handlers) out of the garbage collector's sight. A full collection otherwise walks every
    object the process holds and, holding the GIL, stops the event loop for it: 70–140 ms in
    the 1,000,000-task benchmark, the longest loop lag left once transactions ran in threads."""
    gc.collect()
    gc.freeze()
