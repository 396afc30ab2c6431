"""A task owner named by a role follows the role (issue 15, the board's roles).

- `taskowner.role`: the role an owner was named by (`@kassierer` in `/aufgabe`), as its key
  (`storage.roster.role_key`); when the role changes hands (`/rolle`, `/uebergabe`), the open
  items' owners with that role move to the new holder. None: named as a person.

Revision ID: 0023
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN on both databases (no batch rebuild of the table)
    op.add_column("taskowner", sa.Column("role", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # the owners stay with whoever holds the role now; only the link to the role goes
    op.drop_column("taskowner", "role")
