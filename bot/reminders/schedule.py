"""Pure schedule arithmetic for reminders: the next occurrence of a rhythm, a task's reminder
times, the weekly digest's time; and `PLANNER`, which hands them to storage.

Reading the phrases ("jeden Montag 18 Uhr") is `bot.language.schedule`'s; what a phrase means,
a `Recurrence`, comes from there. Nothing here reads the clock: `now` is passed in. Instants go
in and out as aware datetimes (UTC out); rhythms are counted in the chat's local calendar
(zoneinfo), so a reminder at 09:00 stays at 09:00 wall time across daylight saving changes.

Choices (one line each):
- `next_occurrence` counts from the previous occurrence's local date: + k*interval days, weeks
  (7 days) or months. The rule's weekday only places the first occurrence.
- Months are added to the previous occurrence's day and clamped to the month's end; the rule
  stores no day of month, so a 31st becomes the 29th in a leap February and stays the 29th
  afterwards ("monatlich am 31." drifts the same way; a day up to the 28th is stable).
- After downtime the rhythm is kept and the first occurrence strictly after `after` is returned.
- A wall time skipped by the spring DST jump moves forward by the jump (Berlin 31.03.2024
  02:30 -> 03:30 CEST); a repeated autumn wall time means its first occurrence (CEST).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.language.schedule import (
    Recurrence,
    Unit,
    local_instant,
    require_aware,
    shift_date,
)
from storage.planning import ReminderPlanner, TaskReminderKind

# A deadline with a time: reminded this long before it, and at the reminder hour that day
# only when that comes at least DUE_AHEAD_GAP before the deadline (not two messages at once).
DUE_AHEAD = timedelta(hours=1)
DUE_AHEAD_GAP = timedelta(hours=2)


def _units_between(start: date, end: date, unit: Unit) -> int:
    """A lower bound for whole units from start to end (never too many)."""
    if unit == "month":
        return (end.year - start.year) * 12 + end.month - start.month - 1
    return (end - start).days // (7 if unit == "week" else 1)


def _next(rule: Recurrence, previous: datetime, tz: tzinfo, hour: int, after: datetime) -> datetime:
    at = rule.at if rule.at is not None else time(hour)
    start = previous.astimezone(tz).date()
    bound = max(previous.astimezone(UTC), after.astimezone(UTC))
    # Jump close to `bound` first (downtime can be long), then step through the rhythm.
    step = max(1, _units_between(start, bound.astimezone(tz).date(), rule.unit) // rule.interval)
    while (
        candidate := local_instant(shift_date(start, rule.unit, step * rule.interval), at, tz)
    ) <= bound:
        step += 1
    return candidate


def next_occurrence(
    rule: Recurrence, previous: datetime, tz: ZoneInfo, reminder_hour: int, after: datetime
) -> datetime:
    """The first occurrence in the rule's rhythm after `previous` and strictly after `after`
    (both aware), as UTC. After downtime it skips to the first future one in the same rhythm."""
    require_aware(previous, after)
    return _next(rule, previous, tz, reminder_hour, after)


def task_reminder_times(
    due_at: datetime, has_time: bool, tz: ZoneInfo, reminder_hour: int, now: datetime
) -> list[tuple[TaskReminderKind, datetime]]:
    """'before' (day before at the reminder hour), 'due' (due day at the reminder hour), and
    'overdue' (day after at the reminder hour): those strictly after `now`, in time order, as
    UTC. Date-only dues are stored as 23:59:59 local of the due day.

    A deadline with a time is reminded ahead of it, never at the deadline itself: 'due' comes
    at the reminder hour that day when that is at least `DUE_AHEAD_GAP` before the deadline,
    and once more `DUE_AHEAD` before it ('bis morgen 18 Uhr': 09:00 and 17:00). A deadline set
    less than an hour ahead is reminded at the deadline (no earlier time is left)."""
    require_aware(due_at, now)
    day, hour = due_at.astimezone(tz).date(), time(reminder_hour)
    due_at = due_at.astimezone(UTC)
    due_times = [local_instant(day, hour, tz)]
    if has_time:
        due_times = [at for at in due_times if at <= due_at - DUE_AHEAD_GAP]
        due_times.append(due_at - DUE_AHEAD)
        if all(at <= now for at in due_times) and due_at > now:
            due_times = [due_at]  # set less than an hour ahead: at the deadline, not never
    times: list[tuple[TaskReminderKind, datetime]] = [
        ("before", local_instant(day - timedelta(days=1), hour, tz)),
        *(("due", at) for at in due_times),
        ("overdue", local_instant(day + timedelta(days=1), hour, tz)),
    ]
    return [(kind, moment) for kind, moment in times if moment > now]


def next_digest_time(weekday: int, reminder_hour: int, tz: ZoneInfo, now: datetime) -> datetime:
    """The next `weekday` (0=Monday) at reminder_hour local strictly after `now`, as UTC."""
    require_aware(now)
    if weekday not in range(7):
        raise ValueError("weekday must be 0..6")
    today = now.astimezone(tz).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    candidate = local_instant(day, time(reminder_hour), tz)
    if candidate > now:
        return candidate
    return local_instant(day + timedelta(days=7), time(reminder_hour), tz)


class SchedulePlanner:
    """The arithmetic above in the terms storage plans reminders in (`ReminderPlanner`):
    the recurrence arrives as the text storage keeps (`Recurrence.to_text`)."""

    def task_reminder_times(
        self, due_at: datetime, has_time: bool, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[TaskReminderKind, datetime]]:
        return task_reminder_times(due_at, has_time, tz, reminder_hour, now)

    def next_occurrence(
        self, recurrence: str, previous: datetime, tz: ZoneInfo, reminder_hour: int, after: datetime
    ) -> datetime:
        return next_occurrence(Recurrence.from_text(recurrence), previous, tz, reminder_hour, after)

    def next_digest_time(
        self, weekday: int, reminder_hour: int, tz: ZoneInfo, now: datetime
    ) -> datetime:
        return next_digest_time(weekday, reminder_hour, tz, now)


# What the wiring (handlers' services, dispatcher, start-up) passes to storage.
PLANNER: ReminderPlanner = SchedulePlanner()
