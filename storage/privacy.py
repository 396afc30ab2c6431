"""Data protection: forget a member (DSGVO Art. 17) and collect what we hold about them
(Art. 15). Items stay in the record; only who did them becomes "ehemaliges Mitglied"."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    AgendaItem,
    Attendee,
    Chat,
    Decision,
    Event,
    Meeting,
    Member,
    Task,
    TaskOwner,
)

FORMER_MEMBER = "ehemaliges Mitglied"

# (table, column with the user's id, column with their name or None): where people are named.
PERSON_COLUMNS: tuple[tuple[type[SQLModel], str, str | None], ...] = (
    (Task, "created_by_id", "created_by_name"),
    (Task, "closed_by_id", "closed_by_name"),
    (Decision, "created_by_id", "created_by_name"),
    (Decision, "repealed_by_id", "repealed_by_name"),
    (Meeting, "created_by_id", "created_by_name"),
    (Meeting, "ended_by_id", "ended_by_name"),
    (Attendee, "user_id", "name"),
    (Attendee, "added_by_id", "added_by_name"),
    (AgendaItem, "created_by_id", "created_by_name"),
    (Event, "actor_id", "actor_name"),
)


def known_names(members: list[Member]) -> set[str]:
    names: set[str] = set()
    for member in members:
        names.add(member.first_name)
        if member.last_name:
            names.add(f"{member.first_name} {member.last_name}")
        if member.username:
            names.add(member.username)
    return {name for name in names if name}


def forget_user(session: Session, user_id: int) -> int:
    """Remove the user's name, username and Telegram id from every record; returns how many
    rows changed. Decisions, tasks and minutes themselves stay."""
    members = list(session.exec(select(Member).where(Member.user_id == user_id)).all())
    chat_ids = [m.chat_id for m in members]
    names = known_names(members)
    changed = 0
    for model, id_column, name_column in PERSON_COLUMNS:
        values: dict[str, Any] = {id_column: None}
        if name_column is not None:
            values[name_column] = FORMER_MEMBER
        result = session.execute(
            update(model).where(getattr(model, id_column) == user_id).values(**values)
        )
        changed += result.rowcount or 0  # type: ignore[attr-defined]
    owners = update(TaskOwner).values(user_id=None, username=None, name=FORMER_MEMBER)
    result = session.execute(owners.where(col(TaskOwner.user_id) == user_id))
    changed += result.rowcount or 0  # type: ignore[attr-defined]
    lowered = [name.lower() for name in names]
    if lowered and chat_ids:
        # "@vera" typed before Vera ever used the bot was kept as a bare name.
        in_chats = select(Task.id).where(col(Task.chat_id).in_(chat_ids))
        result = session.execute(
            owners.where(
                col(TaskOwner.user_id).is_(None),
                func.lower(TaskOwner.name).in_(lowered),
                col(TaskOwner.task_id).in_(in_chats),
            )
        )
        changed += result.rowcount or 0  # type: ignore[attr-defined]
    changed += scrub_event_values(session, chat_ids, names)
    result = session.execute(delete(Member).where(col(Member.user_id) == user_id))
    changed += result.rowcount or 0  # type: ignore[attr-defined]
    return changed


def scrub_event_values(session: Session, chat_ids: list[int], names: set[str]) -> int:
    """Owner names inside the audit trail's before/after values."""
    if not chat_ids or not names:
        return 0
    quoted = {json.dumps(name, ensure_ascii=False) for name in names}
    replacement = json.dumps(FORMER_MEMBER, ensure_ascii=False)
    changed = 0
    for event in session.exec(select(Event).where(col(Event.chat_id).in_(chat_ids))).all():
        before, after = event.before, event.after
        for name in quoted:
            before = before.replace(name, replacement) if before else before
            after = after.replace(name, replacement) if after else after
        if (before, after) != (event.before, event.after):
            event.before, event.after = before, after
            session.add(event)
            changed += 1
    return changed


def rows_as_dicts(rows: Any) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json") for row in rows]


def personal_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything we hold that names this user (for a copy in their private chat)."""
    members = session.exec(select(Member).where(Member.user_id == user_id)).all()
    chat_ids = [m.chat_id for m in members]
    chats = session.exec(select(Chat).where(col(Chat.id).in_(chat_ids))).all() if chat_ids else []
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == user_id)
    data: dict[str, Any] = {
        "telegram_id": user_id,
        "memberships": rows_as_dicts(members),
        "groups": [{"id": chat.id, "title": chat.title} for chat in chats],
        "tasks_owned": rows_as_dicts(session.exec(select(Task).where(col(Task.id).in_(owned)))),
    }
    for model, id_column, _ in PERSON_COLUMNS:
        key = f"{model.__tablename__}_{id_column}"
        rows = session.exec(select(model).where(getattr(model, id_column) == user_id)).all()
        data[key] = rows_as_dicts(rows)
    return data
