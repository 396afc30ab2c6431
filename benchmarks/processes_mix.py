"""Benchmark 1b, the mix served by several processes on one PostgreSQL database, as the README's
"Several instances on one PostgreSQL" runs boardbot behind a webhook load balancer.

One process is bound by its own Python time (one core); a second process on the second core
serves other groups at the same time. Each child (`python -m benchmarks.processes_mix …`)
builds boardbot's application on the shared database, warms up on groups of its own, says
`ready`, waits for `go` on stdin, then drives its `/task` + `/tasks` mix with `in_flight`
updates at once through its update queue and processor (`benchmarks.concurrency`) and prints
its latencies and wall-clock start and end as JSON. The parent starts the children together:
commands/s is all commands over the time from the first start to the last end.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from typing import Any

from benchmarks.common import REPO_ROOT, LoopLag, Row, median_row, percentile
from benchmarks.concurrency import drive_concurrently
from benchmarks.harness import UpdateFactory, start_bot, timed_updates
from benchmarks.throughput import BENCH, ThroughputConfig, first_contact, workload
from storage.database import Database

# Each child numbers its updates from its own block: update ids are global to the database
# (the inbox and the once-only guard refuse an id that another process handled).
IDS_PER_CHILD = 10_000_000


@dataclass(frozen=True)
class ProcessesConfig:
    commands: int = 2000  # per process and run
    groups: int = 50
    in_flight: int = 32  # per process
    processes: tuple[int, ...] = (1, 2)
    runs: int = 3


async def child(url: str, child_no: int, config: ThroughputConfig) -> dict[str, Any]:
    UpdateFactory._ids = itertools.count((child_no + 1) * IDS_PER_CHILD)
    db = Database.from_url(url)
    app = await start_bot(url, db)
    factory = UpdateFactory()
    rounds = (child_no * 2 + 100, child_no * 2 + 101)  # groups no other child uses
    try:
        warm_up = replace(config, commands=min(config.commands, 400))
        await timed_updates(app, workload(warm_up, factory, app.bot, rounds[0]))
        await timed_updates(app, first_contact(config, factory, app.bot, rounds[1]))
        updates = workload(config, factory, app.bot, rounds[1])
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)  # "go"
        lag = LoopLag()
        started = time.time()
        latencies, _ = await drive_concurrently(app, updates, config.in_flight, lag)
        ended = time.time()
    finally:
        await app.shutdown()
        db.dispose()
    return {
        "latencies": latencies,
        "started": started,
        "ended": ended,
        "lag max ms": lag.max_ms,
        "lag p99 ms": lag.p99_ms,
    }


def run_children(url: str, count: int, config: ProcessesConfig) -> dict[str, float]:
    """`count` children on the database at `url`, started together; the figures of the run."""
    command = [sys.executable, "-m", "benchmarks.processes_mix", "--url", url]
    sizes = ["--commands", str(config.commands), "--groups", str(config.groups)]
    sizes += ["--in-flight", str(config.in_flight)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    children = [
        subprocess.Popen(
            [*command, *sizes, "--child", str(n)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    try:
        for one in children:
            assert one.stdout is not None
            if one.stdout.readline().strip() != "ready":
                raise RuntimeError("a benchmark child did not get ready")
        for one in children:
            assert one.stdin is not None
            one.stdin.write("go\n")
            one.stdin.flush()
        outputs = [json.loads(one.communicate(timeout=600)[0]) for one in children]
    finally:
        for one in children:
            if one.poll() is None:
                one.kill()
    if any(one.returncode != 0 for one in children):
        raise RuntimeError("a benchmark child failed")
    latencies = [value for out in outputs for value in out["latencies"]]
    span = max(out["ended"] for out in outputs) - min(out["started"] for out in outputs)
    return {
        "cmd/s": len(latencies) / span if span else 0.0,
        "p50 ms": percentile(latencies, 50) * 1000,
        "p99 ms": percentile(latencies, 99) * 1000,
        "loop lag max ms": max(out["lag max ms"] for out in outputs),
        "loop lag p99 ms": max(out["lag p99 ms"] for out in outputs),
    }


def run_processes(database: str, fresh: Any, config: ProcessesConfig) -> list[Row]:
    """One row per process count: the mix, each process with `in_flight` updates at once."""
    rows = []
    for count in config.processes:
        runs = [run_children(fresh(), count, config) for _ in range(config.runs)]
        label = "process" if count == 1 else "processes"
        case = f"/task + /tasks alternating, {count} {label} × {config.in_flight} in flight"
        rows.append(median_row(BENCH, case, database, runs))
    rows[0].note = (
        f"{config.commands} commands per process and run over {config.groups} groups of its "
        "own; separate processes on one database, started together (loop lag: the worst one)"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.processes_mix")
    parser.add_argument("--url", required=True)
    parser.add_argument("--child", type=int, required=True)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--in-flight", type=int, default=32)
    args = parser.parse_args()
    config = ThroughputConfig(commands=args.commands, groups=args.groups, in_flight=args.in_flight)
    result = asyncio.run(child(args.url, args.child, config))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
