"""Benchmarks 3 and 4, reminders through real processes and a Bot API that enforces
Telegram's flood limits (the emulator: 30 messages/s overall, 20 per minute and group, 429
with `retry_after` beyond that).

3. Dispatch: `reminders` reminders falling due at the same moment across `chats` groups, sent
   by `python -m bot.worker`: the achieved rate as a fraction of the allowed 30/s, the 429s,
   and every reminder delivered exactly once (counted at the Bot API and in the database).
   What falls due for one group in the same minute is sent as one message, so each group's
   reminders are due in distinct minutes (the latest now, the others 1, 2, … minutes ago) and
   are written in one transaction while the worker runs: they become due at the same moment,
   one message each.
4. Timeliness: reminders spread evenly over `spread` seconds, sent by `python -m bot` (the
   JobQueue wakes the dispatcher every second): lateness from due time to the send call.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import func, select

from benchmarks.common import Row, median_row, percentile
from benchmarks.processes import BotRun, new_emulator, send_log
from bot.reminders.schedule import PLANNER
from storage.database import Database
from storage.models import Chat, Reminder, ReminderStatus, TaskKind
from storage.tasks import create_task

ALLOWED_PER_SECOND = 30
TITLE = "Bench-Erinnerung"
FOUND = re.compile(rf"{TITLE} (\d+)\b")


@dataclass(frozen=True)
class DispatchConfig:
    reminders: int = 1000
    chats: int = 100
    runs: int = 2


@dataclass(frozen=True)
class TimelinessConfig:
    reminders: int = 200
    chats: int = 20
    spread: float = 120.0
    lead: float = 10.0
    runs: int = 1


def seed(db: Database, chat_ids: list[int], due: list[datetime]) -> None:
    """Groups (no weekly digest) and one plain reminder per due time, round robin over them."""
    created = datetime.now(UTC) - timedelta(minutes=5)
    with db.transaction() as session:
        for chat_id in chat_ids:
            session.add(
                Chat(
                    id=chat_id,
                    type="supergroup",
                    title=f"Bench {chat_id}",
                    timezone="Europe/Berlin",
                    digest_weekday=None,
                    created_at=created,
                )
            )
        session.flush()
        for index, when in enumerate(due):
            create_task(
                session,
                chat_id=chat_ids[index % len(chat_ids)],
                title=f"{TITLE} {index}",
                owners=[],
                due_at=when,
                due_has_time=True,
                created_by_id=None,
                created_by_name="Bench",
                now=created,
                planner=PLANNER,
                kind=TaskKind.REMINDER,
            )


def unsent_in_database(db: Database) -> int:
    with db.transaction() as session:
        query = select(func.count()).where(
            Reminder.kind == "plain", Reminder.status != ReminderStatus.SENT.value
        )
        return int(session.exec(query).one())


def wait_delivered(emulator: Any, expected: int, timeout: float) -> None:
    """Until the Bot API has accepted `expected` reminder messages. Only a count is taken
    while the bot sends: copying the request log under the emulator's lock (`requests`) would
    hold its requests back and let them arrive in bunches, 429s our limiter did not cause."""
    deadline = time.monotonic() + timeout
    state = emulator._state
    while time.monotonic() < deadline:
        with state.lock:
            # several reminders due in the same minute for a group share one message
            delivered = sum(len(FOUND.findall(record["text"])) for record in state.records.values())
        if delivered >= expected:
            return
        time.sleep(0.5)


def delivery(calls: list[dict[str, Any]]) -> tuple[dict[str, float], Counter[int]]:
    ok = [c for c in calls if c["status"] == 200]
    sent: Counter[int] = Counter(int(found) for c in ok for found in FOUND.findall(c["text"]))
    figures = {
        "429s": float(sum(1 for c in calls if c["status"] == 429)),
        "other errors": float(sum(1 for c in calls if c["status"] not in (200, 429))),
        "duplicates": float(sum(n - 1 for n in sent.values() if n > 1)),
    }
    return figures, sent


def one_run(
    module: str,
    database_url: Callable[[], str],
    count: int,
    chats: int,
    due_of: Callable[[int, datetime], datetime],
    timeout: float,
    wait_for_poll: bool,
    seed_while_running: bool = False,
) -> tuple[dict[str, float], list[dict[str, Any]], dict[int, datetime], float]:
    """One process against a fresh emulator and database: the figures, every sendMessage
    call, each reminder's due time, and when the seeded rows were committed (epoch s)."""
    emulator = new_emulator(rate_limits=True)
    url = database_url()
    db = Database.from_url(url)
    workdir = Path(tempfile.mkdtemp(prefix="boardbot-bench-"))
    process = BotRun(module, emulator, url, workdir)
    try:
        member = emulator.create_user("Vera", username="vera_k")
        groups = [
            emulator.create_group(f"Bench {n}", [member], supergroup=True) for n in range(chats)
        ]
        if seed_while_running:
            process.start()
            emulator.wait_for_request("getMe", timeout=60)  # the worker's bot is up
            time.sleep(1.5)  # and its loop has looked for due reminders once
        start = datetime.now(UTC)
        due = {index: due_of(index, start) for index in range(count)}
        seed(db, [int(g["id"]) for g in groups], [due[i] for i in range(count)])
        committed = time.time()
        if not seed_while_running:
            process.start()
        if wait_for_poll:
            process.wait_for_first_poll()
        wait_delivered(emulator, count, timeout)
        time.sleep(2.0)  # anything sent twice would arrive now
        code = process.stop()
        if code != 0:
            raise RuntimeError(f"{module} exited with {code}:\n{process.log()[-3000:]}")
        calls = send_log(emulator)
        figures, sent = delivery(calls)
        figures["lost"] = float(count - len(sent))
        figures["unsent in database"] = float(unsent_in_database(db))
        return figures, calls, due, committed
    finally:
        process.stop()
        emulator.stop()
        db.dispose()


