"""The render side's own description of its data (bot/render/views.py) against storage's.

render compares statuses and kinds with plain strings and never imports storage; these tests
may import both, so a value renamed on one side only fails here instead of silently rendering
a done task as open.
"""

from __future__ import annotations

from enum import StrEnum

import pytest

from bot.render import views
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
