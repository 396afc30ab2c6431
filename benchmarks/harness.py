"""Driving the real `Application` offline: the bot as `build_application` builds it, with an
offline Bot API that yields to the event loop on every call like a network request would,
so a loop-lag probe sees exactly the stretches the bot runs without awaiting."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from benchmarks.common import LoopLag, message_json
from benchmarks.concurrency import TrackableProcessor
from bot.application import build_application
from bot.config import Settings
from bot.startup import settle_memory
from storage.database import Database
from tests.support.offline import OfflineBotApi

TOKEN = "123456:BENCH-TOKEN"


class YieldingBotApi(OfflineBotApi):
    """The tests' offline Bot API, but every request gives the loop a turn (as real I/O does)
    and keeps no history (a long benchmark would otherwise grow its memory)."""

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        await asyncio.sleep(0)
        answer = await super().do_request(*args, **kwargs)
        self.calls.clear()
        self.messages.clear()
        return answer


def bench_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "database_url": database_url,
        # a benchmark is one member sending thousands of commands: no flood budget
        "flood_user_commands": 10**9,
        "flood_chat_commands": 10**9,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def start_bot(database_url: str, db: Database) -> Application:  # type: ignore[type-arg]
    """boardbot's application, offline, without rate limiter or reminder job."""
    app = build_application(
        bench_settings(database_url),
        db,
        request=YieldingBotApi(),
        rate_limit=False,
        dispatch_interval=None,
    )
    await app.initialize()
    settle_memory()  # as `boardbot run` does before serving
    return app


async def _constant_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "ok")


async def start_bare(in_flight: int = 1) -> Application:  # type: ignore[type-arg]
    """The framework's floor: a bare python-telegram-bot application whose command handlers
    reply with a constant, through the same offline Bot API; with `in_flight` > 1 it handles
    that many updates concurrently (PTB's own processor, no per-chat order)."""
    api = YieldingBotApi()
    builder = ApplicationBuilder().token(TOKEN).request(api).get_updates_request(api)
    if in_flight > 1:
        builder = builder.concurrent_updates(TrackableProcessor(in_flight))
    app = builder.build()
    names = ["task", "tasks", "mytasks", "decisions", "aufgabe", "aufgaben", "meine"]
    app.add_handler(CommandHandler(names, _constant_reply))
    await app.initialize()
    return app


class UpdateFactory:
    """Updates as Telegram delivers them, with ids that never repeat within a run of the suite
    (boardbot ignores an update id it has handled before)."""

    _ids = itertools.count(1)

    def make(self, user: dict[str, Any], chat: dict[str, Any], text: str, bot: Any) -> Update:
        update_id = next(self._ids)
        raw = {"update_id": update_id, "message": message_json(update_id, user, chat, text)}
        return Update.de_json(raw, bot)


async def timed_updates(
    app: Application,  # type: ignore[type-arg]
    updates: Sequence[Update],
    lag: LoopLag | None = None,
) -> tuple[list[float], float]:
    """Process the updates one after the other (PTB's default); each one's latency and the
    total wall time. Between updates the loop runs its other tasks (the lag probe)."""
    latencies: list[float] = []
    probe = lag or LoopLag()
    async with probe.running():
        await asyncio.sleep(0.01)
        started = time.perf_counter()
        for update in updates:
            begin = time.perf_counter()
            await app.process_update(update)
            latencies.append(time.perf_counter() - begin)
            await asyncio.sleep(0)
        elapsed = time.perf_counter() - started
    return latencies, elapsed
