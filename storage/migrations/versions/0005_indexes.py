"""Index for a chat's reminders by status: at start-up the bot checks every group for its
pending weekly digest, which without it scans every pending reminder once per group (7.8 s
at start-up for 1,000 groups and 1,000,000 tasks on SQLite; see BENCHMARKS.md).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_reminder_chat_status", "reminder", ["chat_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_reminder_chat_status", table_name="reminder")
