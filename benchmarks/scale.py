"""Benchmark 2, scale: on the federation data set (`dataset.py`), the latency of the hot
commands through the real `Application` (`/tasks`, `/task`, `/mytasks` in a private chat,
`/decisions <words>`), their throughput with the event loop's lag while serving (the mix one
update after the other, and 32 in flight through the running application's update processor),
and the dispatcher's due-reminder query; baselines in
the same run: a bare python-telegram-bot command (the framework's floor) and a primary-key
lookup in its own transaction (the database's floor). Then the plan of every statement those
paths run, to show they use indexes."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application

from benchmarks.common import (
    LoopLag,
    Row,
    group_json,
    median_row,
    percentile,
    private_json,
    user_json,
)
from benchmarks.concurrency import drive_concurrently
from benchmarks.dataset import MEMBERS_PER_CHAT, Shape, chat_id
from benchmarks.harness import UpdateFactory, start_bare, start_bot, timed_updates
from benchmarks.plans import StatementRecorder, plans_of, summary
from bot.application import system_clock
from bot.reminders.dispatcher import ReminderDispatcher
from storage.database import Database
from storage.models import Task

BENCH = "2 scale"
SEARCH = "/decisions Haushalt 2024"


@dataclass(frozen=True)
class ScaleConfig:
    shape: Shape
    samples: int = 300  # per case and run
    runs: int = 3
    seed: int = 6
    in_flight: int = 32  # the concurrent mix: updates in flight at once


class Workloads:
    """Random but reproducible commands against the data set's groups and members."""

    def __init__(self, shape: Shape, factory: UpdateFactory, seed: int) -> None:
        self.shape, self.factory = shape, factory
        self.random = random.Random(seed)
        self.counter = 0

    def _group_member(self) -> tuple[dict[str, Any], dict[str, Any]]:
        index = self.random.randint(1, self.shape.chats)
        user = self.shape.member(index, self.random.randrange(MEMBERS_PER_CHAT))
        return group_json(chat_id(index), f"Vorstand {index}"), user_json(user)

    def in_group(self, text: Callable[[], str], count: int, bot: Any) -> list[Update]:
        updates = []
        for _ in range(count):
            chat, user = self._group_member()
            updates.append(self.factory.make(user, chat, text(), bot))
        return updates

    def new_task(self) -> str:
        self.counter += 1
        return f"/task Skalierung {self.counter} prüfen bis Freitag"

    def private(self, text: str, count: int, bot: Any) -> list[Update]:
        updates = []
        for _ in range(count):
            user = self.shape.member(self.random.randint(1, self.shape.chats), 0)
            updates.append(self.factory.make(user_json(user), private_json(user), text, bot))
        return updates

    def alternating(self, count: int, bot: Any) -> list[Update]:
        updates = []
        for i in range(count):
            chat, user = self._group_member()
            text = self.new_task() if i % 2 == 0 else "/tasks"
            updates.append(self.factory.make(user, chat, text, bot))
        return updates


def latency_figures(latencies: list[float]) -> dict[str, float]:
    return {
        "p50 ms": percentile(latencies, 50) * 1000,
        "p99 ms": percentile(latencies, 99) * 1000,
    }


async def serve_mix(
    app: Application,  # type: ignore[type-arg]
    updates: list[Update],
    in_flight: int,
) -> dict[str, float]:
    """Commands/s, latency and the event loop's lag while the bot serves the mix, one update
    after the other or `in_flight` at once through its queue and update processor."""
    lag = LoopLag()
    if in_flight > 1:
        latencies, elapsed = await drive_concurrently(app, updates, in_flight, lag)
    else:
        latencies, elapsed = await timed_updates(app, updates, lag)
    return {
        "cmd/s": len(latencies) / elapsed,
        **latency_figures(latencies),
        "loop lag max ms": lag.max_ms,
        "loop lag p99 ms": lag.p99_ms,
    }


def timed_calls(call: Callable[[], object], count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - started)
    return latencies


