"""/beschluss with the votes members type, through the real Application on SQLite and
PostgreSQL: what is stored (counts, result), what the chat is told, and that a refusal stores
nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.database import Database
from storage.models import Decision
from tests.handlers.conftest import DANIEL, GROUP, ChatHarness
from tests.support.telegram_html import visible_text


def decisions(db: Database) -> list[Decision]:
    with db.transaction() as session:
        return list(session.exec(select(Decision).order_by(Decision.number)))


@pytest.mark.parametrize(
    ("command", "text", "stored"),
    [
        ("/beschluss Beitrag erhöhen 5:0", "Beitrag erhöhen", (5, 0, None, False, "adopted")),
        ("/beschluss Beitrag erhöhen 5-0-1", "Beitrag erhöhen", (5, 0, 1, False, "adopted")),
        ("/beschluss Beitrag erhöhen 5 : 0 : 1", "Beitrag erhöhen", (5, 0, 1, False, "adopted")),
        ("/beschluss Beitrag erhöhen 5/0/1", "Beitrag erhöhen", (5, 0, 1, False, "adopted")),
        (
            "/beschluss Beitrag erhöhen einstimmig angenommen",
            "Beitrag erhöhen",
            (None, None, None, True, "adopted"),
        ),
        (
            "/beschluss Beitrag erhöhen ohne Gegenstimmen",
            "Beitrag erhöhen",
            (None, None, None, False, "adopted"),
        ),
        (
            "/beschluss Beitrag erhöhen mehrheitlich",
            "Beitrag erhöhen",
            (None, None, None, False, "adopted"),
        ),
        (
            "/beschluss Beitrag erhöhen abgelehnt",
            "Beitrag erhöhen",
            (None, None, None, False, "rejected"),
        ),
        ("/beschluss Beitrag erhöhen 2:4:1", "Beitrag erhöhen", (2, 4, 1, False, "rejected")),
        ("/beschluss Beitrag erhöhen 3:3:0", "Beitrag erhöhen", (3, 3, 0, False, "rejected")),
        ("/beschluss -5 % Beitrag 3:0:0", "-5 % Beitrag", (3, 0, 0, False, "adopted")),
        ("/beschluss +1 Kassenprüfer", "+1 Kassenprüfer", (None, None, None, False, None)),
        (
            "/decision Raise the fee unanimously carried",
            "Raise the fee",
            (None, None, None, True, "adopted"),
        ),
        (
            "/decision Raise the fee defeated",
            "Raise the fee",
            (None, None, None, False, "rejected"),
        ),
    ],
)
async def test_votes_are_stored_with_their_result(
    chat: ChatHarness, db: Database, command: str, text: str, stored: tuple[object, ...]
) -> None:
    reply = await chat.say(DANIEL, GROUP, command)
    assert "B 2024/1" in reply
    [decision] = decisions(db)
    assert decision.text == text
    found = (
        decision.votes_yes,
        decision.votes_no,
        decision.votes_abstain,
        decision.unanimous,
        decision.result,
    )
    assert found == stored


async def test_rejected_and_tied_motions_are_announced_as_such(chat: ChatHarness) -> None:
    rejected = visible_text(await chat.say(DANIEL, GROUP, "/beschluss Beitrag erhöhen 2:4:1"))
    assert rejected.splitlines() == [
        "📜 Antrag B 2024/1 abgelehnt am Mi, 19.06.2024:",
        "Beitrag erhöhen",
        "🗳 Abstimmung: 2 dafür, 4 dagegen, 1 Enthaltung",
    ]
    assert "reply_markup" not in chat.api.messages[-1]  # nothing to carry out: no 📋 button
    tie = visible_text(await chat.say(DANIEL, GROUP, "/beschluss Sommerfest absagen 3:3:0"))
    assert tie.startswith("📜 Antrag B 2024/2 abgelehnt (Stimmengleichheit) am Mi, 19.06.2024:")
    register = visible_text(await chat.say(DANIEL, GROUP, "/beschluesse"))
    assert (
        "✖️ B 2024/1 · Mi, 19.06.2024 · Beitrag erhöhen · "
        "2 dafür, 4 dagegen, 1 Enthaltung – abgelehnt"
    ) in register
    assert "3 dafür, 3 dagegen, 0 Enthaltungen – abgelehnt (Stimmengleichheit)" in register
    view = visible_text(await chat.say(DANIEL, GROUP, "/beschluesse 2"))
    assert view.startswith("📜 Antrag B 2024/2 vom Mi, 19.06.2024\nSommerfest absagen\n")
    assert "– abgelehnt (Stimmengleichheit)" in view


async def test_an_adopted_motion_is_still_gefasst(chat: ChatHarness) -> None:
    reply = visible_text(await chat.say(DANIEL, GROUP, "/beschluss Beitrag erhöhen 5-0-1"))
    assert reply.startswith("📜 Beschluss B 2024/1 gefasst am Mi, 19.06.2024:\nBeitrag erhöhen\n")
    assert "🗳 Abstimmung: 5 dafür, 0 dagegen, 1 Enthaltung\n" in reply
    markup = chat.api.messages[-1]["reply_markup"]["inline_keyboard"]
    assert [[button["text"] for button in row] for row in markup] == [["📋 Aufgabe dazu"]]


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/beschluss Beitrag erhöhen 3:4:0 angenommen", "„3:4:0 angenommen“ widerspricht sich"),
        ("/beschluss Beitrag erhöhen einstimmig 4:1:0", "„einstimmig 4:1:0“ widerspricht sich"),
        ("/beschluss Beitrag erhöhen 0:0", "„0:0“ ist kein Abstimmungsergebnis"),
    ],
)
async def test_contradicting_votes_store_nothing(
    chat: ChatHarness, db: Database, command: str, answer: str
) -> None:
    reply = await chat.say(DANIEL, GROUP, command)
    assert answer in reply
    assert "gespeichert wurde nichts" in reply
    assert decisions(db) == []


async def test_a_task_title_keeps_its_leading_minus(chat: ChatHarness) -> None:
    reply = await chat.say(DANIEL, GROUP, "/aufgabe -5 % Rabatt beim Drucker verhandeln")
    assert "-5 % Rabatt beim Drucker verhandeln" in reply
