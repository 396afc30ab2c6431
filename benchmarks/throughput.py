"""Benchmark 1, command throughput: `/task` and `/tasks`, alternating over many groups, through
the real `Application.process_update` with an offline Bot API, against a bare
python-telegram-bot `CommandHandler` replying with a constant (the framework's floor), on the
same updates in the same run. Two ways of driving, side by side: one update after the other
(`process_update`), and `in_flight` updates at once through the running application's queue and
update processor, as Telegram's batches and webhook posts arrive (`benchmarks.concurrency`).
While it runs, a probe measures how long the event loop is blocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application

from benchmarks.common import LoopLag, Row, group_json, median_row, percentile, user_json
from benchmarks.concurrency import drive_concurrently
from benchmarks.harness import UpdateFactory, start_bare, start_bot, timed_updates
from storage.database import Database

BENCH = "1 throughput"


@dataclass(frozen=True)
class ThroughputConfig:
    commands: int = 2000  # per run, half /task and half /tasks
    groups: int = 50
    members: int = 8
    runs: int = 3
    in_flight: int = 32  # updates in flight at once in the concurrent runs
    first_chat_id: int = -1_002_000_000_000  # apart from the scale data set's chats


def _group_and_first_user(
    config: ThroughputConfig, round_no: int, group_no: int
) -> tuple[dict[str, Any], int]:
    chat_id = config.first_chat_id - round_no * 10_000 - group_no
    first_user = 5_000_000 + (round_no * config.groups + group_no) * config.members
    return group_json(chat_id, f"Bench {round_no}/{group_no}"), first_user


def workload(
    config: ThroughputConfig, factory: UpdateFactory, bot: Any, round_no: int
) -> list[Update]:
    """Alternating `/task <title> @member bis Freitag` and `/tasks`, round robin over groups.
    Every round has groups of its own, so each run starts from the same state (its groups'
    lists grow from 0 to commands / 2 / groups tasks) instead of longer lists each run."""
    updates = []
    for i in range(config.commands):
        chat, first_user = _group_and_first_user(config, round_no, i // 2 % config.groups)
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
    updates = []
    for group_no in range(config.groups):
        chat, first_user = _group_and_first_user(config, round_no, group_no)
        for member_no in range(config.members):
            user = user_json(first_user + member_no)
            updates.append(factory.make(user, chat, "/tasks", bot))
    return updates


def summarise(latencies: list[float], elapsed: float, count: int) -> dict[str, float]:
    return {
        "cmd/s": count / elapsed if elapsed else 0.0,
        "p50 ms": percentile(latencies, 50) * 1000,
        "p99 ms": percentile(latencies, 99) * 1000,
    }


async def measure_app(
    app: Application,  # type: ignore[type-arg]
    updates: list[Update],
    in_flight: int = 1,
) -> tuple[dict[str, float], dict[str, float], dict[str, float], LoopLag]:
    """All commands, then split by command; and the loop lag while they ran. One in flight:
    `process_update` one after the other; more: through the running application's queue and
    update processor (`benchmarks.concurrency`)."""
    lag = LoopLag()
    if in_flight > 1:
        latencies, elapsed = await drive_concurrently(app, updates, in_flight, lag)
    else:
        latencies, elapsed = await timed_updates(app, updates, lag)
    task_lat = latencies[0::2]
    list_lat = latencies[1::2]
    both = summarise(latencies, elapsed, len(updates))
    return both, summarise(task_lat, 1.0, 0), summarise(list_lat, 1.0, 0), lag


@dataclass
class Series:
    """The runs of one way of driving: the mix with its baseline, and each command alone."""

    label: str
    in_flight: int
    mix: list[dict[str, float]] = field(default_factory=list)
    task: list[dict[str, float]] = field(default_factory=list)
    listing: list[dict[str, float]] = field(default_factory=list)

    def add(
        self,
        bare: dict[str, float],
        measured: tuple[dict[str, float], dict[str, float], dict[str, float], LoopLag],
    ) -> None:
        mix, task, listing, lag = measured
        self.mix.append(
            {
                **mix,
                "bare PTB cmd/s": bare["cmd/s"],
                "ratio to bare": mix["cmd/s"] / bare["cmd/s"] if bare["cmd/s"] else 0.0,
                "loop lag max ms": lag.max_ms,
                "loop lag p99 ms": lag.p99_ms,
            }
        )
        self.task.append({"p50 ms": task["p50 ms"], "p99 ms": task["p99 ms"]})
        self.listing.append({"p50 ms": listing["p50 ms"], "p99 ms": listing["p99 ms"]})

    def rows(self, database: str, suffix: str) -> list[Row]:
        tail = f"{self.label}{suffix}"
        return [
            median_row(BENCH, f"/task + /tasks alternating{tail}", database, self.mix),
            median_row(BENCH, f"/task{tail}", database, self.task),
            median_row(BENCH, f"/tasks{tail}", database, self.listing),
        ]


async def run_throughput(
    database: str, url: str, config: ThroughputConfig, scale_note: str = ""
) -> list[Row]:
    """Rows for the mix, `/task` and `/tasks` on one database, one update after the other and
    `in_flight` at once; each against the bare PTB handler driven the same way."""
    db = Database.from_url(url)
    bot_app = await start_bot(url, db)
    bare_apps = {1: await start_bare(), config.in_flight: await start_bare(config.in_flight)}
    factory = UpdateFactory()
    series = [Series("", 1), Series(f", {config.in_flight} in flight", config.in_flight)]
    try:
        # warm-up: connections, caches and the statement cache are warm
        await timed_updates(bot_app, workload(config, factory, bot_app.bot, 0))
        for bare_app in bare_apps.values():
            await timed_updates(bare_app, workload(config, factory, bare_app.bot, 0))
        for round_no in range(1, config.runs + 1):
            for way, one in enumerate(series):
                # every run and way has groups of its own, starting from the same state
                groups = round_no * 2 + way
                await timed_updates(bot_app, first_contact(config, factory, bot_app.bot, groups))
                bare_app = bare_apps[one.in_flight]
                bare, _, _, _ = await measure_app(
                    bare_app, workload(config, factory, bare_app.bot, groups), one.in_flight
                )
                measured = await measure_app(
                    bot_app, workload(config, factory, bot_app.bot, groups), one.in_flight
                )
                one.add(bare, measured)
    finally:
        await bot_app.shutdown()
        for bare_app in bare_apps.values():
            await bare_app.shutdown()
        db.dispose()
    suffix = f" {scale_note}" if scale_note else ""
    rows = [row for one in series for row in one.rows(database, suffix)]
    rows[0].note = f"{config.commands} commands per run over {config.groups} groups"
    rows[3].note = (
        f"{config.in_flight} in flight: put into the running application's update queue "
        "(boardbot: inbox write, per-chat lock, inbox delete), latency from put to processed"
    )
    return rows
