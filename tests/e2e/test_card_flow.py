"""Issue 14 ("done when"): through the real bot process and the emulator, a member creates a
task typing only its title, gives it an owner and a deadline by buttons, ticks it off, and
undoes a second task; a refused press is an alert to the presser alone. Parametrized over
SQLite and PostgreSQL through `database_url`."""

from __future__ import annotations

from typing import Any

from .conftest import BotProcess
from .emulator import BotApiEmulator
from .test_meeting_flow import ask


def buttons(record: dict[str, Any]) -> list[str]:
    markup = record.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def press(
    emu: BotApiEmulator, user: dict[str, Any], card: dict[str, Any], data: str, expect: str
) -> dict[str, Any]:
    """Press a button on the card and wait until the card says `expect`; the card then."""
    mark = emu.mark()
    emu.press_button(user, emu.bot_message(card["chat_id"], card["message_id"]), data)
    return emu.wait_for_bot_message(
        card["chat_id"],
        predicate=lambda e: e["message_id"] == card["message_id"] and expect in e["text"],
        after=mark,
        timeout=15,
    )


def test_title_owner_deadline_done_and_undo_by_buttons(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    daniel = emu.create_user("Daniel", username="dschaper")
    nicole = emu.create_user("Nicole")
    board = emu.create_group("Stadtvorstand", [vera, daniel, nicole], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    ask(emu, daniel, board, "/hilfe", "boardbot")  # the bot now knows Daniel

    # /aufgabe alone asks Vera for the title; her reply makes the task and its card
    question = ask(emu, vera, board, "/aufgabe", "Wie heißt die Aufgabe?")
    assert question["reply_markup"]["force_reply"] is True
    assert question["reply_markup"]["selective"] is True
    mark = emu.mark()
    emu.send_text(
        vera, board, "Flyer drucken", reply_to=emu.bot_message(board["id"], question["message_id"])
    )
    card = emu.wait_for_bot_message(board["id"], contains="angelegt: Flyer drucken", after=mark)
    row = buttons(card)
    assert [data.rsplit(":", 1)[1] for data in row] == ["done", "due", "own", "undo"]
    task_id = row[0].split(":")[1]

    # 👤 → Daniel → fertig
    picker = press(emu, vera, card, f"t:{task_id}:own", "Aufgabe #1: Flyer drucken")
    assert f"o:{task_id}:{daniel['id']}" in buttons(picker)
    press(emu, vera, card, f"o:{task_id}:{daniel['id']}", "Daniel")
    back = press(emu, vera, card, f"o:{task_id}:ok", "Daniel")
    assert buttons(back)[0] == f"t:{task_id}:done"

    # Nicole may not set the date: an alert to her alone
    mark = emu.mark()
    emu.press_button(nicole, emu.bot_message(board["id"], card["message_id"]), f"t:{task_id}:due")
    emu.wait_until_idle()
    refusal = emu.callback_answers[-1]
    assert refusal.get("show_alert") is True and "Frist" in refusal["text"]
    assert emu.mark() == mark  # no message, no edit

    # 📅 by the owner → Freitag
    press(emu, daniel, card, f"t:{task_id}:due", "Aufgabe #1: Flyer drucken")
    dated = press(emu, daniel, card, f"f:{task_id}:fri", "📅 bis Fr, ")
    assert buttons(dated)[0] == f"t:{task_id}:done"

    # ✅ → the card says done, only ↩️ (reopen) is left
    done = press(emu, daniel, card, f"t:{task_id}:done", "✅ Erledigt")
    assert buttons(done) == [f"t:{task_id}:undo"]
    assert emu.callback_answers[-1]["text"] == "#1 ist erledigt. Danke!"

    # a second task, undone by its creator
    mark = emu.mark()
    emu.send_text(vera, board, "/aufgabe Aus Versehen")
    second = emu.wait_for_bot_message(board["id"], contains="angelegt: Aus Versehen", after=mark)
    second_id = buttons(second)[0].split(":")[1]
    undone = press(emu, vera, second, f"t:{second_id}:undo", "Rückgängig gemacht")
    assert buttons(undone) == []
    listing = ask(emu, vera, board, "/aufgaben", "Aufgaben")
    assert "Aus Versehen" not in listing["text"]
