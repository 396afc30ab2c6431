"""`python -m benchmarks.mark_window`: how long the one remaining double-send window is.

A reminder is sent twice only if the process dies after Telegram answered the send and before
the "sent" mark is committed. This measures that stretch as the dispatcher runs it
(`ReminderDispatcher.sent`: the fenced mark, plus the next occurrence of a recurring item) for
300 claimed reminders, on SQLite (a file, WAL) and on a durable PostgreSQL server of its own.
It prints the median, p99 and max in milliseconds; there is no baseline, since the figure is the
size of a window, not a speed to compare.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.dispatch import seed
from benchmarks.pgserver import BenchPostgres
from bot.reminders.dispatcher import ReminderDispatcher
from storage.database import Database, upgrade_database

CHATS, PER_CHAT = 15, 20  # 20 per chat: what one claim takes of a chat


async def measure(url: str) -> list[float]:
    db = Database.from_url(url)
    try:
        upgrade_database(db.engine)
        past = datetime.now(UTC) - timedelta(minutes=1)
        seed(db, [-1001000000000 - n for n in range(CHATS)], [past] * (CHATS * PER_CHAT))
        dispatcher = ReminderDispatcher(
            db, lambda: datetime.now(UTC), "de", batch_size=CHATS * PER_CHAT
        )
        batch = dispatcher.claim_batch()
        window = []
        for message_id, item in enumerate(batch, start=1):
            started = time.perf_counter()
            await dispatcher.sent(item, message_id)
            window.append((time.perf_counter() - started) * 1000)
        return sorted(window)
    finally:
        db.dispose()


def summary(name: str, window: list[float]) -> str:
    p99 = window[max(0, int(len(window) * 0.99) - 1)]
    return (
        f"{name}: {len(window)} reminders, send answered → mark committed: median "
        f"{statistics.median(window):.1f} ms, p99 {p99:.1f} ms, max {window[-1]:.1f} ms"
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="boardbot-window-"))
    print(summary("SQLite", asyncio.run(measure(f"sqlite:///{folder / 'window.db'}"))))
    server = BenchPostgres().start()
    try:
        url = server.create_database()
        print(summary("PostgreSQL (durable)", asyncio.run(measure(url))))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
