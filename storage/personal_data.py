"""What the bot holds about one member, for their own copy (DSGVO Art. 15; `/export` in a
private chat with the bot).

The copy holds the member's own data as they wrote it: their memberships and the names the
bot has seen them under, the tasks they created, own or closed, their decisions, meetings,
agenda proposals and attendance, the meetings they planned and their answers to invitations,
the corrections to minutes they wrote and the minutes they approved, their answers to circular
resolutions, and every audit event they made or that names them as an owner. It names nobody
else: no other person's Telegram id or name appears (owner entries of others are left out, a
guest they registered is counted without the name).

For a group the member has left, the copy shows the group as it was when they left: items
created later are absent, a task's title, status and due date are those of the audit trail up
to that moment, and a repeal, its reason and who repealed are theirs only if they repealed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from storage.audit import parse_values
from storage.minutes_record import minutes_work_of
from storage.models import (
    AgendaItem,
    Attendee,
    BoardSeat,
    Chat,
    Circular,
    CircularVote,
    Decision,
    Event,
    InvitationAnswer,
    KnownName,
    Meeting,
    MeetingNote,
    MeetingPlan,
    Member,
    Task,
    TaskOwner,
)
from storage.tasks import due_value

# a group the member has no membership row for: only what they created, as they created it
NO_MEMBERSHIP = datetime.min.replace(tzinfo=UTC)
STATUS_BY_ACTION = {"done": "done", "cancel": "cancelled", "reopen": "open"}


@dataclass(frozen=True)
class Scope:
    """Whose copy it is, and per group the moment it ends (None: still a member)."""

    user_id: int
    until: dict[int, datetime | None]

    def cutoff(self, chat_id: int) -> datetime | None:
        return self.until.get(chat_id, NO_MEMBERSHIP)

    def shows(self, chat_id: int, moment: datetime | None) -> bool:
        """Whether something that happened at `moment` is part of the copy."""
        cutoff = self.cutoff(chat_id)
        return moment is not None and (cutoff is None or moment <= cutoff)

    def own(self, user_id: int | None) -> bool:
        return user_id is not None and user_id == self.user_id


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def personal_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything we hold that names this user, as a JSON-ready dict."""
    members = list(session.exec(select(Member).where(Member.user_id == user_id)).all())
    scope = Scope(
        user_id,
        {m.chat_id: None if m.is_member else (m.left_at or m.last_seen_at) for m in members},
    )
    events = own_events(session, user_id)
    return {
        "telegram_id": user_id,
        "memberships": [member.model_dump(mode="json") for member in members],
        "names_seen": names_seen(session, user_id),
        "groups": groups(session, scope, members),
        **tasks(session, scope, events),
        **decisions(session, scope),
        **meetings(session, scope),
        "agenda_proposals": agenda(session, scope),
        "minutes": minutes_work_of(session, user_id),  # corrections written, minutes approved
        "board_seats": board_seats(session, scope),
        "meeting_notes": notes(session, scope),
        **next_meetings(session, scope),
        "circular_votes": circular_votes(session, scope),
        "events": [
            event_copy(scope, event) for event in events if scope.shows(event.chat_id, event.at)
        ],
    }


def board_seats(session: Session, scope: Scope) -> list[dict[str, Any]]:
    """Their seats on a group's roster (storage.roster), as far as the copy reaches."""
    rows = session.exec(
        select(BoardSeat).where(BoardSeat.user_id == scope.user_id).order_by(col(BoardSeat.id))
    ).all()
    return [
        {
            "group": seat.chat_id,
            "term": seat.term,
            "name": seat.name,
            "username": seat.username,
            "role": seat.role,
            "since": iso(seat.since),
            "until": iso(seat.until),
        }
        for seat in rows
        if scope.shows(seat.chat_id, seat.since)
    ]


def names_seen(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(KnownName).where(KnownName.user_id == user_id)).all()
    return [
        {"group": r.chat_id, "kind": r.kind, "name": r.name, "first_seen": iso(r.first_seen_at)}
        for r in rows
    ]


