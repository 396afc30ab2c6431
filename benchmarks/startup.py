"""Benchmark 5, start-up: the real `python -m bot` against the Bot API emulator, from process
start to its first getUpdates, and its resident memory then. On the federation data set the
bot then serves group commands through the emulator (`/tasks` in 20 groups, a decision search)
and the process's peak resident memory (VmHWM) is read at the end. (Not `/mytasks` in private:
it asks Telegram about each of the member's groups, and the emulator knows only those driven.)
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Row, median_row
from benchmarks.dataset import MEMBERS_PER_CHAT, Shape
from benchmarks.processes import BotRun, new_emulator
from tests.e2e.emulator import BotApiEmulator

BENCH = "5 start-up"


@dataclass(frozen=True)
class StartupConfig:
    runs: int = 3
    groups_driven: int = 20  # at scale: groups that get commands after start-up


def drive_scale_commands(emulator: BotApiEmulator, shape: Shape, config: StartupConfig) -> int:
    """Commands against the data set's groups and members; returns the replies received."""
    groups = min(config.groups_driven, shape.chats)
    highest = max(shape.member(c, s) for c in range(1, groups + 1) for s in range(MEMBERS_PER_CHAT))
    users = {}
    while True:  # the emulator numbers users from 1001 in creation order, as the data set
        user = emulator.create_user("User", username=None)
        users[user["id"]] = user
        if user["id"] >= highest:
            break
    chats = []
    for index in range(1, groups + 1):
        members = [users[shape.member(index, s)] for s in range(MEMBERS_PER_CHAT)]
        chats.append((emulator.create_group(f"Vorstand {index}", members, supergroup=True), index))
    replies = 0
    for chat, index in chats:
        mark = emulator.mark()
        emulator.send_text(users[shape.member(index, 1)], chat, "/aufgaben")
        emulator.wait_for_bot_message(chat["id"], after=mark, timeout=30)
        replies += 1
    for chat, index in chats[:5]:
        mark = emulator.mark()
        emulator.send_text(users[shape.member(index, 2)], chat, "/beschluesse Haushalt 2024")
        emulator.wait_for_bot_message(chat["id"], after=mark, timeout=30)
        replies += 1
    return replies


def run_startup(
    database: str,
    label: str,
    database_url: Callable[[], str],
    config: StartupConfig,
    shape: Shape | None = None,
) -> Row:
    """`runs` starts of the bot on the database `database_url()` returns (the same one for a
    data set, so later starts find it migrated, as a restart does)."""
    runs = []
    for _ in range(config.runs):
        emulator = new_emulator(rate_limits=False)
        workdir = Path(tempfile.mkdtemp(prefix="boardbot-bench-"))
        process = BotRun("bot", emulator, database_url(), workdir)
        try:
            process.start()
            to_poll = process.wait_for_first_poll()
            at_poll = process.memory().get("VmRSS", 0)
            time.sleep(1.0)
            after = process.memory().get("VmRSS", 0)
            figures = {
                "to first getUpdates s": to_poll,
                "RSS at first poll MB": at_poll / 1024,
                "RSS 1 s later MB": after / 1024,
            }
            if shape is not None:
                figures["commands served"] = float(drive_scale_commands(emulator, shape, config))
                memory = process.memory()
                figures["RSS after commands MB"] = memory.get("VmRSS", 0) / 1024
                figures["peak RSS MB"] = memory.get("VmHWM", 0) / 1024
            code = process.stop()
            if code != 0:
                raise RuntimeError(f"the bot exited with {code}:\n{process.log()[-3000:]}")
            runs.append(figures)
        finally:
            process.stop()
            emulator.stop()
    row = median_row(BENCH, label, database, runs)
    row.note = "python -m bot against the emulator; a restart (database already migrated)"
    return row
