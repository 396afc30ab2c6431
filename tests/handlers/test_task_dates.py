"""Issue 11: the title/due-date split through /aufgabe and /task, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.database import Database
from storage.models import Task
from tests.handlers.conftest import DANIEL, GROUP, VERA, ChatHarness


def stored(db: Database) -> list[Task]:
    with db.transaction() as session:
        return list(session.exec(select(Task).order_by(Task.number)).all())


@pytest.mark.parametrize(
    ("command", "title", "shown", "due_utc"),
    [
        ("/aufgabe Flyer drucken morgen", "Flyer drucken", "bis Do, 20.06.2024",
         "2024-06-20T21:59:59+00:00"),
        ("/aufgabe Raum buchen nächsten Freitag 18 Uhr", "Raum buchen",
         "bis Fr, 21.06.2024, 18:00 Uhr", "2024-06-21T16:00:00+00:00"),
        ("/aufgabe Test bis 15:20 am Nachmittag", "Test", "bis Do, 20.06.2024, 15:20 Uhr",
         "2024-06-20T13:20:00+00:00"),
        ("/aufgabe Geschenke kaufen bis Weihnachten", "Geschenke kaufen", "bis Di, 24.12.2024",
         "2024-12-24T22:59:59+00:00"),
        ("/task Print flyers tomorrow", "Print flyers", "Do, 20.06.2024",
         "2024-06-20T21:59:59+00:00"),
        ("/task Book the room next Friday", "Book the room", "Fr, 21.06.2024",
         "2024-06-21T21:59:59+00:00"),
    ],
)  # fmt: skip
async def test_a_trailing_date_is_the_due_date(
    chat: ChatHarness, db: Database, command: str, title: str, shown: str, due_utc: str
) -> None:
    reply = await chat.say(VERA, GROUP, command)
    assert f"angelegt: {title}\n" in reply
    assert shown in reply
    [task] = stored(db)
    assert task.title == title
    assert task.due_at is not None and task.due_at.isoformat() == due_utc


@pytest.mark.parametrize(
    "text",
    [
        "Einladung zum Stadtparteitag Mitte November verschicken",
        "Kapitel 3",
        "Sommerfest Juli",
        "Release 1.2",
        "Stammtisch jeden 2. Dienstag",
    ],
)
async def test_a_date_looking_phrase_that_is_text_stays_in_the_title(
    chat: ChatHarness, db: Database, text: str
) -> None:
    reply = await chat.say(VERA, GROUP, f"/aufgabe {text}")
    assert f"angelegt: {text}" in reply
    [task] = stored(db)
    assert (task.title, task.due_at) == (text, None)


async def test_a_past_trailing_time_is_refused_and_nothing_stored(
    chat: ChatHarness, db: Database
) -> None:
    reply = await chat.say(VERA, GROUP, "/aufgabe Flyer drucken heute 14 Uhr")
    assert "heute 14 Uhr" in reply and "angelegt" not in reply
    assert stored(db) == []


async def test_a_weekday_that_does_not_fit_the_date_gets_a_specific_reply(
    chat: ChatHarness, db: Database
) -> None:
    # 18 July 2024 is a Thursday.
    reply = await chat.say(VERA, GROUP, "/aufgabe Sommerfest planen bis Freitag, 18.07.")
    assert "„Freitag, 18.07.“ passt nicht zusammen" in reply
    assert "Do, 18.07.2024 ist ein Donnerstag" in reply
    assert stored(db) == []


async def test_the_mismatch_reply_in_english(chat: ChatHarness, db: Database) -> None:
    chat.make_admin(DANIEL, GROUP)
    assert "Saved" in await chat.say(DANIEL, GROUP, "/einstellungen sprache en")
    reply = await chat.say(VERA, GROUP, "/task Plan the summer party by Jul 18, Fri")
    assert "“Jul 18, Fri” does not add up: Thu, 18 Jul 2024 is a Thursday" in reply
    assert stored(db) == []
    reply = await chat.say(VERA, GROUP, "/task Plan the summer party tomorrow")
    assert "Plan the summer party" in reply and "Thu, 20 Jun 2024" in reply
