"""What a German Protokoll holds (issue 15, part R2).

- `meeting.minute_taker_id` / `minute_taker_name`: who takes the minutes (`/protokollant`;
  None: the opener); `meeting.current_item_id`: the agenda item under discussion (`/top 2`).
- `meeting_note`: the short notes under an agenda item (`/notiz`), with author and time.
- `decision.agenda_item_id`, `task.agenda_item_id`: the item that was under discussion when
  they were recorded in the meeting (the minutes list them under it).
- Guests become explicit: an attendee without a user id who is no forgotten member was a
  guest (`/anwesend <Name>`) and now says so in `status` ("guest").

Revision ID: 0020
Revises: 0023
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN on both databases (no batch rebuild: see storage/migrations/env.py)
    op.add_column("meeting", sa.Column("minute_taker_id", sa.BigInteger(), nullable=True))
    op.add_column("meeting", sa.Column("minute_taker_name", sa.String(length=128), nullable=True))
    op.add_column("meeting", sa.Column("current_item_id", sa.Integer(), nullable=True))
    op.add_column("decision", sa.Column("agenda_item_id", sa.Integer(), nullable=True))
    op.add_column("task", sa.Column("agenda_item_id", sa.Integer(), nullable=True))
    op.create_table(
        "meeting_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("author_name", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_meeting_note_meeting_id", "meeting_note", ["meeting_id"])
    op.execute(
        "UPDATE attendee SET status = 'guest' "
        "WHERE user_id IS NULL AND NOT forgotten AND status = 'present'"
    )


def downgrade() -> None:
    # before 0020 a guest was an attendee without a user id; the status said "present"
    op.execute("UPDATE attendee SET status = 'present' WHERE status = 'guest'")
    op.drop_index("ix_meeting_note_meeting_id", table_name="meeting_note")
    op.drop_table("meeting_note")
    op.drop_column("task", "agenda_item_id")
    op.drop_column("decision", "agenda_item_id")
    op.drop_column("meeting", "current_item_id")
    op.drop_column("meeting", "minute_taker_name")
    op.drop_column("meeting", "minute_taker_id")
