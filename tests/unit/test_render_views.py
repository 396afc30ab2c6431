"""The render side's own description of its data (bot/render/views.py) against storage's, and
the neutral keyboards render returns (bot/render/keyboards.py, bot/keyboards.py).

render compares statuses and kinds with plain strings and never imports storage; these tests
may import both, so a value renamed on one side only fails here instead of silently rendering
a done task as open.
"""

from __future__ import annotations

from enum import StrEnum

import pytest

from bot.i18n import Language, t
from bot.keyboards import inline_markup
from bot.render import views
from bot.render.keyboards import Button
from bot.render.reminders import reminder_buttons
from storage.models import ReminderKind, TaskKind, TaskStatus


@pytest.mark.parametrize(
    ("render_value", "stored"),
    [
        (views.STATUS_OPEN, TaskStatus.OPEN),
        (views.STATUS_DONE, TaskStatus.DONE),
        (views.STATUS_CANCELLED, TaskStatus.CANCELLED),
        (views.KIND_TASK, TaskKind.TASK),
        (views.KIND_FOLLOWUP, TaskKind.FOLLOWUP),
        (views.KIND_REMINDER, TaskKind.REMINDER),
        (views.REMINDER_BEFORE, ReminderKind.BEFORE),
        (views.REMINDER_DUE, ReminderKind.DUE),
        (views.REMINDER_OVERDUE, ReminderKind.OVERDUE),
        (views.REMINDER_FOLLOWUP, ReminderKind.FOLLOWUP),
        (views.REMINDER_PLAIN, ReminderKind.PLAIN),
        (views.REMINDER_DIGEST, ReminderKind.DIGEST),
        (views.REMINDER_MEETING_EVE, ReminderKind.MEETING_EVE),
        (views.REMINDER_MEETING_SOON, ReminderKind.MEETING_SOON),
    ],
    ids=lambda value: str(value),
)
def test_render_compares_with_the_value_storage_stores(render_value: str, stored: StrEnum) -> None:
    assert render_value == stored.value


@pytest.mark.parametrize(
    ("known", "enum"),
    [
        (views.TASK_STATUSES, TaskStatus),
        (views.TASK_KINDS, TaskKind),
        (views.REMINDER_KINDS, ReminderKind),
    ],
    ids=["task status", "task kind", "reminder kind"],
)
def test_render_knows_every_value_storage_has(known: tuple[str, ...], enum: type[StrEnum]) -> None:
    """A member storage adds must get a place (and a text) on the render side too."""
    assert sorted(known) == sorted(member.value for member in enum)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_reminder_buttons_are_plain_rows_carrying_only_the_reminder_id(lang: Language) -> None:
    keyboard = reminder_buttons(42, lang)
    assert [[(b.text, b.callback_data) for b in row] for row in keyboard] == [
        [
            (t(lang, "button_done"), "r:42:done"),
            (t(lang, "button_day"), "r:42:day"),
            (t(lang, "button_week"), "r:42:week"),
        ]
    ]


def test_inline_markup_keeps_rows_order_and_callback_data() -> None:
    keyboard = [[Button("A", "a:1"), Button("B", "b:2")], [Button("C", "c:3")]]
    markup = inline_markup(keyboard)
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows == [[("A", "a:1"), ("B", "b:2")], [("C", "c:3")]]
