"""Data protection: forget a member (DSGVO Art. 17). Items stay in the record; only who did
them becomes "ehemaliges Mitglied". What we hold about a member (Art. 15) is
`storage.personal_data`.

Forgetting finds the member by id, never by a name that merely looks like theirs: the id
columns, the owner entries of the audit trail (`storage.audit`) and the task owners the bot
linked to them. Names are used only where the bot has no id at all: guest attendance entries
with a name the member was seen under in that group (a bare first name only when nobody else
there has it), their @usernames in titles the bot copied from a replied message, and the texts
of stored minutes (`storage.minutes_record`: the one change a stored version ever gets; there
the same names as for guest entries, as the HTML and the Markdown write them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from storage.audit import BOT, parse_values, rewrite_owners, values_json
from storage.chats import member_names
from storage.minutes_record import forget_names_in_minutes
from storage.models import (
    TITLE_MAX_LENGTH,
    AgendaItem,
    Attendee,
    BoardSeat,
    Circular,
    CircularVote,
    CircularVoter,
    Decision,
    Event,
    InvitationAnswer,
    KnownName,
    Meeting,
    MeetingNote,
    MeetingPlan,
    Member,
    NameKind,
    PendingPrompt,
    PrivateHandover,
    Task,
    TaskOwner,
    TaskStatus,
)
from storage.tasks import owners_by_task, replace_owners

FORMER_MEMBER = "ehemaliges Mitglied"

# (table, column with the user's id, column with their name or None): where people are named.
PERSON_COLUMNS: tuple[tuple[type[SQLModel], str, str | None], ...] = (
    (Task, "created_by_id", "created_by_name"),
    (Task, "closed_by_id", "closed_by_name"),
    (Decision, "created_by_id", "created_by_name"),
    (Decision, "repealed_by_id", "repealed_by_name"),
    (Meeting, "created_by_id", "created_by_name"),
    (Meeting, "ended_by_id", "ended_by_name"),
    (Meeting, "minute_taker_id", "minute_taker_name"),
    (MeetingNote, "author_id", "author_name"),
    (Attendee, "user_id", "name"),
    (Attendee, "added_by_id", "added_by_name"),
    (AgendaItem, "created_by_id", "created_by_name"),
    (Event, "actor_id", "actor_name"),
    # a seat on the roster keeps its role and dates (the record), not who held it
    (BoardSeat, "user_id", "name"),
    (BoardSeat, "added_by_id", "added_by_name"),
    (MeetingPlan, "created_by_id", "created_by_name"),
    (Circular, "created_by_id", "created_by_name"),
    (Circular, "closed_by_id", "closed_by_name"),
    # a circular's electorate and answers: the name goes, the vote stays counted (voter_id)
    (CircularVoter, "user_id", "name"),
    (CircularVote, "user_id", "name"),
)


@dataclass
class Forgotten:
    """What forgetting changed: how many rows, and per group the open tasks that lost the
    member as their owner (the group is told)."""

    changed: int = 0
    released: dict[int, list[int]] = field(default_factory=dict)  # chat id → task numbers


def rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


def forget_user(session: Session, user_id: int, now: datetime) -> Forgotten:
    """Remove the user's names, usernames and Telegram id from every record."""
    known = list(session.exec(select(KnownName).where(KnownName.user_id == user_id)).all())
    members = list(session.exec(select(Member).where(Member.user_id == user_id)).all())
    names = names_by_chat(known, members)
    result = Forgotten()
    result.changed += forget_guest_entries(session, user_id, names)
    result.changed += forget_in_stored_minutes(session, user_id, names)
    result.changed += scrub_copied_titles(session, names)
    result.released = release_open_tasks(session, user_id, now)
    voters = update(CircularVoter).where(col(CircularVoter.user_id) == user_id)
    result.changed += rowcount(session.execute(voters.values(username=None)))
    result.changed += sum(len(numbers) for numbers in result.released.values())
    for model, id_column, name_column in PERSON_COLUMNS:
        values: dict[str, Any] = {id_column: None}
        if name_column is not None:
            values[name_column] = FORMER_MEMBER
        if model is Attendee and id_column == "user_id":
            values["forgotten"] = True
        if model is BoardSeat and id_column == "user_id":
            values["username"] = None
        query = update(model).where(getattr(model, id_column) == user_id).values(**values)
        result.changed += rowcount(session.execute(query))
    owners = update(TaskOwner).values(user_id=None, username=None, name=FORMER_MEMBER)
    result.changed += rowcount(session.execute(owners.where(col(TaskOwner.user_id) == user_id)))
    result.changed += forget_event_owners(session, user_id)
    session.execute(delete(KnownName).where(col(KnownName.user_id) == user_id))
    # questions the bot asked them and they never answered (storage.cards)
    result.changed += rowcount(
        session.execute(delete(PendingPrompt).where(col(PendingPrompt.user_id) == user_id))
    )
    # their answers to invitations (storage.next_meeting): who comes is theirs to tell
    result.changed += rowcount(
        session.execute(delete(InvitationAnswer).where(col(InvitationAnswer.user_id) == user_id))
    )
    # links to continue a group's question privately, made for them (storage.handover)
    result.changed += rowcount(
        session.execute(delete(PrivateHandover).where(col(PrivateHandover.user_id) == user_id))
    )
    result.changed += rowcount(
        session.execute(delete(Member).where(col(Member.user_id) == user_id))
    )
    return result


