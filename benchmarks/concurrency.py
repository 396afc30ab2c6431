"""Driving an `Application` the way Telegram does: many chats' updates in flight at once.

The sequential benchmarks await `Application.process_update` for one update after the other.
A running bot instead gets a batch from getUpdates (or many webhook posts at once), `put`s
each into its update queue, and the application's update processor runs them concurrently:
boardbot's `PerChatUpdateProcessor` (`bot/inbox.py`) in order within a chat, concurrently
across chats, with every update stored in the inbox by `put` and removed once handled.

`drive_concurrently` starts the application (`Application.start`: its update fetcher and the
real processor), and `in_flight` clients each put an update, wait until the processor has
finished it, and put their next one (a closed loop, as many members typing at once). An
update's latency is from its `put` (the moment the poller or webhook hands it over) to the end
of its processing, including the inbox write and the per-chat lock (the inbox delete runs
after the lock, for several updates at once: in the run's time, not in each latency).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor, SimpleUpdateProcessor

from benchmarks.common import LoopLag


class CompletionWatch:
    """Tells when the application's update processor has finished an update.

    Installed on the processor instance itself: its `process_update` is wrapped, so whatever
    the processor does (semaphore, per-chat lock, handing the update to the inbox delete) is
    inside the measured time."""

    def __init__(self, processor: BaseUpdateProcessor) -> None:
        self.processor = processor
        self.waiting: dict[int, asyncio.Future[None]] = {}
        inner = processor.process_update

        async def process_update(update: object, coroutine: Awaitable[Any]) -> None:
            try:
                await inner(update, coroutine)
            finally:
                if isinstance(update, Update):
                    future = self.waiting.pop(update.update_id, None)
                    if future is not None and not future.done():
                        future.set_result(None)

        # An instance attribute shadows the method; PTB calls `processor.process_update`.
        processor.process_update = process_update  # type: ignore[method-assign]

    def remove(self) -> None:
        del self.processor.process_update  # the class's method is visible again

    def expect(self, update: Update) -> asyncio.Future[None]:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting[update.update_id] = future
        return future


class TrackableProcessor(SimpleUpdateProcessor):
    """PTB's plain concurrent processor (for the bare baseline), without `__slots__` so a
    `CompletionWatch` can wrap it like boardbot's own processor."""


async def drive_concurrently(
    app: Application,  # type: ignore[type-arg]
    updates: Sequence[Update],
    in_flight: int,
    lag: LoopLag | None = None,
) -> tuple[list[float], float]:
    """Each update's latency from `put` to processed (in the order of `updates`), and the
    wall time for all of them. Client k sends updates k, k + in_flight, k + 2 × in_flight, …"""
    watch = CompletionWatch(app.update_processor)
    latencies = [0.0] * len(updates)
    probe = lag or LoopLag()

    async def client(first: int) -> None:
        for index in range(first, len(updates), in_flight):
            done = watch.expect(updates[index])
            begin = time.perf_counter()
            await app.update_queue.put(updates[index])
            await done
            latencies[index] = time.perf_counter() - begin

    await app.start()
    try:
        async with probe.running():
            await asyncio.sleep(0.01)
            started = time.perf_counter()
            await asyncio.gather(*(client(k) for k in range(in_flight)))
            elapsed = time.perf_counter() - started
    finally:
        await app.stop()
        watch.remove()
    return latencies, elapsed
