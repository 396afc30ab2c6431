"""When a planned meeting is reminded (bot.reminders.schedule.meeting_reminder_times): the day
before at the chat's reminder hour and an hour before, in the chat's wall time across DST,
only what is still ahead, and not twice within the hour."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.schedule import PLANNER, meeting_reminder_times

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_the_day_before_at_the_reminder_hour_and_an_hour_before() -> None:
    starts = utc(2024, 6, 26, 17)  # Wed 19:00 CEST
    assert meeting_reminder_times(starts, BERLIN, 9, utc(2024, 6, 19, 18)) == [
        ("meeting_eve", utc(2024, 6, 25, 7)),
        ("meeting_soon", utc(2024, 6, 26, 16)),
    ]


def test_across_the_spring_clock_change_the_wall_time_is_kept() -> None:
    starts = utc(2024, 3, 31, 17)  # Sun 19:00 CEST, the day the clocks went forward
    assert meeting_reminder_times(starts, BERLIN, 9, utc(2024, 3, 20)) == [
        ("meeting_eve", utc(2024, 3, 30, 8)),  # Sat 09:00 CET
        ("meeting_soon", utc(2024, 3, 31, 16)),
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2024, 6, 25, 7), ["meeting_soon"]),  # 09:00 the day before: just past
        (utc(2024, 6, 26, 15, 59), ["meeting_soon"]),
        (utc(2024, 6, 26, 16), []),  # planned less than an hour ahead: nothing left
    ],
)
def test_only_what_is_still_ahead(now: datetime, expected: list[str]) -> None:
    times = meeting_reminder_times(utc(2024, 6, 26, 17), BERLIN, 9, now)
    assert [kind for kind, _ in times] == expected


def test_a_meeting_just_after_midnight_is_not_reminded_twice_within_the_hour() -> None:
    starts = utc(2024, 6, 26, 22, 30)  # Thu 00:30 CEST; reminder hour 23 the evening before
    assert meeting_reminder_times(starts, BERLIN, 23, utc(2024, 6, 20)) == [
        ("meeting_soon", utc(2024, 6, 26, 21, 30))
    ]


def test_the_planner_hands_the_same_times_to_storage() -> None:
    starts, now = utc(2024, 6, 26, 17), utc(2024, 6, 19, 18)
    assert PLANNER.meeting_reminder_times(starts, BERLIN, 9, now) == meeting_reminder_times(
        starts, BERLIN, 9, now
    )


def test_naive_times_are_a_caller_bug() -> None:
    with pytest.raises(ValueError):
        meeting_reminder_times(datetime(2024, 6, 26, 17), BERLIN, 9, utc(2024, 6, 19))
