"""Minutes that are a record, through the real bot process and the emulator: a meeting ends,
a task of it is edited and done afterwards, `/protokoll 1` still shows the text fixed at the
end, and `/protokoll genehmigen 1` (refused for a member, done by the opener) turns the draft
into approved minutes. Parametrized over SQLite and PostgreSQL through `database_url`."""

from __future__ import annotations

from .conftest import BotProcess
from .emulator import BotApiEmulator
from .test_meeting_flow import ask


def test_minutes_stay_as_fixed_and_get_approved(emulator: BotApiEmulator, bot: BotProcess) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    nicole = emu.create_user("Nicole")
    daniel = emu.create_user("Daniel", username="dschaper")
    board = emu.create_group("Stadtvorstand", [vera, nicole, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    ask(emu, daniel, board, "/sitzung Juni", "Sitzung Nr. 1 eröffnet")
    ask(emu, vera, board, "/anwesend", "Vera Kraus ist da")
    ask(emu, daniel, board, "/aufgabe Flyer drucken @vera_k bis Freitag", "#1")
    mark = emu.mark()
    emu.send_text(daniel, board, "/sitzung ende")
    ended = emu.wait_for_bot_message(board["id"], contains="Protokoll der Sitzung", after=mark)
    emu.wait_for_bot_message(board["id"], predicate=lambda m: m["kind"] == "document", after=mark)
    title, _, body = ended["text"].partition("\n")
    assert title.endswith("– Entwurf, Fassung 1")
    assert "• #1 Flyer drucken – Vera – bis Fr, " in body
    [fixed_file] = emu.documents(board["id"])

    # the record changes afterwards: the minutes do not
    ask(emu, daniel, board, "/aendern 1 Plakate drucken", "Plakate drucken")
    ask(emu, vera, board, "/erledigt 1", "Erledigt")
    again = ask(emu, nicole, board, "/protokoll 1", "Protokoll der Sitzung")
    assert again["text"] == ended["text"]
    emu.wait_until_idle()
    assert emu.documents(board["id"])[-1]["data"] == fixed_file["data"]

    ask(emu, nicole, board, "/protokoll genehmigen 1", "genehmigen dürfen nur Daniel")
    ask(emu, daniel, board, "/protokoll genehmigen 1", "Sitzung Nr. 1 genehmigt (Fassung 1")
    approved = ask(emu, nicole, board, "/protokoll 1", "Protokoll der Sitzung")
    approved_title, _, approved_body = approved["text"].partition("\n")
    assert "– Fassung 1, genehmigt am " in approved_title and approved_title.endswith("von Daniel")
    assert approved_body == body and "Plakate" not in approved_body
    ask(emu, vera, board, "/protokoll korrektur 1 Tippfehler", "ist genehmigt")

    emu.wait_until_idle()
    failed = [r for r in emu.requests if r["status"] != 200 and r["method"] != "getUpdates"]
    assert failed == []
    assert "Traceback" not in bot.log()
