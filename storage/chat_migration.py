"""A group upgraded to a supergroup gets a new chat id; its data follows it here.

Telegram announces the upgrade twice (`migrate_to_chat_id` in the old group,
`migrate_from_chat_id` in the new one), and a reminder sent to the old id fails with
`ChatMigrated`; every path calls `migrate_chat`, which is idempotent.

The tables to move are found in the metadata (every foreign key to `chat.id`), so a table
added later follows without a change here. The new chat row copies the old one's settings;
each child row's `chat_id` is repointed. The old row is then deleted, unless something still
references it (see "collisions"), in which case it stays, inactive.

Collisions: the new id normally holds nothing, or only what `ensure_chat` stores on first
contact (the chat row, a weekly digest, members). Counters take the larger value, so numbering
continues after both; a member known under both ids keeps the new row; the weekly digest is
planned once again. Any other row whose unique key (without the chat) is already taken under
the new id stays with the old chat, which is then kept, inactive (logged; nothing is deleted).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Column,
    Table,
    UniqueConstraint,
    delete,
    exists,
    func,
    not_,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel

from storage.models import Chat, Counter, KnownName, Member
from storage.planning import ReminderPlanner
from storage.reminders import sync_digest

log = logging.getLogger(__name__)

SETTINGS_FIELDS = ("timezone", "language", "reminder_hour", "digest_weekday")
# Rows that say nothing the new chat's row does not: a member seen under both ids (and a name
# seen under both), a counter merged into the new one. Left over after the move, they are dropped.
REDUNDANT_ON_COLLISION = frozenset(
    {Member.__tablename__, KnownName.__tablename__, Counter.__tablename__}
)


@dataclass(frozen=True)
class ChatReference:
    """A column that holds a chat id, and the unique keys of its table that include it."""

    table: Table
    column: Column[int]
    keys: tuple[tuple[Column[object], ...], ...]  # each key's other columns


def chat_references() -> Iterator[ChatReference]:
    """Every column in the schema with a foreign key to `chat.id`."""
    chat_id = Chat.__table__.c.id  # type: ignore[attr-defined]
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is chat_id:
                yield ChatReference(table, fk.parent, tuple(_unique_keys(table, fk.parent)))


def _unique_keys(table: Table, column: Column[int]) -> Iterator[tuple[Column[object], ...]]:
    sets = [list(table.primary_key.columns)]
    sets += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    sets += [list(index.columns) for index in table.indexes if index.unique]
    for columns in sets:
        if any(c is column for c in columns):
            yield tuple(c for c in columns if c is not column)


def _movable(ref: ChatReference, old_id: int, new_id: int) -> ColumnElement[bool]:
    """The rows of `old_id` whose unique keys (without the chat) are free under `new_id`."""
    collisions = []
    for others in ref.keys:
        taken = ref.table.alias("taken")
        same_key = [taken.c[c.name] == c for c in others]
        collisions.append(exists().where(taken.c[ref.column.name] == new_id, *same_key))
    mine = ref.column == old_id
    return mine & not_(or_(*collisions)) if collisions else mine


def _merge_counters(session: Session, old_id: int, new_id: int) -> None:
    """A counter present under both ids keeps the larger value (numbers never repeat)."""
    table: Table = Counter.__table__  # type: ignore[attr-defined]
    older = table.alias("older")
    larger = (
        select(func.max(older.c.value))
        .where(older.c.chat_id == old_id, older.c.name == table.c.name)
        .scalar_subquery()
    )
    session.execute(
        update(table)
        .where(
            table.c.chat_id == new_id,
            exists().where(
                older.c.chat_id == old_id,
                older.c.name == table.c.name,
                older.c.value > table.c.value,
            ),
        )
        .values(value=larger)
    )


def _new_chat(session: Session, old: Chat, new_id: int) -> tuple[Chat, bool]:
    """The chat row under `new_id` (created from `old` if missing); True if it existed."""
    new = session.get(Chat, new_id)
    if new is not None:
        if old.active:  # the first migration: the group's settings come along
            for name in SETTINGS_FIELDS:
                setattr(new, name, getattr(old, name))
            new.title = new.title or old.title
            session.add(new)
        return new, True
    new = Chat(
        id=new_id,
        type="supergroup",
        title=old.title,
        active=old.active,
        created_at=old.created_at,
        **{name: getattr(old, name) for name in SETTINGS_FIELDS},
    )
    session.add(new)
    session.flush()
    return new, False


def _references_left(session: Session, old_id: int) -> int:
    total = 0
    for ref in chat_references():
        query = select(func.count()).select_from(ref.table).where(ref.column == old_id)
        total += int(session.execute(query).scalar_one())
    return total


def migrate_chat(
    session: Session, old_id: int, new_id: int, now: datetime, *, planner: ReminderPlanner
) -> bool:
    """Move everything stored for `old_id` to `new_id`; False when there was nothing to move
    (an unknown chat, or one moved before). Safe to call any number of times."""
    if old_id == new_id:
        return False
    if session.get_bind().dialect.name == "postgresql":
        # Both announcements of one upgrade (and a reminder's ChatMigrated) may arrive at once,
        # in two database threads or processes: one moves, the other then finds nothing left.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": old_id})
    old = session.get(Chat, old_id)
    if old is None:
        return False
    new, existed = _new_chat(session, old, new_id)
    _merge_counters(session, old_id, new_id)
    for ref in chat_references():
        result = session.execute(
            update(ref.table).where(_movable(ref, old_id, new_id)).values({ref.column.name: new_id})
        )
        count = getattr(result, "rowcount", None)
        log.debug("chat %s → %s: %s rows of %s moved", old_id, new_id, count, ref.table.name)
        if ref.table.name in REDUNDANT_ON_COLLISION:
            session.execute(delete(ref.table).where(ref.column == old_id))
    session.flush()
    left = _references_left(session, old_id)
    session.expire_all()  # rows loaded before the bulk updates still carry the old id
    if left:
        log.warning(
            "chat %s → %s: %s rows collide with data already under the new id; "
            "they stay with the old chat",
            old_id,
            new_id,
            left,
        )
        old.active = False
        session.add(old)
    else:
        session.delete(old)
    if existed:
        session.refresh(new)
        sync_digest(session, new, now, planner=planner)  # both ids may have planned a weekly digest
    log.info("chat %s was upgraded to supergroup %s; its data moved along", old_id, new_id)
    return True
