"""A board meeting run through the real bot process and the emulator, as several members would:
/sitzung, the "Ich bin da" button, a guest, a decision with its vote, tasks with owners and
dates, bad input on the way, and /sitzung ende with the minutes as message and Markdown file.
Parametrized over SQLite and PostgreSQL through `database_url`."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from .conftest import BotProcess
from .emulator import BotApiEmulator

WEEKDAY_DATE = r"(Mo|Di|Mi|Do|Fr|Sa|So), \d\d\.\d\d\.\d{4}"


def ask(emu: BotApiEmulator, user: dict, chat: dict, text: str, expect: str) -> dict:  # type: ignore[type-arg]
    """Send as a member and wait for the bot's reply that contains `expect`."""
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


def test_a_meeting_from_sitzung_to_sitzung_ende(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    nicole = emu.create_user("Nicole")
    daniel = emu.create_user("Daniel", username="dschaper")
    board = emu.create_group("Stadtvorstand", [vera, nicole, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    year = datetime.now(ZoneInfo("Europe/Berlin")).year

    ask(emu, daniel, board, "/tagesordnung neu Haushalt 2025", "vorgemerkt")

    mark = emu.mark()
    emu.send_text(daniel, board, "/sitzung Vorstandssitzung")
    emu.wait_for_bot_message(board["id"], contains="Sitzung Nr. 1 eröffnet", after=mark)
    attendance = emu.wait_for_bot_message(board["id"], contains="Anwesenheit", after=mark)
    [[button]] = attendance["reply_markup"]["inline_keyboard"]
    assert button["text"] == "🙋 Ich bin da / I'm here"

    # Vera taps the button: the query is answered and the list under the button grows.
    mark = emu.mark()
    emu.press_button(vera, attendance, button["callback_data"])
    edited = emu.wait_for_bot_message(board["id"], contains="Vera Kraus", after=mark)
    assert edited["message_id"] == attendance["message_id"]
    assert "Anwesend (2): Daniel, Vera Kraus" in edited["text"]
    assert edited["reply_markup"]["inline_keyboard"][0][0] == button
    emu.wait_until_idle()
    assert [a.get("text") for a in emu.callback_answers] == ["Eingetragen – willkommen!"]

    ask(emu, nicole, board, "/anwesend", "Nicole ist da")
    ask(emu, nicole, board, "/anwesend Daniel Schaper", "Andere als anwesend eintragen dürfen")
    ask(emu, daniel, board, "/anwesend Daniel Schaper", "Daniel Schaper (Gast) ist da")

    # Bad input on the way: a clear answer, nothing stored.
    ask(emu, daniel, board, "/beschluss Empfehlung 5:x:1", "„5:x:1“ ist kein Abstimmungsergebnis")
    ask(emu, vera, board, "/sitzung Noch eine", "Es läuft schon eine Sitzung (Nr. 1")

    decision = ask(
        emu,
        daniel,
        board,
        "/beschluss Empfehlung an die neue Ratsfraktion 5:0:1",
        f"Beschluss B {year}/1 gefasst",
    )
    assert "Abstimmung: 5 dafür, 0 dagegen, 1 Enthaltung" in decision["text"]
    assert "In der Sitzung Nr. 1" in decision["text"]
    task = ask(
        emu,
        daniel,
        board,
        "/aufgabe Treffen für Neumitglieder vorbereiten @vera_k bis Freitag zu B 1",
        "#1",
    )
    assert re.search(r"bis Fr, \d\d\.\d\d\.\d{4}", task["text"]), task["text"]
    assert f"zu Beschluss B {year}/1" in task["text"]
    mark = emu.mark()
    emu.send_text_mention(
        vera, board, "/aufgabe Landesgremien vertreten @vera_k Nicole am 22.06.", mentioned=nicole
    )
    emu.wait_for_bot_message(board["id"], contains="#2", after=mark)

    mark = emu.mark()
    emu.send_text(vera, board, "/sitzung ende")
    minutes = emu.wait_for_bot_message(board["id"], contains="Protokoll der Sitzung", after=mark)
    emu.wait_for_bot_message(board["id"], predicate=lambda m: m["kind"] == "document", after=mark)
    text = minutes["text"]
    assert "Stadtvorstand · Sitzung Nr. 1 · Vorstandssitzung" in text
    assert "Anwesend (3)\nDaniel, Vera Kraus, Nicole\nGäste (1): Daniel Schaper" in text
    assert "TOP 1: Haushalt 2025\nvorgeschlagen von Daniel\n" in text
    assert (
        f"• B {year}/1 Empfehlung an die neue Ratsfraktion – "
        "angenommen (5 dafür, 0 dagegen, 1 Enthaltung)"
    ) in text
    assert re.search(
        rf"• #1 Treffen für Neumitglieder vorbereiten – Vera – bis Fr, \d\d\.\d\d\.\d{{4}} "
        rf"– zu B {year}/1",
        text,
    ), text
    assert re.search(rf"• #2 Landesgremien vertreten – Nicole, Vera – bis {WEEKDAY_DATE}", text)
    assert "Eröffnet von Daniel, beendet von Vera Kraus." in text

    [document] = emu.documents(board["id"])
    assert re.fullmatch(r"protokoll-\d{4}-\d\d-\d\d\.md", document["filename"])
    markdown = document["data"].decode("utf-8")
    assert markdown.startswith("# Protokoll der Sitzung am ")
    assert "## Anwesend (3)\n\nDaniel, Vera Kraus, Nicole\n\nGäste (1): Daniel Schaper" in markdown
    assert f"- **B {year}/1** Empfehlung an die neue Ratsfraktion – angenommen (5 dafür" in markdown
    assert "- **#1** Treffen für Neumitglieder vorbereiten – Vera – bis Fr, " in markdown

    # The attendance message is closed: no button any more.
    closed = emu.wait_for_bot_message(board["id"], contains="ist beendet", after=mark)
    assert closed["message_id"] == attendance["message_id"]
    assert closed["text"].startswith("🏁 Sitzung Nr. 1 ist beendet.")
    assert not closed["reply_markup"]

    # The minutes can be fetched again; the register lists the decision.
    ask(emu, nicole, board, "/protokoll 1", "Protokoll der Sitzung")
    register = ask(emu, nicole, board, "/beschluesse ratsfraktion", "Beschlüsse mit")
    assert f"B {year}/1" in register["text"]
    ask(emu, nicole, board, "/sitzung ende", "Gerade läuft keine Sitzung")

    emu.wait_until_idle()
    failed = [r for r in emu.requests if r["status"] != 200 and r["method"] != "getUpdates"]
    assert failed == []  # valid HTML, under the limits, every query answered once
    assert "Traceback" not in bot.log()
