"""Data access for chats and the members the bot has seen in them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.models import NAME_MAX_LENGTH, Chat, Member, Task, TaskOwner
from storage.planning import ReminderPlanner
from storage.reminders import sync_digest

LAST_SEEN_PRECISION = timedelta(hours=1)


def ensure_chat(
    session: Session,
    chat_id: int,
    chat_type: str,
    title: str,
    *,
    timezone: str,
    now: datetime,
    planner: ReminderPlanner,
) -> Chat:
    """The stored chat, created on first contact (with the default time zone and a weekly
    digest); the title follows renames, and a chat the bot rejoins becomes active again."""
    chat = session.get(Chat, chat_id)
    title = title[: NAME_MAX_LENGTH * 2]
    if chat is None:
        chat = Chat(id=chat_id, type=chat_type, title=title, timezone=timezone, created_at=now)
        session.add(chat)
        session.flush()
        sync_digest(session, chat, now, planner=planner)
    elif chat.title != title or chat.type != chat_type or not chat.active:
        reactivated = not chat.active
        chat.title, chat.type, chat.active = title, chat_type, True
        session.add(chat)
        if reactivated:
            sync_digest(session, chat, now, planner=planner)
    return chat


def record_member(
    session: Session,
    chat_id: int,
    user_id: int,
    *,
    first_name: str,
    username: str | None,
    last_name: str | None,
    now: datetime,
) -> Member:
    """Remember that this user is in the chat; link tasks that named them before we knew them."""
    member = session.get(Member, (chat_id, user_id))
    is_new_name = member is None or member.username != username or not member.is_member
    is_new = member is None
    if member is None:
        member = Member(chat_id=chat_id, user_id=user_id)
    member.first_name = first_name[:NAME_MAX_LENGTH]
    member.last_name = last_name[:NAME_MAX_LENGTH] if last_name else None
    member.username = username
    member.is_member = True
    # Every command passes here: rewrite the row for a new time only when the stored one is
    # older than LAST_SEEN_PRECISION (unchanged attributes make no UPDATE at all).
    if is_new or not timedelta(0) <= now - member.last_seen_at < LAST_SEEN_PRECISION:
        member.last_seen_at = now
    session.add(member)
    if is_new_name and username:
        _link_named_owners(session, chat_id, user_id, username)
    return member


def _link_named_owners(session: Session, chat_id: int, user_id: int, username: str) -> None:
    # "@vera" typed before Vera ever used the bot is stored as a bare name; now it is her.
    task_ids = select(Task.id).where(Task.chat_id == chat_id)
    session.execute(
        update(TaskOwner)
        .where(
            col(TaskOwner.user_id).is_(None),
            func.lower(TaskOwner.name) == username.lower(),
            col(TaskOwner.task_id).in_(task_ids),
        )
        .values(user_id=user_id, username=username)
    )


def mark_member_left(session: Session, chat_id: int, user_id: int) -> None:
    member = session.get(Member, (chat_id, user_id))
    if member is not None:
        member.is_member = False
        session.add(member)


def find_member(session: Session, chat_id: int, name: str) -> Member | None:
    """The member called `name` in this chat: by username, else by a first name only one has."""
    return find_members(session, chat_id, [name]).get(name.lower())


def find_members(session: Session, chat_id: int, names: Iterable[str]) -> dict[str, Member]:
    """The members called by `names` (as `find_member` finds them), keyed by the lowered name.

    One query per command, however many names: the chat's members are read once. (Matching
    in SQL would need Unicode-aware lower-casing, which SQLite's `lower()` is not.)"""
    wanted = {name.lower() for name in names}
    if not wanted:
        return {}
    members = session.exec(
        select(Member).where(Member.chat_id == chat_id, col(Member.is_member).is_(True))
    ).all()
    found: dict[str, Member] = {}
    by_first_name: dict[str, list[Member]] = {}
    for member in members:
        if member.username and member.username.lower() in wanted:
            found.setdefault(member.username.lower(), member)
        if member.first_name.lower() in wanted:
            by_first_name.setdefault(member.first_name.lower(), []).append(member)
    for name, named in by_first_name.items():
        if name not in found and len(named) == 1:
            found[name] = named[0]
    return found


def member_chats(session: Session, user_id: int, allowed: Iterable[int] | None) -> list[Chat]:
    """The active group chats this user is (still) a member of, optionally limited to `allowed`."""
    query = (
        select(Chat)
        .join(Member, col(Member.chat_id) == col(Chat.id))
        .where(
            Member.user_id == user_id,
            col(Member.is_member).is_(True),
            col(Chat.active).is_(True),
            Chat.type != "private",
        )
        .order_by(col(Chat.title))
    )
    allowed_ids = set(allowed) if allowed is not None else None
    return [c for c in session.exec(query).all() if allowed_ids is None or c.id in allowed_ids]
