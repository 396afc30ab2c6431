"""A question the bot asked stays known for a week after it was answered or expired.

- `pending_prompt.closed_at`: when the question was answered (or continued in the private
  chat). A reply to a closed or expired question is told so instead of being ignored.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN on both databases (no batch rebuild of the table)
    op.add_column("pending_prompt", sa.Column("closed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.execute("DELETE FROM pending_prompt WHERE closed_at IS NOT NULL")  # answered: gone before
    op.drop_column("pending_prompt", "closed_at")
