"""The next meeting (issue 15): its plan, the invitation's answers, and its reminders.

- `meeting_plan`: when and where the next meeting is, the invitation message, its status
  (planned, cancelled, held) and the `.ics` sequence (how often it was moved).
- `invitation_answer`: who comes and who is excused (one answer per member and plan).
- `reminder.meeting_plan_id`: the plan a `meeting_eve` / `meeting_soon` reminder is for.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "chat_id",
            sa.BigInteger(),
            sa.ForeignKey("chat.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("message_thread_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_meeting_plan_chat_status", "meeting_plan", ["chat_id", "status"])
    op.create_table(
        "invitation_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "plan_id",
            sa.Integer(),
            sa.ForeignKey("meeting_plan.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("coming", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "user_id", name="uq_invitation_answer_user"),
    )
    op.create_index("ix_invitation_answer_plan_id", "invitation_answer", ["plan_id"])
    # plain ADD COLUMN on both databases (no batch rebuild of the table, see 0017); no foreign
    # key for the same reason (models.Reminder says why none is needed)
    op.add_column("reminder", sa.Column("meeting_plan_id", sa.Integer(), nullable=True))
    op.create_index("ix_reminder_meeting_plan_id", "reminder", ["meeting_plan_id"])


def downgrade() -> None:
    # before 0021 a reminder without a task was a digest; a meeting's reminders would read as one
    op.execute("DELETE FROM reminder WHERE meeting_plan_id IS NOT NULL")
    op.drop_index("ix_reminder_meeting_plan_id", table_name="reminder")
    op.drop_column("reminder", "meeting_plan_id")  # not batch mode either: see upgrade()
    op.drop_index("ix_invitation_answer_plan_id", table_name="invitation_answer")
    op.drop_table("invitation_answer")
    op.drop_index("ix_meeting_plan_chat_status", table_name="meeting_plan")
    op.drop_table("meeting_plan")
