"""Pure rendering of the messages the dispatcher sends: task reminders with their buttons,
follow-up questions, plain reminders and the weekly digest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_due, t
from bot.render.keyboards import Button, Keyboard
from bot.render.records import render_decision_line
from bot.render.tasks import is_overdue, render_owners, render_task_line
from bot.render.views import (
    REMINDER_BEFORE,
    REMINDER_DIGEST,
    REMINDER_DUE,
    REMINDER_FOLLOWUP,
    REMINDER_OVERDUE,
    REMINDER_PLAIN,
    Decision,
    TaskView,
)

DIGEST_LOOKAHEAD = timedelta(days=7)
KIND_KEYS = {
    REMINDER_BEFORE: "reminder_before",
    REMINDER_DUE: "reminder_due",
    REMINDER_OVERDUE: "reminder_overdue",
    REMINDER_FOLLOWUP: "reminder_followup",
    REMINDER_PLAIN: "reminder_plain",
}


@dataclass(frozen=True)
class ReminderContent:
    reminder_id: int
    kind: str  # one of views.REMINDER_KINDS
    scheduled_for: datetime  # UTC
    late: bool
    task: TaskView | None
    open_tasks: Sequence[TaskView] = field(default_factory=list)
    followups: Sequence[TaskView] = field(default_factory=list)
    decisions: Sequence[Decision] = field(default_factory=list)


def reminder_buttons(reminder_id: int, lang: Language) -> Keyboard:
    """✅ done, ⏰ +1 day, ⏰ +1 week; the callback data carries only the reminder's id."""
    return [
        [
            Button(t(lang, "button_done"), f"r:{reminder_id}:done"),
            Button(t(lang, "button_day"), f"r:{reminder_id}:day"),
            Button(t(lang, "button_week"), f"r:{reminder_id}:week"),
        ]
    ]


def render_reminder_message(
    content: ReminderContent, tz: ZoneInfo, lang: Language, now: datetime
) -> tuple[str, Keyboard | None]:
    """The text (HTML) and buttons of one reminder."""
    if content.kind == REMINDER_DIGEST:
        text = render_digest(
            content.open_tasks, content.followups, content.decisions, tz, lang, now
        )
        buttons = None
    else:
        assert content.task is not None, "task reminders need their task"
        text = render_task_reminder(content.kind, content.task, tz, lang)
        buttons = reminder_buttons(content.reminder_id, lang)
    if content.late:
        when = format_due(content.scheduled_for, True, tz, lang)
        text = t(lang, "reminder_late", when=when) + "\n" + text
    return text, buttons


def render_task_reminder(kind: str, view: TaskView, tz: ZoneInfo, lang: Language) -> str:
    task = view.task
    due = format_due(task.due_at, task.due_has_time, tz, lang) if task.due_at else ""
    text = t(lang, KIND_KEYS[kind], number=task.number, title=escape(task.title), due=due)
    if view.owners:
        text += "\n" + t(lang, "owners_label", owners=render_owners(view.owners))
    return text


def render_digest(
    open_tasks: Sequence[TaskView],
    followups: Sequence[TaskView],
    decisions: Sequence[Decision],
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
) -> str:
    """The weekly overview: overdue, due within 7 days, everything by person, follow-ups,
    and the decisions of the past week."""
    lines = [t(lang, "digest_header")]
    if not open_tasks and not followups and not decisions:
        return "\n".join([*lines, t(lang, "digest_empty")])
    overdue = [v for v in open_tasks if is_overdue(v.task, now)]
    soon = [
        v
        for v in open_tasks
        if v.task.due_at is not None and now <= v.task.due_at < now + DIGEST_LOOKAHEAD
    ]
    for key, views in (("digest_overdue", overdue), ("digest_due_soon", soon)):
        if views:
            lines += ["", t(lang, key, count=len(views))]
            lines += [render_task_line(v, tz, lang, now) for v in views]
    if open_tasks:
        lines += ["", t(lang, "digest_by_person", count=len(open_tasks))]
        for owner, views in group_by_owner(open_tasks, t(lang, "digest_unassigned")):
            numbers = ", ".join(f"#{v.task.number}" for v in views)
            lines.append(f"{owner}: {numbers}")
    if followups:
        lines += ["", t(lang, "digest_followups", count=len(followups))]
        lines += [render_task_line(v, tz, lang, now) for v in followups]
    if decisions:
        lines += ["", t(lang, "digest_decisions", count=len(decisions))]
        lines += [render_decision_line(d, tz, lang) for d in decisions]
    return "\n".join(lines)


def group_by_owner(views: Sequence[TaskView], unassigned: str) -> list[tuple[str, list[TaskView]]]:
    """(owner as HTML, their tasks) in order of first appearance; unowned tasks last."""
    groups: dict[str, list[TaskView]] = {}
    nobody: list[TaskView] = []
    for view in views:
        if not view.owners:
            nobody.append(view)
        for owner in view.owners:
            groups.setdefault(render_owners([owner]), []).append(view)
    result = list(groups.items())
    if nobody:
        result.append((escape(unassigned), nobody))
    return result
