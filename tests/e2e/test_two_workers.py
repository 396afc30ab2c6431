"""Two real dispatcher processes (`python -m bot.worker`) on one real PostgreSQL database with
hundreds of due reminders: every reminder is sent exactly once, and both processes send."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from storage.database import Database
from tests.support.postgres import PostgresServer

from .emulator import BotApiEmulator
from .workers import Worker, seed_due_reminders, sends, stored_reminders, wait_for_sends

GROUPS = 20
PER_GROUP = 15  # 300 reminders, within Telegram's 20 per minute and group


@pytest.mark.timeout(180)
def test_two_workers_send_every_reminder_exactly_once(
    emulator: BotApiEmulator,
    postgres_server: PostgresServer,
    postgres_template: str,
    tmp_path: Path,
) -> None:
    url = postgres_server.create_database(template=postgres_template)
    db = Database.from_url(url)
    seed_due_reminders(db, emulator, GROUPS, PER_GROUP)
    expected = GROUPS * PER_GROUP
    workers = [Worker(emulator, url, tmp_path, f"w{i}") for i in range(2)]
    try:
        wait_for_sends(emulator, expected, timeout=120)
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        codes = [worker.stop() for worker in workers]
    logs = "".join(worker.log() for worker in workers)
    assert codes == [0, 0], logs
    sent = sends(emulator)
    assert len(sent) == expected, f"{len(sent)} of {expected} sent\n{logs}"
    assert set(sent.values()) == {1}, [text for text, n in sent.items() if n > 1]
    rows = stored_reminders(db)
    assert len(rows) == expected and {r.status for r in rows} == {"sent"}
    assert len({r.claimed_by for r in rows}) == 2, "both workers should have sent reminders"
    db.dispose()
