"""The real bot process against the emulator, used as a board would use it: several members,
a group and private chats, German and English, bad input, and a restart in the middle."""

from __future__ import annotations

import re
import signal

from .conftest import TOKEN, BotProcess
from .emulator import BotApiEmulator

WEEKDAY_DATE = r"(Mo|Di|Mi|Do|Fr|Sa|So), \d\d\.\d\d\.\d{4}"


def ask(emu: BotApiEmulator, user: dict, chat: dict, text: str, expect: str) -> dict:  # type: ignore[type-arg]
    """Send as a member and wait for the bot's reply that contains `expect`."""
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


def test_a_board_records_and_tracks_tasks_across_a_restart(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    nicole = emu.create_user("Nicole")  # no username: reachable only by a text mention
    daniel = emu.create_user("Daniel", username="dschaper")
    board = emu.create_group("Stadtvorstand", [vera, nicole, daniel], supergroup=True)
    bot.start()

    # The command menu is published with German descriptions.
    emu.wait_for_request("setMyCommands")
    german_menu = {c["command"]: c["description"] for c in emu.commands(language_code="de")}
    assert german_menu["aufgabe"].startswith("Neue Aufgabe")
    assert "aufgaben" in german_menu and "erledigt" in german_menu

    # Added to the group, it introduced itself.
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    ask(emu, vera, board, "/hilfe", "/aufgabe")

    first = ask(emu, daniel, board, "/aufgabe Empfehlung an die neue Ratsfraktion", "#1")
    assert "angelegt: Empfehlung an die neue Ratsfraktion" in first["text"]

    second = ask(
        emu,
        daniel,
        board,
        "/aufgabe Treffen für Neumitglieder vorbereiten @vera_k bis Freitag",
        "#2",
    )
    assert re.search(r"bis Fr, \d\d\.\d\d\.\d{4}", second["text"]), second["text"]
    assert f"tg://user?id={vera['id']}" in second["html"]

    mark = emu.mark()
    emu.send_text_mention(
        vera, board, "/aufgabe Landesgremien vertreten @vera_k Nicole am 22.06.", mentioned=nicole
    )
    third = emu.wait_for_bot_message(board["id"], contains="#3", after=mark)
    assert f"tg://user?id={nicole['id']}" in third["html"]
    assert re.search(r"bis Sa, 22\.06\.\d{4}|bis " + WEEKDAY_DATE, third["text"])

    listing = ask(emu, nicole, board, "/aufgaben", "Offene Aufgaben")
    assert "(3)" in listing["text"]
    assert listing["text"].index("#2") < listing["text"].index("#1")  # due first, undated last

    # A restart in the middle: what is sent while the bot is down is handled once afterwards.
    assert bot.stop() == 0
    emu.send_text(vera, board, "/erledigt 2")  # Vera owns #2
    emu.send_text(daniel, board, "/aufgabe Finanzrat: Umlage 2024 abwarten")
    mark = emu.mark()
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Erledigt: #2", after=mark, timeout=15)
    emu.wait_for_bot_message(board["id"], contains="#4", after=mark, timeout=15)
    emu.wait_until_idle()
    after_restart = [m["text"] for m in emu.bot_messages(board["id"]) if m["seq"] > mark]
    assert sum("Erledigt: #2" in text for text in after_restart) == 1
    assert sum("#4" in text for text in after_restart) == 1

    listing = ask(emu, vera, board, "/aufgaben", "Offene Aufgaben")
    assert "(3)" in listing["text"] and "#2" not in listing["text"]

    # Vera, in her private chat with the bot, sees her tasks from the group.
    private = emu.private_chat(vera)
    ask(emu, vera, private, "/start", "/meine")
    ask(emu, vera, private, "/aufgabe Flyer", "nur in eurer Gruppe")
    mine = ask(emu, vera, private, "/meine", "Deine offenen Aufgaben")
    assert "Landesgremien vertreten" in mine["text"] and "Stadtvorstand" in mine["text"]

    log = bot.log()
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log
    # At INFO the log holds no message texts and no names.
    for private in ("Neumitglieder", "Ratsfraktion", "Landesgremien", "Vera", "Nicole", "vera_k"):
        assert private not in log, private


def test_bad_input_is_answered_and_loses_nothing(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Vorstand", [vera])
    bot.start()
    ask(emu, vera, board, "/aufgabe <b>Flyer</b> & Plakate", "#1")
    shown = ask(emu, vera, board, "/aufgaben", "Offene Aufgaben")
    assert "<b>Flyer</b> & Plakate" in shown["text"]  # shown literally, accepted by Telegram
    ask(
        emu,
        vera,
        board,
        "/aufgabe Bericht bis irgendwann",
        "„irgendwann“ habe ich nicht verstanden",
    )
    ask(emu, vera, board, "/aufgabe " + "x" * 5000, "5000 Zeichen")
    ask(emu, vera, board, "/aufgabe", "Wie heißt die Aufgabe?")  # issue 14: asks for it
    ask(emu, vera, board, "/erledigt 99", "#99")
    ask(emu, vera, board, "/zuweisen 1", "Wem soll ich Aufgabe #1 geben?")
    ask(emu, vera, board, "/frist 1 gestern", "Vergangenheit")
    final = ask(emu, vera, board, "/aufgaben alle", "Alle Aufgaben")
    assert "(1)" in final["text"] and "#2" not in final["text"]
    failed = [r for r in emu.requests if r["method"] == "sendMessage" and r["status"] != 200]
    assert failed == []  # every reply was valid HTML under 4,096 characters
    assert "Traceback" not in bot.log()


def test_english_replies_when_configured(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    anna = emu.create_user("Anna", username="anna_k")
    board = emu.create_group("Club board", [anna])
    bot.start(BOT_LANGUAGE="en")
    created = ask(emu, anna, board, "/task Print flyers by next Monday", "Task #1 created")
    assert re.search(r"due Mon, \d{1,2} \w{3} \d{4}", created["text"]), created["text"]
    ask(emu, anna, board, "/task@boardbot_test_bot Book the room by tomorrow 9am", "#2")
    ask(emu, anna, board, "/done 1", "Done: #1")
    ask(emu, anna, board, "/tasks", "Open tasks (1)")


def test_group_outside_the_allow_list_is_told_its_id(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    allowed = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    other = emu.create_group("Fremde Gruppe", [vera], supergroup=True)
    bot.start(ALLOWED_CHAT_IDS=str(allowed["id"]))
    reply = ask(emu, vera, other, "/aufgabe Geheim", "nicht freigeschaltet")
    assert str(other["id"]) in reply["text"]
    ask(emu, vera, allowed, "/aufgabe Erlaubt", "#1")
    assert "ALLOWED_CHAT_IDS is empty" not in bot.log()


def test_a_crash_does_not_lose_what_was_stored(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Vorstand", [vera])
    bot.start()
    ask(emu, vera, board, "/aufgabe Kassenprüfung", "#1")
    bot.stop(signal.SIGKILL)
    bot.start()
    listing = ask(emu, vera, board, "/aufgaben", "Offene Aufgaben")
    assert "(1)" in listing["text"] and "Kassenprüfung" in listing["text"]
