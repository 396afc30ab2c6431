"""The bare python-telegram-bot baseline of the round-trip benchmark (`benchmarks.roundtrip`):
a polling bot whose `/aufgabe` and `/aufgaben` reply with a constant at once. Polled like
`python -m bot` polls (`run_polling`, poll interval 0, long polling) against the same emulator,
so the difference between the two round trips is what boardbot does with an update.

    TELEGRAM_BOT_TOKEN=… TELEGRAM_API_BASE_URL=http://127.0.0.1:…/bot python -m benchmarks.echo_bot
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes, Defaults

COMMANDS = ["aufgabe", "aufgaben", "task", "tasks"]


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "ok")


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .build()
    )
    app.add_handler(CommandHandler(COMMANDS, reply))
    app.run_polling(poll_interval=0.0, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
