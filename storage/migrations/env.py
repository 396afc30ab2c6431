"""Alembic environment: runs migrations on the connection that storage.database hands over.

On PostgreSQL an advisory lock makes several bot processes starting at once migrate one at
a time; SQLite needs batch mode because it lacks most ALTER TABLE forms.

Batch mode changes a SQLite table by copying it and dropping the original. With foreign keys
enforced (the bot's connections turn them on) that drop deletes every row referring to the
table through `ON DELETE CASCADE`: rebuilding `task` once deleted every owner and reminder.
So foreign keys are off while migrations run (SQLite's own procedure for schema changes does
the same), and `PRAGMA foreign_key_check` must find nothing broken before the upgrade counts.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.database import MIGRATION_LOCK_ID, create_db_engine

target_metadata = SQLModel.metadata


class ForeignKeysBroken(RuntimeError):
    """A migration left rows that refer to rows that do not exist."""


def sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """Turn SQLite's foreign keys on or off; only outside a transaction does the pragma work,
    so it goes to the driver's connection directly."""
    if connection.in_transaction():
        connection.commit()
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def check_sqlite_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise ForeignKeysBroken(f"rows refer to missing rows after the migration: {broken[:5]}")


def run_on(connection: Connection) -> None:
    is_postgres = connection.dialect.name == "postgresql"
    is_sqlite = connection.dialect.name == "sqlite"
    if is_postgres:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        connection.commit()
    if is_sqlite:
        sqlite_foreign_keys(connection, on=False)
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite,
            compare_type=True,
            # Alembic takes SQLite's DDL for non-transactional and commits after each step, so a
            # failed check left the steps before it applied; our engine BEGINs itself
            # (storage.database), in which SQLite runs DDL like any statement.
            transactional_ddl=True if is_sqlite else None,
        )
        with context.begin_transaction():
            before = context.get_context().get_current_revision()
            context.run_migrations()
            # Only a migration can break references, and the check reads every row: on an
            # unchanged database it cost 1.7 s of each start at 1,000,000 tasks (a 2-core Xeon).
            migrated = context.get_context().get_current_revision() != before
            if is_sqlite and migrated:
                check_sqlite_foreign_keys(connection)  # inside: a broken upgrade rolls back
    finally:
        if is_sqlite:
            sqlite_foreign_keys(connection, on=True)
        if is_postgres:
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
            connection.commit()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    # `alembic` on the command line: build the engine from the configured URL.
    engine = create_db_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as new_connection:
        run_on(new_connection)
