"""The result table: printed as Markdown, and written into BENCHMARKS.md between markers
(with the command, date and machine), replacing the previous results of the same mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.common import Row

START = "<!-- results:start -->"
END = "<!-- results:end -->"


def fmt(key: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if key in ("runs", "429s", "duplicates", "lost", "other errors", "unsent in database"):
        return str(round(value))
    if key in ("commands served", "samples"):
        return str(round(value))
    if key in ("of allowed", "ratio to bare"):
        return f"{value * 100:.1f} %" if key == "of allowed" else f"{value:.3f}"
    if key.endswith("/ baseline"):
        return f"{value:.1f}×"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}"


def tables(rows: list[Row]) -> str:
    """One Markdown table per benchmark; columns are the figures its rows have."""
    out: list[str] = []
    for bench in sorted({row.bench for row in rows}):
        mine = [row for row in rows if row.bench == bench]
        keys: list[str] = []
        for row in mine:
            keys += [k for k in row.figures if k not in keys and k != "runs"]
        keys.append("runs")
        out.append(f"### {bench}\n")
        out.append("| case | db | " + " | ".join(keys) + " |")
        out.append("|" + "---|" * (len(keys) + 2))
        for row in mine:
            cells = [fmt(k, row.figures[k]) if k in row.figures else "" for k in keys]
            out.append(f"| {row.case} | {row.database} | " + " | ".join(cells) + " |")
        notes = sorted({row.note for row in mine if row.note})
        out += ["", *(f"- {note}" for note in notes), ""]
    return "\n".join(out)


def section(rows: list[Row], command: str, machine: dict[str, str], extra: list[str]) -> str:
    lines = [
        START,
        "",
        f"Measured {machine['date']} with `{command}`",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine.items() if key != "date"),
        "",
        tables(rows),
    ]
    if extra:
        lines += ["### query plans and data set", "", *(f"- {line}" for line in extra), ""]
    lines.append(END)
    return "\n".join(lines)


def write_results(path: Path, text: str) -> None:
    """Replace the results block of BENCHMARKS.md (or append one)."""
    current = path.read_text() if path.exists() else ""
    if START in current and END in current:
        head, rest = current.split(START, 1)
        tail = rest.split(END, 1)[1]
        path.write_text(head + text + tail)
    else:
        path.write_text(current.rstrip() + "\n\n" + text + "\n")