def names_by_chat(
    known: Iterable[KnownName], members: Iterable[Member]
) -> dict[int, set[tuple[str, str]]]:
    """(kind, name) per chat: every name the bot has seen the user under there."""
    names: dict[int, set[tuple[str, str]]] = {}
    for row in known:
        names.setdefault(row.chat_id, set()).add((row.kind, row.name))
    for member in members:  # the current names, in case a row predates the kept ones
        current = {(kind.value, name) for kind, name in member_names(member).items()}
        names.setdefault(member.chat_id, set()).update(current)
    return names


def first_names_of_others(session: Session, chat_id: int, user_id: int) -> set[str]:
    """Case-folded first names of everyone else seen in the chat (in Python: SQLite's
    lower() knows only ASCII)."""
    query = select(KnownName.name).where(
        KnownName.chat_id == chat_id,
        KnownName.user_id != user_id,
        KnownName.kind == NameKind.FIRST.value,
    )
    members = select(Member.first_name).where(Member.chat_id == chat_id, Member.user_id != user_id)
    names = [*session.exec(query).all(), *session.exec(members).all()]
    return {name.casefold() for name in names}


def identifying_names(
    session: Session, chat_id: int, user_id: int, names: set[tuple[str, str]]
) -> set[str]:
    """The names that point to this user in the chat: full names, @usernames (with and without
    the @), and first names nobody else there has."""
    others = first_names_of_others(session, chat_id, user_id)
    wanted: set[str] = set()
    for kind, name in names:
        if kind == NameKind.USERNAME.value:
            wanted |= {name, "@" + name}
        elif kind == NameKind.FULL.value or name.casefold() not in others:
            wanted.add(name)
    return {name for name in wanted if name}


def guest_names(
    session: Session, chat_id: int, user_id: int, names: set[tuple[str, str]]
) -> set[str]:
    """The lower-cased names a guest entry of this user would have been typed with."""
    return {name.casefold() for name in identifying_names(session, chat_id, user_id, names)}


def forget_in_stored_minutes(
    session: Session, user_id: int, names: dict[int, set[tuple[str, str]]]
) -> int:
    """Their names in the texts of stored minutes (storage.minutes_record): the one change a
    stored version ever gets."""
    return sum(
        forget_names_in_minutes(
            session,
            chat_id,
            user_id,
            identifying_names(session, chat_id, user_id, chat_names),
            FORMER_MEMBER,
        )
        for chat_id, chat_names in names.items()
    )


