"""The strict grammar of button data (handlers.common.callbacks) and the group-id classes a
group upgrade must go between (handlers.chat_events)."""

from __future__ import annotations

import pytest

from handlers.chat_events import is_basic_group_id, is_supergroup_id
from handlers.common.callbacks import (
    ReminderPress,
    attendance_data,
    parse_attendance_press,
    parse_reminder_press,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("r:1:done", ReminderPress(1, "done")),
        ("r:42:day", ReminderPress(42, "day")),
        ("r:2147483647:week", ReminderPress(2147483647, "week")),
    ],
)
def test_reminder_data_the_buttons_carry(data: str, expected: ReminderPress) -> None:
    assert parse_reminder_press(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "r:",
        "r:1",
        "r:1:",
        "r:1:snooze",
        "r:1:DONE",
        "r:1:done ",
        " r:1:done",
        "r:1:done\n",
        "r:1:done:1",
        "r:+1:done",
        "r:-1:done",
        "r:0:done",
        "r:2147483648:done",
        "r:12345678901:done",
        "r:²:done",
        "r:٣:done",
        "r:１:done",  # full-width one
        "m:1",
    ],
)
def test_anything_else_is_no_reminder_press(data: str | None) -> None:
    assert parse_reminder_press(data) is None


def test_attendance_data_round_trips_and_nothing_else_parses() -> None:
    assert parse_attendance_press(attendance_data(7)) == 7
    for data in (None, "", "m:", "m:0", "m:1:done", "m:²", "m:" + "1" * 30, "r:1:done", "m:1\n"):
        assert parse_attendance_press(data) is None, data


@pytest.mark.parametrize(
    ("chat_id", "basic", "supergroup"),
    [
        (-4242, True, False),
        (-1, True, False),
        (-999_999_999_999, True, False),
        (-1_000_000_000_000, False, False),
        (-1_001_234_567_890, False, True),
        (101, False, False),  # a private chat
        (0, False, False),
    ],
)
def test_group_id_classes(chat_id: int, basic: bool, supergroup: bool) -> None:
    assert (is_basic_group_id(chat_id), is_supergroup_id(chat_id)) == (basic, supergroup)
