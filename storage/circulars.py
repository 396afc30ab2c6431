"""Data access for circular resolutions (Umlaufbeschluss): put a motion to the board, record
the poll's answers, close it with a decision in the register, or withdraw it.

The flow: `start_circular` stores the motion with the board's current roster as its
electorate and plans its reminder rows (one a day for those who have not voted, and the
closing at the deadline; the times are computed above storage and handed in). Once the bot
has sent the poll, `attach_poll` stores Telegram's poll id, which every answer names
(`circular_by_poll`). `record_vote` keeps each answer; `settle_if_certain` closes the circular
as soon as its rule (`storage.circular_rules`) makes the outcome certain, `close_circular` at
the deadline. Closing records the decision through `storage.records.create_decision`, so its
number `B <year>/<n>` and its audit entry are like every other, and cancels what is left of
its reminders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.audit import BOT, Actor, record_event
from storage.circular_rules import ADOPTED, Result, Tally, count_votes, decide
from storage.models import (
    Chat,
    Circular,
    CircularOption,
    CircularStatus,
    CircularVote,
    CircularVoter,
    Decision,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from storage.records import create_decision
from storage.reminders import cancel_pending, zone_of
from storage.roster import current_board
from storage.tasks import next_number

# The poll's options in Telegram's order: an answer's option id is the index.
POLL_OPTIONS = (CircularOption.YES, CircularOption.NO, CircularOption.ABSTAIN)


@dataclass(frozen=True)
class CircularState:
    """A circular with its electorate and every member's current vote (None: not voted)."""

    circular: Circular
    voters: list[CircularVoter]
    current: dict[int, str | None]  # voter id → option
    votes: list[CircularVote]  # every answer, oldest first (also those that do not count)

    @property
    def tally(self) -> Tally:
        return count_votes(self.current.values(), len(self.voters))

    def option_of(self, voter: CircularVoter) -> str | None:
        return self.current.get(voter.id or 0)

    @property
    def not_voted(self) -> list[CircularVoter]:
        return [voter for voter in self.voters if self.option_of(voter) is None]


def start_circular(
    session: Session,
    chat: Chat,
    *,
    text: str,
    deadline: datetime,
    nudges: Sequence[datetime],
    actor: Actor,
    now: datetime,
    message_thread_id: int | None = None,
) -> Circular:
    """Put the motion to the current board; raises LookupError when the chat has no roster."""
    board = current_board(session, chat.id)
    if not board:
        raise LookupError(f"chat {chat.id} has no board")
    circular = Circular(
        chat_id=chat.id,
        number=next_number(session, chat.id, "circular"),
        text=text,
        rule=chat.circular_rule,
        started_at=now,
        deadline=deadline,
        created_by_id=actor.id,
        created_by_name=actor.name,
        message_thread_id=message_thread_id,
    )
    session.add(circular)
    session.flush()
    assert circular.id is not None
    for position, seat in enumerate(board):
        session.add(
            CircularVoter(
                circular_id=circular.id,
                position=position,
                user_id=seat.user_id,
                username=seat.username,
                name=seat.name,
            )
        )
    planned = [(ReminderKind.CIRCULAR_NUDGE, when) for when in nudges]
    for kind, when in [*planned, (ReminderKind.CIRCULAR_CLOSE, deadline)]:
        reminder = Reminder(chat_id=chat.id, kind=kind.value, due_at=when, circular_id=circular.id)
        session.add(reminder)
    record_event(
        session,
        chat_id=chat.id,
        item_type="circular",
        item_number=circular.number,
        action="create",
        actor=actor,
        now=now,
        after={"text": text, "rule": circular.rule, "deadline": deadline.isoformat()},
    )
    session.flush()
    return circular


def attach_poll(session: Session, circular_id: int, poll_id: str, message_id: int) -> None:
    circular = session.get(Circular, circular_id)
    if circular is not None:
        circular.poll_id, circular.poll_message_id = poll_id, message_id
        session.add(circular)


def set_status_message(session: Session, circular_id: int, message_id: int) -> None:
    circular = session.get(Circular, circular_id)
    if circular is not None:
        circular.status_message_id = message_id
        session.add(circular)


