"""Minutes that are a record (issue 15): the text of each version, as sent, and its approval.

- `minutes_version`: per meeting, version 1 fixed at `/sitzung ende`, one more per correction
  (`correction` is what it added), with who made it and when; `approved_at/_by` on the version
  that was approved. Meetings ended before this revision get their version 1 the first time
  their minutes are shown (`backfilled`): a migration cannot render them.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "minutes_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("correction", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_name", sa.String(length=128), nullable=False),
        sa.Column("backfilled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.BigInteger(), nullable=True),
        sa.Column("approved_by_name", sa.String(length=128), nullable=True),
        sa.UniqueConstraint("meeting_id", "version", name="uq_minutes_version_meeting_version"),
    )


def downgrade() -> None:
    # the stored minutes go; before 0019 they were rendered from the data each time
    op.drop_table("minutes_version")
