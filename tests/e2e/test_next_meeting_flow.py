"""The next meeting through the real bot process and the emulator: planned with
`/sitzung nächste`, the invitation with its calendar file, two members answering by button
(one switching), the invitation showing them, and `/sitzung` opening the planned meeting with
the one who cannot come listed as excused. Parametrized over SQLite and PostgreSQL."""

from __future__ import annotations

from icalendar import Calendar

from .conftest import BotProcess
from .emulator import BotApiEmulator


def test_plan_answer_and_open_the_next_meeting(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    nicole = emu.create_user("Nicole")
    daniel = emu.create_user("Daniel", username="dschaper")
    board = emu.create_group("Stadtvorstand", [vera, nicole, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    # planned two hours ahead (the bot runs on the real clock), so opening it now takes it up
    mark = emu.mark()
    emu.send_text(vera, board, "/sitzung nächste in 2 Stunden Vereinsheim")
    invitation = emu.wait_for_bot_message(board["id"], contains="Nächste Sitzung", after=mark)
    assert "📍 Vereinsheim" in invitation["text"] and "Noch keine Antworten." in invitation["text"]
    [[coming, excused]] = invitation["reply_markup"]["inline_keyboard"]
    assert (coming["text"], excused["text"]) == ("✅ Ich komme", "🙁 Ich bin verhindert")
    emu.wait_for_bot_message(board["id"], predicate=lambda m: m["kind"] == "document", after=mark)
    [document] = emu.documents(board["id"])
    assert document["filename"].startswith("einladung-") and document["filename"].endswith(".ics")
    [event] = Calendar.from_ical(document["data"]).walk("VEVENT")
    assert str(event["LOCATION"]) == "Vereinsheim"

    # Daniel comes; Nicole first says yes, then that she cannot come
    for user, data in ((daniel, coming), (nicole, coming), (nicole, excused)):
        mark = emu.mark()
        emu.press_button(user, invitation, data["callback_data"])
        emu.wait_for_bot_message(board["id"], contains="Kommen", after=mark)
    emu.wait_until_idle()
    shown = emu.bot_message(board["id"], invitation["message_id"])
    assert "✅ Kommen (1): Daniel" in shown["text"]
    assert "🙁 Verhindert (1): Nicole" in shown["text"]
    answers = [a.get("text") for a in emu.callback_answers]
    assert len(answers) == 3 and answers[-1].startswith("🙁 Du bist am ")

    mark = emu.mark()
    emu.send_text(vera, board, "/sitzung")
    opened = emu.wait_for_bot_message(board["id"], contains="eröffnet", after=mark)
    assert "📅 Geplant war sie für" in opened["text"]
    attendance = emu.wait_for_bot_message(board["id"], contains="Anwesenheit", after=mark)
    assert attendance["text"].endswith("Anwesend (1): Vera Kraus\nEntschuldigt (1): Nicole")
    emu.wait_until_idle()
    retired = emu.bot_message(board["id"], invitation["message_id"])
    assert retired["text"].startswith("🏛 Sitzung Nr. 1 (geplant für")
    assert not retired["reply_markup"]

    emu.wait_until_idle()
    failed = [r for r in emu.requests if r["status"] != 200 and r["method"] != "getUpdates"]
    assert failed == []  # valid HTML, under the limits, every query answered once
    assert "Traceback" not in bot.log()
