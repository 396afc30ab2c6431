"""Shared pieces of the benchmark suite: statistics, result rows, the event-loop lag probe,
process memory, update builders and the machine description.

Every figure the suite reports is measured in the same run as its baseline; a row keeps the
median over `runs` repetitions of each figure, so one noisy repetition does not decide it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import statistics
import subprocess
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; 0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Iterable[float]) -> float:
    found = list(values)
    return statistics.median(found) if found else 0.0


@dataclass
class Row:
    """One line of the result table; `figures` maps a column name to a number or text."""

    bench: str
    case: str
    database: str
    figures: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "bench": self.bench,
            "case": self.case,
            "database": self.database,
            "figures": self.figures,
            "note": self.note,
        }


def median_row(bench: str, case: str, database: str, runs: list[dict[str, float]]) -> Row:
    """A row holding the median of each figure over the runs (and how many runs there were)."""
    keys = list(runs[0]) if runs else []
    figures: dict[str, Any] = {key: median(run[key] for run in runs) for key in keys}
    figures["runs"] = len(runs)
    return Row(bench, case, database, figures)


class LoopLag:
    """How late a timer callback runs: the longest time the event loop was blocked.

    A callback asks to run `interval` seconds later and records by how much it was late, then
    asks again. Whatever runs on the loop without awaiting (database work in a handler)
    delays it, so the largest lag is the longest stretch the loop could serve nothing else."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.lags: list[float] = []
        self._handle: asyncio.TimerHandle | None = None

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        expected = loop.time() + self.interval
        self._handle = loop.call_at(expected, self._fire, loop, expected)

    def _fire(self, loop: asyncio.AbstractEventLoop, expected: float) -> None:
        self.lags.append(max(0.0, loop.time() - expected))
        self._schedule(loop)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[LoopLag]:
        self._schedule(asyncio.get_running_loop())
        try:
            yield self
        finally:
            if self._handle is not None:
                self._handle.cancel()

    @property
    def max_ms(self) -> float:
        return max(self.lags, default=0.0) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.lags, 99) * 1000


def proc_status(pid: int | None = None) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident) of a process, in kB, from /proc/<pid>/status."""
    path = Path(f"/proc/{pid or os.getpid()}/status")
    found: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    return found


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_json(
    message_id: int, user: dict[str, Any], chat: dict[str, Any], text: str
) -> dict[str, Any]:
    """A message as Telegram sends it to a bot, with the leading `bot_command` entity."""
    entities = []
    if text.startswith("/"):
        length = utf16_length(text.split(maxsplit=1)[0])
        entities.append({"type": "bot_command", "offset": 0, "length": length})
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": user,
        "text": text,
        "entities": entities,
    }


def user_json(user_id: int) -> dict[str, Any]:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": f"User{user_id}",
        "username": f"user{user_id}",
    }


def group_json(chat_id: int, title: str) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": title}


def private_json(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return (done.stdout or "?").strip().splitlines()[0] if done.stdout.strip() else "?"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def machine_info(postgres_version: str | None) -> dict[str, str]:
    memory = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) // 1024} MB"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count() or "?"),
        "cpu": cpu_model(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres_version or "not used",
        "sqlite": _sqlite_version(),
        "os": _first_line(["uname", "-sr"]),
    }


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version
