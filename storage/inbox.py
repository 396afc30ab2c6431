"""Data access for the inbox of received Telegram updates (`InboxUpdate`).

An update is stored when it arrives and deleted when its handlers have run. What is left after
a crash is replayed at start-up, in the order Telegram numbered the updates; the once-only guard
(`storage.updates.claim_update`) keeps a replayed command from acting twice.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from functools import cache

from sqlalchemy import Executable, bindparam, delete, func, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage import core
from storage.models import InboxUpdate

# An update that was replayed this often and still never finished crashed the bot each time.
MAX_ATTEMPTS = 3


def store_update(
    session: Session, update_id: int, chat_id: int | None, payload: str, now: datetime
) -> bool:
    """Keep the update until it is handled; False when it is in the inbox already."""
    values = {"update_id": update_id, "chat_id": chat_id, "payload": payload, "at": now}
    statement = _store_statement(session.get_bind().dialect.name)
    return core.execute(session, statement, values).first() is not None


@cache
def _store_statement(dialect: str) -> Executable:
    # Every update passes here before it is handled: a Core statement built once (storage.core)
    table = InboxUpdate.__table__  # type: ignore[attr-defined]
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values = insert(table).values(
        update_id=bindparam("update_id"),
        telegram_chat_id=bindparam("chat_id"),
        payload=bindparam("payload"),
        received_at=bindparam("at"),
        attempts=0,
    )
    return values.on_conflict_do_nothing(index_elements=["update_id"]).returning(table.c.update_id)


def finish_update(session: Session, update_id: int) -> None:
    """The update's handlers have run: it needs no replay (`finish_updates` for one)."""
    finish_updates(session, [update_id])


def finish_updates(session: Session, update_ids: Collection[int]) -> None:
    """These updates' handlers have run: they need no replay. One statement for all of them:
    the bot deletes what finished while the previous delete ran together (bot.inbox).

    On PostgreSQL this transaction commits without waiting for its WAL flush
    (`synchronous_commit = off`, for this transaction only): the wait was 3–4 ms of every
    update on a durable server (BENCHMARKS.md), for a row whose loss costs nothing. Only a crash
    of the database server itself (not of the bot) within a fraction of a second can undo the
    delete; the update is then replayed, and its handlers' own, durable commit makes the
    once-only guard refuse it, as after a bot crash between handling and this delete."""
    if not update_ids:
        return
    if session.get_bind().dialect.name == "postgresql":
        core.execute(session, _no_commit_wait(), {})
    core.execute(session, _finish_statement(), {"ids": list(update_ids)})


@cache
def _no_commit_wait() -> Executable:
    return text("SET LOCAL synchronous_commit = off")


@cache
def _finish_statement() -> Executable:
    table = InboxUpdate.__table__  # type: ignore[attr-defined]
    return delete(table).where(table.c.update_id.in_(bindparam("ids", expanding=True)))


def take_for_replay(session: Session) -> tuple[list[InboxUpdate], list[InboxUpdate]]:
    """The updates a previous run left unhandled, oldest first, each counted as one more
    attempt — and those given up because every earlier attempt crashed the bot (deleted)."""
    rows = list(session.exec(select(InboxUpdate).order_by(col(InboxUpdate.update_id))))
    given_up = [row for row in rows if row.attempts >= MAX_ATTEMPTS]
    replay = [row for row in rows if row.attempts < MAX_ATTEMPTS]
    if given_up:
        ids = [row.update_id for row in given_up]
        session.execute(delete(InboxUpdate).where(col(InboxUpdate.update_id).in_(ids)))
    if replay:
        ids = [row.update_id for row in replay]
        session.execute(
            update(InboxUpdate)
            .where(col(InboxUpdate.update_id).in_(ids))
            .values(attempts=InboxUpdate.attempts + 1)
        )
    return replay, given_up


def inbox_size(session: Session) -> int:
    counted: int = session.exec(select(func.count()).select_from(InboxUpdate)).one()
    return counted