def groups(session: Session, scope: Scope, members: Sequence[Member]) -> list[dict[str, Any]]:
    """The groups the member was seen in; a left group's title may have changed since."""
    chat_ids = [member.chat_id for member in members]
    chats = session.exec(select(Chat).where(col(Chat.id).in_(chat_ids))).all() if chat_ids else []
    return [
        {"id": chat.id, "title": chat.title}
        if scope.cutoff(chat.id) is None
        else {"id": chat.id, "left_at": iso(scope.cutoff(chat.id))}
        for chat in chats
    ]


def own_events(session: Session, user_id: int) -> list[Event]:
    """Events the user made, and those whose values name them as an owner (by id)."""
    marker = f'"user_id": {user_id}'
    query = select(Event).where(
        or_(
            Event.actor_id == user_id,
            col(Event.before).contains(marker),
            col(Event.after).contains(marker),
        )
    )
    found = session.exec(query.order_by(col(Event.at), col(Event.id))).all()
    return [event for event in found if event.actor_id == user_id or names_owner(event, user_id)]


def names_owner(event: Event, user_id: int) -> bool:
    return any(
        isinstance(owner, dict) and owner.get("user_id") == user_id
        for side in (event.before, event.after)
        for owner in parse_values(side).get("owners") or []
    )


def without_others(values: dict[str, Any], scope: Scope) -> dict[str, Any]:
    """Event values with only the member's own owner entry (others are not theirs to see)."""
    owners = values.get("owners")
    if not isinstance(owners, list):
        return values
    mine = [o for o in owners if isinstance(o, dict) and scope.own(o.get("user_id"))]
    return {**values, "owners": mine}


def event_copy(scope: Scope, event: Event) -> dict[str, Any]:
    return {
        "group": event.chat_id,
        "item": f"{event.item_type} {event.item_number}" if event.item_number else event.item_type,
        "action": event.action,
        "at": iso(event.at),
        "by_me": scope.own(event.actor_id),
        "before": without_others(parse_values(event.before), scope),
        "after": without_others(parse_values(event.after), scope),
    }


# --- tasks --------------------------------------------------------------------------------


def task_events(session: Session, tasks: Iterable[Task]) -> dict[tuple[int, int], list[Event]]:
    """Each task's trail, oldest first, keyed by (chat, number)."""
    keys = {(task.chat_id, task.number) for task in tasks}
    trails: dict[tuple[int, int], list[Event]] = {key: [] for key in keys}
    for chat_id in {chat for chat, _ in keys}:
        numbers = [number for chat, number in keys if chat == chat_id]
        rows = session.exec(
            select(Event)
            .where(
                Event.chat_id == chat_id,
                Event.item_type == "task",
                col(Event.item_number).in_(numbers),
            )
            .order_by(col(Event.at), col(Event.id))
        ).all()
        for row in rows:
            trails[(chat_id, row.item_number or 0)].append(row)
    return trails


def task_state(task: Task, trail: Sequence[Event], scope: Scope, owns_now: bool) -> dict[str, Any]:
    """Title, status, due date and whether the member owned it: now, or when they left (read
    from the trail); for a task they created, the title is the one they wrote last."""
    cutoff = scope.cutoff(task.chat_id)
    state: dict[str, Any] = {"title": None, "status": "open", "owner": False}
    own_title = None
    for event in trail:
        if event.action != "create" and cutoff is not None and event.at > cutoff:
            break
        values = parse_values(event.after)
        for key in ("title", "due", "status"):
            if key in values:
                state[key] = values[key]
        if event.action in STATUS_BY_ACTION:
            state["status"] = STATUS_BY_ACTION[event.action]
        if isinstance(values.get("owners"), list):
            state["owner"] = bool(without_others(values, scope)["owners"])
        if "title" in values and scope.own(event.actor_id):
            own_title = values["title"]
    # a member sees the task as it is; so does an ex-member a task from before the audit trail
    # that has not changed since they left (one that has is shown without its values)
    untouched = not trail and (cutoff is None or task.updated_at <= cutoff)
    if cutoff is None or untouched:
        state.update(title=task.title, status=task.status, owner=owns_now)
        state["due"] = due_value(task.due_at, task.due_has_time)
    elif not trail:
        state.update(status=None, owner=owns_now)
    if scope.own(task.created_by_id) and own_title is not None:
        state["title"] = own_title
    return state


