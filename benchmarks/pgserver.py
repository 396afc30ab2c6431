"""The PostgreSQL server the benchmarks run on: a throwaway server like the tests' one, but with
PostgreSQL's default durability (fsync and synchronous commit on), because a production server
pays for every commit and so must the benchmark. `--postgres-url` uses an existing server
instead (a superuser URL: the suite creates its own databases there)."""

from __future__ import annotations

import os
import pwd
import uuid

import psycopg
from sqlalchemy.engine import make_url

from tests.support.postgres import PostgresServer


class BenchPostgres(PostgresServer):
    """initdb + pg_ctl into a temporary folder, default settings except the connection limit."""

    def start(self) -> BenchPostgres:
        if self.as_root:
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=100"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
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
