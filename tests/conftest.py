"""Shared fixtures: a real PostgreSQL server started for the session, and a migrated database
of each kind (SQLite file, PostgreSQL) for every test that asks for `database_url`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.database import Database, create_db_engine, upgrade_database
from tests.support.postgres import PostgresServer

TEMPLATE_DB = "boardbot_template"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """A database migrated once by Alembic; each test gets a copy of it."""
    import psycopg

    dsn = f"host=127.0.0.1 port={postgres_server.port} user=postgres dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    template = Database.from_url(postgres_server.url(TEMPLATE_DB))
    upgrade_database(template.engine)
    template.dispose()
    return TEMPLATE_DB


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database of each kind (a PostgreSQL one is dropped afterwards)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'boardbot.db'}"
        database = Database.from_url(url)
        upgrade_database(database.engine)
        database.dispose()
        yield url
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database(template=request.getfixturevalue("postgres_template"))
    yield url
    server.drop_database(url)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of each kind, not migrated: for tests of one migration's data step."""
    server: PostgresServer | None = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database()
    engine = create_db_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        if server is not None:
            server.drop_database(url)
