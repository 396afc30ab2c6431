"""`boardbot run` (the same as `python -m bot`): read the settings, migrate the database, prove
the token, then serve Telegram and dispatch reminders until SIGTERM or Ctrl-C.

Updates come by long polling, or — when WEBHOOK_URL is set — as HTTPS posts from Telegram to
that address, which a reverse proxy forwards to WEBHOOK_LISTEN:WEBHOOK_PORT on the path of
WEBHOOK_URL. Telegram sends a secret header with every post (WEBHOOK_SECRET of at least 32
characters, or a random one chosen at each start and registered with setWebhook); a post
without it is refused with 403, and the header is compared in constant time (`bot.webhook`).
Going back to polling needs nothing: polling deletes the webhook when it starts.

Configuration mistakes end with one clear sentence and a non-zero exit code, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.application import build_application
from bot.config import Settings
from bot.logsetup import redact_secret
from bot.redaction import print_redacted
from bot.startup import (
    StartupError,
    check_bot_api,
    load_settings,
    open_database,
    settle_memory,
)
from bot.webhook import use_constant_time_secret_check

log = logging.getLogger("bot")


def webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or a fresh random one (Telegram learns it from setWebhook)."""
    chosen = settings.webhook_secret
    return chosen.get_secret_value() if chosen is not None else secrets.token_urlsafe(32)


def serve_webhook(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    secret = webhook_secret(settings)
    redact_secret(secret)
    use_constant_time_secret_check()
    address = f"{settings.webhook_listen}:{settings.webhook_port}{settings.webhook_path}"
    log.info("webhook mode: listening on %s for %s", address, settings.webhook_url)
    try:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            close_loop=False,
        )
    except OSError as error:
        raise StartupError(
            5,
            f"Cannot listen on {settings.webhook_listen}:{settings.webhook_port}: {error} "
            "(check WEBHOOK_LISTEN and WEBHOOK_PORT).",
        ) from None
    except TelegramError as error:
        raise StartupError(
            4, f"Telegram refused the webhook {settings.webhook_url}: {error} (check WEBHOOK_URL)."
        ) from None


def serve_polling(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    log.info("polling mode: asking Telegram for updates")
    application.run_polling(
        poll_interval=settings.telegram_poll_interval,
        allowed_updates=Update.ALL_TYPES,
        close_loop=False,
    )


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
        settle_memory()
        log.info("boardbot starting (database %s)", db.engine.url.get_backend_name())
        if settings.webhook_url:
            serve_webhook(application, settings)
        else:
            serve_polling(application, settings)
    except StartupError as error:
        print_redacted(str(error), file=sys.stderr)
        return error.exit_code
    finally:
        if db is not None:
            db.dispose()
        loop.close()
    return 0
