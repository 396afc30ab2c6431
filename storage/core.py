"""Core statements for the hot path: built once, run on the session's own connection.

Every command runs a handful of small statements (the once-only claim, the per-chat counter,
the card's message id, the owners of the listed tasks). Through the ORM each one pays for the
ORM's execution machinery and for building the statement anew: about 0.5 ms of CPU per
statement on the benchmark machine, a third to a half of what the statement costs in all
(BENCHMARKS.md). Built once with bound parameters (each builder is `functools.cache`d) and run on
`session.connection()`, they take part in the session's transaction as before; SQLAlchemy's
compiled cache does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Executable, Table, insert
from sqlmodel import Session


def execute(
    session: Session, statement: Executable, params: dict[str, Any] | Sequence[dict[str, Any]]
) -> Any:
    """Run a Core statement in the session's transaction (the result, as Connection.execute).
    The session's pending changes are flushed first, as the ORM's autoflush would before a
    query: a Core statement must see them too."""
    session.flush()
    return session.connection().execute(statement, params)


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows nothing in this transaction reads back as objects (reminders, owners, audit
    events) in one statement, without building an ORM object for each: constructing a SQLModel
    object costs about as much as the insert itself (BENCHMARKS.md). Every row names the same
    columns; the columns' Python defaults (`created_at`, `status`, …) fill in the others."""
    if rows:
        execute(session, _insert_statement(table), rows)


@cache
def _insert_statement(table: Table) -> Executable:
    return insert(table)
