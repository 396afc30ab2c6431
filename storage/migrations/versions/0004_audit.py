"""Audit trail: the event table, and the ids of who closed a task or ended a meeting (so a
member's data can be found again when they ask to be forgotten).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("closed_by_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("ended_by_id", sa.BigInteger(), nullable=True))
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("item_type", sa.String(length=16), nullable=False),
        sa.Column("item_number", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("actor_name", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_event_item", "event", ["chat_id", "item_type", "item_number", "at"])
    op.create_index("ix_event_actor_id", "event", ["actor_id"])


def downgrade() -> None:
    op.drop_table("event")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("ended_by_id")
    with op.batch_alter_table("task") as batch:
        batch.drop_column("closed_by_id")
