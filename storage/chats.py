"""Data access for chats and the members the bot has seen in them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, update
from sqlmodel import Session, col, select

from storage.audit import events_of_items, rewrite_owners
from storage.models import (
    NAME_MAX_LENGTH,
    Chat,
    KnownName,
    Member,
    NameKind,
    Task,
    TaskOwner,
    utcnow,
)
from storage.planning import ReminderPlanner
from storage.reminders import sync_digest

LAST_SEEN_PRECISION = timedelta(hours=1)


def preload_chat_and_member(
    session: Session, chat_id: int, user_id: int
) -> tuple[Chat, Member | None] | None:
    """Read the chat and the user's membership in it with one query into the session, so the
    `session.get`s of `ensure_chat` and `record_member` that follow find them without a query
    of their own (every command in a group runs both: one round trip instead of two).

    The caller keeps the returned rows while it calls them: the session's identity map holds
    its objects only as long as something else does."""
    is_theirs = and_(col(Member.chat_id) == col(Chat.id), col(Member.user_id) == user_id)
    query = select(Chat, Member).outerjoin(Member, is_theirs).where(Chat.id == chat_id)
    row = session.exec(query).first()
    return (row[0], row[1]) if row is not None else None


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
    present: bool = True,
) -> Member:
    """Remember that this user is in the chat; link tasks that named them before we knew them.

    `present=False` is for someone only *named* in the chat (a text mention): their names are
    kept, but that never makes them a member (members get private access to the chat's data)."""
    member = session.get(Member, (chat_id, user_id))
    is_member = present or (member is not None and member.is_member)
    is_new_name = member is None or member.username != username or member.is_member != is_member
    is_new = member is None
    if member is None:
        member = Member(chat_id=chat_id, user_id=user_id)
    names = (member.first_name, member.last_name, member.username)
    member.first_name = first_name[:NAME_MAX_LENGTH]
    member.last_name = last_name[:NAME_MAX_LENGTH] if last_name else None
    member.username = username
    member.is_member = is_member
    if present:
        member.left_at = None
    if is_new or names != (member.first_name, member.last_name, member.username):
        remember_names(session, member, now)
    # Every command passes here: rewrite the row for a new time only when the stored one is
    # older than LAST_SEEN_PRECISION (unchanged attributes make no UPDATE at all).
    if is_new or (present and not timedelta(0) <= now - member.last_seen_at < LAST_SEEN_PRECISION):
        member.last_seen_at = now
    session.add(member)
    if is_new_name and username:
        _link_named_owners(session, chat_id, user_id, username)
    return member


def member_names(member: Member) -> dict[NameKind, str]:
    """The names a member goes by: first name, full name, username (those they have)."""
    full = f"{member.first_name} {member.last_name}" if member.last_name else None
    names = {
        NameKind.FIRST: member.first_name,
        NameKind.FULL: full,
        NameKind.USERNAME: member.username,
    }
    return {kind: name[:NAME_MAX_LENGTH] for kind, name in names.items() if name}


def remember_names(session: Session, member: Member, now: datetime) -> None:
    """Keep every name the member has been seen under here (a rename adds, never replaces)."""
    seen = {
        (row.kind, row.name)
        for row in session.exec(
            select(KnownName).where(
                KnownName.chat_id == member.chat_id, KnownName.user_id == member.user_id
            )
        ).all()
    }
    for kind, name in member_names(member).items():
        if (kind.value, name) not in seen:
            session.add(
                KnownName(
                    chat_id=member.chat_id,
                    user_id=member.user_id,
                    kind=kind.value,
                    name=name,
                    first_seen_at=now,
                )
            )


def _link_named_owners(session: Session, chat_id: int, user_id: int, username: str) -> None:
    # "@vera" typed before Vera ever used the bot is stored as a bare name; now it is her, in
    # the task and in its audit trail (which forgetting then finds by her id).
    is_her = (
        col(TaskOwner.user_id).is_(None),
        func.lower(TaskOwner.name) == username.lower(),
        col(TaskOwner.task_id).in_(select(Task.id).where(Task.chat_id == chat_id)),
    )
    numbers = session.exec(
        select(Task.number).join(TaskOwner, col(TaskOwner.task_id) == col(Task.id)).where(*is_her)
    ).all()
    if not numbers:
        return
    session.execute(update(TaskOwner).where(*is_her).values(user_id=user_id, username=username))

    def link(entry: dict[str, Any]) -> dict[str, Any]:
        if entry.get("user_id") is None and str(entry["name"]).lower() == username.lower():
            return {**entry, "user_id": user_id}
        return entry

    for event in events_of_items(session, chat_id, "task", numbers):
        if rewrite_owners(event, link):
            session.add(event)


def mark_member_left(
    session: Session, chat_id: int, user_id: int, now: datetime | None = None
) -> None:
    """The member left: private access ends, and the personal export keeps to what was there
    until `now` (the first time a departure is noticed counts)."""
    member = session.get(Member, (chat_id, user_id))
    if member is not None:
        if member.is_member or member.left_at is None:
            member.left_at = now or utcnow()
        member.is_member = False
        session.add(member)


def match_members(session: Session, chat_id: int, names: Iterable[str]) -> dict[str, list[Member]]:
    """For each name (lowered), the members `@name` can mean in this chat: the one with that
    username (usernames are unique, so it wins), else everyone with that first name — several
    when it is ambiguous (a first name is only a display name anyone can change to a
    colleague's). One query per command, however many names: the chat's members are read once
    (matching in SQL would need Unicode-aware lower-casing, which SQLite's `lower()` is not)."""
    wanted = {name.lower() for name in names}
    if not wanted:
        return {}
    members = session.exec(
        select(Member)
        .where(Member.chat_id == chat_id, col(Member.is_member).is_(True))
        .order_by(col(Member.user_id))
    ).all()
    by_username: dict[str, Member] = {}
    by_first_name: dict[str, list[Member]] = {}
    for member in members:
        if member.username and member.username.lower() in wanted:
            by_username.setdefault(member.username.lower(), member)
        if member.first_name.lower() in wanted:
            by_first_name.setdefault(member.first_name.lower(), []).append(member)
    return {
        name: [by_username[name]] if name in by_username else by_first_name.get(name, [])
        for name in wanted
    }


def find_members(session: Session, chat_id: int, names: Iterable[str]) -> dict[str, Member]:
    """The members called by `names`, keyed by the lowered name: by username, else by a first
    name only one member has."""
    return {
        name: found[0]
        for name, found in match_members(session, chat_id, names).items()
        if len(found) == 1
    }


def find_member(session: Session, chat_id: int, name: str) -> Member | None:
    """The member called `name` in this chat: by username, else by a first name only one has."""
    return find_members(session, chat_id, [name]).get(name.lower())


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
