"""Engine and session set-up, `Database.run` which keeps the event loop off the database, and
`upgrade_database` which brings the schema to the newest Alembic revision (called at every
start-up, so a new version migrates itself).

An SQLite database file is created readable by its owner only (0600) before SQLite opens it,
whatever the umask: SQLite gives the WAL and shared-memory files the mode of the database file.
`secure_delete` is switched on explicitly (some builds default to off), so deleted rows — a
forgotten member's — are overwritten in the file instead of lingering in free pages.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine.url import make_url
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same for every boardbot process on one database.
MIGRATION_LOCK_ID = 0x626F617264  # "board"
SQLITE_BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE_MODE = 0o600


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 unless it exists (the umask cannot widen it)."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    os.fchmod(descriptor, PRIVATE_FILE_MODE)  # O_CREAT's mode is narrowed by the umask only
    os.close(descriptor)


# PostgreSQL: the threads that run transactions off the event loop, and the connection pool.
# The pool is larger than the threads, so a transaction never waits for a connection that
# some other synchronous caller (start-up, the CLI) holds. Two threads: since the hot path's
# statements run without the ORM, two make as many commands per second as four and eight, for
# half the event loop's lag (each thread running SQLAlchemy's Python is one more the loop waits
# behind for the GIL); not one, so one slow transaction (an export, a row lock held by another
# process) never stops every other chat (BENCHMARKS.md, 2026-12-02).
DATABASE_THREADS = 2
POOL_SIZE, POOL_OVERFLOW = 5, 10
T = TypeVar("T")
# While a database thread runs Python code (SQLAlchemy), the event loop's thread waits for the
# GIL up to the interpreter's switch interval (5 ms by default) before it may run a callback;
# 1 ms keeps the loop's lag near 1 ms for a small cost in switching.
GIL_SWITCH_INTERVAL = 0.001


# A pooled PostgreSQL connection is tested with a round trip before use only when it has lain
# idle this long (see `ping_idle_connections`).
PING_AFTER_IDLE_SECONDS = 1.0
CHECKED_IN_AT = "boardbot_checked_in_at"


def ping_idle_connections(engine: Engine, idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> None:
    """Test a pooled connection before use when it has been idle for `idle_seconds`; one that
    fails is replaced by a fresh one (the pool retries the checkout).

    This is SQLAlchemy's pessimistic disconnect handling ("pre ping") for the connections that
    can be stale, instead of `pool_pre_ping`'s round trip before every transaction — three or
    four per command with the inbox (BENCHMARKS.md). A busy bot reuses each connection within
    milliseconds and is never pinged; an idle one, or one across a PostgreSQL restart (which
    takes longer than `idle_seconds`), is. A connection that dies within the last
    `idle_seconds` fails its transaction instead, as a transaction in progress fails when the
    server goes away: SQLAlchemy sees the disconnect and renews the whole pool."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi: Any, record: ConnectionPoolEntry) -> None:
        record.info[CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _maybe_ping(dbapi: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
        checked_in = record.info.get(CHECKED_IN_AT)
        if checked_in is None or time.monotonic() - checked_in < idle_seconds:
            return  # new, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi, None):
                raise exc.DisconnectionError() from error  # the pool reconnects and retries
            raise


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and enforced foreign keys;
    PostgreSQL a pool whose idle connections are tested before use."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        engine = create_engine(url, **kwargs)
        ping_idle_connections(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(path)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite starts transactions late and lets SAVEPOINT commit on its own; we take over
        # BEGIN ourselves (SQLAlchemy's documented recipe) so rollbacks roll everything back.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA secure_delete=ON")
        if parsed.database and parsed.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue on the busy timeout
        # instead of failing with "database is locked" when a reader upgrades to a writer.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def upgrade_database(engine: Engine) -> None:
    """Apply every pending Alembic migration (a no-op when the schema is current)."""
    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


class Database:
    """The bot's database: one engine, short transactions through `transaction()`, and
    `run`/`call` to do them from async code without blocking the event loop.

    The transactions run in a thread pool of our own: one thread on SQLite (one writer at a
    time anyway; a single thread never makes two of our own transactions wait on each other's
    file lock), `DATABASE_THREADS` on PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.threads = 1 if engine.dialect.name == "sqlite" else DATABASE_THREADS
        self._executor: ThreadPoolExecutor | None = None

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="database")
        return self._executor

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a database thread; the caller's context variables go along."""
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._pool(), functools.partial(context.run, function, *args)
        )

    async def run(self, action: Callable[[Session], T]) -> T:
        """`action(session)` in one transaction, in a database thread."""
        return await self.call(self._in_transaction, action)

    def _in_transaction(self, action: Callable[[Session], T]) -> T:
        with self.transaction() as session:
            return action(session)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(create_db_engine(url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self.engine.dispose()
