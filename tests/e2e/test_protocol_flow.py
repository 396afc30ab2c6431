"""A meeting's Protokoll through the real bot process and the emulator (SQLite and PostgreSQL
through `database_url`): two agenda items, a member excused, the minute-taker named, notes
under each item after `/top` switches, a decision with more votes than people present (warned,
stored), a topic added during the meeting, and `/sitzung ende`: the minutes and the Markdown
file hold all of it."""

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


def test_a_meeting_with_notes_and_an_excused_member(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    nicole = emu.create_user("Nicole", username="nicole")
    jonas = emu.create_user("Jonas", username="jonas_w")
    board = emu.create_group("Stadtvorstand", [vera, nicole, jonas], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")
    year = datetime.now(ZoneInfo("Europe/Berlin")).year

    ask(emu, vera, board, "/tagesordnung neu Kassenbericht", "vorgemerkt")
    ask(emu, nicole, board, "/tagesordnung neu Sommerfest <2025>", "vorgemerkt")
    ask(emu, jonas, board, "/hilfe", "boardbot")  # the bot has seen Jonas and Nicole
    ask(emu, nicole, board, "/hilfe", "boardbot")

    mark = emu.mark()
    emu.send_text(vera, board, "/sitzung Juni")
    emu.wait_for_bot_message(board["id"], contains="Sitzung Nr. 1 eröffnet", after=mark)
    emu.wait_for_bot_message(board["id"], contains="Anwesenheit", after=mark)
    ask(emu, nicole, board, "/anwesend", "Nicole ist da")
    excused = ask(emu, vera, board, "/entschuldigt @jonas_w", "Jonas ist entschuldigt")
    assert "Entschuldigt (1): Jonas" in excused["text"]
    ask(emu, vera, board, "/protokollant @nicole", "Nicole führt das Protokoll")

    ask(emu, nicole, board, "/notiz Kassenbericht liegt vor, Überschuss 1.200 €", "TOP 1")
    ask(emu, nicole, board, "/top 2", "Jetzt TOP 2")
    ask(emu, nicole, board, "/notiz Termin 14.09., Grill <b>leihen</b>", "TOP 2")
    warned = ask(emu, vera, board, "/beschluss Sommerfest am 14.09. 3:0:0", "gefasst")
    assert "⚠️ 3 Stimmen, aber nur 2 anwesend" in warned["text"]
    ask(emu, vera, board, "/tagesordnung neu Mitgliederwerbung", "TOP 3")
    ask(emu, nicole, board, "/top weiter", "Jetzt TOP 3")
    ask(emu, nicole, board, "/notiz Flyer im September", "TOP 3")
    ask(emu, jonas, board, "/top 1", "wechseln nur Vera")

    mark = emu.mark()
    emu.send_text(vera, board, "/sitzung ende")
    minutes = emu.wait_for_bot_message(board["id"], contains="Protokoll der Sitzung", after=mark)
    emu.wait_for_bot_message(board["id"], predicate=lambda m: m["kind"] == "document", after=mark)
    text = minutes["text"]
    assert "Protokoll: Nicole\n" in text
    assert "Anwesend (2)\nVera Kraus, Nicole\nEntschuldigt (1): Jonas\n" in text
    assert (
        "TOP 1: Kassenbericht\nvorgeschlagen von Vera Kraus\n"
        "• Kassenbericht liegt vor, Überschuss 1.200 € – Nicole, "
    ) in text
    assert "TOP 2: Sommerfest <2025>\nvorgeschlagen von Nicole\n" in text
    assert "• Termin 14.09., Grill <b>leihen</b> – Nicole, " in text  # as typed, not as markup
    assert (
        f"• B {year}/1 Sommerfest am 14.09. – angenommen (3 dafür, 0 dagegen, 0 Enthaltungen)"
    ) in text
    assert "TOP 3: Mitgliederwerbung\nvorgeschlagen von Vera Kraus\n• Flyer im September" in text

    [document] = emu.documents(board["id"])
    markdown = document["data"].decode("utf-8")
    assert "## Anwesend (2)\n\nVera Kraus, Nicole\n\nEntschuldigt (1): Jonas\n" in markdown
    assert "## TOP 2: Sommerfest \\<2025\\>\n\nvorgeschlagen von Nicole\n\n- Termin" in markdown
    assert "Grill \\<b\\>leihen\\</b\\>" in markdown

    emu.wait_until_idle()
    failed = [r for r in emu.requests if r["status"] != 200 and r["method"] != "getUpdates"]
    assert failed == []  # valid HTML, under the limits, every query answered once
    assert "Traceback" not in bot.log()
