"""Every free-text field a member can fill, sent 5,000 characters long: one clear reply that
names the limit, nothing stored — on SQLite and on PostgreSQL (whose VARCHAR limits would
otherwise raise a database error). Also the longest names Telegram allows, and NUL characters
(which PostgreSQL refuses in text)."""

from __future__ import annotations

import pytest

from storage.database import Database
from storage.models import NAME_MAX_LENGTH
from tests.handlers.conftest import GROUP, VERA, ChatHarness
from tests.handlers.test_hostile_input import ERROR_GENERIC, snapshot

LONG = "Überlänge " * 500  # 5,000 characters, with spaces and non-ASCII letters
TOO_LONG = "Zeichen, erlaubt sind höchstens"

# (what is filled, setup commands, the command with the long text)
CASES = [
    ("task title", [], f"/aufgabe {LONG}"),
    ("task title in one word", [], "/aufgabe " + "x" * 5000),
    ("task title with a date", [], f"/aufgabe {LONG} bis Freitag"),
    ("new task title", ["/aufgabe Flyer"], f"/aendern 1 {LONG}"),
    ("follow-up text", [], f"/wiedervorlage {LONG} jeden Montag"),
    ("reminder text", [], f"/erinnere {LONG} am 30.06."),
    ("decision text", [], f"/beschluss {LONG} einstimmig"),
    ("repeal reason", ["/beschluss Sommerfest"], f"/aufheben 1 {LONG}"),
    ("agenda proposal", [], f"/tagesordnung neu {LONG}"),
    ("meeting title", [], f"/sitzung {LONG}"),
    ("guest name", ["/sitzung Vorstand"], f"/anwesend {LONG}"),
]


@pytest.mark.parametrize(("field", "setup", "command"), CASES, ids=[c[0] for c in CASES])
async def test_five_thousand_characters_are_refused_clearly(
    chat: ChatHarness, db: Database, field: str, setup: list[str], command: str
) -> None:
    for text in ["/hilfe", *setup]:
        await chat.send(VERA, GROUP, text)
    before = snapshot(db)
    reply = await chat.say(VERA, GROUP, command)
    assert TOO_LONG in reply, (field, reply)
    assert ERROR_GENERIC not in reply and len(reply) < 1000
    assert snapshot(db) == before, field


async def test_longest_telegram_names_are_stored(chat: ChatHarness, db: Database) -> None:
    # Telegram allows 64 + 64 characters of first and last name: one more than a name column.
    long_named = {"id": 150, "is_bot": False, "first_name": "F" * 64, "last_name": "L" * 64}
    reply = await chat.say(long_named, GROUP, "/aufgabe Flyer drucken")
    assert "angelegt" in reply
    assert "gefasst" in await chat.say(long_named, GROUP, "/beschluss Sommerfest einstimmig")
    assert "eröffnet" in (await chat.send(long_named, GROUP, "/sitzung"))[0]
    expected = ("F" * 64 + " " + "L" * 64)[:NAME_MAX_LENGTH]
    with db.engine.connect() as connection:
        for table in ("task", "decision", "meeting"):
            query = f"SELECT created_by_name FROM {table}"
            assert connection.exec_driver_sql(query).scalars().all() == [expected]


NUL_CASES = [
    ([], "/aufgabe Flyer\x00 drucken"),
    (["/aufgabe Flyer"], "/aendern 1 Plakate\x00 drucken"),
    ([], "/wiedervorlage Umlage\x00? jeden Montag"),
    ([], "/erinnere Kasse\x00 am 30.06."),
    ([], "/beschluss Sommer\x00fest einstimmig"),
    (["/beschluss Sommerfest"], "/aufheben 1 weil\x00 abgesagt"),
    ([], "/tagesordnung neu Haus\x00halt"),
    ([], "/sitzung Vorstand\x00"),
    (["/sitzung Vorstand"], "/anwesend Daniel\x00 Schaper"),
]


@pytest.mark.parametrize(("setup", "command"), NUL_CASES, ids=[c[1][:12] for c in NUL_CASES])
async def test_nul_characters_are_not_stored(
    chat: ChatHarness, db: Database, setup: list[str], command: str
) -> None:
    # PostgreSQL cannot store NUL in text; Telegram does not send it, a hostile client might.
    for text in ["/hilfe", *setup]:
        await chat.send(VERA, GROUP, text)
    replies = await chat.send(VERA, GROUP, command)
    assert replies and all(ERROR_GENERIC not in reply for reply in replies), replies
    rows = snapshot(db)
    assert "\\x00" not in repr(rows)