def related_tasks(session: Session, scope: Scope, events: Sequence[Event]) -> list[Task]:
    """Tasks the member owns, created or closed, or whose trail names them."""
    uid = scope.user_id
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == uid)
    query = select(Task).where(
        or_(col(Task.id).in_(owned), Task.created_by_id == uid, Task.closed_by_id == uid)
    )
    found = {task.id: task for task in session.exec(query).all()}
    named: dict[int, set[int]] = {}
    for event in events:
        if event.item_type == "task" and event.item_number is not None:
            named.setdefault(event.chat_id, set()).add(event.item_number)
    for chat_id, numbers in named.items():
        query = select(Task).where(Task.chat_id == chat_id, col(Task.number).in_(numbers))
        found.update({task.id: task for task in session.exec(query).all()})
    return sorted(found.values(), key=lambda task: (task.chat_id, task.number))


def tasks(session: Session, scope: Scope, events: Sequence[Event]) -> dict[str, Any]:
    found = related_tasks(session, scope, events)
    owners_now = set(
        session.exec(select(TaskOwner.task_id).where(TaskOwner.user_id == scope.user_id)).all()
    )
    trails = task_events(session, found)
    rows: dict[str, list[dict[str, Any]]] = {
        "tasks_owned": [],
        "task_created_by_id": [],
        "task_closed_by_id": [],
    }
    for task in found:
        if not scope.shows(task.chat_id, task.created_at):
            continue
        trail = trails[(task.chat_id, task.number)]
        state = task_state(task, trail, scope, task.id in owners_now)
        copy = {"group": task.chat_id, "number": task.number, "kind": task.kind, **state}
        copy["created_at"] = iso(task.created_at)
        if state["owner"]:
            rows["tasks_owned"].append(copy)
        if scope.own(task.created_by_id):
            rows["task_created_by_id"].append(copy)
        if scope.own(task.closed_by_id) and scope.shows(task.chat_id, task.closed_at):
            rows["task_closed_by_id"].append({**copy, "closed_at": iso(task.closed_at)})
    return rows


# --- decisions, meetings, attendance, agenda ---------------------------------------------------


def decision_copy(decision: Decision, scope: Scope) -> dict[str, Any]:
    copy: dict[str, Any] = {
        "group": decision.chat_id,
        "register": f"B {decision.year}/{decision.number}",
        "text": decision.text,
        "decided_at": iso(decision.decided_at),
        "votes": [decision.votes_yes, decision.votes_no, decision.votes_abstain],
        "unanimous": decision.unanimous,
        "by_me": scope.own(decision.created_by_id),
    }
    if scope.own(decision.repealed_by_id) and scope.shows(decision.chat_id, decision.repealed_at):
        copy.update(repealed_at=iso(decision.repealed_at), reason=decision.repealed_reason)
    return copy


def decisions(session: Session, scope: Scope) -> dict[str, Any]:
    uid = scope.user_id
    rows = session.exec(
        select(Decision)
        .where(or_(Decision.created_by_id == uid, Decision.repealed_by_id == uid))
        .order_by(col(Decision.chat_id), col(Decision.number))
    ).all()
    shown = [d for d in rows if scope.shows(d.chat_id, d.decided_at)]
    return {
        "decision_created_by_id": [
            decision_copy(d, scope) for d in shown if scope.own(d.created_by_id)
        ],
        "decision_repealed_by_id": [
            decision_copy(d, scope)
            for d in shown
            if scope.own(d.repealed_by_id) and scope.shows(d.chat_id, d.repealed_at)
        ],
    }


def meeting_copy(meeting: Meeting, scope: Scope) -> dict[str, Any]:
    ended = meeting.ended_at if scope.shows(meeting.chat_id, meeting.ended_at) else None
    return {
        "group": meeting.chat_id,
        "number": meeting.number,
        "title": meeting.title,
        "started_at": iso(meeting.started_at),
        "ended_at": iso(ended),
        "opened_by_me": scope.own(meeting.created_by_id),
        "ended_by_me": ended is not None and scope.own(meeting.ended_by_id),
        "minutes_taken_by_me": scope.own(meeting.minute_taker_id),
    }


