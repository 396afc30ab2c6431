"""Alembic environment: runs migrations on the connection that storage.database hands over.

On PostgreSQL an advisory lock makes several bot processes starting at once migrate one at
a time; SQLite needs batch mode because it lacks most ALTER TABLE forms.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.database import MIGRATION_LOCK_ID, create_db_engine

target_metadata = SQLModel.metadata


def run_on(connection: Connection) -> None:
    is_postgres = connection.dialect.name == "postgresql"
    if is_postgres:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        connection.commit()
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
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
