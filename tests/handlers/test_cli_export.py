"""`boardbot export` writes the same files, byte for byte, as `/export` sends in the chat
(SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from bot.cli.export import FORMATS, run_export
from storage.database import Database
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, ChatHarness


async def test_the_cli_export_equals_the_chat_export(
    chat: ChatHarness, db: Database, tmp_path: Path
) -> None:
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    await chat.say(DANIEL, GROUP, "/beschluss Sperrung der Hauptstraße; Antrag stellen 5:0:1")
    await chat.say(DANIEL, GROUP, "/aufgabe Treffen vorbereiten @vera bis Freitag zu B 1")
    await chat.send(DANIEL, GROUP, "/sitzung ende")
    await chat.say(NICOLE, GROUP, "/aufgabe =Anruf beim Drucker bis morgen 9 Uhr")
    chat.make_admin(NICOLE, GROUP)
    await chat.say(NICOLE, GROUP, "/einstellungen sprache en")  # the chat's language counts
    before = len(chat.api.documents())
    await chat.say(NICOLE, GROUP, "/export")
    sent = {d["filename"]: d["data"] for d in chat.api.documents(GROUP["id"])[before:]}

    settings = chat.app.bot_data["services"].settings
    out = tmp_path / "export"
    assert run_export(db, settings, GROUP["id"], FORMATS, out, now=chat.clock.now) == 0
    written = {path.name: path.read_bytes() for path in out.iterdir()}
    assert sorted(written) == sorted(sent)
    assert written == sent
    assert "decisions-2024-06-19.csv" in written
