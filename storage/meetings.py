"""Data access for meetings and their attendance, and the queries behind the minutes and the
agenda (returned as plain dataclasses that the pure renderers in bot/ turn into text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Executable, bindparam, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from storage import core
from storage.models import (
    NAME_MAX_LENGTH,
    AgendaItem,
    Attendee,
    AttendeeStatus,
    Chat,
    Decision,
    Meeting,
    MeetingNote,
    Task,
    TaskKind,
    TaskStatus,
)
from storage.next_meeting import following_plan
from storage.protocol import (
    AgendaEntry,
    Quorum,
    agenda_entries,
    meeting_notes,
    minute_taker_name,
    quorum,
    status_for_name,
)
from storage.records import (
    LINKABLE_KINDS,
    agenda_items_of_meeting,
    decisions_by_id,
    pending_agenda_items,
    take_up_agenda_items,
    tasks_of_decisions,
)
from storage.tasks import TaskView, next_number, view_tasks


class MeetingAlreadyOpenError(Exception):
    def __init__(self, meeting: Meeting) -> None:
        super().__init__(f"meeting {meeting.number} is open")
        self.meeting = meeting


def open_meeting(session: Session, chat_id: int) -> Meeting | None:
    return session.exec(
        select(Meeting).where(Meeting.chat_id == chat_id, col(Meeting.ended_at).is_(None))
    ).first()


def open_meeting_id(session: Session, chat_id: int) -> int | None:
    """The open meeting's id, without loading it (every `/task` asks, to link the task)."""
    statement = _open_meeting_id_statement()
    found = core.execute(session, statement, {"chat": chat_id}).scalar()
    return int(found) if found is not None else None


@cache
def _open_meeting_id_statement() -> Executable:
    table = Meeting.__table__  # type: ignore[attr-defined]
    return (
        select_columns(table.c.id)
        .where(table.c.chat_id == bindparam("chat"), table.c.ended_at.is_(None))
        .limit(1)
    )


