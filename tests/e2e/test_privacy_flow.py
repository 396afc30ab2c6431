"""Issue 13, findings 1-3, through the real bot process: a member leaves, the group changes
her task afterwards, her private /export shows it as it was when she left and names nobody
else; /vergissmich then tells the group which open tasks lost her, and /verlauf still works."""

from __future__ import annotations

import json
import re
from typing import Any

from .conftest import BotProcess
from .emulator import BotApiEmulator

JSON = dict[str, Any]


def ask(emu: BotApiEmulator, user: JSON, chat: JSON, text: str, expect: str) -> JSON:
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


def test_an_ex_member_exports_and_is_forgotten(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    daniel = emu.create_user("Daniel", username="dschaper")
    board = emu.create_group("Stadtvorstand", [vera, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    ask(emu, vera, board, "/aufgabe Plakate kleben @vera_k", "#1")
    ask(emu, daniel, board, "/aufgabe Kasse prüfen @vera_k @dschaper", "#2")
    emu.remove_member(board, vera)
    emu.wait_until_idle()
    ask(emu, daniel, board, "/aendern 2 Kasse geheim prüfen", "heißt jetzt")

    private = emu.private_chat(vera)
    ask(emu, vera, private, "/export", "alles, was ich über dich gespeichert habe")
    emu.wait_until_idle()  # the file follows the reply
    [document] = emu.documents(private["id"])
    data = json.loads(document["data"])
    assert [task["title"] for task in data["tasks_owned"]] == ["Plakate kleben", "Kasse prüfen"]
    exported = document["data"].decode("utf-8")
    for other in ("geheim", "Daniel", "dschaper", str(daniel["id"]), "Stadtvorstand"):
        assert other not in exported, other

    mark = emu.mark()
    emu.send_text(vera, private, "/vergissmich ja")
    emu.wait_for_bot_message(private["id"], contains="Erledigt", after=mark, timeout=15)
    notice = emu.wait_for_bot_message(
        board["id"], contains="nicht mehr verantwortlich", after=mark, timeout=15
    )
    assert "#1, #2" in notice["text"]
    trail = ask(emu, daniel, board, "/verlauf 2", "Verlauf von #2")["text"]
    assert "Verantwortlich: ehemaliges Mitglied, Daniel" in trail
    assert re.search(r"\bVera\b", trail) is None and "Kraus" not in trail and "vera_k" not in trail
    assert "Traceback" not in bot.log()
