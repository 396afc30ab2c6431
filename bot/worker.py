"""`python -m bot.worker`: only the reminder dispatcher, without polling for updates.

For deployments that run the chat side elsewhere (webhooks behind a load balancer) or want
more than one dispatcher on one PostgreSQL database: claims use `FOR UPDATE SKIP LOCKED`, so
any number of workers and bots send each reminder once. Stops cleanly on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from telegram.ext import ExtBot

from bot.application import (
    RATE_LIMIT_RETRIES,
    REMINDER_POLL_SECONDS,
    configured_dispatcher,
    system_clock,
)
from bot.config import Settings
from bot.redaction import print_redacted
from bot.reminders.ratelimit import SlidingWindowRateLimiter
from bot.startup import (
    StartupError,
    check_bot_api,
    load_settings,
    open_database,
    settle_memory,
)
from storage.database import Database

log = logging.getLogger("bot.worker")


async def run_dispatcher(settings: Settings, db: Database) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    bot: ExtBot[int] = ExtBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.api_file_url,
        rate_limiter=SlidingWindowRateLimiter(max_retries=RATE_LIMIT_RETRIES),
    )
    dispatcher = configured_dispatcher(settings, db, system_clock)
    log.info("reminder worker %s started", dispatcher.worker)
    async with bot:
        while not stop.is_set():
            await run_until_stopped(dispatcher.run_once(bot), stop)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), REMINDER_POLL_SECONDS)
    log.info("reminder worker stopped")


async def run_until_stopped(work: Coroutine[Any, Any, int], stop: asyncio.Event) -> None:
    """Run one dispatcher pass, cancelled the moment `stop` is set: a batch waiting for
    Telegram's flood window hands its unsent claims back instead of delaying the stop."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not task.done():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def main() -> int:
    db = None
    try:
        settings = load_settings()
        db = open_database(settings)
        asyncio.run(check_bot_api(settings))
        settle_memory()
        asyncio.run(run_dispatcher(settings, db))
    except StartupError as error:
        print_redacted(str(error), file=sys.stderr)
        return error.exit_code
    finally:
        if db is not None:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
