"""Real boardbot processes for the benchmarks: `python -m bot` or `python -m bot.worker`,
pointed at the Bot API emulator (tests/e2e/emulator.py) on 127.0.0.1 and a database, with a
clean environment (no developer `.env` or variables leak in), logging to a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, proc_status
from tests.e2e.emulator import BotApiEmulator

TOKEN = "4242424242:AAE2e-BenchToken-boardbot"
OUR_VARIABLES = ("TELEGRAM_", "DATABASE_URL", "BOT_", "ALLOWED_CHAT_IDS", "WEBHOOK_", "FLOOD_")


def new_emulator(rate_limits: bool) -> BotApiEmulator:
    emulator = BotApiEmulator(token=TOKEN, bot_username="boardbot_bench_bot").start()
    # Update ids must not repeat on a database a previous run used: the bot (rightly) ignores
    # an update id it has handled before. The emulator counts from 1, so start it elsewhere.
    with emulator._state.lock:
        emulator._state.next_update_id = int(time.time() * 10)
    if rate_limits:
        emulator.enforce_rate_limits(per_chat_per_minute=20, global_per_second=30)
    return emulator


class BotRun:
    """One child process; `started` is its perf_counter start time."""

    def __init__(
        self, module: str, emulator: BotApiEmulator, database_url: str, workdir: Path
    ) -> None:
        self.module, self.emulator, self.workdir = module, emulator, workdir
        self.log_path = workdir / f"{module.replace('.', '_')}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
        env.update(
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=emulator.base_url,
            DATABASE_URL=database_url,
            PYTHONPATH=str(REPO_ROOT),
            PYTHONUNBUFFERED="1",
            # one simulated member sends thousands of commands: no flood budget
            FLOOD_USER_COMMANDS="1000000000",
            FLOOD_CHAT_COMMANDS="1000000000",
        )
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    def start(self, **extra_env: str) -> BotRun:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.started = time.perf_counter()
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module],
                cwd=self.workdir,
                env={**self.env, **extra_env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_for_first_poll(self, timeout: float = 60.0) -> float:
        """Seconds from process start to its first getUpdates call."""
        self.emulator.wait_for_polling(timeout=timeout, min_count=1)
        return time.perf_counter() - self.started

    def memory(self) -> dict[str, int]:
        assert self.process is not None
        return proc_status(self.process.pid)

    def stop(self) -> int:
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process = None
        return code

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def send_log(emulator: BotApiEmulator) -> list[dict[str, Any]]:
    """Every sendMessage call: arrival time (epoch s), HTTP status, text."""
    calls = []
    for entry in emulator.requests:
        if entry["method"] != "sendMessage":
            continue
        calls.append(
            {
                "at": float(entry["time"]) - float(entry.get("duration", 0.0)),
                "status": int(entry["status"]),
                "text": str(entry["params"].get("text", "")),
                "chat_id": entry["params"].get("chat_id"),
            }
        )
    return calls
