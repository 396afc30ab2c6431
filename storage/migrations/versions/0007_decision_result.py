"""A decision's result: "adopted", "rejected", or NULL when no vote was recorded. Existing
rows get it from their stored votes: more yes than no votes is adopted, otherwise (a tie
included) rejected; "unanimous" without counts is adopted; no vote at all stays NULL.

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESULT_FROM_VOTES = """
UPDATE decision SET result = CASE
    WHEN votes_yes IS NOT NULL AND votes_yes > COALESCE(votes_no, 0) THEN 'adopted'
    WHEN votes_yes IS NOT NULL THEN 'rejected'
    WHEN unanimous THEN 'adopted'
    ELSE NULL
END
"""


def upgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("result", sa.String(length=16), nullable=True))
    op.execute(RESULT_FROM_VOTES)


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("result")
