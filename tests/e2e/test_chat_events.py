"""Telegram's group events through the real bot process: a group upgraded to a supergroup (its
record follows the new id), a member removed (their private view loses the group), the bot
kicked (the group's reminders stop, nobody sees it in private)."""

from __future__ import annotations

from typing import Any

from .conftest import BotProcess
from .emulator import BotApiEmulator

JSON = dict[str, Any]


def ask(emu: BotApiEmulator, user: JSON, chat: JSON, text: str, expect: str) -> JSON:
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


def test_upgrade_leave_and_kick(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    nicole = emu.create_user("Nicole", username="nicole_s")
    group = emu.create_group("Vorstand", [vera, nicole])  # a basic group
    bot.start()
    emu.wait_for_bot_message(group["id"], contains="Ich bin boardbot")
    ask(emu, vera, group, "/aufgabe Flyer drucken @nicole_s", "#1")
    ask(emu, nicole, group, "/beschluss Sommerfest einstimmig", "B ")

    supergroup = emu.migrate_to_supergroup(group)
    ask(emu, vera, supergroup, "/aufgabe Plakate", "#2")
    listing = ask(emu, vera, supergroup, "/aufgaben", "Offene Aufgaben")
    assert "Flyer drucken" in listing["text"]
    ask(emu, vera, supergroup, "/beschluesse", "Sommerfest")
    private = emu.private_chat(nicole)
    ask(emu, nicole, private, "/meine", "Flyer drucken")

    # As an admin the bot hears chat_member updates: Nicole removed, her view loses the group.
    emu.set_bot_admin(supergroup)
    emu.remove_member(supergroup, nicole, removed_by=vera)
    emu.wait_until_idle()
    reply = ask(emu, nicole, private, "/meine", "")
    assert "Flyer drucken" not in reply["text"]

    emu.kick_bot(supergroup, by=vera)
    emu.wait_until_idle()
    reply = ask(emu, vera, emu.private_chat(vera), "/aufgaben", "")
    assert "Plakate" not in reply["text"]
    failed = [r for r in emu.requests if r["status"] != 200]
    assert failed == []
    assert "Traceback" not in bot.log()
