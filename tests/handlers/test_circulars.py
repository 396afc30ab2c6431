"""/umlauf: a motion put to the board as a poll; the votes from poll answers; the rules; the
decision in the register. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

from storage.database import Database
from storage.models import ReminderKind, ReminderStatus
from tests.handlers.circular_support import (
    circular_reminders,
    circulars,
    decisions,
    poll_id,
    start,
    vote,
    votes,
)
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness

OUTSIDER = {"id": 777, "is_bot": False, "first_name": "Mallory"}


async def test_without_a_board_it_says_how_to_set_one_up(chat: ChatHarness) -> None:
    reply = await chat.say(VERA, GROUP, "/umlauf Wir kaufen einen Beamer")
    assert "/vorstand" in reply
    assert chat.api.poll_sent() == []


async def test_the_motion_goes_out_as_a_poll_with_a_status_message(
    chat: ChatHarness, db: Database
) -> None:
    status = await start(db, chat, "Wir kaufen einen <b>Beamer</b> bis Freitag")
    assert "Umlaufbeschluss U 1" in status
    assert "&lt;b&gt;Beamer&lt;/b&gt;" in status  # the motion as typed, not as markup
    assert "Fr, 21.06.2024, 23:59" in status  # "bis Freitag": the end of that day, written out
    assert "alle Vorstandsmitglieder müssen zustimmen" in status
    assert "Abgestimmt: 0 von 3" in status
    (poll,) = chat.api.poll_sent()
    assert poll["question"] == "U 1: Wir kaufen einen <b>Beamer</b>"  # plain text, no HTML
    options = json.loads(poll["options"]) if isinstance(poll["options"], str) else poll["options"]
    assert [o["text"] if isinstance(o, dict) else o for o in options] == [
        "Ja",
        "Nein",
        "Enthaltung",
    ]
    assert poll["is_anonymous"] is False and poll["allows_revoting"] is False
    (stored,) = circulars(db)
    assert stored.poll_id == poll_id(chat) and stored.status_message_id is not None
    kinds = [(r.kind, r.due_at.isoformat()) for r in circular_reminders(db)]
    # Thu and Fri at 9:00 Berlin the ones who have not voted, then the close at the deadline
    assert kinds == [
        (ReminderKind.CIRCULAR_NUDGE.value, "2024-06-20T07:00:00+00:00"),
        (ReminderKind.CIRCULAR_NUDGE.value, "2024-06-21T07:00:00+00:00"),
        (ReminderKind.CIRCULAR_CLOSE.value, "2024-06-21T21:59:59+00:00"),
    ]


async def test_everyone_agreeing_records_the_decision_at_once(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Wir kaufen einen Beamer")
    await vote(chat, VERA, [0])
    await vote(chat, NICOLE, [0])
    assert decisions(db) == []
    (announcement,) = await vote(chat, DANIEL, [0])
    assert "angenommen" in announcement and "B 2024/1" in announcement
    assert "im Umlaufverfahren" in announcement
    (decision,) = decisions(db)
    assert decision.by_circular and decision.result == "adopted" and decision.unanimous
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (3, 0, 0)
    assert [m for m, _ in chat.api.calls].count("stopPoll") == 1
    assert "Angenommen: B 2024/1" in chat.api.edits()[-1]["text"]
    pending = [r for r in circular_reminders(db) if r.status == ReminderStatus.PENDING.value]
    assert pending == []  # closed early: no reminders, no close at the deadline
    register = await chat.say(VERA, GROUP, "/beschluesse")
    assert "im Umlaufverfahren" in register
