"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start it on a
free 127.0.0.1 port, hand out fresh databases, stop it at the end.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg


def find_pg_bindir() -> Path:
    candidates = [os.environ.get("BOARDBOT_PG_BINDIR", "")]
    if found := shutil.which("pg_ctl"):
        candidates.append(str(Path(found).resolve().parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package "
        "postgresql (the tests start their own throwaway server) or set BOARDBOT_PG_BINDIR."
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PostgresServer:
    def __init__(self) -> None:
        self.bindir = find_pg_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="boardbot-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self, *, durable: bool = False, max_connections: int = 200) -> PostgresServer:
        """initdb and start; `durable` keeps PostgreSQL's default fsync and synchronous commit
        (benchmarks must pay for commits as production does; tests need not)."""
        if self.as_root:
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        no_sync = [] if durable else ["--no-sync"]
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
            *no_sync,
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            f"-c max_connections={max_connections}"
        )
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.options = options
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server on its existing data (after `start`, or after a `pause`)."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            self.options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def pause(self) -> None:
        """Stop the server as a crash or an outage would, keeping its data for `resume`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        try:
            self.pause()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def drop_database(self, url: str) -> None:
        """Drop a database `create_database` made, even if a connection is left open (a test's
        killed bot process): the suite makes well over a thousand, and a data folder of that
        many databases takes minutes to delete at the end on a busy machine."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def create_database(self, template: str | None = None) -> str:
        """A new empty (or template-copied) database; returns its SQLAlchemy URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f"CREATE DATABASE {name}{clause}")
        return self.url(name)
