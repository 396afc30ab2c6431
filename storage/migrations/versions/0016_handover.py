"""Continuing a group's question in the private chat (issue 14, part P).

- `private_handover`: the opaque token of a "🔒 Privat weitermachen" deep link, with the group,
  the member it is for, what is asked, the group topic the answer's card goes to, the private
  question once the link was followed, and when it was made and used (good once, for a day).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only (no batch mode: see 0015 on what a table rebuild cascades into).
    op.create_table(
        "private_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("message_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("question_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_private_handover_user_id", "private_handover", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_private_handover_user_id", table_name="private_handover")
    op.drop_table("private_handover")
