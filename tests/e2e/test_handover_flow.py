"""Issue 14: a question of the group continued in the private chat, through the real bot
process and the emulator. `/aufgabe` alone in the group comes with "🔒 Privat weitermachen";
the member follows the deep link (`/start <token>` in the private chat, as Telegram sends it),
replies there with the title, and the task's card appears in the group. Parametrized over
SQLite and PostgreSQL through `database_url`."""

from __future__ import annotations

import re

from .conftest import BotProcess
from .emulator import BotApiEmulator
from .test_meeting_flow import ask

LINK = re.compile(r"https://t\.me/boardbot_test_bot\?start=([A-Za-z0-9_-]{16,64})")


def test_a_task_continued_in_the_private_chat(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    group_question = ask(emu, vera, board, "/aufgabe", "Wie heißt die Aufgabe?")
    offer = emu.wait_for_bot_message(
        board["id"], predicate=lambda e: "reply_markup" in e and "privat" in e["text"]
    )
    [[button]] = offer["reply_markup"]["inline_keyboard"]
    assert button["text"] == "🔒 Privat weitermachen"
    found = LINK.fullmatch(button["url"])
    assert found is not None and str(board["id"]) not in button["url"]

    private = emu.private_chat(vera)
    question = ask(emu, vera, private, f"/start {found.group(1)}", "für die Gruppe „Stadtvorstand“")
    assert question["reply_markup"]["force_reply"] is True
    mark = emu.mark()
    emu.send_text(
        vera,
        private,
        "Flyer drucken",
        reply_to=emu.bot_message(private["id"], question["message_id"]),
    )
    card = emu.wait_for_bot_message(board["id"], contains="angelegt: Flyer drucken", after=mark)
    assert card["reply_markup"]["inline_keyboard"][0][0]["callback_data"].endswith(":done")
    emu.wait_for_bot_message(private["id"], contains="Steht jetzt in der Gruppe", after=mark)

    # the group's question is closed: an answer there makes no second task
    emu.send_text(
        vera,
        board,
        "Noch einmal",
        reply_to=emu.bot_message(board["id"], group_question["message_id"]),
    )
    emu.wait_until_idle()
    assert [r["text"] for r in emu.bot_messages(board["id"]) if "angelegt" in r["text"]] == [
        card["text"]
    ]
