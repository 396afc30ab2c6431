"""`boardbot db current`, `boardbot db upgrade` and `boardbot backup <file>`.

Migrations: the bot upgrades its database at every start; `db upgrade` does the same by hand
(e.g. before starting a second process), `db current` shows where the schema is.

Backup of an SQLite database while the bot runs uses SQLite's online backup API. The copy is
taken inside one read transaction on the source, so it is a single consistent snapshot: in WAL
mode (which boardbot sets) the bot goes on writing meanwhile, nothing it committed before the
backup began is missing, and nothing half-written gets in. The copy is written next to the
target and renamed into place at the end, so a file named like the target is always complete;
it is created readable by its owner only (0600), like the database.
PostgreSQL databases are backed up with `pg_dump`, which `backup` explains.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from bot.cli.progress import progress_total
from bot.config import Settings
from bot.startup import DATABASE_ERRORS, StartupError, database_error, safe_url
from storage.database import (
    SQLITE_BUSY_TIMEOUT_MS,
    Database,
    create_private_file,
    current_revision,
    head_revision,
    upgrade_database,
)

BACKUP_STEP_PAGES = 256  # per step of the backup (with 4 KiB pages: 1 MiB), for the progress


def schema_state(db: Database) -> str:
    """`at 0003 (the newest)`, `at 0002; the newest is 0003 …`, or `empty`."""
    current, head = current_revision(db.engine), head_revision(db.engine)
    if current is None:
        return f"empty (no boardbot tables yet); the newest schema is {head}"
    if current == head:
        return f"at {current} (the newest)"
    return f"at {current}; the newest is {head}: run `boardbot db upgrade` (start-up does it too)"


def db_current(settings: Settings) -> int:
    db = Database.from_url(settings.database_url)
    try:
        print(f"{safe_url(settings.database_url)}: schema {schema_state(db)}")
    except DATABASE_ERRORS as error:
        raise database_error(settings, error) from None
    finally:
        db.dispose()
    return 0


def db_upgrade(settings: Settings) -> int:
    db = Database.from_url(settings.database_url)
    try:
        before = current_revision(db.engine)
        upgrade_database(db.engine)
        after = current_revision(db.engine)
    except DATABASE_ERRORS as error:
        raise database_error(settings, error) from None
    finally:
        db.dispose()
    where = safe_url(settings.database_url)
    if before == after:
        print(f"{where}: schema already at {after} (the newest)")
    else:
        print(f"{where}: schema upgraded from {before or 'empty'} to {after}")
    return 0


def pg_dump_advice(settings: Settings, target: Path) -> str:
    url = make_url(settings.database_url)
    without_password = URL.create(
        "postgresql", username=url.username, host=url.host, port=url.port, database=url.database
    )
    dsn = without_password.render_as_string(hide_password=False)
    return (
        "boardbot backup copies SQLite databases; for PostgreSQL use pg_dump, which takes a "
        "consistent snapshot while the bot runs:\n"
        f"  pg_dump --format=custom --file={target} '{dsn}'\n"
        "(the password from ~/.pgpass or PGPASSWORD). Restore into an empty database with:\n"
        f"  pg_restore --no-owner --dbname='{dsn}' {target}"
    )


def sqlite_path(settings: Settings) -> Path | None:
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise StartupError(
            2, "DATABASE_URL names an in-memory database: there is nothing to back up."
        )
    return Path(url.database).expanduser()


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` to `target` as one consistent snapshot; returns the number of pages."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)  # 0600 before a single page of the database is in it
    src = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    dst = sqlite3.connect(partial)
    dst.execute("PRAGMA secure_delete=ON")
    pages = 0
    try:
        # One read transaction for the whole copy: a stable snapshot, and writers go on (WAL).
        # Without it each step reads anew, and every write by the bot restarts the copy.
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        with progress_total(f"backup of {source.name}") as update:

            def report(_status: int, remaining: int, total: int) -> None:
                nonlocal pages
                pages = total
                update(total - remaining, total)

            src.backup(dst, pages=BACKUP_STEP_PAGES, progress=report)
        src.execute("COMMIT")
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)
    return pages


def backup(settings: Settings, target: Path, force: bool = False) -> int:
    source = sqlite_path(settings)
    if source is None:
        print(pg_dump_advice(settings, target))
        return 2
    if not source.exists():
        raise StartupError(3, f"There is no database at {source} (check DATABASE_URL).")
    if target.exists() and not force:
        raise StartupError(2, f"{target} exists already: choose another name or add --force.")
    if target.resolve() == source.resolve():
        raise StartupError(2, "The backup cannot replace the database itself: choose another file.")
    try:
        pages = backup_sqlite(source, target)
    except (sqlite3.Error, OSError) as error:
        raise StartupError(3, f"The backup of {source} failed: {error}.") from None
    size = target.stat().st_size
    print(f"backed up {source} to {target} ({size / 1024:.0f} KiB, {pages} pages)")
    return 0
