"""Helpers for the tests of a data migration: move an empty database to a revision, write rows
as that revision stored them, then upgrade (or downgrade) and read what the migration made."""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import Engine, text

from storage.database import alembic_config


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Upgrade (or with `down`, downgrade) the database to `revision`."""
    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def insert(engine: Engine, sql: str, **values: Any) -> None:
    """Run one INSERT (or other statement) with bound values, committed."""
    with engine.begin() as connection:
        connection.execute(text(sql), values)


def insert_group(engine: Engine, chat_id: int) -> None:
    """A supergroup "Vorstand" with the columns every revision since 0001 has."""
    insert(
        engine,
        "INSERT INTO chat (id, type, title, reminder_hour, active, created_at) "
        "VALUES (:id, 'supergroup', 'Vorstand', 9, :yes, '2024-06-19 18:00:00+00')",
        id=chat_id,
        yes=True,
    )
