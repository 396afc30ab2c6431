"""The PostgreSQL server the benchmarks run on: a throwaway server like the tests' one, but with
PostgreSQL's default durability (fsync and synchronous commit on), because a production server
pays for every commit and so must the benchmark. `--postgres-url` uses an existing server
instead (a superuser URL: the suite creates its own databases there)."""

from __future__ import annotations

import uuid

import psycopg
from sqlalchemy.engine import make_url

from tests.support.postgres import PostgresServer


class BenchPostgres(PostgresServer):
    """The tests' throwaway server, with default durability and 100 connections."""

    def start(self, *, durable: bool = True, max_connections: int = 100) -> BenchPostgres:
        super().start(durable=durable, max_connections=max_connections)
        return self


class ExternalPostgres:
    """An existing server: databases are created (and dropped) through the given URL."""

    def __init__(self, url: str) -> None:
        self.base = make_url(url)

    def start(self) -> ExternalPostgres:
        return self

    def stop(self) -> None:
        return None

    def _admin_dsn(self) -> str:
        url = self.base.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def url(self, database: str = "postgres") -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def create_database(self, template: str | None = None) -> str:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(self._admin_dsn(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}{clause}")
        return self.url(name)


def server_version(url: str) -> str:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
