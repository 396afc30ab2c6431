"""The board's roster through the real bot process and the emulator: a roster with roles, a
task for `@kassierer`, the handover after an election, and the task's reminder naming the new
holder of the role. (SQLite only: the reminder is waited for in real time; both databases are
covered by the handler tests.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import BotProcess
from .emulator import BotApiEmulator


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'roster.db'}"


def ask(emu: BotApiEmulator, user: dict, chat: dict, text: str, expect: str) -> dict:  # type: ignore[type-arg]
    """Send as a member and wait for the bot's reply that contains `expect`."""
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


@pytest.mark.timeout(240)
def test_a_role_task_follows_the_handover_and_its_reminder_names_the_new_holder(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")  # the group's creator: an admin
    daniel = emu.create_user("Daniel", username="dschaper")
    nicole = emu.create_user("Nicole")
    board = emu.create_group("Stadtvorstand", [vera, daniel, nicole], supergroup=True)
    bot.start()
    emu.wait_for_request("setMyCommands")
    menu = {c["command"] for c in emu.commands(language_code="de")}
    assert "vorstand" in menu

    ask(emu, nicole, board, "/hilfe", "/aufgabe")
    ask(emu, daniel, board, "/hilfe", "/aufgabe")
    added = ask(emu, vera, board, "/vorstand @vera_k @dschaper", "Im Vorstand eingetragen")
    assert "Vera (@vera_k), Daniel (@dschaper)" in added["text"]
    refused = ask(emu, nicole, board, "/rolle @Nicole Vorsitzende", "nur die Admins")
    assert "/vorstand" in refused["text"]
    ask(emu, vera, board, "/rolle @vera_k Vorsitzende", "ist jetzt Vorsitzende")
    ask(emu, vera, board, "/rolle @dschaper Kassierer", "ist jetzt Kassierer")
    roster = ask(emu, nicole, board, "/vorstand", "Amtszeit 1")
    assert "• Vera (@vera_k) – Vorsitzende" in roster["text"]
    assert "• Daniel (@dschaper) – Kassierer" in roster["text"]

    card = ask(
        emu, nicole, board, "/aufgabe Kassenprüfung vorbereiten @kassierer bis in 1 Minute", "#1"
    )
    assert f"tg://user?id={daniel['id']}" in card["html"]
    vacant = ask(emu, nicole, board, "/aufgabe Protokoll @schriftführerin", "niemand")
    assert "/rolle" in vacant["text"]

    # After the election: Daniel hands over to Nicole, the task and the role go with it
    summary = ask(emu, vera, board, "/uebergabe @dschaper @Nicole", "Übergabe")
    assert "(1): #1" in summary["text"] and "Rolle: Kassierer" in summary["text"]
    roster = ask(emu, nicole, board, "/vorstand", "Amtszeit 1")
    assert "• Nicole – Kassierer" in roster["text"]
    assert "• Daniel (@dschaper)\n" in roster["text"] + "\n"

    mark = emu.mark()
    reminder = emu.wait_for_bot_message(
        board["id"], contains="Kassenprüfung vorbereiten", after=mark, timeout=150
    )
    assert f"tg://user?id={nicole['id']}" in reminder["html"]
    assert f"tg://user?id={daniel['id']}" not in reminder["html"]
    assert "Traceback" not in bot.log()
