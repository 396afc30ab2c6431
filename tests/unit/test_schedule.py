"""Tests for bot.reminders.schedule: rhythms, DST, task reminders, the digest, the planner
storage plans with, and properties."""

from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language.schedule import Recurrence, parse_schedule
from bot.reminders.schedule import (
    PLANNER,
    next_digest_time,
    next_occurrence,
    task_reminder_times,
)
from storage.planning import FOLLOWUP_RECURRENCE
from tests.support.schedule import (
    BERLIN,
    HOUR,
    NEW_YORK,
    NOW,
    PROPERTY_SETTINGS,
    ZONES,
    berlin,
    recurrences,
    utc,
)

# (rule, previous local, after local, expected local), Berlin, reminder hour 9.
NEXT = [
    ("FREQ=DAILY", "2024-06-19 09:00", "2024-06-19 09:00", "2024-06-20 09:00"),
    ("FREQ=DAILY", "2024-06-19 09:00", "2024-06-18 00:00", "2024-06-20 09:00"),  # after < previous
    (
        "FREQ=DAILY;INTERVAL=3;BYHOUR=20;BYMINUTE=15",
        "2024-06-19 20:15",
        "2024-06-19 20:15",
        "2024-06-22 20:15",
    ),
    (
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0",
        "2024-06-24 18:00",
        "2024-06-24 18:00",
        "2024-07-01 18:00",
    ),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2024-06-24 09:00", "2024-06-24 09:00", "2024-07-08 09:00"),
    ("FREQ=MONTHLY", "2024-06-19 09:00", "2024-06-19 09:00", "2024-07-19 09:00"),
    ("FREQ=MONTHLY", "2024-01-31 09:00", "2024-01-31 09:00", "2024-02-29 09:00"),  # clamps
    ("FREQ=MONTHLY", "2024-02-29 09:00", "2024-02-29 09:00", "2024-03-29 09:00"),  # stays
    ("FREQ=MONTHLY;INTERVAL=3", "2024-11-30 09:00", "2024-11-30 09:00", "2025-02-28 09:00"),
    ("FREQ=MONTHLY", "2024-12-15 09:00", "2024-12-15 09:00", "2025-01-15 09:00"),
    # Downtime: three weeks later the rhythm goes on from the first future occurrence.
    ("FREQ=WEEKLY;BYDAY=MO", "2024-06-03 09:00", "2024-06-24 08:59", "2024-06-24 09:00"),
    (
        "FREQ=WEEKLY;BYDAY=MO",
        "2024-06-03 09:00",
        "2024-06-24 09:00",
        "2024-07-01 09:00",
    ),  # never == after
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2024-06-03 09:00", "2024-06-24 12:00", "2024-07-01 09:00"),
    ("FREQ=DAILY", "2024-06-01 09:00", "2024-06-22 12:00", "2024-06-23 09:00"),
    ("FREQ=MONTHLY", "2024-01-31 09:00", "2024-06-30 12:00", "2024-07-31 09:00"),
    ("FREQ=DAILY", "2020-01-01 09:00", "2024-06-19 20:00", "2024-06-20 09:00"),  # years
]


@pytest.mark.parametrize(("rule", "previous", "after", "expected"), NEXT)
def test_next_occurrence(rule: str, previous: str, after: str, expected: str) -> None:
    got = next_occurrence(Recurrence.from_text(rule), berlin(previous), BERLIN, 9, berlin(after))
    assert got == berlin(expected)


# Wall times stay put across Europe/Berlin's 2024 transitions (all instants in UTC).
DST = [
    (
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        "2024-03-25 08:00",
        "2024-04-01 07:00",
    ),  # CET -> CEST
    (
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        "2024-10-21 07:00",
        "2024-10-28 08:00",
    ),  # CEST -> CET
    ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0", "2024-10-28 08:00", "2024-11-04 08:00"),
    ("FREQ=WEEKLY;BYDAY=MO", "2024-03-25 08:00", "2024-04-01 07:00"),  # the reminder hour, too
    (
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        "2024-03-30 01:30",
        "2024-03-31 01:30",
    ),  # 02:30 does not exist: 03:30
    (
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        "2024-03-31 01:30",
        "2024-04-01 00:30",
    ),  # and back to 02:30 CEST
    (
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        "2024-10-26 00:30",
        "2024-10-27 00:30",
    ),  # 02:30 twice: the first (CEST)
    ("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", "2024-10-27 00:30", "2024-10-28 01:30"),  # 02:30 CET
]


