"""Issue 11 end to end: a date at the end of a task title, without "bis", through the emulator."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .conftest import BotProcess
from .emulator import BotApiEmulator

BERLIN = ZoneInfo("Europe/Berlin")  # the default chat time zone
GERMAN_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def shown(day: date) -> str:
    return f"bis {GERMAN_WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def test_flyer_drucken_morgen_is_due_tomorrow(emulator: BotApiEmulator, bot: BotProcess) -> None:
    vera = emulator.create_user("Vera", username="vera_k")
    board = emulator.create_group("Stadtvorstand", [vera], supergroup=True)
    bot.start()
    emulator.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    before = datetime.now(BERLIN).date()
    mark = emulator.mark()
    emulator.send_text(vera, board, "/aufgabe Flyer drucken morgen")
    reply = emulator.wait_for_bot_message(board["id"], contains="#1", after=mark, timeout=15)
    after = datetime.now(BERLIN).date()

    assert "angelegt: Flyer drucken\n" in reply["text"], reply["text"]
    # Tomorrow as of the moment the bot read the command (a run across midnight accepts both).
    tomorrows = {shown(before + timedelta(days=1)), shown(after + timedelta(days=1))}
    assert any(text in reply["text"] for text in tomorrows), reply["text"]
