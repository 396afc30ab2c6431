"""Issue 11 through the real bot process and the emulator: a monthly rule typed as members
write it ("jeden 2. Dienstag") is stored as its RRULE, echoed in words with its first date,
and listed by /erinnerungen; an unreadable rule is refused and nothing is stored. (SQLite:
the arithmetic over time is covered by the handler tests on both databases.)"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from storage.database import Database
from storage.models import Task

from .conftest import BotProcess
from .emulator import BotApiEmulator

BERLIN = ZoneInfo("Europe/Berlin")  # the bot's default zone


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'recurrences.db'}"


def tasks(url: str) -> list[Task]:
    db = Database.from_url(url)
    try:
        with db.transaction() as session:
            return list(session.exec(select(Task)).all())
    finally:
        db.dispose()


def next_second_tuesday_at_19(now: datetime) -> date:
    """Counted by hand: the next Tuesday that is the 8th..14th, 19:00 still ahead."""
    day = now.date()
    while not (
        day.weekday() == 1 and 8 <= day.day <= 14 and datetime.combine(day, time(19), BERLIN) > now
    ):
        day += timedelta(days=1)
    return day


@pytest.mark.timeout(120)
def test_a_monthly_rule_is_stored_echoed_and_listed(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    bot.start()
    mark = emu.mark()
    emu.send_text(vera, board, "/erinnere Stammtisch jeden 2. Dienstag 19 Uhr")
    reply = emu.wait_for_bot_message(board["id"], contains="Erinnerung #1 angelegt", after=mark)
    first = next_second_tuesday_at_19(datetime.now(BERLIN))
    assert "jeden zweiten Dienstag im Monat um 19:00" in reply["text"]
    assert f"{first:%d.%m.%Y}, 19:00 Uhr" in reply["text"]
    [stored] = tasks(database_url)
    assert (stored.title, stored.recurrence) == (
        "Stammtisch",
        "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0",
    )
    mark = emu.mark()
    emu.send_text(vera, board, "/erinnerungen")
    listing = emu.wait_for_bot_message(board["id"], contains="Stammtisch", after=mark)
    assert "jeden zweiten Dienstag im Monat um 19:00" in listing["text"]
    mark = emu.mark()
    emu.send_text(vera, board, "/erinnere Stammtisch jeden 5. Montag")
    emu.wait_for_bot_message(board["id"], contains="nicht verstanden", after=mark)
    assert len(tasks(database_url)) == 1