@pytest.mark.parametrize(("rule", "previous", "expected"), DST)
def test_next_occurrence_across_dst(rule: str, previous: str, expected: str) -> None:
    recurrence = Recurrence.from_text(rule)
    assert next_occurrence(recurrence, utc(previous), BERLIN, 9, utc(previous)) == utc(expected)


# (zone, local due, has_time, local now, expected "kind DD HH:MM" in UTC), days of June 2024.
REMINDERS = [
    # date-only due Fri 21 (stored as 23:59:59 local), now Wed 19 20:00; 09:00 local = 07:00 UTC
    ("Berlin", "21 23:59:59", False, "19 20:00", "before 20 07:00, due 21 07:00, overdue 22 07:00"),
    # a deadline with a time: at the reminder hour that day and an hour before, not at the deadline
    ("Berlin", "21 18:00", True, "19 20:00",
     "before 20 07:00, due 21 07:00, due 21 15:00, overdue 22 07:00"),
    ("Berlin", "21 08:00", True, "19 20:00", "before 20 07:00, due 21 05:00, overdue 22 07:00"),
    ("Berlin", "21 18:00", True, "20 09:00", "due 21 07:00, due 21 15:00, overdue 22 07:00"),
    # 09:00 is the hour before: once
    ("Berlin", "21 10:00", True, "20 09:00", "due 21 07:00, overdue 22 07:00"),
    ("Berlin", "21 18:00", True, "21 17:30", "due 21 16:00, overdue 22 07:00"),  # no time left
    ("Berlin", "21 18:00", True, "21 18:00", "overdue 22 07:00"),
    ("Berlin", "21 23:59:59", False, "22 09:00", ""),
    ("NY", "21 23:59:59", False, "19 20:00", "before 20 13:00, due 21 13:00, overdue 22 13:00"),
    ("NY", "21 18:00", True, "19 20:00",
     "before 20 13:00, due 21 13:00, due 21 21:00, overdue 22 13:00"),
]  # fmt: skip


@pytest.mark.parametrize(("zone", "due_at", "has_time", "now", "expected"), REMINDERS)
def test_task_reminder_times(
    zone: str, due_at: str, has_time: bool, now: str, expected: str
) -> None:
    tz = BERLIN if zone == "Berlin" else NEW_YORK

    def instant(text: str) -> datetime:
        return datetime.fromisoformat(f"2024-06-{text}").replace(tzinfo=tz).astimezone(UTC)

    got = task_reminder_times(instant(due_at), has_time, tz, 9, instant(now))
    assert ", ".join(f"{kind} {moment:%d %H:%M}" for kind, moment in got) == expected
    assert all(moment.utcoffset() == timedelta(0) for _, moment in got)


DIGESTS = [
    (0, "2024-06-19 20:00", "2024-06-24 09:00"),
    (2, "2024-06-19 08:59", "2024-06-19 09:00"),
    (2, "2024-06-19 09:00", "2024-06-26 09:00"),  # strictly after now
    (0, "2024-03-30 12:00", "2024-04-01 09:00"),  # across the DST change: still 09:00 local
]


@pytest.mark.parametrize(("weekday", "now", "expected"), DIGESTS)
def test_next_digest_time(weekday: int, now: str, expected: str) -> None:
    assert next_digest_time(weekday, 9, BERLIN, berlin(now)) == berlin(expected)


def test_naive_datetimes_are_caller_bugs() -> None:
    naive = datetime(2024, 6, 19, 20, 0)
    with pytest.raises(ValueError, match="aware"):
        parse_schedule("jeden Montag", naive, HOUR)
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(Recurrence("day"), naive, BERLIN, 9, naive)
    with pytest.raises(ValueError, match="aware"):
        next_digest_time(0, 9, BERLIN, naive)
    with pytest.raises(ValueError, match="reminder_hour"):
        parse_schedule("jeden Montag", NOW, 24)


