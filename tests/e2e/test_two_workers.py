"""Two real dispatcher processes (`python -m bot.worker`) on one real PostgreSQL database with
hundreds of due reminders: every reminder is sent exactly once, and both processes send."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.reminders.schedule import PLANNER
from storage.chats import ensure_chat
from storage.database import Database
from storage.models import Reminder, TaskKind
from storage.tasks import create_task
from tests.support.postgres import PostgresServer

from .conftest import OUR_VARIABLES, REPO_ROOT
from .emulator import BotApiEmulator

GROUPS = 20
PER_GROUP = 15  # 300 reminders, within Telegram's 20 per minute and group
ITEM = re.compile(r"Erinnerung -\d+/\d+")  # one reminder's title in a message


@pytest.mark.timeout(180)
def test_two_workers_send_every_reminder_exactly_once(
    emulator: BotApiEmulator,
    postgres_server: PostgresServer,
    postgres_template: str,
    tmp_path: Path,
) -> None:
    url = postgres_server.create_database(template=postgres_template)
    db = Database.from_url(url)
    user = emulator.create_user("Vera", username="vera_k")
    groups = [
        emulator.create_group(f"Vorstand {n}", [user], supergroup=True) for n in range(GROUPS)
    ]
    past = datetime.now(UTC) - timedelta(minutes=1)
    with db.transaction() as session:
        for group in groups:
            ensure_chat(
                session,
                group["id"],
                "supergroup",
                group["title"],
                timezone="Europe/Berlin",
                now=past,
                planner=PLANNER,
            )
            for n in range(PER_GROUP):
                create_task(
                    session,
                    chat_id=group["id"],
                    title=f"Erinnerung {group['id']}/{n}",
                    owners=[],
                    due_at=past,
                    due_has_time=True,
                    created_by_id=None,
                    created_by_name="Test",
                    now=past,
                    planner=PLANNER,
                    kind=TaskKind.REMINDER,
                )
    expected = GROUPS * PER_GROUP
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    env.update(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.base_url,
        DATABASE_URL=url,
        PYTHONPATH=str(REPO_ROOT),
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.worker"],
            cwd=tmp_path,
            env=env,
            stdout=(tmp_path / f"w{i}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for i in range(2)
    ]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            sent = [found for m in emulator.bot_messages() for found in ITEM.findall(m["text"])]
            if len(sent) >= expected:
                break
            time.sleep(0.5)
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=30) for worker in workers]
    logs = "".join((tmp_path / f"w{i}.log").read_text() for i in range(2))
    assert codes == [0, 0], logs
    # a group's reminders due in the same minute share one message (issue 12, part H)
    sends = Counter(found for m in emulator.bot_messages() for found in ITEM.findall(m["text"]))
    assert len(sends) == expected, f"{len(sends)} of {expected} sent\n{logs}"
    assert set(sends.values()) == {1}, [text for text, n in sends.items() if n > 1]
    with db.transaction() as session:
        rows = session.exec(select(Reminder).where(Reminder.kind == "plain")).all()
    assert len(rows) == expected and {r.status for r in rows} == {"sent"}
    assert len({r.claimed_by for r in rows}) == 2, "both workers should have sent reminders"
    db.dispose()
