"""The `boardbot` command in-process: db current/upgrade, backup (also while another thread
writes), export without a known chat, check with a bad configuration, and the PostgreSQL
advice. The console, check against the emulator and webhooks are in tests/e2e."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from bot.cli import maintenance
from bot.cli.command import main
from storage.database import Database, current_revision, head_revision, upgrade_database
from storage.models import Chat

OUR_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATABASE_URL",
    "BOT_LANGUAGE",
    "BOT_TIMEZONE",
    "ALLOWED_CHAT_IDS",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
    "LOG_FORMAT",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No developer settings or .env; the logging set-up of the commands is undone."""
    for name in OUR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def newest_revision() -> str:
    engine = create_engine("sqlite://")
    head = head_revision(engine)
    engine.dispose()
    assert head is not None
    return head


def test_db_current_and_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "board.db")
    monkeypatch.setenv("DATABASE_URL", url)  # no token: these commands do not need one
    head = newest_revision()
    assert main(["db", "current"]) == 0
    assert f"schema empty (no boardbot tables yet); the newest schema is {head}" in (
        capsys.readouterr().out
    )
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"{url}: schema upgraded from empty to {head}\n"
    assert main(["db", "upgrade"]) == 0
    assert f"schema already at {head} (the newest)" in capsys.readouterr().out
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out == f"{url}: schema at {head} (the newest)\n"


def test_db_on_a_broken_url_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:pw@127.0.0.1:9/none")
    assert main(["db", "current"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("Cannot open the database postgresql+psycopg://nobody:***@127.0.0.1:9")
    assert err.strip().endswith("(check DATABASE_URL).") and "Traceback" not in err


@contextmanager
def slow_progress(_description: str) -> Iterator[Callable[[float, float], None]]:
    """Stands in for the progress bar and pauses at every step, so writers get in between."""

    def update(_done: float, _total: float) -> None:
        threading.Event().wait(0.01)

    yield update


def test_backup_while_another_thread_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "board.db")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(maintenance, "BACKUP_STEP_PAGES", 16)
    monkeypatch.setattr(maintenance, "progress_total", slow_progress)
    db = Database.from_url(url)
    upgrade_database(db.engine)
    with db.transaction() as session:  # about 3 MB, so the copy takes many steps
        rows = [{"id": i, "type": "group", "title": f"{i} " + "x" * 120} for i in range(20_000)]
        session.execute(insert(Chat), rows)

    committed: list[int] = []
    stop = threading.Event()

    def write() -> None:  # like the bot: one short transaction per row
        next_id = 100_000
        while not stop.is_set():
            with db.transaction() as session:
                session.add(Chat(id=next_id, type="group", title="written meanwhile"))
            committed.append(next_id)
            next_id += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(committed) < 50:
            threading.Event().wait(0.01)
        before = set(committed)
        assert main(["backup", str(tmp_path / "copy.db")]) == 0
        during = len(committed) - len(before)
    finally:
        stop.set()
        writer.join()
    assert during > 0, "the writer was blocked during the backup"
    assert "backed up" in capsys.readouterr().out

    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ids = {row[0] for row in copy.execute("SELECT id FROM chat WHERE id >= 100000")}
    copy.close()
    assert before <= ids  # every row committed before the backup began
    assert ids == set(range(100_000, 100_000 + len(ids)))  # one snapshot: no gaps
    restored = Database.from_url(sqlite_url(tmp_path / "copy.db"))
    with restored.transaction() as session:
        assert session.get(Chat, 19_999) is not None
    assert current_revision(restored.engine) == head_revision(restored.engine)
    restored.dispose()
    db.dispose()


def test_backup_refuses_to_overwrite_and_explains_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path / "missing.db"))
    assert main(["backup", "copy.db"]) == 3
    assert "There is no database at" in capsys.readouterr().err
    (tmp_path / "copy.db").write_text("keep me")
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path / "copy.db"))
    assert main(["backup", "copy.db"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert (tmp_path / "copy.db").read_text() == "keep me"

    monkeypatch.setenv("DATABASE_URL", "postgresql://board:s3cret@db.example:5433/boardbot")
    assert main(["backup", "board.dump"]) == 2
    out = capsys.readouterr().out
    assert "pg_dump --format=custom --file=board.dump" in out
    assert "'postgresql://board@db.example:5433/boardbot'" in out
    assert "s3cret" not in out


def test_export_without_a_known_chat_lists_the_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "board.db")
    monkeypatch.setenv("DATABASE_URL", url)
    db = Database.from_url(url)
    upgrade_database(db.engine)
    with db.transaction() as session:
        session.add(Chat(id=-1001234, type="supergroup", title="Stadtvorstand"))
    db.dispose()
    assert main(["export", "--chat", "-42"]) == 2
    err = capsys.readouterr().err
    assert "No group with id -42" in err and "-1001234  Stadtvorstand" in err
    assert main(["export", "--chat", "-1001234", "--format", "ics", "--output", "out"]) == 0
    assert capsys.readouterr().out.startswith("wrote out/fristen-")
    assert [p.suffix for p in (tmp_path / "out").iterdir()] == [".ics"]


def test_check_reports_each_problem_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", "not allowed!")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("FAIL  configuration: TELEGRAM_BOT_TOKEN is missing: ask @BotFather")
    assert lines[1].startswith("FAIL  configuration: WEBHOOK_SECRET is invalid")

    monkeypatch.delenv("WEBHOOK_SECRET")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")  # nothing listens
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path / "new.db"))
    monkeypatch.setenv("WEBHOOK_URL", "http://bot.example.org/hook")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "warn  ALLOWED_CHAT_IDS is empty" in out
    assert "warn  WEBHOOK_URL is not https" in out
    assert "does not exist yet; the first start creates it" in out
    assert "FAIL  Telegram: Cannot reach the Telegram Bot API at http://127.0.0.1:9/bot" in out
    assert not (tmp_path / "new.db").exists()  # check changes nothing
    assert "123:abc" not in out
