"""Which Telegram updates have been acted on: the guard against a redelivered update.

The table is pruned as it grows, not only at start-up: every `PRUNE_EVERY`-th update id
(Telegram numbers updates consecutively) also deletes the ids older than
`KEEP_PROCESSED_UPDATES`, so a bot that runs for months keeps about a week of ids, and any
process that handles updates does it without a timer of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Executable, bindparam, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage import core
from storage.models import ProcessedUpdate

KEEP_PROCESSED_UPDATES = timedelta(days=7)
PRUNE_EVERY = 256


def claim_update(session: Session, update_id: int, now: datetime) -> bool:
    """Record the update as handled in this transaction; False if it was handled before.

    One `INSERT … ON CONFLICT DO NOTHING RETURNING` (PostgreSQL and SQLite ≥ 3.35): every
    command runs this, so it is one round trip instead of a lookup, a savepoint and an insert.
    A concurrent claim by another process waits for that transaction and then gets nothing."""
    if update_id % PRUNE_EVERY == 0:
        prune_processed_updates(session, now)
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        return _claim_update_portable(session, update_id, now)
    statement = _claim_statement(dialect)
    claimed = core.execute(session, statement, {"update_id": update_id, "at": now}).first()
    return claimed is not None


@cache
def _claim_statement(dialect: str) -> Executable:
    table = ProcessedUpdate.__table__  # type: ignore[attr-defined]
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values = insert(table).values(update_id=bindparam("update_id"), processed_at=bindparam("at"))
    return values.on_conflict_do_nothing(index_elements=["update_id"]).returning(table.c.update_id)


def _claim_update_portable(session: Session, update_id: int, now: datetime) -> bool:
    if session.get(ProcessedUpdate, update_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedUpdate(update_id=update_id, processed_at=now))
    except IntegrityError:  # another process claimed it a moment ago
        return False
    return True


def prune_processed_updates(session: Session, now: datetime) -> None:
    """Forget the ids handled before the window: Telegram redelivers an unconfirmed update
    for at most a day, so a week of ids is plenty to reject every redelivery."""
    cutoff = now - KEEP_PROCESSED_UPDATES
    session.execute(delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < cutoff))
