"""`python -m bot`: check the configuration, migrate the database, then poll Telegram.

Configuration mistakes end with one clear sentence and a non-zero exit code, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError

from bot.application import build_application
from bot.config import Settings, describe_settings_error
from bot.logsetup import configure_logging, redact_token
from storage.database import Database, upgrade_database
from storage.updates import prune_processed_updates

log = logging.getLogger("bot")


def safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"


def main() -> int:
    configure_logging()
    try:
        settings = Settings()  # values come from the environment
    except ValidationError as error:
        print(describe_settings_error(error), file=sys.stderr)
        return 2
    redact_token(settings.telegram_bot_token.get_secret_value())
    try:
        db = Database.from_url(settings.database_url)
        upgrade_database(db.engine)
    except (SQLAlchemyError, OSError, ImportError) as error:
        print(
            f"Cannot open the database {safe_url(settings.database_url)}: "
            f"{error.__class__.__name__}: {str(error).splitlines()[0]} (check DATABASE_URL).",
            file=sys.stderr,
        )
        return 3
    with db.transaction() as session:
        prune_processed_updates(session, datetime.now(UTC))
    if not settings.allowed_chat_ids:
        log.warning("ALLOWED_CHAT_IDS is empty: any group that adds the bot can use it.")
    # Our own loop, so the connection check and the bot share it.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        problem = loop.run_until_complete(check_bot_api(settings))
        if problem:
            print(problem, file=sys.stderr)
            return 4
        application = build_application(settings, db)
        log.info("boardbot starting (database %s)", db.engine.url.get_backend_name())
        application.run_polling(
            poll_interval=settings.telegram_poll_interval,
            allowed_updates=Update.ALL_TYPES,
            close_loop=False,
        )
    finally:
        db.dispose()
        loop.close()
    return 0


async def check_bot_api(settings: Settings) -> str | None:
    """One getMe before polling, so a wrong token or URL ends in a sentence, not a traceback."""
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.api_file_url,
    )
    try:
        async with bot:
            me = await bot.get_me()
    except InvalidToken:
        return (
            "Telegram rejected TELEGRAM_BOT_TOKEN: copy the token from @BotFather into .env again."
        )
    except TelegramError as error:
        return (
            f"Cannot reach the Telegram Bot API at {settings.telegram_api_base_url}: {error} "
            "(check the network and TELEGRAM_API_BASE_URL)."
        )
    log.info("connected as @%s", me.username)
    return None


if __name__ == "__main__":
    sys.exit(main())
