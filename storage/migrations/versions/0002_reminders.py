"""Reminders: the reminder table, task kinds and recurrences, chat reminder settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat") as batch:
        batch.add_column(
            sa.Column("reminder_hour", sa.Integer(), nullable=False, server_default="9")
        )
        batch.add_column(
            sa.Column("digest_weekday", sa.Integer(), nullable=True, server_default="0")
        )
    with op.batch_alter_table("task") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="task")
        )
        batch.add_column(sa.Column("recurrence", sa.String(length=64), nullable=True))
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("snoozed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reminder_status_due", "reminder", ["status", "due_at"])
    op.create_index("ix_reminder_task_id", "reminder", ["task_id"])


def downgrade() -> None:
    op.drop_table("reminder")
    with op.batch_alter_table("task") as batch:
        batch.drop_column("recurrence")
        batch.drop_column("kind")
    with op.batch_alter_table("chat") as batch:
        batch.drop_column("digest_weekday")
        batch.drop_column("reminder_hour")
