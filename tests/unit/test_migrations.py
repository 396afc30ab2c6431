"""The hand-written Alembic migrations build exactly the schema of storage/models.py, on SQLite
and PostgreSQL, and upgrade/downgrade behave."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.database import (
    alembic_config,
    create_db_engine,
    current_revision,
    head_revision,
    upgrade_database,
)

MODEL_TABLES = {"chat", "member", "counter", "task", "taskowner"}


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        yield engine
    finally:
        engine.dispose()


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def downgrade_to_base(engine: Engine) -> None:
    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")


def test_models_define_the_expected_tables() -> None:
    # guards the comparisons below against an empty metadata, where nothing could differ
    assert set(SQLModel.metadata.tables) >= MODEL_TABLES


def test_fresh_sqlite_is_upgraded_to_head(sqlite_engine: Engine) -> None:
    assert current_revision(sqlite_engine) is None
    upgrade_database(sqlite_engine)
    head = head_revision(sqlite_engine)
    assert head is not None
    assert current_revision(sqlite_engine) == head
    assert tables(sqlite_engine) == set(SQLModel.metadata.tables) | {"alembic_version"}


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    """`database_url` is a migrated SQLite file and a migrated PostgreSQL database."""
    engine = create_db_engine(database_url)
    try:
        assert current_revision(engine) == head_revision(engine)
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_comparison_notices_a_difference(sqlite_engine: Engine) -> None:
    """The comparison is not blind: an extra column in the database is reported."""
    upgrade_database(sqlite_engine)
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE task ADD COLUMN stray INTEGER")
    differences = schema_differences(sqlite_engine)
    assert [d[0] for d in differences] == ["remove_column"]
    assert differences[0][3].name == "stray"


def test_upgrading_twice_is_a_no_op(sqlite_engine: Engine) -> None:
    upgrade_database(sqlite_engine)
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO chat (id, type, title, active, created_at) "
            "VALUES (-1001, 'supergroup', 'Vorstand', 1, '2024-06-19')"
        )
    upgrade_database(sqlite_engine)
    assert current_revision(sqlite_engine) == head_revision(sqlite_engine)
    with sqlite_engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT id, title FROM chat").all()
    assert [tuple(row) for row in rows] == [(-1001, "Vorstand")]
    assert schema_differences(sqlite_engine) == []


def test_downgrade_to_base_and_upgrade_again(sqlite_engine: Engine) -> None:
    upgrade_database(sqlite_engine)
    downgrade_to_base(sqlite_engine)
    assert current_revision(sqlite_engine) is None
    assert tables(sqlite_engine) <= {"alembic_version"}
    upgrade_database(sqlite_engine)
    assert current_revision(sqlite_engine) == head_revision(sqlite_engine)
    assert schema_differences(sqlite_engine) == []


def test_downgrade_and_upgrade_on_postgresql(postgres_server: Any) -> None:
    engine = create_db_engine(postgres_server.create_database())
    try:
        upgrade_database(engine)
        assert schema_differences(engine) == []
        upgrade_database(engine)
        downgrade_to_base(engine)
        assert tables(engine) <= {"alembic_version"}
        upgrade_database(engine)
        assert current_revision(engine) == head_revision(engine)
        assert schema_differences(engine) == []
        # compare_type is in effect: a shorter title column is reported
        with engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE task ALTER COLUMN title TYPE varchar(400)")
        differences = schema_differences(engine)
        assert len(differences) == 1
        assert differences[0][0][0] == "modify_type"
        assert differences[0][0][3] == "title"
    finally:
        engine.dispose()