def meetings(session: Session, scope: Scope) -> dict[str, Any]:
    uid = scope.user_id
    attended = select(Attendee.meeting_id).where(
        or_(Attendee.user_id == uid, Attendee.added_by_id == uid)
    )
    rows = session.exec(
        select(Meeting).where(
            or_(
                Meeting.created_by_id == uid,
                Meeting.ended_by_id == uid,
                Meeting.minute_taker_id == uid,
                col(Meeting.id).in_(attended),
            )
        )
    ).all()
    by_id = {m.id: m for m in rows if scope.shows(m.chat_id, m.started_at)}
    entries = session.exec(
        select(Attendee).where(
            or_(Attendee.user_id == uid, Attendee.added_by_id == uid),
            col(Attendee.meeting_id).in_(list(by_id) or [0]),
        )
    ).all()
    return {
        "meetings": [
            meeting_copy(m, scope)
            for m in by_id.values()
            if scope.own(m.created_by_id)
            or scope.own(m.ended_by_id)
            or scope.own(m.minute_taker_id)
        ],
        "attendance": [
            attendance_copy(entry, by_id[entry.meeting_id], scope)
            for entry in entries
            if scope.shows(by_id[entry.meeting_id].chat_id, entry.added_at)
        ],
    }


def attendance_copy(entry: Attendee, meeting: Meeting, scope: Scope) -> dict[str, Any]:
    """The member present (`me`), or someone they registered (not named: not theirs), and
    whether that was as present, excused or guest."""
    return {
        "group": meeting.chat_id,
        "meeting": meeting.number,
        "meeting_title": meeting.title,
        "added_at": iso(entry.added_at),
        "present": "me" if scope.own(entry.user_id) else "someone I registered",
        "status": entry.status,
    }


def agenda(session: Session, scope: Scope) -> list[dict[str, Any]]:
    rows = session.exec(select(AgendaItem).where(AgendaItem.created_by_id == scope.user_id)).all()
    return [
        {"group": item.chat_id, "text": item.text, "created_at": iso(item.created_at)}
        for item in rows
        if scope.shows(item.chat_id, item.created_at)
    ]


def notes(session: Session, scope: Scope) -> list[dict[str, Any]]:
    """The notes of the minutes the member wrote (`/notiz`)."""
    rows = session.exec(
        select(MeetingNote, Meeting)
        .join(Meeting, col(Meeting.id) == col(MeetingNote.meeting_id))
        .where(MeetingNote.author_id == scope.user_id)
    ).all()
    return [
        {
            "group": meeting.chat_id,
            "meeting": meeting.number,
            "text": note.text,
            "created_at": iso(note.created_at),
        }
        for note, meeting in rows
        if scope.shows(meeting.chat_id, note.created_at)
    ]


def next_meetings(session: Session, scope: Scope) -> dict[str, Any]:
    """The meetings they planned (`/sitzung nächste`) and their answers to invitations."""
    uid = scope.user_id
    planned = session.exec(select(MeetingPlan).where(MeetingPlan.created_by_id == uid)).all()
    answered = session.exec(
        select(InvitationAnswer, MeetingPlan)
        .join(MeetingPlan, col(MeetingPlan.id) == col(InvitationAnswer.plan_id))
        .where(InvitationAnswer.user_id == uid)
    ).all()
    return {
        "meetings_planned": [
            {
                "group": plan.chat_id,
                "starts_at": iso(plan.starts_at),
                "place": plan.place,
                "status": plan.status,
                "planned_at": iso(plan.created_at),
            }
            for plan in planned
            if scope.shows(plan.chat_id, plan.created_at)
        ],
        "invitation_answers": [
            {
                "group": plan.chat_id,
                "meeting_at": iso(plan.starts_at),
                "coming": answer.coming,
                "answered_at": iso(answer.answered_at),
            }
            for answer, plan in answered
            if scope.shows(plan.chat_id, answer.answered_at)
        ],
    }


def circular_votes(session: Session, scope: Scope) -> list[dict[str, Any]]:
    """Their answers to circular resolutions' polls (a retraction has no option)."""
    rows = session.exec(
        select(CircularVote, Circular)
        .join(Circular, col(Circular.id) == col(CircularVote.circular_id))
        .where(CircularVote.user_id == scope.user_id)
        .order_by(col(CircularVote.at), col(CircularVote.id))
    ).all()
    return [
        {
            "group": circular.chat_id,
            "circular": circular.number,
            "motion": circular.text,
            "answer": vote.option,
            "counts": vote.voter_id is not None,
            "at": iso(vote.at),
        }
        for vote, circular in rows
        if scope.shows(circular.chat_id, vote.at)
    ]
