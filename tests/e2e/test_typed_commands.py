"""What members actually type (issue 11, part G) through the real bot process and the
emulator: votes and their result, several task numbers at once, and mistyped or unknown
commands (answered once, with the closest command; other bots' commands ignored).
Parametrized over SQLite and PostgreSQL through `database_url`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .conftest import BotProcess
from .emulator import BotApiEmulator


def ask(emu: BotApiEmulator, user: dict, chat: dict, text: str, expect: str) -> dict:  # type: ignore[type-arg]
    """Send as a member and wait for the bot's reply that contains `expect`."""
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


def replies_after(emu: BotApiEmulator, chat: dict, mark: int) -> list[str]:  # type: ignore[type-arg]
    emu.wait_until_idle()
    return [m["text"] for m in emu.bot_messages(chat["id"]) if m["seq"] > mark]


def test_votes_numbers_and_mistyped_commands(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    daniel = emu.create_user("Daniel", username="dschaper")
    board = emu.create_group("Stadtvorstand", [vera, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    year = datetime.now(ZoneInfo("Europe/Berlin")).year

    # votes: the minus stays, a rejected motion is not "gefasst", a tie says so
    fee = ask(emu, daniel, board, "/beschluss -5 % Beitrag 3:0:0", f"B {year}/1")
    assert fee["text"].startswith(f"📜 Beschluss B {year}/1 gefasst am ")
    assert "\n-5 % Beitrag\n🗳 Abstimmung: 3 dafür, 0 dagegen, 0 Enthaltungen" in fee["text"]
    rejected = ask(emu, daniel, board, "/beschluss Sommerfest absagen 2-4-1", f"B {year}/2")
    assert rejected["text"].startswith(f"📜 Antrag B {year}/2 abgelehnt am ")
    tie = ask(emu, daniel, board, "/beschluss Neuer Drucker 3 : 3 : 0", f"B {year}/3")
    assert tie["text"].startswith(f"📜 Antrag B {year}/3 abgelehnt (Stimmengleichheit) am ")
    register = ask(emu, vera, board, "/beschluesse", "Beschlussregister")["text"]
    assert "2 dafür, 4 dagegen, 1 Enthaltung – abgelehnt" in register
    assert "– abgelehnt (Stimmengleichheit)" in register

    # several numbers: all or nothing, one line per task
    for title in ("Flyer", "Plakate", "Saal"):
        ask(emu, vera, board, f"/aufgabe {title}", "angelegt")
    ask(emu, vera, board, "/streichen 1 2 9", "nichts geändert")
    cancelled = ask(emu, vera, board, "/streichen 1 2", "Gestrichen")["text"]
    assert "#1 Flyer" in cancelled and "#2 Plakate" in cancelled
    assigned = ask(emu, vera, board, "/zuweisen 2 3 @dschaper", "Verantwortlich")["text"]
    assert assigned.count("Verantwortlich: Daniel") == 2

    # mistyped and unknown commands
    hint = ask(emu, vera, board, "/aufgabee Flyer drucken", "Meintest du")
    assert hint["text"] == "Meintest du /aufgabe oder /aufgaben? Alle Befehle: /hilfe"
    mark = emu.mark()
    emu.send_text(vera, board, "/erledgt 3")  # within the minute: no second answer
    emu.send_text(daniel, board, "/start@otherbot")  # another bot's
    emu.send_text(daniel, board, "/ban@otherbot @spammer")
    assert replies_after(emu, board, mark) == []
    private = emu.private_chat(vera)
    own = ask(emu, vera, private, "/ändern 3 Neuer Titel", "Meintest du")
    assert own["text"] == "Meintest du /aendern? Alle Befehle: /hilfe"
