"""Issue 14, part L through the real bot process and the emulator: a list of 25 tasks is one
message; ▶ turns the page and `#15 ✅` ticks a task off, both by editing that message in place;
the command menus arrive per scope and language. Parametrized over SQLite and PostgreSQL
through `database_url`."""

from __future__ import annotations

import time
from typing import Any

from .conftest import BotProcess
from .emulator import BotApiEmulator
from .test_meeting_flow import ask


def buttons(record: dict[str, Any]) -> dict[str, str]:
    rows = (record.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def wait_for_answers(emu: BotApiEmulator, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while len(emu.callback_answers) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(emu.callback_answers) >= count, emu.callback_answers


def test_a_list_of_25_pages_and_ticks_in_place(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    board = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    for number in range(1, 26):
        ask(emu, vera, board, f"/aufgabe Aufgabe {number}", f"angelegt: Aufgabe {number}")
    listing = ask(emu, vera, board, "/aufgaben", "Offene Aufgaben (25)")
    assert listing["text"].count("#") == 10 and "#11 " not in listing["text"]
    assert list(buttons(listing))[-3:] == ["◀", "1/3", "▶"]
    key = board["id"], listing["message_id"]

    mark = emu.mark()
    emu.press_button(vera, listing, buttons(listing)["▶"])
    page2 = emu.wait_for_bot_message(board["id"], contains="#11 ", after=mark)
    assert (page2["chat_id"], page2["message_id"]) == key and "2/3" in buttons(page2)
    wait_for_answers(emu, 1)

    mark = emu.mark()
    emu.press_button(vera, page2, buttons(page2)["#15 ✅"])
    ticked = emu.wait_for_bot_message(board["id"], contains="(24)", after=mark)
    assert (ticked["chat_id"], ticked["message_id"]) == key
    assert "#15 " not in ticked["text"] and "#16 " in ticked["text"]
    wait_for_answers(emu, 2)
    assert emu.callback_answers[-1].get("text") == "✅ #15 erledigt"
    emu.wait_until_idle()
    # edited in place: the list is still the chat's last bot message, there is no other
    assert emu.bot_messages(board["id"])[-1]["message_id"] == listing["message_id"]
    assert len(emu.bot_message(board["id"], listing["message_id"])["edits"]) == 2
    ask(emu, vera, board, "/verlauf 15", "erledigt")

    # the menus, per scope and language
    group = [c["command"] for c in emu.commands({"type": "all_group_chats"}, "de")]
    admins = [c["command"] for c in emu.commands({"type": "all_chat_administrators"}, "de")]
    private = [c["command"] for c in emu.commands({"type": "all_private_chats"}, "en")]
    assert "aufgabe" in group and "einstellungen" not in group
    assert "einstellungen" in admins and set(group) < set(admins)
    assert {"mytasks", "tasks", "export", "forgetme", "help", "start"} == set(private)
    assert [c["command"] for c in emu.commands({"type": "all_group_chats"})] == group
