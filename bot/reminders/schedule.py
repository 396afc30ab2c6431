"""Pure schedule arithmetic for reminders: the next occurrence of a rhythm, a task's reminder
times, the weekly digest's time; and `PLANNER`, which hands them to storage.

Reading the phrases ("jeden Montag 18 Uhr") is `bot.language.schedule`'s; what a phrase means,
a `Recurrence` (an RFC 5545 rule, `bot.language.recurrence`), comes from there. Nothing here
reads the clock: `now` is passed in. Instants go in and out as aware datetimes (UTC out);
rhythms are counted in the chat's local calendar (zoneinfo), so a reminder at 09:00 stays at
09:00 wall time across daylight saving changes.

Choices (one line each):
- A recurrence is an RFC 5545 rule (`bot.language.recurrence`), expanded by python-dateutil's
  `rrule` in naive local time from the previous occurrence's local day, then placed in the zone.
- The next occurrence falls on a later local day than the previous one and strictly after
  `after`; the rhythm (every other week, every 3 months) counts from the previous occurrence.
- A monthly rule without a day of its own keeps the previous occurrence's day, or the month's
  last day when it has fewer (the 31st -> 29 February -> 31 March): see `Recurrence.anchored`.
- After downtime the rhythm is kept and the first occurrence strictly after `after` is returned;
  a rule whose UNTIL has passed has none (None), and the follow-up or reminder is then done.
- A wall time skipped by the spring DST jump moves forward by the jump (Berlin 31.03.2024
  02:30 -> 03:30 CEST); a repeated autumn wall time means its first occurrence (CEST).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.language.recurrence import Recurrence
from bot.language.schedule import local_instant, require_aware
from storage.planning import MeetingReminderKind, ReminderPlanner, TaskReminderKind

# A deadline with a time: reminded this long before it, and at the reminder hour that day
# only when that comes at least DUE_AHEAD_GAP before the deadline (not two messages at once).
DUE_AHEAD = timedelta(hours=1)
DUE_AHEAD_GAP = timedelta(hours=2)
# How far before the bound the expansion starts after a jump (a DST day is never longer).
_MARGIN = timedelta(days=2)


def _jump(start: date, rule: Recurrence, target: date) -> date:
    """A day in the rule's rhythm from `start` (whole intervals on) shortly before `target`, so
    long downtime does not expand years of occurrences; `start` itself if target is near."""
    if rule.unit in ("day", "week"):
        step = rule.interval * (7 if rule.unit == "week" else 1)
        return start + timedelta(days=max(0, (target - start).days // step - 1) * step)
    months = (target.year - start.year) * 12 + target.month - start.month
    if rule.unit == "year":
        years = max(0, months // 12 // rule.interval - 1) * rule.interval
        return start.replace(day=1) + relativedelta(years=years)
    return start.replace(day=1) + relativedelta(
        months=max(0, months // rule.interval - 1) * rule.interval
    )


def next_occurrence(
    rule: Recurrence, previous: datetime, tz: ZoneInfo, reminder_hour: int, after: datetime
) -> datetime | None:
    """The first occurrence of the rule on a local day after `previous`'s and strictly after
    `after` (both aware), as UTC; None when the rule has ended (UNTIL). After downtime it skips
    to the first future one in the same rhythm."""
    require_aware(previous, after)
    start = previous.astimezone(tz).date()
    rule = rule.anchored(start)
    bound = max(previous.astimezone(UTC), after.astimezone(UTC))
    first_day = _jump(start, rule, (bound.astimezone(tz) - _MARGIN).date())
    for wall in rule.rrule(first_day, reminder_hour):
        if wall.date() <= start:
            continue
        candidate = local_instant(wall.date(), wall.time(), tz)
        if candidate > bound:
            return candidate
    return None


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


MEETING_SOON = timedelta(hours=1)  # the second reminder of a planned meeting


def meeting_reminder_times(
    starts_at: datetime, tz: ZoneInfo, reminder_hour: int, now: datetime
) -> list[tuple[MeetingReminderKind, datetime]]:
    """A planned meeting's reminders: 'meeting_eve' the day before at the reminder hour and
    'meeting_soon' `MEETING_SOON` before it; those strictly after `now`, as UTC. The eve one is
    left out when it would come less than `DUE_AHEAD_GAP` before the other (a meeting just
    after midnight is not announced twice within the hour)."""
    require_aware(starts_at, now)
    day = starts_at.astimezone(tz).date()
    eve = local_instant(day - timedelta(days=1), time(reminder_hour), tz)
    soon = starts_at.astimezone(UTC) - MEETING_SOON
    times: list[tuple[MeetingReminderKind, datetime]] = []
    if eve <= soon - DUE_AHEAD_GAP:
        times.append(("meeting_eve", eve))
    times.append(("meeting_soon", soon))
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


# A circular's daily reminder goes no later than this before its deadline (the last call).
NUDGE_BEFORE_DEADLINE = timedelta(hours=2)


def circular_nudge_times(
    started: datetime, deadline: datetime, reminder_hour: int, tz: ZoneInfo
) -> list[datetime]:
    """When those who have not voted on a circular are reminded: once a day at the reminder
    hour, from the day after it started until the deadline (UTC)."""
    require_aware(started)
    day = started.astimezone(tz).date() + timedelta(days=1)
    times = []
    while (moment := local_instant(day, time(reminder_hour), tz)) < deadline:
        if moment <= deadline - NUDGE_BEFORE_DEADLINE:
            times.append(moment)
        day += timedelta(days=1)
    return times


class SchedulePlanner:
    """The arithmetic above in the terms storage plans reminders in (`ReminderPlanner`):
    the recurrence arrives as the RRULE text storage keeps (`Recurrence.to_text`)."""

    def task_reminder_times(
        self, due_at: datetime, has_time: bool, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[TaskReminderKind, datetime]]:
        return task_reminder_times(due_at, has_time, tz, reminder_hour, now)

    def next_occurrence(
        self, recurrence: str, previous: datetime, tz: ZoneInfo, reminder_hour: int, after: datetime
    ) -> datetime | None:
        return next_occurrence(Recurrence.from_text(recurrence), previous, tz, reminder_hour, after)

    def next_digest_time(
        self, weekday: int, reminder_hour: int, tz: ZoneInfo, now: datetime
    ) -> datetime:
        return next_digest_time(weekday, reminder_hour, tz, now)

    def meeting_reminder_times(
        self, starts_at: datetime, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[MeetingReminderKind, datetime]]:
        return meeting_reminder_times(starts_at, tz, reminder_hour, now)


# What the wiring (handlers' services, dispatcher, start-up) passes to storage.
PLANNER: ReminderPlanner = SchedulePlanner()
