"""The PostgreSQL pool tests a connection before use only when it has lain idle
(`storage.database.ping_idle_connections`): no round trip for a connection in use a moment ago,
and a connection whose server process went away while it was idle is replaced without the
transaction noticing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from storage.database import PING_AFTER_IDLE_SECONDS, create_db_engine, ping_idle_connections
from tests.support.postgres import PostgresServer

SHORT_IDLE = 0.05


@pytest.fixture
def url(postgres_server: PostgresServer, postgres_template: str) -> str:
    return postgres_server.create_database(template=postgres_template)


@pytest.fixture
def pings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the pings of every engine made in the test (the dialect class's `do_ping`)."""
    counted: list[int] = []
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    original = PGDialect_psycopg.do_ping

    def counting(self: Any, dbapi_connection: Any) -> bool:
        counted.append(1)
        return bool(original(self, dbapi_connection))  # type: ignore[no-untyped-call]

    monkeypatch.setattr(PGDialect_psycopg, "do_ping", counting)
    yield counted


def backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def terminate(url: str, pid: int) -> None:
    """End that server process from outside the pool under test (as a restart would)."""
    killer = create_engine(url, poolclass=NullPool)
    try:
        with killer.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        killer.dispose()


def test_a_connection_in_use_a_moment_ago_is_not_pinged(url: str, pings: list[int]) -> None:
    engine = create_db_engine(url)
    try:
        for _ in range(5):
            backend_pid(engine)
        assert pings == []  # pool_pre_ping would have pinged four times
    finally:
        engine.dispose()


def test_an_idle_connection_is_pinged_once_before_use(url: str, pings: list[int]) -> None:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    ping_idle_connections(engine, SHORT_IDLE)
    try:
        first = backend_pid(engine)
        time.sleep(SHORT_IDLE * 3)
        assert backend_pid(engine) == first  # alive: the same connection, after one ping
        assert len(pings) == 1
        backend_pid(engine)
        assert len(pings) == 1  # used a moment ago
    finally:
        engine.dispose()


def test_a_connection_that_died_while_idle_is_replaced(url: str) -> None:
    engine = create_db_engine(url)
    try:
        killed = backend_pid(engine)
        assert backend_pid(engine) == killed  # the one pooled connection, reused
        terminate(url, killed)
        time.sleep(PING_AFTER_IDLE_SECONDS * 1.2)
        # idle long enough to be tested: the dead one is found by its ping and replaced
        assert backend_pid(engine) != killed
    finally:
        engine.dispose()


def test_without_the_ping_the_dead_connection_fails_its_transaction(url: str) -> None:
    """The counter-check: what the ping spares the transaction."""
    engine = create_engine(url)
    try:
        terminate(url, backend_pid(engine))
        time.sleep(PING_AFTER_IDLE_SECONDS * 1.2)
        with pytest.raises(OperationalError):
            backend_pid(engine)  # the pooled connection is dead, and nothing tests it
    finally:
        engine.dispose()
