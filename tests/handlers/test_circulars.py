"""/umlauf: a motion put to the board as a poll; the votes from poll answers; the rules; the
decision in the register. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import delete

from storage.database import Database
from storage.models import Decision, ReminderKind, ReminderStatus
from storage.roster import add_board_member
from tests.handlers.circular_support import (
    OUTSIDER,
    circular_reminders,
    circulars,
    decisions,
    poll_id,
    seat,
    start,
    vote,
    votes,
)
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness


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


async def test_a_single_abstention_rejects_it_under_the_default_rule(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Wir kaufen einen Beamer")
    await vote(chat, VERA, [0])
    (announcement,) = await vote(chat, NICOLE, [2])  # an Enthaltung is no consent
    assert "abgelehnt" in announcement and "B 2024/1" in announcement
    (decision,) = decisions(db)
    assert decision.result == "rejected" and not decision.unanimous
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (1, 0, 1)
    assert await vote(chat, DANIEL, [0]) == []  # closed: a late answer changes nothing
    assert len(votes(db)) == 2


async def test_a_majority_board_decides_once_the_rest_cannot_change_it(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    assert "Admins" in await chat.say(NICOLE, GROUP, "/einstellungen umlauf mehrheit")
    chat.make_admin(VERA, GROUP)
    refused = await chat.say(VERA, GROUP, "/einstellungen umlauf vielleicht")
    assert "<code>mehrheit</code>" in refused and "„vielleicht“" in refused
    reply = await chat.say(VERA, GROUP, "/einstellungen umlauf mehrheit")
    assert "Umlaufbeschluss: Mehrheit" in reply
    await start(db, chat, "Sommerfest am 12. Juli feiern")
    (stored,) = circulars(db)
    assert stored.rule == "majority" and "bis" not in stored.text  # the date stays the motion's
    assert await vote(chat, NICOLE, [1]) == []  # 0:1, two to come
    assert await vote(chat, VERA, [0]) == []  # 1:1, the last vote decides
    (announcement,) = await vote(chat, DANIEL, [0])
    assert "angenommen" in announcement
    (decision,) = decisions(db)
    assert (decision.votes_yes, decision.votes_no) == (2, 1) and not decision.unanimous


async def test_majority_is_certain_before_everyone_voted(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/settings circular majority")
    await start(db, chat, "Beamer")
    await vote(chat, VERA, [0])
    (announcement,) = await vote(chat, NICOLE, [0])  # 2 > 0 + 1 outstanding
    assert "angenommen" in announcement
    assert decisions(db)[0].votes_yes == 2


async def test_a_retraction_is_kept_and_makes_the_member_one_who_has_not_voted(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    await vote(chat, VERA, [0])
    await vote(chat, VERA, [])  # retracted
    status = chat.api.edits()[-1]["text"]
    assert "Abgestimmt: 0 von 3" in status and "⏳ Vera" in status
    await vote(chat, VERA, [1])
    assert [v.option for v in votes(db)] == ["yes", None, "no"]  # the whole history
    assert decisions(db)[0].result == "rejected"  # the last answer counts: Nein


async def test_someone_outside_the_board_is_recorded_and_does_not_count(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    assert await vote(chat, OUTSIDER, [1]) == []
    (recorded,) = votes(db)
    assert recorded.voter_id is None and recorded.option == "no" and recorded.name == "Mallory"
    assert decisions(db) == []  # a Nein from outside does not reject it
    assert "Abgestimmt: 0 von 3" in chat.api.edits()[-1]["text"]
    for member in (VERA, NICOLE, DANIEL):
        await vote(chat, member, [0])
    assert decisions(db)[0].result == "adopted"


async def test_an_answer_to_a_poll_that_is_not_ours_is_ignored(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    before = len(chat.api.calls)
    assert await vote(chat, VERA, [0], poll="5281337") == []
    assert votes(db) == [] and len(chat.api.calls) == before


async def test_the_same_answer_delivered_twice_counts_once(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer")
    answer = {"poll_id": poll_id(chat), "user": VERA, "option_ids": [0]}
    answer["option_persistent_ids"] = ["0"]
    await chat.process(answer, kind="poll_answer", update_id=9000)
    await chat.process(answer, kind="poll_answer", update_id=9000)
    assert len(votes(db)) == 1


async def test_a_chat_outside_the_allow_list_gets_no_vote_counted(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    chat.app.bot_data["services"].settings.allowed_chat_ids = [-100777]
    assert await vote(chat, VERA, [0]) == []
    assert votes(db) == []


async def test_only_board_members_or_admins_put_a_motion(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer", VERA, NICOLE)
    reply = await chat.say(DANIEL, GROUP, "/umlauf Noch ein Beamer")
    assert "nur Mitglieder des Vorstands" in reply
    chat.make_admin(DANIEL, GROUP)
    assert "Umlaufbeschluss U 2" in await chat.say(DANIEL, GROUP, "/umlauf Noch ein Beamer")


async def test_no_motion_text_or_a_past_deadline_is_refused(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    missing = await chat.say(VERA, GROUP, "/umlauf bis Freitag")
    assert "Worüber soll der Vorstand abstimmen" in missing
    assert "gestern" in await chat.say(VERA, GROUP, "/umlauf Beamer bis gestern")
    assert "höchstens 92 Tage" in await chat.say(VERA, GROUP, "/umlauf Beamer bis 1.1.2026")
    assert len(circulars(db)) == 1


async def test_the_last_two_answers_at_once_still_close_it_once(
    chat: ChatHarness, db: Database
) -> None:
    """Poll answers come without a chat, so two members' answers may be handled at the same
    time: the one that makes the outcome certain must see the other (the circular's row lock)."""
    await start(db, chat, "Beamer", VERA, NICOLE)
    for _ in range(3):  # a few rounds: a lost race shows up as no decision at all
        await asyncio.gather(vote(chat, VERA, [0]), vote(chat, NICOLE, [0]))
        (decision,) = decisions(db)
        assert decision.votes_yes == 2
        replies = await chat.send(VERA, GROUP, "/umlauf Noch ein Beamer")
        assert "Umlaufbeschluss U" in replies[0]
        with db.transaction() as session:
            session.execute(delete(Decision))


async def test_a_seat_known_by_username_counts_once_its_member_votes(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    with db.transaction() as session:
        add_board_member(session, GROUP["id"], name="Vera", now=chat.clock.now, user_id=101)
        # Daniel was put on the roster by his @username before the bot knew his id
        add_board_member(
            session, GROUP["id"], name="Daniel", now=chat.clock.now, username="dschaper"
        )
    status = await chat.say(VERA, GROUP, "/umlauf Beamer")
    assert "Ohne Telegram-Konto" not in status  # an @username can be reached and can vote
    await vote(chat, VERA, [0])
    (announcement,) = await vote(chat, DANIEL, [0])
    assert "angenommen" in announcement
    assert votes(db)[-1].voter_id is not None


async def test_a_poll_telegram_refuses_withdraws_the_circular(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    seat(db, chat, VERA, NICOLE)
    chat.api.fail_next("sendPoll", 400, "Bad Request: not enough rights to send polls")
    replies = await chat.send(VERA, GROUP, "/umlauf Beamer")
    assert "Umlaufbeschluss U 1" in replies[0]
    assert "Umfrage konnte ich nicht senden" in replies[-1]
    (stored,) = circulars(db)
    assert stored.status == "withdrawn" and stored.poll_id is None
    assert {r.status for r in circular_reminders(db)} == {ReminderStatus.CANCELLED.value}


async def test_a_forged_answer_with_options_our_polls_lack_is_ignored(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    assert await vote(chat, VERA, [7]) == []
    assert await vote(chat, VERA, [0, 1]) == []  # one answer only
    assert votes(db) == []
    await vote(chat, VERA, [0])
    assert [v.option for v in votes(db)] == ["yes"]
