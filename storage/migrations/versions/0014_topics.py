"""Forum topics (issue 14): every task (follow-ups and plain reminders are tasks), decision
and meeting remembers the topic it was created in (`message_thread_id`, NULL for General and
for groups without topics); a chat remembers the topic its admins chose for the bot's own
posts (`bot_thread_id`); `topic_notice` records the topics the bot found deleted or closed and
has told the chat about, so it says so once, also across restarts.

Existing rows keep NULL: they were posted to General (the bot knew no topics), so their
reminders go on arriving where they did.

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ITEM_TABLES = ("task", "decision", "meeting")


def upgrade() -> None:
    for table in ITEM_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("message_thread_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("chat") as batch:
        batch.add_column(sa.Column("bot_thread_id", sa.BigInteger(), nullable=True))
    op.create_table(
        "topic_notice",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id", "thread_id"),
    )


def downgrade() -> None:
    op.drop_table("topic_notice")
    # Never the batch's copy-and-rename on SQLite: dropping the old `chat` or `task` table
    # with foreign keys on would cascade and delete every row that refers to it. SQLite 3.35
    # drops a plain column in place.
    with op.batch_alter_table("chat", recreate="never") as batch:
        batch.drop_column("bot_thread_id")
    for table in reversed(ITEM_TABLES):
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("message_thread_id")
