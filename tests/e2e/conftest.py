"""End-to-end fixtures: the Bot API emulator on 127.0.0.1 and the real `python -m bot` process
pointed at it, with its own database and working folder (so no developer `.env` leaks in)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .emulator import BotApiEmulator

REPO_ROOT = Path(__file__).resolve().parents[2]
TOKEN = "4242424242:AAE2e-TestToken-boardbot_e2e_secret"
# Variables of ours that must not reach the bot process from the developer's shell.
OUR_VARIABLES = (
    "TELEGRAM_",
    "DATABASE_URL",
    "BOT_",
    "ALLOWED_CHAT_IDS",
    "WEBHOOK_",
    "LOG_FORMAT",
    "FLOOD_",
)
# The tests type faster than any member: no flood budgets, unless a test sets them.
NO_FLOOD_BUDGETS = {"FLOOD_USER_COMMANDS": "1000000", "FLOOD_CHAT_COMMANDS": "1000000"}


class BotProcess:
    """The real bot as a child process; its log is kept in a file for assertions."""

    def __init__(self, emulator: BotApiEmulator, workdir: Path, database_url: str) -> None:
        self.emulator = emulator
        self.workdir = workdir
        self.log_path = workdir / "bot.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
        self.env.update(
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=emulator.base_url,
            DATABASE_URL=database_url,
            PYTHONPATH=str(REPO_ROOT),
            PYTHONUNBUFFERED="1",
            # The emulator does not limit us unless a test asks it to; the flood limits of the
            # bot itself (20 messages a minute per group) would make these tests wait minutes.
            TELEGRAM_RATE_LIMIT="false",
            **NO_FLOOD_BUDGETS,
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, **env: str) -> BotProcess:
        """Start the bot and wait until it polls for updates."""
        polls_before = self.emulator.poll_count()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=self.workdir,
                env={**self.env, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self.emulator.wait_for_polling(timeout=30, min_count=polls_before + 1)
        except AssertionError:
            self.stop()
            raise AssertionError(f"the bot did not start:\n{self.log()}") from None
        return self

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Stop the bot (SIGTERM: a graceful stop; SIGKILL: a crash); returns its exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process = None
        return code

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def emulator() -> Iterator[BotApiEmulator]:
    with BotApiEmulator(token=TOKEN, bot_username="boardbot_test_bot") as emu:
        yield emu


@pytest.fixture
def bot(emulator: BotApiEmulator, tmp_path: Path, database_url: str) -> Iterator[BotProcess]:
    process = BotProcess(emulator, tmp_path, database_url)
    try:
        yield process
    finally:
        if process.process is not None:
            process.stop()
