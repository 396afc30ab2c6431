"""Attendance remembers who listed someone other than themself (`attendee.added_by_name`), so
the attendance message and the minutes can say "eingetragen von …" (issue 13, finding 5).
Rows from before stay without it and are shown as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attendee") as batch:
        batch.add_column(sa.Column("added_by_name", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attendee") as batch:
        batch.drop_column("added_by_name")