def start_meeting(
    session: Session,
    *,
    chat_id: int,
    title: str,
    created_by_id: int | None,
    created_by_name: str,
    now: datetime,
    message_thread_id: int | None = None,
) -> Meeting:
    """Open meeting n+1 and let it take up the pending agenda proposals. The counter row is
    taken first: it serialises two openers, so the second one sees the first meeting."""
    number = next_number(session, chat_id, "meeting")
    current = open_meeting(session, chat_id)
    if current is not None:
        raise MeetingAlreadyOpenError(current)
    meeting = Meeting(
        chat_id=chat_id,
        number=number,
        title=title,
        started_at=now,
        created_by_id=created_by_id,
        created_by_name=created_by_name,
        message_thread_id=message_thread_id,
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    take_up_agenda_items(session, chat_id, meeting.id)
    return meeting


def end_meeting(
    session: Session, meeting: Meeting, by_name: str, now: datetime, by_id: int | None = None
) -> None:
    meeting.ended_at, meeting.ended_by_name, meeting.ended_by_id = now, by_name, by_id
    session.add(meeting)


def set_meeting_message(session: Session, meeting_id: int, message_id: int) -> None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is not None:
        meeting.message_id = message_id
        session.add(meeting)


def get_meeting(session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def meeting_by_number(session: Session, chat_id: int, number: int) -> Meeting | None:
    return session.exec(
        select(Meeting).where(Meeting.chat_id == chat_id, Meeting.number == number)
    ).first()


def last_meeting(session: Session, chat_id: int) -> Meeting | None:
    return session.exec(
        select(Meeting).where(Meeting.chat_id == chat_id).order_by(col(Meeting.number).desc())
    ).first()


def all_meetings(session: Session, chat_id: int) -> list[Meeting]:
    return list(
        session.exec(
            select(Meeting).where(Meeting.chat_id == chat_id).order_by(col(Meeting.number))
        ).all()
    )


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.exec(
        select(Meeting)
        .where(Meeting.chat_id == meeting.chat_id, Meeting.number < meeting.number)
        .order_by(col(Meeting.number).desc())
    ).first()


# --- attendance --------------------------------------------------------------------------------


def attendees(session: Session, meeting_id: int) -> list[Attendee]:
    """Who is present, in the order they arrived."""
    return list(
        session.exec(
            select(Attendee)
            .where(Attendee.meeting_id == meeting_id)
            .order_by(col(Attendee.added_at), col(Attendee.id))
        ).all()
    )


def add_attendee(
    session: Session,
    meeting_id: int,
    *,
    user_id: int | None,
    name: str,
    added_by_id: int | None,
    now: datetime,
    added_by_name: str | None = None,
) -> bool:
    """Mark someone present (a member by id, a guest by name); False if they already are.
    Someone marked excused who comes after all is present now. `added_by_name` is given when
    someone else listed them (shown as "eingetragen von …")."""
    name = name[:NAME_MAX_LENGTH]
    query = select(Attendee).where(Attendee.meeting_id == meeting_id)
    if user_id is not None:
        query = query.where(Attendee.user_id == user_id)
    else:
        query = query.where(
            col(Attendee.user_id).is_(None), func.lower(Attendee.name) == name.lower()
        )
    found = session.exec(query).first()
    if found is not None and found.status != AttendeeStatus.EXCUSED:
        return False
    meeting = session.get(Meeting, meeting_id)
    status = AttendeeStatus.PRESENT
    if user_id is None and meeting is not None:
        status = status_for_name(session, meeting.chat_id, name)
    row = found or Attendee(meeting_id=meeting_id, user_id=user_id, name=name)
    row.status, row.added_at, row.added_by_id = status.value, now, added_by_id
    row.added_by_name = added_by_name[:NAME_MAX_LENGTH] if added_by_name else None
    session.add(row)
    session.flush()
    return True


def present_count(session: Session, meeting_id: int) -> int:
    """How many people are there (members and guests; not the excused): what a vote may have."""
    return sum(1 for a in attendees(session, meeting_id) if a.status != AttendeeStatus.EXCUSED)


# --- minutes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesData:
    """Everything the minutes of one meeting show, as stored."""

    chat_title: str
    meeting: Meeting
    attendees: list[Attendee]
    decisions: list[Decision]
    new_tasks: list[TaskView]
    completed: list[TaskView]
    followups: list[TaskView]
    # decisions named by the above (amended ones, those tasks implement), by id
    referenced: dict[int, Decision] = field(default_factory=dict)
    minute_taker: str = ""  # empty: the opener
    # the agenda items (TOP 1, 2, …) with their notes, decisions and tasks; what was recorded
    # under no item is in `decisions` / `new_tasks` only, and in `other_notes` ("Sonstiges")
    entries: list[AgendaEntry] = field(default_factory=list)
    other_notes: list[MeetingNote] = field(default_factory=list)
    quorum: Quorum | None = None  # None: the board's size is unknown
    # the next meeting, once one is planned (filled by the planning of the next meeting)
    next_meeting_at: datetime | None = None
    next_meeting_place: str | None = None


def _tasks(session: Session, *conditions: object) -> list[TaskView]:
    query = select(Task).where(*conditions).order_by(col(Task.number))  # type: ignore[arg-type]
    return view_tasks(session, session.exec(query).all())


def minutes_data(session: Session, meeting: Meeting, now: datetime) -> MinutesData:
    """The minutes of `meeting`: who was there (and excused, the quorum), its agenda items with
    their notes, what it recorded, what was completed since the previous meeting until its end
    (or now, while it runs), and the follow-ups open at its end."""
    assert meeting.id is not None
    chat = session.get(Chat, meeting.chat_id)
    until = meeting.ended_at or now
    previous = previous_meeting(session, meeting)
    since = (previous.ended_at or previous.started_at) if previous is not None else None
    decisions = list(
        session.exec(
            select(Decision).where(Decision.meeting_id == meeting.id).order_by(col(Decision.number))
        ).all()
    )
    new_tasks = _tasks(session, Task.meeting_id == meeting.id, col(Task.kind) == TaskKind.TASK)
    done_conditions = [
        Task.chat_id == meeting.chat_id,
        col(Task.kind).in_(LINKABLE_KINDS),
        Task.status == TaskStatus.DONE.value,
        col(Task.closed_at) <= until,
    ]
    if since is not None:
        done_conditions.append(col(Task.closed_at) > since)
    followups = _tasks(
        session,
        Task.chat_id == meeting.chat_id,
        Task.kind == TaskKind.FOLLOWUP.value,
        col(Task.created_at) <= until,
        or_(col(Task.status) == TaskStatus.OPEN.value, col(Task.closed_at) > until),
    )
    following = following_plan(session, meeting.chat_id, meeting.id, meeting.started_at)
    referenced = decisions_by_id(
        session,
        [d.amends_id for d in decisions] + [v.task.decision_id for v in new_tasks + followups],
    )
    listed = attendees(session, meeting.id)
    items = agenda_items_of_meeting(session, meeting.id)
    entries, other_notes = agenda_entries(
        items, meeting_notes(session, meeting.id), decisions, new_tasks
    )
    return MinutesData(
        chat_title=chat.title if chat is not None else "",
        meeting=meeting,
        attendees=listed,
        decisions=decisions,
        new_tasks=new_tasks,
        completed=_tasks(session, *done_conditions),
        followups=followups,
        referenced=referenced,
        minute_taker=minute_taker_name(meeting),
        entries=entries,
        other_notes=other_notes,
        quorum=quorum(session, chat, listed) if chat is not None else None,
        next_meeting_at=following.starts_at if following is not None else None,
        next_meeting_place=following.place if following is not None else None,
    )


# --- agenda ------------------------------------------------------------------------------------

DUE_SOON = timedelta(days=7)


@dataclass(frozen=True)
class DecisionProgress:
    """A decision whose tasks are all done or overdue: something to report on."""

    decision: Decision
    tasks: list[TaskView]
    overdue: bool  # at least one of its tasks is overdue


@dataclass(frozen=True)
class AgendaData:
    chat_title: str
    last_meeting: Meeting | None
    open_meeting: Meeting | None
    overdue: list[TaskView]
    due_soon: list[TaskView]
    followups: list[TaskView]
    decisions: list[DecisionProgress]
    proposals: list[AgendaItem]


def _open_tasks(session: Session, chat_id: int, kind: TaskKind) -> list[TaskView]:
    query = (
        select(Task)
        .where(
            Task.chat_id == chat_id, Task.kind == kind.value, Task.status == TaskStatus.OPEN.value
        )
        .order_by(col(Task.due_at).is_(None), col(Task.due_at), col(Task.number))
    )
    return view_tasks(session, session.exec(query).all())


def _decision_progress(
    session: Session, chat_id: int, since: datetime | None, now: datetime
) -> list[DecisionProgress]:
    """Decisions in force whose tasks are all done or overdue, with something new to report:
    a task overdue, or one completed since the last meeting."""
    decisions = {
        d.id: d
        for d in session.exec(
            select(Decision).where(Decision.chat_id == chat_id, col(Decision.repealed_at).is_(None))
        ).all()
        if d.id is not None
    }
    result: list[DecisionProgress] = []
    for decision_id, views in sorted(tasks_of_decisions(session, decisions).items()):
        live = [v for v in views if v.task.status != TaskStatus.CANCELLED.value]
        overdue = [
            v
            for v in live
            if v.task.status == TaskStatus.OPEN.value
            and v.task.due_at is not None
            and v.task.due_at < now
        ]
        done = [v for v in live if v.task.status == TaskStatus.DONE.value]
        if not live or len(overdue) + len(done) < len(live):
            continue
        recent = any(
            v.task.closed_at is not None and (since is None or v.task.closed_at > since)
            for v in done
        )
        if overdue or recent:
            result.append(DecisionProgress(decisions[decision_id], live, bool(overdue)))
    return result


def agenda_data(session: Session, chat_id: int, now: datetime) -> AgendaData:
    """What the next meeting should look at, as of `now`."""
    chat = session.get(Chat, chat_id)
    last = last_meeting(session, chat_id)
    current = last if last is not None and last.ended_at is None else None
    since = (last.ended_at or last.started_at) if last is not None else None
    tasks = _open_tasks(session, chat_id, TaskKind.TASK)
    overdue = [v for v in tasks if v.task.due_at is not None and v.task.due_at < now]
    soon = [v for v in tasks if v.task.due_at is not None and now <= v.task.due_at < now + DUE_SOON]
    return AgendaData(
        chat_title=chat.title if chat is not None else "",
        last_meeting=last,
        open_meeting=current,
        overdue=overdue,
        due_soon=soon,
        followups=_open_tasks(session, chat_id, TaskKind.FOLLOWUP),
        decisions=_decision_progress(session, chat_id, since, now),
        proposals=pending_agenda_items(session, chat_id),
    )
