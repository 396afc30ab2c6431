"""Deleting a handled update from the inbox (`storage.inbox.finish_update`): the row is gone,
and on PostgreSQL only that transaction skips the wait for its WAL flush (a lost delete means a
replay the once-only guard refuses; a lost store or command would not be harmless)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session

from storage.database import Database
from storage.inbox import finish_update, inbox_size, store_update

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def synchronous_commit(session: Session) -> str:
    return str(session.execute(text("SHOW synchronous_commit")).scalar_one())


def test_finish_deletes_only_that_update(db: Database) -> None:
    with db.transaction() as session:
        assert store_update(session, 11, -100, "{}", NOW)
        assert store_update(session, 12, -100, "{}", NOW)
    with db.transaction() as session:
        finish_update(session, 11)
    with db.transaction() as session:
        assert inbox_size(session) == 1
        assert store_update(session, 11, -100, "{}", NOW)  # 11 is gone, so it is stored anew
        assert not store_update(session, 12, -100, "{}", NOW)  # 12 is still there


def test_only_the_finishing_transaction_skips_the_flush_wait(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        return  # SQLite has no per-transaction durability setting; nothing changes there
    with db.transaction() as session:
        store_update(session, 21, -100, "{}", NOW)
    with db.engine.connect() as connection:
        # the test server runs without durability: make this connection durable first
        connection.execute(text("SET synchronous_commit = on"))
        connection.commit()
        with Session(bind=connection) as session:
            finish_update(session, 21)
            assert synchronous_commit(session) == "off"
            session.commit()
        with Session(bind=connection) as session:  # SET LOCAL ended with its transaction
            assert synchronous_commit(session) == "on"
            store_update(session, 22, -100, "{}", NOW)
            assert synchronous_commit(session) == "on"  # storing an update stays durable
            session.commit()
    with db.transaction() as session:
        assert inbox_size(session) == 1