async def run_scale(database: str, url: str, config: ScaleConfig) -> tuple[list[Row], list[str]]:
    """Rows for every case on one filled database, and the plan summaries."""
    db = Database.from_url(url)
    bot_app = await start_bot(url, db)
    bare_app = await start_bare()
    factory = UpdateFactory()
    work = Workloads(config.shape, factory, config.seed)
    dispatcher = ReminderDispatcher(db, system_clock, "de")
    task_ids = config.shape.chats * config.shape.tasks_per_chat
    picker = random.Random(config.seed)

    def pk_lookup() -> None:
        with db.transaction() as session:
            session.get(Task, picker.randint(1, task_ids))

    bot = bot_app.bot
    cases: dict[str, Callable[[], list[Update]]] = {
        "/tasks in a group": lambda: work.in_group(lambda: "/tasks", config.samples, bot),
        "/task in a group": lambda: work.in_group(work.new_task, config.samples, bot),
        "/mytasks in a private chat": lambda: work.private("/mytasks", config.samples, bot),
        f"{SEARCH} in a group": lambda: work.in_group(lambda: SEARCH, config.samples, bot),
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in cases}
    results["/task + /tasks alternating"] = []
    concurrent_case = f"/task + /tasks alternating, {config.in_flight} in flight"
    results[concurrent_case] = []
    results["dispatcher due-reminder query (claim_batch)"] = []
    results["baseline: primary-key lookup"] = []
    results["baseline: bare PTB command"] = []
    try:
        await timed_updates(bot_app, work.in_group(lambda: "/tasks", 50, bot))  # warm-up
        for _ in range(config.runs):
            bare = await timed_updates(
                bare_app, work.in_group(lambda: "/tasks", config.samples, bare_app.bot)
            )
            results["baseline: bare PTB command"].append(latency_figures(bare[0]))
            for name, make in cases.items():
                latencies, _ = await timed_updates(bot_app, make())
                results[name].append(latency_figures(latencies))
            for case, in_flight in (
                ("/task + /tasks alternating", 1),
                (concurrent_case, config.in_flight),
            ):
                mix = await serve_mix(bot_app, work.alternating(config.samples * 2, bot), in_flight)
                results[case].append(mix)
            claims = timed_calls(dispatcher.claim_batch, config.samples)
            results["dispatcher due-reminder query (claim_batch)"].append(latency_figures(claims))
            lookups = timed_calls(pk_lookup, config.samples)
            results["baseline: primary-key lookup"].append(latency_figures(lookups))
        plan_lines = await collect_plans(db, bot_app, work, dispatcher)
    finally:
        await bot_app.shutdown()
        await bare_app.shutdown()
        db.dispose()
    rows = [median_row(BENCH, name, database, runs) for name, runs in results.items()]
    add_ratios(rows)
    shape = config.shape
    for row in rows:
        row.note = f"{shape.chats} groups × {shape.tasks_per_chat} tasks"
    return rows, [f"{database}: {line}" for line in plan_lines]


def add_ratios(rows: list[Row]) -> None:
    """p50 as a multiple of the matching baseline: commands against the bare PTB command,
    the dispatcher's query against the primary-key lookup."""
    by_case = {row.case: row for row in rows}
    bare = by_case["baseline: bare PTB command"].figures["p50 ms"]
    lookup = by_case["baseline: primary-key lookup"].figures["p50 ms"]
    for row in rows:
        if row.case.startswith("baseline"):
            continue
        floor = lookup if row.case.startswith("dispatcher") else bare
        if floor:
            row.figures["p50 / baseline"] = row.figures["p50 ms"] / floor


async def collect_plans(
    db: Database,
    app: Application,  # type: ignore[type-arg]
    work: Workloads,
    dispatcher: ReminderDispatcher,
) -> list[str]:
    """Run each hot path once while recording its statements, then explain them."""
    recorder = StatementRecorder(db.engine)
    lines = []
    bot = app.bot
    paths: dict[str, Callable[[], list[Update]]] = {
        "/tasks": lambda: work.in_group(lambda: "/tasks", 1, bot),
        "/task": lambda: work.in_group(work.new_task, 1, bot),
        "/mytasks (private)": lambda: work.private("/mytasks", 1, bot),
        SEARCH: lambda: work.in_group(lambda: SEARCH, 1, bot),
    }
    try:
        for name, make in paths.items():
            updates = make()
            with recorder.recording() as statements:
                await timed_updates(app, updates)
            lines.append(f"{name}: {summary(plans_of(db.engine, statements))}")
        with recorder.recording() as statements:
            dispatcher.claim_batch()
        lines.append(f"dispatcher claim_batch: {summary(plans_of(db.engine, statements))}")
    finally:
        recorder.close()
    return lines
