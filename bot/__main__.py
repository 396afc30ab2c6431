"""`python -m bot`: check the configuration, migrate the database, then poll Telegram.

Configuration mistakes end with one clear sentence and a non-zero exit code, not a traceback.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import InvalidToken, TelegramError

from bot.application import build_application
from bot.config import Settings, describe_settings_error
from bot.logsetup import configure_logging, redact_token
from storage.database import Database, upgrade_database
from storage.updates import prune_processed_updates

log = logging.getLogger("bot")


def main() -> int:
    configure_logging()
    try:
        settings = Settings()  # values come from the environment
    except ValidationError as error:
        print(describe_settings_error(error), file=sys.stderr)
        return 2
    redact_token(settings.telegram_bot_token.get_secret_value())
    db = Database.from_url(settings.database_url)
    try:
        upgrade_database(db.engine)
    except SQLAlchemyError as error:
        where = db.engine.url.render_as_string(hide_password=True)
        print(
            f"Cannot open the database {where}: {error.__class__.__name__}: "
            f"{str(error).splitlines()[0]} (check DATABASE_URL).",
            file=sys.stderr,
        )
        return 3
    with db.transaction() as session:
        prune_processed_updates(session, datetime.now(UTC))
    if not settings.allowed_chat_ids:
        log.warning("ALLOWED_CHAT_IDS is empty: any group that adds the bot can use it.")
    application = build_application(settings, db)
    log.info("boardbot starting (database %s)", db.engine.url.get_backend_name())
    try:
        application.run_polling(
            poll_interval=settings.telegram_poll_interval,
            allowed_updates=Update.ALL_TYPES,
            close_loop=False,
        )
    except InvalidToken:
        print(
            "Telegram rejected TELEGRAM_BOT_TOKEN: copy the token from @BotFather again into .env.",
            file=sys.stderr,
        )
        return 2
    except TelegramError as error:
        print(
            f"Cannot reach the Telegram Bot API at {settings.telegram_api_base_url}: {error}",
            file=sys.stderr,
        )
        return 4
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
