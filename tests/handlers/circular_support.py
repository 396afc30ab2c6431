"""Helpers for the circular-resolution tests: a board on the roster, a member's poll answer
as Telegram sends it (no chat in it), and what the bot stored."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from storage.database import Database
from storage.models import Circular, CircularVote, Decision, Reminder
from storage.roster import add_board_member
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness

BOARD = (VERA, NICOLE, DANIEL)
OUTSIDER = {"id": 777, "is_bot": False, "first_name": "Mallory"}  # not on the board


def seat(db: Database, chat: ChatHarness, *members: dict[str, Any]) -> None:
    """Put the members on the group's board (the group must be known: it has written)."""
    with db.transaction() as session:
        for member in members:
            add_board_member(
                session,
                GROUP["id"],
                name=member["first_name"],
                now=chat.clock.now,
                user_id=member["id"],
                username=member.get("username"),
            )


async def start(db: Database, chat: ChatHarness, motion: str, *board: dict[str, Any]) -> str:
    """A board (all three unless given) and `/umlauf <motion>` by Vera; the status reply."""
    await chat.send(VERA, GROUP, "/hilfe")  # the group is known
    seat(db, chat, *(board or BOARD))
    replies = await chat.send(VERA, GROUP, f"/umlauf {motion}")
    assert len(replies) == 1, replies
    return replies[0]


def poll_id(chat: ChatHarness, index: int = -1) -> str:
    """The id of a poll the bot sent (the last one unless told)."""
    polls = list(chat.api.polls)
    return polls[index]


async def vote(
    chat: ChatHarness, member: dict[str, Any], options: list[int], poll: str | None = None
) -> list[str]:
    """`member` answers the poll (0 Ja, 1 Nein, 2 Enthaltung; [] retracts): the messages sent."""
    answer = {
        "poll_id": poll or poll_id(chat),
        "user": member,
        "option_ids": options,
        "option_persistent_ids": [str(option) for option in options],
    }
    return await chat.process(answer, kind="poll_answer")


def circulars(db: Database) -> list[Circular]:
    with db.transaction() as session:
        return list(session.exec(select(Circular).order_by(col(Circular.number))))


def votes(db: Database) -> list[CircularVote]:
    with db.transaction() as session:
        return list(session.exec(select(CircularVote).order_by(col(CircularVote.id))))


def decisions(db: Database) -> list[Decision]:
    with db.transaction() as session:
        return list(session.exec(select(Decision).order_by(col(Decision.number))))


def circular_reminders(db: Database) -> list[Reminder]:
    with db.transaction() as session:
        query = select(Reminder).where(col(Reminder.circular_id).is_not(None))
        return list(session.exec(query.order_by(col(Reminder.due_at))))
