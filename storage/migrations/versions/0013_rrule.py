"""Recurrences as RFC 5545 rules (issue 11): `task.recurrence` holds RRULE text
(`FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0`) instead of `unit/interval/weekday/HH:MM|-`,
and is wide enough for one (160 characters).

Existing rules are converted once: `week/2/0/18:00` -> `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;
BYHOUR=18;BYMINUTE=0`; a monthly rule gets the day of the month its next occurrence (`due_at`,
in the chat's zone) falls on, as the old arithmetic counted from it (a day after the 28th keeps
to the month's end: `BYMONTHDAY=28,29,30,31;BYSETPOS=-1`). Text that is neither format is left
as it is. The conversion is written out here, not imported, so the migration keeps meaning what
it meant when the bot's own code moves on.

Downgrading gives the old format back where it can say the rule; what it cannot (several
weekdays, the n-th weekday of a month, yearly rules, an end) becomes the nearest rule it can:
the first weekday, monthly, every 12 months, no end.

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-01
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_WIDTH, NEW_WIDTH = 64, 160
LEGACY = re.compile(r"(day|week|month)/([1-9]\d?)/([0-6]|-)/(-|(?:[01]\d|2[0-3]):[0-5]\d)")
FREQUENCIES = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY"}
UNITS = {frequency: unit for unit, frequency in FREQUENCIES.items()} | {"YEARLY": "month"}
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STABLE_MONTH_DAYS = 28

_TASKS = sa.table(
    "task",
    sa.column("id", sa.Integer),
    sa.column("chat_id", sa.BigInteger),
    sa.column("recurrence", sa.String),
    sa.column("due_at", sa.DateTime(timezone=True)),
)
_CHATS = sa.table("chat", sa.column("id", sa.BigInteger), sa.column("timezone", sa.String))


def legacy_to_rrule(text: str, month_day: int | None) -> str | None:
    """`week/1/0/18:00` -> `FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0`; None if not legacy."""
    match = LEGACY.fullmatch(text)
    if match is None:
        return None
    unit, interval, weekday, at = match.groups()
    parts = [f"FREQ={FREQUENCIES[unit]}"]
    if interval != "1":
        parts.append(f"INTERVAL={interval}")
    if unit == "month" and month_day is not None:
        if month_day > STABLE_MONTH_DAYS:
            days = ",".join(str(day) for day in range(STABLE_MONTH_DAYS, month_day + 1))
            parts += [f"BYMONTHDAY={days}", "BYSETPOS=-1"]
        else:
            parts.append(f"BYMONTHDAY={month_day}")
    if weekday != "-":
        parts.append(f"BYDAY={DAY_CODES[int(weekday)]}")
    if at != "-":
        hour, minute = at.split(":")
        parts += [f"BYHOUR={int(hour)}", f"BYMINUTE={int(minute)}"]
    return ";".join(parts)


def rrule_to_legacy(text: str) -> str | None:
    """The nearest old-format rule for RRULE text; None if it is not RRULE text."""
    try:
        pairs = dict(part.split("=", 1) for part in text.split(";"))
        unit = UNITS[pairs["FREQ"]]
        interval = int(pairs.get("INTERVAL", "1")) * (12 if pairs["FREQ"] == "YEARLY" else 1)
    except (ValueError, KeyError):
        return None
    weekday = "-"
    if unit == "week" and (codes := pairs.get("BYDAY")):
        weekday = str(DAY_CODES.index(codes.split(",")[0][-2:]))
    at = "-"
    if "BYHOUR" in pairs:
        at = f"{int(pairs['BYHOUR']):02d}:{int(pairs.get('BYMINUTE', '0')):02d}"
    return f"{unit}/{min(interval, 52)}/{weekday}/{at}"


def _local_day(due_at: datetime | str | None, zone: str | None) -> int | None:
    if due_at is None:
        return None
    if isinstance(due_at, str):  # SQLite hands back text
        due_at = datetime.fromisoformat(due_at)
    if due_at.tzinfo is None:
        due_at = due_at.replace(tzinfo=UTC)
    return due_at.astimezone(ZoneInfo(zone or "UTC")).day


def _convert(upgrading: bool) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_TASKS.c.id, _TASKS.c.recurrence, _TASKS.c.due_at, _CHATS.c.timezone)
        .select_from(_TASKS.outerjoin(_CHATS, _CHATS.c.id == _TASKS.c.chat_id))
        .where(_TASKS.c.recurrence.is_not(None))
    ).all()
    for task_id, recurrence, due_at, zone in rows:
        if upgrading:
            converted = legacy_to_rrule(recurrence, _local_day(due_at, zone))
        else:
            converted = rrule_to_legacy(recurrence)
        if converted is not None and converted != recurrence:
            connection.execute(
                sa.update(_TASKS).where(_TASKS.c.id == task_id).values(recurrence=converted)
            )


def upgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.alter_column(
            "recurrence",
            existing_type=sa.String(length=OLD_WIDTH),
            type_=sa.String(length=NEW_WIDTH),
            existing_nullable=True,
        )
    _convert(upgrading=True)


def downgrade() -> None:
    _convert(upgrading=False)
    with op.batch_alter_table("task") as batch:
        batch.alter_column(
            "recurrence",
            existing_type=sa.String(length=NEW_WIDTH),
            type_=sa.String(length=OLD_WIDTH),
            existing_nullable=True,
        )
