"""Query plans of the hot paths: record every statement a command runs (SQLAlchemy's
`before_cursor_execute`), ask the database for its plan, and report any full scan of a large
table. PostgreSQL: `EXPLAIN (FORMAT JSON)`; SQLite: `EXPLAIN QUERY PLAN`."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

# Tables that grow with the federation; a full scan of one of these is a finding.
LARGE_TABLES = frozenset(
    {"task", "taskowner", "reminder", "decision", "member", "processedupdate", "meeting"}
)
PLANNED = ("SELECT", "UPDATE", "DELETE", "WITH")


@dataclass
class Plan:
    statement: str
    indexes: list[str] = field(default_factory=list)
    full_scans: list[str] = field(default_factory=list)
    text: str = ""


class StatementRecorder:
    """Collects (statement, parameters) of everything the engine executes while active."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[tuple[str, Any]] = []
        self.active = False
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if self.active:
            self.statements.append((statement, params))

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any]]]:
        self.statements = []
        self.active = True
        try:
            yield self.statements
        finally:
            self.active = False

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def _walk_pg(node: dict[str, Any], plan: Plan) -> None:
    relation = node.get("Relation Name")
    if node.get("Node Type") == "Seq Scan" and relation in LARGE_TABLES:
        plan.full_scans.append(f"Seq Scan on {relation}")
    if "Index Name" in node:
        plan.indexes.append(str(node["Index Name"]))
    for child in node.get("Plans", []):
        _walk_pg(child, plan)


SQLITE_SCAN = re.compile(r"^SCAN (\w+)(.*)$")


def explain(engine: Engine, statement: str, params: Any) -> Plan:
    plan = Plan(" ".join(statement.split())[:200])
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params).all()
            document = rows[0][0]
            document = json.loads(document) if isinstance(document, str) else document
            _walk_pg(document[0]["Plan"], plan)
            plan.text = json.dumps(document[0]["Plan"])[:2000]
        else:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            details = [str(row[-1]) for row in rows]
            plan.text = "\n".join(details)
            for detail in details:
                scan = SQLITE_SCAN.match(detail)
                if scan and scan.group(1) in LARGE_TABLES and "USING" not in scan.group(2):
                    plan.full_scans.append(f"SCAN {scan.group(1)}")
                used = re.search(r"USING (?:COVERING )?INDEX (\w+)", detail)
                if used:
                    plan.indexes.append(used.group(1))
                elif "INTEGER PRIMARY KEY" in detail or "PRIMARY KEY" in detail:
                    plan.indexes.append("primary key")
        connection.rollback()
    return plan


def plans_of(engine: Engine, statements: list[tuple[str, Any]]) -> list[Plan]:
    """The plans of the statements that read (SELECT/UPDATE/DELETE); inserts have none."""
    found = []
    for statement, params in statements:
        head = statement.lstrip().split(None, 1)[0].upper()
        if head in PLANNED and not statement.lstrip().upper().startswith("SELECT 1"):
            found.append(explain(engine, statement, params))
    return found


def summary(plans: list[Plan]) -> str:
    """`n statements, no full scan (indexes: …)` or the full scans found."""
    scans = sorted({scan for plan in plans for scan in plan.full_scans})
    indexes = sorted({index for plan in plans for index in plan.indexes})
    if scans:
        return f"{len(plans)} planned statements; FULL SCANS: {', '.join(scans)}"
    return f"{len(plans)} planned statements, no full scan; indexes: {', '.join(indexes)}"
