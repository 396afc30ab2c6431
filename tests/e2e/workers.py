"""Real reminder workers (`python -m bot.worker`) against the emulator, for the tests that put
many due reminders in a database and watch what the workers send: exactly once, or not at all."""

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
from typing import Any

from sqlmodel import select

from bot.reminders.schedule import PLANNER
from storage.chats import ensure_chat
from storage.database import Database
from storage.models import Reminder, TaskKind
from storage.tasks import create_task

from .conftest import OUR_VARIABLES, REPO_ROOT
from .emulator import BotApiEmulator

# The title of every seeded reminder, as it appears in what the bot sends.
ITEM = re.compile(r"Erinnerung -\d+/\d+")


def seed_due_reminders(
    db: Database, emulator: BotApiEmulator, groups: int, per_group: int
) -> list[dict[str, Any]]:
    """`groups` groups with `per_group` plain reminders each, all due, each in a minute of its
    own (reminders of one group due in the same minute would share one message)."""
    user = emulator.create_user("Vera", username="vera_k")
    chats = [emulator.create_group(f"Vorstand {n}", [user], supergroup=True) for n in range(groups)]
    past = datetime.now(UTC) - timedelta(minutes=1)
    with db.transaction() as session:
        for chat in chats:
            ensure_chat(
                session,
                chat["id"],
                "supergroup",
                chat["title"],
                timezone="Europe/Berlin",
                now=past,
                planner=PLANNER,
            )
            for n in range(per_group):
                create_task(
                    session,
                    chat_id=chat["id"],
                    title=f"Erinnerung {chat['id']}/{n}",
                    owners=[],
                    due_at=past - timedelta(minutes=n),
                    due_has_time=True,
                    created_by_id=None,
                    created_by_name="Test",
                    now=past,
                    kind=TaskKind.REMINDER,
                    planner=PLANNER,
                )
    return chats


class Worker:
    """One `python -m bot.worker` process with its own log file."""

    def __init__(
        self, emulator: BotApiEmulator, database_url: str, workdir: Path, name: str, **env: str
    ) -> None:
        self.log_path = workdir / f"{name}.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
        environment.update(
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=emulator.base_url,
            DATABASE_URL=database_url,
            PYTHONPATH=str(REPO_ROOT),
            PYTHONUNBUFFERED="1",
            **env,
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.worker"],
            cwd=workdir,
            env=environment,
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
        )

    def signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, and the exit code (a worker still running after `timeout` is killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused worker must be able to stop
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the worker did not stop:\n{self.log()}") from None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def sends(emulator: BotApiEmulator) -> Counter[str]:
    """How often each seeded reminder reached its chat (a group's reminders due in the same
    minute share one message, so each message may carry several)."""
    return Counter(found for m in emulator.bot_messages() for found in ITEM.findall(m["text"]))


def wait_for_sends(emulator: BotApiEmulator, expected: int, timeout: float) -> Counter[str]:
    deadline = time.monotonic() + timeout
    sent = sends(emulator)
    while len(sent) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
        sent = sends(emulator)
    return sent


def stored_reminders(db: Database) -> list[Reminder]:
    with db.transaction() as session:
        return list(session.exec(select(Reminder).where(Reminder.kind == "plain")).all())
