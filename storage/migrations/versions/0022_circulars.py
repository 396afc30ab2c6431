"""Circular resolutions by poll (Umlaufbeschluss, issue 15).

- `circular`: the motion, its rule, deadline, Telegram poll and status message, its outcome;
- `circular_voter`: the board as it was when the motion was put (the electorate);
- `circular_vote`: every answer to the poll with its time (a retraction has no option);
- `reminder.circular_id`: the daily reminder of those who have not voted, and the closing at
  the deadline, are reminder rows about a circular;
- `decision.by_circular`: a decision taken "im Umlaufverfahren".

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "circular",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "chat_id",
            sa.BigInteger(),
            sa.ForeignKey("chat.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=128), nullable=False),
        sa.Column("message_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("poll_id", sa.String(length=64), nullable=True),
        sa.Column("poll_message_id", sa.BigInteger(), nullable=True),
        sa.Column("status_message_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.BigInteger(), nullable=True),
        sa.Column("closed_by_name", sa.String(length=128), nullable=True),
        sa.Column(
            "decision_id",
            sa.Integer(),
            sa.ForeignKey("decision.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.UniqueConstraint("chat_id", "number", name="uq_circular_chat_number"),
    )
    op.create_index("ix_circular_chat_status", "circular", ["chat_id", "status"])
    op.create_index("ix_circular_poll_id", "circular", ["poll_id"])
    op.create_table(
        "circular_voter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "circular_id",
            sa.Integer(),
            sa.ForeignKey("circular.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
    )
    op.create_index("ix_circular_voter_circular_id", "circular_voter", ["circular_id"])
    op.create_table(
        "circular_vote",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "circular_id",
            sa.Integer(),
            sa.ForeignKey("circular.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "voter_id",
            sa.Integer(),
            sa.ForeignKey("circular_voter.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("option", sa.String(length=16), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_circular_vote_circular_id", "circular_vote", ["circular_id"])
    # plain ADD COLUMN on both databases (no batch rebuild of the tables; see env.py)
    op.add_column("reminder", sa.Column("circular_id", sa.Integer(), nullable=True))
    op.create_index("ix_reminder_circular_id", "reminder", ["circular_id"])
    op.add_column(
        "decision",
        sa.Column("by_circular", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # a circular's reminders mean nothing without it: they go with it
    op.execute("DELETE FROM reminder WHERE circular_id IS NOT NULL")
    op.drop_column("decision", "by_circular")  # not batch mode either: see upgrade()
    op.drop_index("ix_reminder_circular_id", table_name="reminder")
    op.drop_column("reminder", "circular_id")
    op.drop_index("ix_circular_vote_circular_id", table_name="circular_vote")
    op.drop_table("circular_vote")
    op.drop_index("ix_circular_voter_circular_id", table_name="circular_voter")
    op.drop_table("circular_voter")
    op.drop_index("ix_circular_poll_id", table_name="circular")
    op.drop_index("ix_circular_chat_status", table_name="circular")
    op.drop_table("circular")
