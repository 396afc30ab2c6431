"""Data access for decisions and agenda proposals: small functions that take a session.

A decision is never edited: it is recorded, repealed (with date and reason) or amended by a
later decision that names it. Numbers come from the chat's "decision" counter.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.agenda import current_item_id, meeting_items
from storage.audit import Actor, record_event
from storage.models import AgendaItem, Decision, Task, TaskKind
from storage.tasks import TaskView, next_number, view_tasks

LINKABLE_KINDS = (TaskKind.TASK.value, TaskKind.FOLLOWUP.value)


def create_decision(
    session: Session,
    *,
    chat_id: int,
    text: str,
    year: int,
    votes: tuple[int | None, int | None, int | None] = (None, None, None),
    unanimous: bool = False,
    result: str | None = None,
    meeting_id: int | None,
    amends_id: int | None,
    created_by_id: int | None,
    created_by_name: str,
    now: datetime,
    message_thread_id: int | None = None,
) -> Decision:
    decision = Decision(
        chat_id=chat_id,
        number=next_number(session, chat_id, "decision"),
        year=year,
        text=text,
        decided_at=now,
        votes_yes=votes[0],
        votes_no=votes[1],
        votes_abstain=votes[2],
        unanimous=unanimous,
        result=result,
        meeting_id=meeting_id,
        agenda_item_id=current_item_id(session, meeting_id),
        amends_id=amends_id,
        created_by_id=created_by_id,
        created_by_name=created_by_name,
        message_thread_id=message_thread_id,
    )
    session.add(decision)
    session.flush()
    record_event(
        session,
        chat_id=chat_id,
        item_type="decision",
        item_number=decision.number,
        action="create",
        actor=Actor(created_by_id, created_by_name),
        now=decision.decided_at,
        after={
            "text": text,
            "votes": list(votes) if votes else None,
            "unanimous": unanimous,
            "result": result,
        },
    )
    return decision


def get_decision(session: Session, chat_id: int, number: int, year: int | None) -> Decision | None:
    """The chat's decision with this number (and year, when one is given)."""
    decision = session.exec(
        select(Decision).where(Decision.chat_id == chat_id, Decision.number == number)
    ).first()
    if decision is None or (year is not None and decision.year != year):
        return None
    return decision


def decisions_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, Decision]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(Decision).where(col(Decision.id).in_(wanted))).all()
    return {row.id: row for row in rows if row.id is not None}


def list_decisions(session: Session, chat_id: int, limit: int | None = None) -> list[Decision]:
    """The chat's register, newest first."""
    query = (
        select(Decision).where(Decision.chat_id == chat_id).order_by(col(Decision.number).desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())


def amendments_of(session: Session, decision: Decision) -> list[Decision]:
    return list(
        session.exec(
            select(Decision).where(Decision.amends_id == decision.id).order_by(col(Decision.number))
        ).all()
    )


def repeal_decision(
    session: Session,
    decision: Decision,
    *,
    reason: str | None,
    by_id: int | None,
    by_name: str,
    now: datetime,
) -> None:
    decision.repealed_at, decision.repealed_reason = now, reason
    decision.repealed_by_id, decision.repealed_by_name = by_id, by_name
    session.add(decision)
    record_event(
        session,
        chat_id=decision.chat_id,
        item_type="decision",
        item_number=decision.number,
        action="repeal",
        actor=Actor(by_id, by_name),
        now=now,
        before={"repealed": False},
        after={"repealed": True, "reason": reason},
    )


def tasks_of_decisions(session: Session, decision_ids: Iterable[int]) -> dict[int, list[TaskView]]:
    """The tasks and follow-ups implementing each decision, by decision id, in number order."""
    ids = set(decision_ids)
    result: dict[int, list[TaskView]] = {i: [] for i in ids}
    if not ids:
        return result
    tasks = session.exec(
        select(Task)
        .where(col(Task.decision_id).in_(ids), col(Task.kind).in_(LINKABLE_KINDS))
        .order_by(col(Task.number))
    ).all()
    for view in view_tasks(session, tasks):
        if view.task.decision_id is not None:
            result[view.task.decision_id].append(view)
    return result


# --- agenda proposals --------------------------------------------------------------------------


def add_agenda_item(
    session: Session,
    *,
    chat_id: int,
    text: str,
    created_by_id: int | None,
    created_by_name: str,
    now: datetime,
    meeting_id: int | None = None,
) -> AgendaItem:
    """A proposal for the next meeting, or (`meeting_id`) a topic of the meeting that runs."""
    item = AgendaItem(
        chat_id=chat_id,
        meeting_id=meeting_id,
        text=text,
        created_at=now,
        created_by_id=created_by_id,
        created_by_name=created_by_name,
    )
    session.add(item)
    session.flush()
    return item


def pending_agenda_items(session: Session, chat_id: int) -> list[AgendaItem]:
    """Proposals no meeting has taken up yet, oldest first."""
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.chat_id == chat_id, col(AgendaItem.meeting_id).is_(None))
            .order_by(col(AgendaItem.created_at), col(AgendaItem.id))
        ).all()
    )


def agenda_items_of_meeting(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The meeting's items, TOP 1 first."""
    return meeting_items(session, meeting_id)


def take_up_agenda_items(session: Session, chat_id: int, meeting_id: int) -> None:
    """A meeting that opens takes up every pending proposal."""
    for item in pending_agenda_items(session, chat_id):
        item.meeting_id = meeting_id
        session.add(item)


def chat_tasks(session: Session, chat_id: int) -> list[TaskView]:
    """Every task and follow-up of the chat (any status), by number: for the export."""
    tasks = session.exec(
        select(Task)
        .where(Task.chat_id == chat_id, col(Task.kind).in_(LINKABLE_KINDS))
        .order_by(col(Task.number))
    ).all()
    return view_tasks(session, tasks)


def decisions_since(session: Session, chat_id: int, since: datetime) -> list[Decision]:
    """The decisions taken in the chat since `since`, oldest first (for the weekly digest)."""
    query = (
        select(Decision)
        .where(Decision.chat_id == chat_id, col(Decision.decided_at) >= since)
        .order_by(col(Decision.number))
    )
    return list(session.exec(query).all())
