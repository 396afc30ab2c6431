"""`python -m bot`: check the configuration, migrate the database, then poll Telegram and
dispatch reminders.

Configuration mistakes end with one clear sentence and a non-zero exit code, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from telegram import Update

from bot.application import build_application
from bot.startup import StartupError, check_bot_api, load_settings, open_database

log = logging.getLogger("bot")


def main() -> int:
    # Our own loop, so the start-up check and the bot share it.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    db = None
    try:
        settings = load_settings()
        db = open_database(settings)
        if not settings.allowed_chat_ids:
            log.warning("ALLOWED_CHAT_IDS is empty: any group that adds the bot can use it.")
        loop.run_until_complete(check_bot_api(settings))
        application = build_application(settings, db)
        log.info("boardbot starting (database %s)", db.engine.url.get_backend_name())
        application.run_polling(
            poll_interval=settings.telegram_poll_interval,
            allowed_updates=Update.ALL_TYPES,
            close_loop=False,
        )
    except StartupError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    finally:
        if db is not None:
            db.dispose()
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
