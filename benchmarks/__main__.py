"""`python -m benchmarks` (`make bench`): run the benchmark suite, print the table and write it
into BENCHMARKS.md. `--quick` is the small smoke version CI runs (printed only).

It starts its own PostgreSQL server (initdb + pg_ctl, default durability settings) unless
`--postgres-url` names one, and the Bot API emulator on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, Row, machine_info
from benchmarks.dataset import Shape, fill, row_counts
from benchmarks.dispatch import DispatchConfig, TimelinessConfig, run_dispatch, run_timeliness
from benchmarks.pgserver import BenchPostgres, ExternalPostgres, server_version
from benchmarks.processes_mix import ProcessesConfig, run_processes
from benchmarks.report import section, tables, write_results
from benchmarks.roundtrip import RoundTripConfig, run_roundtrip
from benchmarks.scale import ScaleConfig, run_scale
from benchmarks.startup import StartupConfig, run_startup
from benchmarks.throughput import ThroughputConfig, run_throughput
from storage.database import Database, upgrade_database

ALL = ("throughput", "scale", "dispatch", "timeliness", "startup", "roundtrip")
TEMPLATE = "boardbot_bench_template"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small smoke version (CI)")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated: {','.join(ALL)}")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--chats", type=int, help="groups in the scale data set (1000)")
    parser.add_argument("--tasks-per-chat", type=int, help="tasks per group (1000)")
    parser.add_argument("--runs", type=int, help="repetitions whose median is reported (3)")
    parser.add_argument("--postgres-url", help="an existing server (superuser URL)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    return parser.parse_args(argv)


class Databases:
    """Fresh migrated databases of each kind, and the scale data set's."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.workdir = workdir
        self.pg: Any = None
        self.version: str | None = None
        if "postgresql" in args.databases:
            self.pg = (
                ExternalPostgres(args.postgres_url) if args.postgres_url else BenchPostgres()
            ).start()
            template = self.pg.create_database()
            migrate(template)
            self.version = server_version(template)
            self.template = template.rsplit("/", 1)[1]

    def fresh(self, kind: str) -> str:
        if kind == "postgresql":
            return str(self.pg.create_database(template=self.template))
        url = f"sqlite:///{self.workdir / f'{uuid.uuid4().hex[:10]}.db'}"
        migrate(url)
        return url

    def stop(self) -> None:
        if self.pg is not None:
            self.pg.stop()


def migrate(url: str) -> None:
    db = Database.from_url(url)
    try:
        upgrade_database(db.engine)
    finally:
        db.dispose()


def configs(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    runs = args.runs or (1 if quick else 3)
    shape = Shape(
        args.chats or (10 if quick else 1000), args.tasks_per_chat or (50 if quick else 1000)
    )
    return {
        "quick": quick,
        "shape": shape,
        "throughput": ThroughputConfig(commands=100, groups=10, runs=runs)
        if quick
        else ThroughputConfig(runs=runs),
        "processes": ProcessesConfig(commands=100, groups=10, runs=1)
        if quick
        else ProcessesConfig(runs=max(1, runs - 2)),  # every run starts processes anew
        "scale": ScaleConfig(shape, samples=20 if quick else 300, runs=runs),
        "dispatch": DispatchConfig(reminders=60, chats=6, runs=1)
        if quick
        else DispatchConfig(runs=max(1, runs - 1)),
        "timeliness": TimelinessConfig(reminders=20, chats=4, spread=4.0, lead=2.0)
        if quick
        else TimelinessConfig(),
        "startup": StartupConfig(runs=1, groups_driven=3) if quick else StartupConfig(runs=runs),
        "roundtrip": RoundTripConfig(samples=5, listed_tasks=30) if quick else RoundTripConfig(),
    }


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_database(
    kind: str, dbs: Databases, wanted: set[str], conf: dict[str, Any], notes: list[str]
) -> list[Row]:
    rows: list[Row] = []
    quick = conf["quick"]
    fresh: Callable[[], str] = lambda: dbs.fresh(kind)  # noqa: E731
    shape: Shape = conf["shape"]
    if "throughput" in wanted:
        progress(f"{kind}: throughput")
        rows += asyncio.run(run_throughput(kind, fresh(), conf["throughput"]))
        if kind == "postgresql":  # SQLite has one writer: a second process only waits
            progress(f"{kind}: throughput in several processes")
            rows += run_processes(kind, fresh, conf["processes"])
    scale_url = None
    if wanted & {"scale", "startup"}:
        progress(f"{kind}: data set {shape.chats} × {shape.tasks_per_chat}")
        scale_url = fresh()
        db = Database.from_url(scale_url)
        started = time.perf_counter()
        fill(db.engine, shape)
        seconds = time.perf_counter() - started
        counts = row_counts(db.engine)
        db.dispose()
        listed = ", ".join(f"{n:,} {table}" for table, n in counts.items())
        notes.append(f"{kind}: data set written with SQL in {seconds:.0f} s: {listed}")
    if "scale" in wanted and scale_url:
        progress(f"{kind}: scale")
        scale_rows, plan_lines = asyncio.run(run_scale(kind, scale_url, conf["scale"]))
        rows += scale_rows
        notes.extend(plan_lines)
    if "startup" in wanted:
        progress(f"{kind}: start-up")
        if not quick:
            rows.append(run_startup(kind, "empty database", fresh, conf["startup"]))
        if scale_url:
            label = f"{shape.chats * shape.tasks_per_chat:,} tasks"
            rows.append(run_startup(kind, label, lambda: scale_url, conf["startup"], shape))
    if "dispatch" in wanted:
        progress(f"{kind}: dispatch")
        rows.append(run_dispatch(kind, fresh, conf["dispatch"]))
    if "timeliness" in wanted:
        progress(f"{kind}: timeliness")
        rows.append(run_timeliness(kind, fresh, conf["timeliness"]))
    if "roundtrip" in wanted:
        progress(f"{kind}: round trip")
        rows += run_roundtrip(kind, fresh, conf["roundtrip"])
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = wanted - set(ALL)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    conf = configs(args)
    command = "python -m benchmarks " + shlex.join(sys.argv[1:] if argv is None else argv)
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="boardbot-bench-") as tmp:
        dbs = Databases(args, Path(tmp))
        try:
            for kind in ("sqlite", "postgresql"):
                if kind in args.databases:
                    rows += run_database(kind, dbs, wanted, conf, notes)
        finally:
            dbs.stop()
    machine = machine_info(dbs.version)
    print(tables(rows))
    for note in notes:
        print(f"- {note}")
    if args.json:
        payload = {"command": command, "machine": machine, "rows": [r.as_dict() for r in rows]}
        args.json.write_text(json.dumps(payload, indent=2))
    if not args.quick and not args.no_write:
        write_results(args.output, section(rows, command.strip(), machine, notes))
        progress(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
