"""Files and secrets at rest (issue 13, finding 12): the SQLite database, its WAL and
shared-memory files and `boardbot backup` copies are created 0600 even under a permissive
umask (outside systemd), deleted rows are overwritten (`secure_delete`), and the systemd
units set `UMask=0077`."""

from __future__ import annotations

import configparser
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.cli import maintenance
from bot.config import Settings
from storage.database import Database, upgrade_database

ROOT = Path(__file__).resolve().parents[2]
UNITS = ("boardbot.service", "boardbot-worker.service", "boardbot-backup.service")


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The umask of a shell or a container (022): new files would be world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "boardbot.db"
    db = Database.from_url(f"sqlite:///{path}")
    try:
        upgrade_database(db.engine)
        with db.engine.connect() as connection:  # keeps the WAL and -shm files open
            connection.execute(text("SELECT count(*) FROM chat"))
            files = [path, path.with_name("boardbot.db-wal"), path.with_name("boardbot.db-shm")]
            assert all(file.exists() for file in files)
            assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}
    finally:
        db.dispose()


def database_on_a_build_without_secure_delete(path: Path) -> Database:
    """Many SQLite builds (Debian's among them) default to secure_delete=ON, others do not:
    switch it off before our set-up runs on each connection, so only our PRAGMA can turn it on."""
    db = Database.from_url(f"sqlite:///{path}")

    def default_off(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    event.listen(db.engine, "connect", default_off, insert=True)
    return db


def test_secure_delete_is_on_for_every_connection(tmp_path: Path) -> None:
    db = database_on_a_build_without_secure_delete(tmp_path / "boardbot.db")
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
    finally:
        db.dispose()


def test_deleted_text_does_not_linger_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "boardbot.db"
    db = database_on_a_build_without_secure_delete(path)
    try:
        upgrade_database(db.engine)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO chat (id, type, title, reminder_hour, active, created_at) "
                    "VALUES (-1, 'group', :title, 9, 1, '2024-01-01')"
                ),
                {"title": "Geheimrat-Zwiebelfisch " * 10},
            )
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM chat"))
    finally:
        db.dispose()  # the last connection folds the WAL into the file
    assert not path.with_name("boardbot.db-wal").exists()
    assert b"Geheimrat-Zwiebelfisch" not in path.read_bytes()


def test_an_existing_database_keeps_its_content_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    path.chmod(0o640)
    Database.from_url(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o640  # not ours to change; `boardbot check` warns about it
    assert sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_backup_copies_are_private(tmp_path: Path) -> None:
    source = tmp_path / "boardbot.db"
    db = Database.from_url(f"sqlite:///{source}")
    upgrade_database(db.engine)
    db.dispose()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token="1:x", database_url=f"sqlite:///{source}"
    )
    target = tmp_path / "copy.db"
    assert maintenance.backup(settings, target) == 0
    assert mode(target) == 0o600
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_check_warns_about_a_database_others_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli.check import database_file_lines

    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token="1:x", database_url=f"sqlite:///{path}"
    )
    [(level, line)] = database_file_lines(settings)
    assert level == "warn" and f"chmod 600 {path}" in line
    path.chmod(0o600)
    assert database_file_lines(settings) == []


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_sets_a_private_umask(unit: str) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(ROOT / "deploy" / unit)
    assert parser["Service"]["UMask"] == "0077"


def test_the_worker_unit_runs_the_worker() -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(ROOT / "deploy" / "boardbot-worker.service")
    assert parser["Service"]["ExecStart"].endswith("boardbot worker")
    assert parser["Service"]["User"] == "boardbot"