def circular_by_poll(session: Session, poll_id: str) -> Circular | None:
    """The circular whose poll this is, its row locked until the transaction ends (on
    PostgreSQL; SQLite serializes writers): two answers at once are counted one after the
    other, so the one that makes the outcome certain sees the other."""
    query = select(Circular).where(Circular.poll_id == poll_id).with_for_update()
    return session.exec(query).first()


def locked(session: Session, circular: Circular) -> Circular:
    """The circular read again with its row locked: whoever closes it (an answer, the
    deadline, a withdrawal) sees what another one committed meanwhile."""
    session.refresh(circular, with_for_update=True)
    return circular


def circular_by_number(session: Session, chat_id: int, number: int) -> Circular | None:
    return session.exec(
        select(Circular).where(Circular.chat_id == chat_id, Circular.number == number)
    ).first()


def open_circulars(session: Session, chat_id: int) -> list[Circular]:
    return list(
        session.exec(
            select(Circular)
            .where(Circular.chat_id == chat_id, Circular.status == CircularStatus.OPEN.value)
            .order_by(col(Circular.number))
        )
    )


def circulars_without_poll(session: Session, started_before: datetime) -> list[Circular]:
    """Open circulars whose poll was never stored (the bot stopped before it sent it)."""
    return list(
        session.exec(
            select(Circular).where(
                Circular.status == CircularStatus.OPEN.value,
                col(Circular.poll_id).is_(None),
                col(Circular.started_at) < started_before,
            )
        )
    )


def chat_circulars(session: Session, chat_id: int) -> list[Circular]:
    """Every circular of the chat, in number order: for the export."""
    return list(
        session.exec(
            select(Circular).where(Circular.chat_id == chat_id).order_by(col(Circular.number))
        )
    )


def circular_state(session: Session, circular: Circular) -> CircularState:
    voters = list(
        session.exec(
            select(CircularVoter)
            .where(CircularVoter.circular_id == circular.id)
            .order_by(col(CircularVoter.position))
        )
    )
    votes = list(
        session.exec(
            select(CircularVote)
            .where(CircularVote.circular_id == circular.id)
            .order_by(col(CircularVote.at), col(CircularVote.id))
        )
    )
    current: dict[int, str | None] = {}
    for vote in votes:  # the last answer of each member is their vote
        if vote.voter_id is not None:
            current[vote.voter_id] = vote.option
    return CircularState(circular, voters, current, votes)


def voter_for(
    voters: Sequence[CircularVoter], user_id: int, username: str | None
) -> CircularVoter | None:
    """The electorate's entry of this Telegram user: by id, else (a seat named by @username
    before the bot knew the id) by username."""
    for voter in voters:
        if voter.user_id == user_id:
            return voter
    if username:
        for voter in voters:
            if voter.user_id is None and (voter.username or "").lower() == username.lower():
                return voter
    return None


def record_vote(
    session: Session,
    circular: Circular,
    *,
    user_id: int,
    username: str | None,
    name: str,
    option_ids: Sequence[int],
    now: datetime,
) -> CircularVote:
    """Keep one answer (empty `option_ids`: a retraction). Someone outside the electorate is
    recorded too, with no voter: their answer is in the record and does not count."""
    assert circular.id is not None
    state = circular_state(session, circular)
    voter = voter_for(state.voters, user_id, username)
    if voter is not None and voter.user_id is None:  # the seat's member, now known by id
        voter.user_id = user_id
        session.add(voter)
    option = POLL_OPTIONS[option_ids[0]].value if option_ids else None
    vote = CircularVote(
        circular_id=circular.id,
        voter_id=voter.id if voter is not None else None,
        user_id=user_id,
        name=voter.name if voter is not None else name,
        option=option,
        at=now,
    )
    session.add(vote)
    session.flush()
    return vote


def settle_if_certain(session: Session, circular: Circular, now: datetime) -> Decision | None:
    """Close the open circular when its outcome can no longer change; the decision, if so."""
    if locked(session, circular).status != CircularStatus.OPEN.value:
        return None
    if now >= circular.deadline:  # past it, the close at the deadline tallies (and announces)
        return None
    result = decide(circular.rule, circular_state(session, circular).tally, final=False)
    return None if result is None else _close(session, circular, result, now, early=True)


def close_circular(session: Session, circular: Circular, now: datetime) -> Decision | None:
    """At the deadline: the votes cast are all there are. None if it was closed already."""
    if locked(session, circular).status != CircularStatus.OPEN.value:
        return None
    result = decide(circular.rule, circular_state(session, circular).tally, final=True)
    assert result is not None
    return _close(session, circular, result, now)