def run_dispatch(database: str, database_url: Callable[[], str], config: DispatchConfig) -> Row:
    runs = []
    for _ in range(config.runs):
        figures, calls, _due, committed = one_run(
            "bot.worker",
            database_url,
            config.reminders,
            config.chats,
            # one group's reminders in distinct minutes: each is a message of its own
            lambda index, start: start - timedelta(minutes=index // config.chats),
            timeout=config.reminders / ALLOWED_PER_SECOND * 3 + 60,
            wait_for_poll=False,
            seed_while_running=True,
        )
        ok = sorted(c["at"] for c in calls if c["status"] == 200)
        span = ok[-1] - ok[0] if len(ok) > 1 else 0.0
        # a sliding window lets 30 go in the first instant, so the ideal schedule sends
        # 30 × (span + 1 s) in a span: that is the allowed amount we compare with
        rate = len(ok) / (span + 1.0) if ok else 0.0
        # all were due once committed (the latest a moment before): the worker saw them then
        runs.append(
            {
                "sent/s": rate,
                "of allowed": rate / ALLOWED_PER_SECOND,
                "seconds": span,
                "first send after due s": ok[0] - committed if ok else 0.0,
                **figures,
            }
        )
    row = median_row("3 dispatch", f"{config.reminders} due at once", database, runs)
    row.note = f"{config.chats} groups, python -m bot.worker, limits 30/s and 20/min/group"
    return row


def run_timeliness(database: str, database_url: Callable[[], str], config: TimelinessConfig) -> Row:
    runs = []
    step = config.spread / max(config.reminders - 1, 1)
    for _ in range(config.runs):
        figures, calls, due, _ = one_run(
            "bot",
            database_url,
            config.reminders,
            config.chats,
            lambda index, start: start + timedelta(seconds=config.lead + index * step),
            timeout=config.lead + config.spread + 90,
            wait_for_poll=True,
        )
        first_send: dict[int, float] = {}
        for call in calls:
            found = FOUND.search(call["text"])
            if call["status"] == 200 and found:
                first_send.setdefault(int(found.group(1)), call["at"])
        lateness = [at - due[index].timestamp() for index, at in first_send.items()]
        runs.append(
            {
                "lateness p50 s": percentile(lateness, 50),
                "lateness p99 s": percentile(lateness, 99),
                "lateness max s": max(lateness, default=0.0),
                **figures,
            }
        )
    label = f"{config.reminders} spread over {config.spread:.0f} s"
    row = median_row("4 timeliness", label, database, runs)
    row.note = f"{config.chats} groups, python -m bot (JobQueue every 1 s)"
    return row