# --- properties -------------------------------------------------------------------------------

instants = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))


def _in_rhythm(rule: Recurrence, start: date, day: date) -> int:
    """How many intervals lie between start and day; fails if day is not in the rhythm."""
    if rule.unit == "month":
        months = (day.year - start.year) * 12 + day.month - start.month
        assert day.day == min(start.day, monthrange(day.year, day.month)[1])
        assert months % rule.interval == 0
        return months // rule.interval
    step = rule.interval * (7 if rule.unit == "week" else 1)
    assert (day - start).days % step == 0
    return (day - start).days // step


def _earlier(rule: Recurrence, start: date, steps: int) -> date:
    if rule.unit != "month":
        return start + timedelta(days=steps * rule.interval * (7 if rule.unit == "week" else 1))
    year, month = divmod(start.month - 1 + steps * rule.interval, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


@PROPERTY_SETTINGS
@given(
    rule=recurrences(),
    tz=st.sampled_from(ZONES),
    hour=st.integers(0, 23),
    previous=instants,
    gap=st.timedeltas(timedelta(days=-10), timedelta(days=800)),
)
def test_next_occurrence_properties(
    rule: Recurrence, tz: ZoneInfo, hour: int, previous: datetime, gap: timedelta
) -> None:
    # The previous occurrence fell on one of the rule's weekdays (RRULE BYDAY places every one).
    while rule.days and previous.astimezone(tz).weekday() not in rule.days:
        previous += timedelta(days=1)
    after = previous + gap
    got = next_occurrence(rule, previous, tz, hour, after)
    assert got is not None
    assert got.utcoffset() == timedelta(0)
    assert got > after and got > previous
    at = rule.at if rule.at is not None else time(hour)
    local, start = got.astimezone(tz), previous.astimezone(tz).date()
    wall = datetime.combine(local.date(), at, tzinfo=tz)
    if wall.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        assert local.time() == at  # else the wall time does not exist that day
    steps = _in_rhythm(rule, start, local.date())
    assert steps >= 1
    if steps > 1:  # it is the first one: the one before is not after both bounds
        before = datetime.combine(_earlier(rule, start, steps - 1), at, tzinfo=tz)
        assert before.astimezone(UTC) <= max(previous, after)


# --- the planner storage plans reminders with ---------------------------------------------------


def test_the_planner_reads_the_stored_recurrence_text() -> None:
    previous, after = berlin("2024-06-24 18:00"), berlin("2024-06-24 18:00")
    got = PLANNER.next_occurrence(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=18;BYMINUTE=0", previous, BERLIN, HOUR, after
    )
    assert got == berlin("2024-07-08 18:00")
    with pytest.raises(ValueError, match="not a recurrence"):
        PLANNER.next_occurrence("fortnightly", previous, BERLIN, HOUR, after)


def test_a_followup_without_a_rhythm_is_asked_weekly() -> None:
    assert Recurrence.from_text(FOLLOWUP_RECURRENCE) == Recurrence(unit="week")
    previous = berlin("2024-06-19 18:30")
    got = PLANNER.next_occurrence(FOLLOWUP_RECURRENCE, previous, BERLIN, HOUR, previous)
    assert got == berlin("2024-06-26 09:00")  # a week on, at the chat's reminder hour


def test_the_planner_plans_task_reminders_and_the_digest() -> None:
    due = berlin("2024-06-21 18:00")
    got = PLANNER.task_reminder_times(due, True, BERLIN, HOUR, NOW.astimezone(UTC))
    assert got == [
        ("before", berlin("2024-06-20 09:00")),
        ("due", berlin("2024-06-21 09:00")),
        ("due", berlin("2024-06-21 17:00")),  # ahead of the deadline, not at it
        ("overdue", berlin("2024-06-22 09:00")),
    ]
    assert PLANNER.next_digest_time(0, HOUR, BERLIN, NOW) == berlin("2024-06-24 09:00")
