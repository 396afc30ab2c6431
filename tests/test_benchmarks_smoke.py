"""The quick version of every benchmark (`python -m benchmarks --quick`) runs to the end and
reports sane figures, so the suite cannot rot. Timing targets are measured by `make bench`,
never asserted here: CI machines are too noisy for that. What is asserted is correctness:
every reminder delivered exactly once, and numbers that make sense."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCHES = {"1 throughput", "2 scale", "3 dispatch", "4 timeliness", "5 start-up", "6 round trip"}


@pytest.mark.timeout(300)
def test_quick_benchmarks_complete_with_sane_figures(tmp_path: Path) -> None:
    result = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(result)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "### 1 throughput" in done.stdout  # the table was printed
    rows = json.loads(result.read_text())["rows"]
    assert {row["bench"] for row in rows} == BENCHES
    assert {row["database"] for row in rows} == {"sqlite", "postgresql"}
    for row in rows:
        for key, value in row["figures"].items():
            assert isinstance(value, int | float) and math.isfinite(value), (row, key)
            assert value >= 0, (row, key)
        if "p50 ms" in row["figures"]:
            assert 0 < row["figures"]["p50 ms"] <= row["figures"]["p99 ms"], row
    cases = {(row["bench"], row["database"], row["case"]) for row in rows}
    for database in ("sqlite", "postgresql"):  # sequential and concurrent side by side
        assert ("1 throughput", database, "/task + /tasks alternating, 32 in flight") in cases
        assert ("2 scale", database, "/task + /tasks alternating, 32 in flight") in cases
    two = "/task + /tasks alternating, 2 processes × 32 in flight"
    assert ("1 throughput", "postgresql", two) in cases
    for row in rows:
        figures = row["figures"]
        if row["bench"] == "1 throughput" and "cmd/s" in figures:
            assert figures["cmd/s"] > 0
            assert figures["loop lag max ms"] >= figures["loop lag p99 ms"] > 0, row
        if "bare PTB cmd/s" in figures:
            assert figures["bare PTB cmd/s"] > figures["cmd/s"], row
        if row["bench"] == "6 round trip":  # every sample got its whole reply
            assert figures["samples"] == 5, row
            assert 0 < figures["bare PTB median ms"] <= figures["bare PTB p99 ms"], row
            assert figures["median ms"] <= figures["p99 ms"], row
        if row["bench"] in ("3 dispatch", "4 timeliness"):
            assert figures["lost"] == figures["duplicates"] == 0, row
            assert figures["unsent in database"] == 0, row
        if row["bench"] == "3 dispatch":
            assert 0 < figures["of allowed"] <= 1.5, row
        if row["bench"] == "5 start-up":
            assert figures["to first getUpdates s"] > 0 and figures["RSS 1 s later MB"] > 10
            assert figures["commands served"] > 0 and figures["peak RSS MB"] > 10
