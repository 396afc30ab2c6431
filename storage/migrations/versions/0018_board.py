"""The board's roster and what the record of a meeting needs to know about it (issue 15).

- `board_seat`: who is on the board in which term, with their role (`/vorstand`, `/rolle`).
- `chat.board_size` (seats by statute, the quorum's base), `chat.circular_rule` ("all" or
  "majority" for a circular resolution), `chat.board_term` (the current term).
- `attendee.status`: present (every row so far), excused or guest.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "board_seat",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "chat_id",
            sa.BigInteger(),
            sa.ForeignKey("chat.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("term", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("added_by_id", sa.BigInteger(), nullable=True),
        sa.Column("added_by_name", sa.String(length=128), nullable=False),
    )
    op.create_index("ix_board_seat_chat_term", "board_seat", ["chat_id", "term"])
    # plain ADD COLUMN on both databases (no batch rebuild of the tables)
    op.add_column("chat", sa.Column("board_size", sa.Integer(), nullable=True))
    op.add_column(
        "chat",
        sa.Column("circular_rule", sa.String(length=16), nullable=False, server_default="all"),
    )
    op.add_column("chat", sa.Column("board_term", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(
        "attendee",
        sa.Column("status", sa.String(length=16), nullable=False, server_default="present"),
    )


def downgrade() -> None:
    # before 0018 every attendee was present; the excused would read as present, so they go
    op.execute("DELETE FROM attendee WHERE status = 'excused'")
    op.drop_column("attendee", "status")  # not batch mode either: see upgrade()
    op.drop_column("chat", "board_term")
    op.drop_column("chat", "circular_rule")
    op.drop_column("chat", "board_size")
    op.drop_index("ix_board_seat_chat_term", table_name="board_seat")
    op.drop_table("board_seat")
