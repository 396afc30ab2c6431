"""Nothing lost on a crash (issue 12): `kill -9` of the real bot in the middle of a burst of
commands, then a restart — every command's effect is there exactly once, on both databases.

Before the inbox, python-telegram-bot confirmed each fetched batch to Telegram (the next
`getUpdates` offset) before its handlers had run, and a crash lost 160–185 of 400 commands.
"""

from __future__ import annotations

import signal
import time
from collections import Counter

from sqlmodel import col, select

from storage.database import Database
from storage.inbox import inbox_size
from storage.models import Task

from .conftest import BotProcess
from .emulator import BotApiEmulator

BURST = 200


def stored_titles(database_url: str) -> Counter[str]:
    db = Database.from_url(database_url)
    try:
        with db.transaction() as session:
            return Counter(session.exec(select(Task.title).where(col(Task.title).like("Burst %"))))
    finally:
        db.dispose()


def wait_for_titles(database_url: str, count: int, timeout: float) -> Counter[str]:
    deadline = time.monotonic() + timeout
    titles = stored_titles(database_url)
    while sum(titles.values()) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        titles = stored_titles(database_url)
    return titles


def test_kill_during_a_burst_loses_and_doubles_nothing(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Vorstand", [vera], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    mark = emu.mark()
    for number in range(1, BURST + 1):
        emu.send_text(vera, board, f"/aufgabe Burst {number}")
    # Kill it while it is busy: some commands answered, most not yet.
    emu.wait_for_bot_message(board["id"], contains="Burst 20", after=mark, timeout=30)
    bot.stop(signal.SIGKILL)
    done_before_crash = sum(stored_titles(database_url).values())
    assert done_before_crash < BURST, "the crash came too late to test anything"

    bot.start()
    titles = wait_for_titles(database_url, BURST, timeout=60)
    missing = [n for n in range(1, BURST + 1) if titles[f"Burst {n}"] == 0]
    doubled = {title: n for title, n in titles.items() if n > 1}
    assert not missing, f"lost {len(missing)} commands: {missing[:10]}…"
    assert not doubled, f"stored twice: {doubled}"
    emu.wait_until_idle(timeout=30)
    # The inbox is empty again once everything is handled.
    db = Database.from_url(database_url)
    try:
        with db.transaction() as session:
            assert inbox_size(session) == 0
    finally:
        db.dispose()