def forget_guest_entries(
    session: Session, user_id: int, names: dict[int, set[tuple[str, str]]]
) -> int:
    """`/anwesend Vera Kraus` typed for her as a guest: the entry becomes a former member."""
    changed = 0
    for chat_id, chat_names in names.items():
        wanted = guest_names(session, chat_id, user_id, chat_names)
        guests = session.exec(
            select(Attendee)
            .join(Meeting, col(Meeting.id) == col(Attendee.meeting_id))
            .where(
                Meeting.chat_id == chat_id,
                col(Attendee.user_id).is_(None),
                col(Attendee.forgotten).is_(False),
            )
        ).all()
        for guest in guests:
            if guest.name.casefold() in wanted:
                guest.name, guest.forgotten = FORMER_MEMBER, True
                session.add(guest)
                changed += 1
    return changed


def mention_pattern(usernames: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({re.escape(name) for name in usernames if name}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(rf"(?<![\w@])@(?:{'|'.join(names)})(?!\w)", re.IGNORECASE)


def scrub_copied_titles(session: Session, names: dict[int, set[tuple[str, str]]]) -> int:
    """Her @username in a title the bot copied from a replied message, and in the title its
    creation event recorded."""
    changed = 0
    for chat_id, chat_names in names.items():
        usernames = [name for kind, name in chat_names if kind == NameKind.USERNAME.value]
        pattern = mention_pattern(usernames)
        if pattern is None:
            continue
        tasks = session.exec(
            select(Task).where(Task.chat_id == chat_id, col(Task.title_from_reply).is_(True))
        ).all()
        for task in tasks:
            title = pattern.sub(FORMER_MEMBER, task.title)[:TITLE_MAX_LENGTH]
            if title != task.title:
                task.title = title
                session.add(task)
                changed += 1
                changed += scrub_created_title(session, task, pattern)
    return changed


def scrub_created_title(session: Session, task: Task, pattern: re.Pattern[str]) -> int:
    created = session.exec(
        select(Event).where(
            Event.chat_id == task.chat_id,
            Event.item_type == "task",
            Event.item_number == task.number,
            Event.action == "create",
        )
    ).first()
    if created is None:
        return 0
    values = parse_values(created.after)
    if not isinstance(values.get("title"), str):
        return 0
    values["title"] = pattern.sub(FORMER_MEMBER, values["title"])
    created.after = values_json(values)
    session.add(created)
    return 1


def release_open_tasks(session: Session, user_id: int, now: datetime) -> dict[int, list[int]]:
    """The member's open tasks lose them as an owner (recorded as the bot's change)."""
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == user_id)
    tasks = session.exec(
        select(Task)
        .where(col(Task.id).in_(owned), Task.status == TaskStatus.OPEN.value)
        .order_by(col(Task.chat_id), col(Task.number))
    ).all()
    owners = owners_by_task(session, tasks)
    released: dict[int, list[int]] = {}
    for task in tasks:
        remaining = [owner for owner in owners[task.id or 0] if owner.user_id != user_id]
        replace_owners(session, task, remaining, BOT, now)
        released.setdefault(task.chat_id, []).append(task.number)
    return released


def forget_event_owners(session: Session, user_id: int) -> int:
    """Her owner entries in the audit trail, found by id."""
    marker = f'"user_id": {user_id}'
    events = session.exec(
        select(Event).where(
            or_(col(Event.before).contains(marker), col(Event.after).contains(marker))
        )
    ).all()

    def forget(entry: dict[str, Any]) -> dict[str, Any]:
        return {"name": FORMER_MEMBER} if entry.get("user_id") == user_id else entry

    changed = 0
    for event in events:
        if rewrite_owners(event, forget):
            session.add(event)
            changed += 1
    return changed
