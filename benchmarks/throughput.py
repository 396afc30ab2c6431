"""Benchmark 1, command throughput: `/task` and `/tasks`, alternating over many groups, through
the real `Application.process_update` with an offline Bot API, against a bare
python-telegram-bot `CommandHandler` replying with a constant (the framework's floor), on the
same updates in the same run. While it runs, a probe measures how long the event loop is
blocked (the handlers do their database work synchronously)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application

from benchmarks.common import LoopLag, Row, group_json, median_row, percentile, user_json
from benchmarks.harness import UpdateFactory, start_bare, start_bot, timed_updates
from storage.database import Database

BENCH = "1 throughput"


@dataclass(frozen=True)
class ThroughputConfig:
    commands: int = 2000  # per run, half /task and half /tasks
    groups: int = 50
    members: int = 8
    runs: int = 3
    first_chat_id: int = -1_002_000_000_000  # apart from the scale data set's chats


def workload(
    config: ThroughputConfig, factory: UpdateFactory, bot: Any, round_no: int
) -> list[Update]:
    """Alternating `/task <title> @member bis Freitag` and `/tasks`, round robin over groups.
    Every round has groups of its own, so each run starts from the same state (its groups'
    lists grow from 0 to commands / 2 / groups tasks) instead of longer lists each run."""
    updates = []
    for i in range(config.commands):
        group_no = i // 2 % config.groups
        chat_id = config.first_chat_id - round_no * 10_000 - group_no
        chat = group_json(chat_id, f"Bench {round_no}/{group_no}")
        first_user = 5_000_000 + (round_no * config.groups + group_no) * config.members
        user = user_json(first_user + i % config.members)
        if i % 2 == 0:
            owner = f"user{first_user + (i // 2) % config.members}"
            text = f"/task Bericht {round_no}-{i} vorbereiten @{owner} bis Freitag"
        else:
            text = "/tasks"
        updates.append(factory.make(user, chat, text, bot))
    return updates


def first_contact(
    config: ThroughputConfig, factory: UpdateFactory, bot: Any, round_no: int
) -> list[Update]:
    """`/tasks` from every member of the round's groups: the bot stores the groups and the
    members before the measurement, as it has for a board that uses it."""
    every = ThroughputConfig(
        commands=config.groups * config.members * 2, groups=config.groups, members=config.members
    )
    return workload(every, factory, bot, round_no)[1::2]


def summarise(latencies: list[float], elapsed: float, count: int) -> dict[str, float]:
    return {
        "cmd/s": count / elapsed if elapsed else 0.0,
        "p50 ms": percentile(latencies, 50) * 1000,
        "p99 ms": percentile(latencies, 99) * 1000,
    }


async def measure_app(
    app: Application,  # type: ignore[type-arg]
    updates: list[Update],
) -> tuple[dict[str, float], dict[str, float], dict[str, float], LoopLag]:
    """All commands, then split by command; and the loop lag while they ran."""
    lag = LoopLag()
    latencies, elapsed = await timed_updates(app, updates, lag)
    task_lat = latencies[0::2]
    list_lat = latencies[1::2]
    both = summarise(latencies, elapsed, len(updates))
    return both, summarise(task_lat, 1.0, 0), summarise(list_lat, 1.0, 0), lag


async def run_throughput(
    database: str, url: str, config: ThroughputConfig, scale_note: str = ""
) -> list[Row]:
    """Rows for the mix, `/task` and `/tasks` on one database (fresh or at scale)."""
    db = Database.from_url(url)
    bot_app = await start_bot(url, db)
    bare_app = await start_bare()
    factory = UpdateFactory()
    mix_runs: list[dict[str, float]] = []
    task_runs: list[dict[str, float]] = []
    list_runs: list[dict[str, float]] = []
    try:
        # warm-up: connections, caches and the statement cache are warm
        await timed_updates(bot_app, workload(config, factory, bot_app.bot, 0))
        await timed_updates(bare_app, workload(config, factory, bare_app.bot, 0))
        for round_no in range(1, config.runs + 1):
            await timed_updates(bot_app, first_contact(config, factory, bot_app.bot, round_no))
            bare, _, _, _ = await measure_app(
                bare_app, workload(config, factory, bare_app.bot, round_no)
            )
            mix, task, listing, lag = await measure_app(
                bot_app, workload(config, factory, bot_app.bot, round_no)
            )
            mix_runs.append(
                {
                    **mix,
                    "bare PTB cmd/s": bare["cmd/s"],
                    "ratio to bare": mix["cmd/s"] / bare["cmd/s"] if bare["cmd/s"] else 0.0,
                    "loop lag max ms": lag.max_ms,
                    "loop lag p99 ms": lag.p99_ms,
                }
            )
            task_runs.append({"p50 ms": task["p50 ms"], "p99 ms": task["p99 ms"]})
            list_runs.append({"p50 ms": listing["p50 ms"], "p99 ms": listing["p99 ms"]})
    finally:
        await bot_app.shutdown()
        await bare_app.shutdown()
        db.dispose()
    suffix = f" {scale_note}" if scale_note else ""
    rows = [
        median_row(BENCH, f"/task + /tasks alternating{suffix}", database, mix_runs),
        median_row(BENCH, f"/task{suffix}", database, task_runs),
        median_row(BENCH, f"/tasks{suffix}", database, list_runs),
    ]
    rows[0].note = f"{config.commands} commands per run over {config.groups} groups"
    return rows
