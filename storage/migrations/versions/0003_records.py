"""The board's record: meetings, attendees, decisions, agenda items; tasks link to a meeting
and to the decision they implement.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=128), nullable=False),
        sa.Column("ended_by_name", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "number", name="uq_meeting_chat_number"),
    )
    op.create_index("ix_meeting_chat_ended", "meeting", ["chat_id", "ended_at"])
    op.create_table(
        "attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_attendee_meeting_user"),
    )
    op.create_index("ix_attendee_meeting_id", "attendee", ["meeting_id"])
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("votes_yes", sa.Integer(), nullable=True),
        sa.Column("votes_no", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("unanimous", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=128), nullable=False),
        sa.Column("repealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("repealed_reason", sa.String(length=500), nullable=True),
        sa.Column("repealed_by_id", sa.BigInteger(), nullable=True),
        sa.Column("repealed_by_name", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["amends_id"], ["decision.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "number", name="uq_decision_chat_number"),
    )
    op.create_index("ix_decision_meeting_id", "decision", ["meeting_id"])
    op.create_table(
        "agendaitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_agendaitem_chat_id", "agendaitem", ["chat_id"])
    op.create_index("ix_agendaitem_meeting_id", "agendaitem", ["meeting_id"])
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decision_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_task_meeting_id_meeting", "meeting", ["meeting_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_foreign_key(
            "fk_task_decision_id_decision", "decision", ["decision_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_task_meeting_id", ["meeting_id"])
        batch.create_index("ix_task_decision_id", ["decision_id"])


def downgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.drop_index("ix_task_decision_id")
        batch.drop_index("ix_task_meeting_id")
        batch.drop_constraint("fk_task_decision_id_decision", type_="foreignkey")
        batch.drop_constraint("fk_task_meeting_id_meeting", type_="foreignkey")
        batch.drop_column("decision_id")
        batch.drop_column("meeting_id")
    op.drop_table("agendaitem")
    op.drop_table("decision")
    op.drop_table("attendee")
    op.drop_table("meeting")