def _close(
    session: Session, circular: Circular, result: Result, now: datetime, *, early: bool = False
) -> Decision:
    chat = session.get(Chat, circular.chat_id)
    assert chat is not None and circular.id is not None
    tally = circular_state(session, circular).tally
    decision = create_decision(
        session,
        chat_id=chat.id,
        text=circular.text,
        year=now.astimezone(zone_of(chat)).year,
        votes=(tally.yes, tally.no, tally.abstain),
        unanimous=tally.yes == tally.electorate and result == ADOPTED,
        result=result,
        meeting_id=None,
        amends_id=None,
        created_by_id=circular.created_by_id,
        created_by_name=circular.created_by_name,
        now=now,
        message_thread_id=circular.message_thread_id,
    )
    decision.by_circular = True
    session.add(decision)
    circular.status, circular.closed_at = result, now
    circular.decision_id = decision.id
    session.add(circular)
    _cancel_reminders(session, circular.id, claimed_too=early)
    record_event(
        session,
        chat_id=chat.id,
        item_type="circular",
        item_number=circular.number,
        action="close",
        actor=BOT,
        now=now,
        before={"status": CircularStatus.OPEN.value},
        after={"status": result, "decision": decision.number},
    )
    session.flush()
    return decision


def withdraw_circular(session: Session, circular: Circular, actor: Actor, now: datetime) -> None:
    """`/umlauf abbrechen n`: closed without a decision; its reminders stop."""
    assert circular.id is not None
    circular.status, circular.closed_at = CircularStatus.WITHDRAWN.value, now
    circular.closed_by_id, circular.closed_by_name = actor.id, actor.name
    session.add(circular)
    _cancel_reminders(session, circular.id, claimed_too=True)
    record_event(
        session,
        chat_id=circular.chat_id,
        item_type="circular",
        item_number=circular.number,
        action="withdraw",
        actor=actor,
        now=now,
        before={"status": CircularStatus.OPEN.value},
        after={"status": CircularStatus.WITHDRAWN.value},
    )


def _cancel_reminders(session: Session, circular_id: int, *, claimed_too: bool = False) -> None:
    """Cancel the circular's reminders still to come. `claimed_too` (an early close, a
    withdrawal): also those a dispatcher has claimed and not sent yet — their claims no longer
    renew, so they are not sent (no reminder to vote after the close, no second announcement).
    A row a claim in progress has locked is skipped, not waited for (the claim locks the
    circular after its reminders, we the other way round); its compose sees the circular
    closed and drops it (`bot.reminders.circulars.compose_circular`)."""
    session.flush()
    if not claimed_too:
        cancel_pending(session, col(Reminder.circular_id) == circular_id)
        return
    unsent = (ReminderStatus.PENDING.value, ReminderStatus.SENDING.value)
    ids = session.exec(
        select(Reminder.id)
        .where(col(Reminder.circular_id) == circular_id, col(Reminder.status).in_(unsent))
        .with_for_update(skip_locked=True)
    ).all()
    if ids:
        session.execute(
            update(Reminder)
            .where(col(Reminder.id).in_(ids))
            .values(
                status=ReminderStatus.CANCELLED.value,
                claim_token=None,
                claimed_by=None,
                claimed_at=None,
            )
        )


def closed_before_deadline(circular: Circular) -> bool:
    """Closed early by an answer, or withdrawn: announced then, not at the deadline."""
    if circular.status == CircularStatus.WITHDRAWN.value:
        return True
    return circular.closed_at is not None and circular.closed_at < circular.deadline


def decision_of(session: Session, circular: Circular) -> Decision | None:
    return session.get(Decision, circular.decision_id) if circular.decision_id else None


CircularRecordRow = tuple[Circular, list[CircularVoter], list[CircularVote], Decision | None]


def circular_records(session: Session, chat_id: int) -> list[CircularRecordRow]:
    """Every circular of the chat with its electorate, every answer and its decision: the
    record the exports write (`bot.render.circular_record`)."""
    rows: list[CircularRecordRow] = []
    for circular in chat_circulars(session, chat_id):
        state = circular_state(session, circular)
        rows.append((circular, state.voters, state.votes, decision_of(session, circular)))
    return rows
