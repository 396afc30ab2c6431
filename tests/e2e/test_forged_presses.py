"""Issue 13, findings 5 and 6 through the real bot process and the emulator: a modified client
presses buttons with data no button carries, or a real button's data under another message;
a member who did not open the meeting tries to close it and to list an outsider. Every press is
answered to the presser alone; the group sees no message and no edit. Parametrized over SQLite
and PostgreSQL through `database_url`."""

from __future__ import annotations

import time

from .conftest import BotProcess
from .emulator import BotApiEmulator
from .test_meeting_flow import ask

UNKNOWN_BUTTON = "Dieser Knopf gilt hier nicht (mehr)."


def test_forged_presses_and_meeting_permissions(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    nicole = emu.create_user("Nicole")
    daniel = emu.create_user("Daniel", username="dschaper")
    otto = emu.create_user("Otto")  # not in the group
    board = emu.create_group("Stadtvorstand", [vera, nicole, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    mark = emu.mark()
    emu.send_text(daniel, board, "/sitzung Vorstandssitzung")
    opened = emu.wait_for_bot_message(board["id"], contains="eröffnet", after=mark)
    attendance = emu.wait_for_bot_message(board["id"], contains="Anwesenheit", after=mark)
    [[button]] = attendance["reply_markup"]["inline_keyboard"]
    emu.wait_until_idle()

    # the meeting's own data under another bot message, and data no button has
    before = emu.mark()
    edits = len(emu.calls("editMessageText"))
    for data in (button["callback_data"], "r:²:done", "r:" + "9" * 30 + ":done", "x:1"):
        emu.press_button(nicole, opened, data, check=False)
    # every press is answered; wait for the answers, not for a quiet moment (the bot may work in
    # a database thread for longer than the emulator's idle window on a loaded machine)
    deadline = time.monotonic() + 30
    while len(emu.callback_answers) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    emu.wait_until_idle()
    answers = [a.get("text") for a in emu.callback_answers]
    assert answers == [
        UNKNOWN_BUTTON,
        "Diese Erinnerung gibt es hier nicht (mehr).",
        "Diese Erinnerung gibt es hier nicht (mehr).",
        UNKNOWN_BUTTON,
    ]
    assert len(emu.calls("editMessageText")) == edits
    assert emu.bot_messages(board["id"])[-1]["message_id"] == attendance["message_id"]
    assert emu.mark() == before  # nothing was posted anywhere

    # closing and listing others is the opener's
    ask(emu, nicole, board, "/sitzung ende", "schließen dürfen nur Daniel")
    mark = emu.mark()
    emu.send_text_mention(nicole, board, "/anwesend Otto", mentioned=otto)
    emu.wait_for_bot_message(board["id"], contains="Andere als anwesend eintragen", after=mark)
    mark = emu.mark()
    emu.send_text_mention(daniel, board, "/anwesend Otto", mentioned=otto)
    listed = emu.wait_for_bot_message(board["id"], contains="Otto ist da", after=mark)
    assert listed["text"].endswith("eingetragen von Daniel: Otto")
    # named in the group, Otto is no member: his private chat shows nothing of it
    ask(emu, otto, emu.private_chat(otto), "/meine", "keine offenen Aufgaben")
    ask(emu, daniel, board, "/sitzung ende", "Protokoll der Sitzung")
