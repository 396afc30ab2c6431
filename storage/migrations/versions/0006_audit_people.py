"""People in the audit trail by id (issue 13): owners inside events become `{"name", "user_id"}`
entries, the names the bot has seen for a user are kept (`knownname`), a member's leave time,
forgotten attendees and titles the bot copied from a replied message are marked.

Existing events are migrated once: an owner name gets the id of the task's stored owner of that
name, else of the one member of the chat with that first name or username; a name that fits
nobody, or several people, stays a bare name (forgetting never rewrites those).

Revision ID: 0006
Revises: 0008
Create Date: 2026-12-01
"""

import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("task") as batch:
        batch.add_column(
            sa.Column("title_from_reply", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("attendee") as batch:
        batch.add_column(
            sa.Column("forgotten", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "knownname",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "user_id", "kind", "name", name="uq_knownname"),
    )
    op.create_index("ix_knownname_user_id", "knownname", ["user_id"])
    connection = op.get_bind()
    # who had left before leave times were kept: their last sighting is the safe guess
    connection.execute(
        sa.text("UPDATE member SET left_at = last_seen_at WHERE is_member = :no"), {"no": False}
    )
    seed_known_names(connection)
    link_event_owners(connection)


def seed_known_names(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT chat_id, user_id, first_name, last_name, username, last_seen_at FROM member"
        )
    ).all()
    insert = sa.text(
        "INSERT INTO knownname (chat_id, user_id, kind, name, first_seen_at) "
        "VALUES (:chat_id, :user_id, :kind, :name, :at)"
    )
    for chat_id, user_id, first, last, username, seen in rows:
        names = {"first": first, "full": f"{first} {last}" if last else None, "username": username}
        for kind, name in names.items():
            if name:
                values = {"chat_id": chat_id, "user_id": user_id, "kind": kind, "name": name[:128]}
                connection.execute(insert, {**values, "at": seen})


PAGE = 5000  # events read at a time: a large board's trail does not have to fit in memory


def owner_events(connection: sa.Connection) -> Iterator[list[sa.Row[Any]]]:
    """The events whose values hold owners, a page at a time in id order."""
    query = sa.text(
        "SELECT id, chat_id, item_number, before, after FROM event "
        "WHERE id > :last AND (before LIKE :owners OR after LIKE :owners) ORDER BY id LIMIT :page"
    )
    last = 0
    while page := connection.execute(
        query, {"last": last, "owners": '%"owners"%', "page": PAGE}
    ).all():
        yield list(page)
        last = page[-1][0]


def stored_owners(
    connection: sa.Connection, events: list[sa.Row[Any]]
) -> dict[tuple[int, int], dict[str, int]]:
    """(chat, task number) → owner name → user id, for the tasks of these events."""
    numbers: dict[int, set[int]] = {}
    for _, chat_id, number, _, _ in events:
        if number is not None:
            numbers.setdefault(chat_id, set()).add(number)
    query = sa.text(
        "SELECT task.number, taskowner.name, taskowner.user_id "
        "FROM taskowner JOIN task ON task.id = taskowner.task_id "
        "WHERE taskowner.user_id IS NOT NULL AND task.chat_id = :chat "
        "AND task.number IN :numbers"
    ).bindparams(sa.bindparam("numbers", expanding=True))
    owners: dict[tuple[int, int], dict[str, int]] = {}
    for chat_id, wanted in numbers.items():
        for number, name, user_id in connection.execute(
            query, {"chat": chat_id, "numbers": sorted(wanted)}
        ):
            owners.setdefault((chat_id, number), {})[name] = user_id
    return owners


def link_event_owners(connection: sa.Connection) -> None:
    """Owner names in task events become entries with the id the bot knows for them."""
    members: dict[int, dict[str, set[int]]] = {}  # chat → lower-cased name → user ids
    for chat_id, user_id, first, username in connection.execute(
        sa.text("SELECT chat_id, user_id, first_name, username FROM member")
    ):
        for name in (first, username):
            if name:
                members.setdefault(chat_id, {}).setdefault(name.lower(), set()).add(user_id)
    update = sa.text("UPDATE event SET before = :before, after = :after WHERE id = :id")
    for events in owner_events(connection):
        owners = stored_owners(connection, events)
        for event_id, chat_id, number, before, after in events:
            known = owners.get((chat_id, number), {})
            in_chat = members.get(chat_id, {})

            def entry(name: Any, known: dict[str, int] = known, in_chat: Any = in_chat) -> Any:
                if not isinstance(name, str):
                    return name  # already an entry, or something we leave alone
                user_id = known.get(name)
                candidates = in_chat.get(name.lower(), set())
                if user_id is None and len(candidates) == 1:
                    user_id = next(iter(candidates))
                return {"name": name} if user_id is None else {"name": name, "user_id": user_id}

            new_before, new_after = _with_entries(before, entry), _with_entries(after, entry)
            if (new_before, new_after) != (before, after):
                values = {"id": event_id, "before": new_before, "after": new_after}
                connection.execute(update, values)


def _with_entries(stored: str | None, entry: Any) -> str | None:
    if not stored:
        return stored
    try:
        values = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(values, dict) or not isinstance(values.get("owners"), list):
        return stored
    values["owners"] = [entry(name) for name in values["owners"]]
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def downgrade() -> None:
    connection = op.get_bind()
    update = sa.text("UPDATE event SET before = :before, after = :after WHERE id = :id")

    def name_of(entry: Any) -> Any:
        return entry.get("name") if isinstance(entry, dict) else entry

    for events in owner_events(connection):
        for event_id, _, _, before, after in events:
            new_before, new_after = _with_entries(before, name_of), _with_entries(after, name_of)
            if (new_before, new_after) != (before, after):
                values = {"id": event_id, "before": new_before, "after": new_after}
                connection.execute(update, values)
    op.drop_table("knownname")
    with op.batch_alter_table("attendee") as batch:
        batch.drop_column("forgotten")
    with op.batch_alter_table("task") as batch:
        batch.drop_column("title_from_reply")
    with op.batch_alter_table("member") as batch:
        batch.drop_column("left_at")
