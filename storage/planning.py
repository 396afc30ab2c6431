"""What storage needs to plan reminders, declared here and computed above it.

Storage decides *which* reminders a task, a follow-up or a chat's digest has; *when* they fall
is schedule arithmetic, which lives in `bot.reminders.schedule` (its `PLANNER`). The functions
that plan take a `ReminderPlanner` as an explicit argument, so storage imports nothing from
`bot` and a caller always says which arithmetic it plans with.

Everything crosses this line as plain values: aware datetimes, a `ZoneInfo`, the chat's
reminder hour, and the recurrence as the RFC 5545 RRULE text storage keeps in `Task.recurrence`
(`FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

TaskReminderKind = Literal["before", "due", "overdue"]
MeetingReminderKind = Literal["meeting_eve", "meeting_soon"]

# A follow-up without a rhythm of its own asks again weekly until it is settled
# (the stored text of `Recurrence(unit="week")`: on the weekday it was asked first).
FOLLOWUP_RECURRENCE = "FREQ=WEEKLY"


class ReminderPlanner(Protocol):
    """The computations behind the reminder rows; all instants aware, results in UTC."""

    def task_reminder_times(
        self, due_at: datetime, has_time: bool, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[TaskReminderKind, datetime]]:
        """A task's day-before, due and overdue reminders that are still ahead of `now`."""
        ...

    def next_occurrence(
        self, recurrence: str, previous: datetime, tz: ZoneInfo, reminder_hour: int, after: datetime
    ) -> datetime | None:
        """The occurrence after `previous` in the stored rhythm, strictly after `after`; None
        when the rule has ended (its UNTIL has passed)."""
        ...

    def next_digest_time(
        self, weekday: int, reminder_hour: int, tz: ZoneInfo, now: datetime
    ) -> datetime:
        """The next weekly digest: `weekday` (0=Monday) at the reminder hour, after `now`."""
        ...

    def meeting_reminder_times(
        self, starts_at: datetime, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[MeetingReminderKind, datetime]]:
        """A planned meeting's reminders (the day before, an hour before) still ahead of `now`."""
        ...
