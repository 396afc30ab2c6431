"""Cards with buttons and guided input (issue 14, part C).

- `task.card_message_id`, `decision.card_message_id`: the bot's confirmation that carries the
  item's buttons; a press counts only on that message (as a reminder's buttons do).
- `pending_prompt`: a question the bot asked one member with a ForceReply (the title of a new
  task, a due date, an owner, a decision's text), keyed by chat and question message, so that
  the answer is understood after a restart too.
- `chat.announce_changes`: whether a change a member makes in a private chat is announced in
  the group (`/einstellungen ansagen aus|an`); on for every existing group.

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite has both), not batch mode: batch mode copies a table and
    # drops the original, and dropping `chat` or `task` deletes every row that refers to it
    # (ON DELETE CASCADE): the tasks, members, owners, reminders.
    op.add_column("task", sa.Column("card_message_id", sa.BigInteger(), nullable=True))
    op.add_column("decision", sa.Column("card_message_id", sa.BigInteger(), nullable=True))
    op.add_column(
        "chat",
        sa.Column("announce_changes", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "pending_prompt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decision_id"], ["decision.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "message_id", name="uq_pending_prompt_message"),
    )
    op.create_index("ix_pending_prompt_user_id", "pending_prompt", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_prompt_user_id", table_name="pending_prompt")
    op.drop_table("pending_prompt")
    op.drop_column("chat", "announce_changes")  # not batch mode either: see upgrade()
    op.drop_column("decision", "card_message_id")
    op.drop_column("task", "card_message_id")
