"""Pure rendering of the messages the dispatcher sends: task reminders with their buttons,
follow-up questions, plain reminders — several falling due in the same minute as one message
with a compact button row per item — the weekly digest, and a planned meeting's reminders
(their text is bot.render.invitation's).

A task reminder says what is true when it is sent, not what its row was planned as: a
"due today" snoozed to the next day says "overdue since"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_due, t
from bot.render.html_split import cap_message, more_marker, visible_length
from bot.render.invitation import Answer, Plan, render_plan_reminder
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
    Owner,
    TaskView,
)

DIGEST_LOOKAHEAD = timedelta(days=7)
# The digest shows at most this many lines per section (tasks per person), then "+ M more".
DIGEST_SECTION_LINES = 10
DIGEST_TITLE_LENGTH = 40  # a title in the by-person lines, cut with "…"
OWNERS_TEXT_LIMIT = 2500  # characters of owners' names under one reminder
TASK_REMINDER_KINDS = (REMINDER_BEFORE, REMINDER_DUE, REMINDER_OVERDUE)
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
    plan: Plan | None = None  # a planned meeting's reminder: the plan and its answers
    answers: Sequence[Answer] = field(default_factory=list)


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
    """The text (HTML) and buttons of one reminder; a reminder with buttons is one message,
    capped to Telegram's limit (a digest has none and may be split by the sender)."""
    if content.kind == REMINDER_DIGEST:
        text = render_digest(
            content.open_tasks, content.followups, content.decisions, tz, lang, now
        )
        return late_note(content, tz, lang) + text, None
    if content.plan is not None:
        text = render_plan_reminder(content.kind, content.plan, content.answers, tz, lang, now)
        return cap_message(late_note(content, tz, lang) + text, more_marker(lang)), None
    text = late_note(content, tz, lang) + render_item(content, tz, lang, now)
    return cap_message(text, more_marker(lang)), reminder_buttons(content.reminder_id, lang)


def render_reminder_batch(
    contents: Sequence[ReminderContent], tz: ZoneInfo, lang: Language, now: datetime
) -> tuple[str, Keyboard | None]:
    """Task reminders of one chat that fall due in the same minute: one message, one compact
    button row per item (✅ #n, +1 day, +1 week). A single one is the ordinary reminder."""
    contents = one_per_task(contents)
    if len(contents) == 1:
        return render_reminder_message(contents[0], tz, lang, now)
    # they fell due in the same minute: late, they say so once, at the top
    late = next((late_note(c, tz, lang) for c in contents if c.late), "")
    text = late + "\n\n".join(render_item(c, tz, lang, now) for c in contents)
    rows: list[Sequence[Button]] = []
    for content in contents:
        assert content.task is not None, "task reminders need their task"
        rows += compact_buttons(content.reminder_id, content.task.task.number, lang)
    return cap_message(text, more_marker(lang)), rows


def one_per_task(contents: Sequence[ReminderContent]) -> list[ReminderContent]:
    """A task named twice in one message (a snoozed copy falling due with the next reminder)
    is shown once; both reminders are still marked sent with this message."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for content in contents:
        task = content.task.task if content.task is not None else None
        key = (task.chat_id, task.number) if task is not None else (0, -content.reminder_id)
        if key not in seen:
            seen.add(key)
            unique.append(content)
    return unique


def compact_buttons(reminder_id: int, number: int, lang: Language) -> Keyboard:
    return [
        [
            Button(t(lang, "button_done_item", number=number), f"r:{reminder_id}:done"),
            Button(t(lang, "button_day_short"), f"r:{reminder_id}:day"),
            Button(t(lang, "button_week_short"), f"r:{reminder_id}:week"),
        ]
    ]


def late_note(content: ReminderContent, tz: ZoneInfo, lang: Language) -> str:
    if not content.late:
        return ""
    when = format_due(content.scheduled_for, True, tz, lang)
    return t(lang, "reminder_late", when=when) + "\n"


def render_item(content: ReminderContent, tz: ZoneInfo, lang: Language, now: datetime) -> str:
    assert content.task is not None, "task reminders need their task"
    kind = current_kind(content.kind, content.task, tz, now)
    return render_task_reminder(kind, content.task, tz, lang)


def current_kind(kind: str, view: TaskView, tz: ZoneInfo, now: datetime) -> str:
    """Which task reminder is true at `now`: tomorrow, today or overdue, whatever the row was
    planned as (a snoozed or late one is sent on another day)."""
    due_at = view.task.due_at
    if kind not in TASK_REMINDER_KINDS or due_at is None:
        return kind
    days = (due_at.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days < 0 or (days == 0 and view.task.due_has_time and due_at <= now):
        return REMINDER_OVERDUE
    if days == 0:
        return REMINDER_DUE
    return REMINDER_BEFORE if days == 1 else kind


def render_task_reminder(kind: str, view: TaskView, tz: ZoneInfo, lang: Language) -> str:
    task = view.task
    due = format_due(task.due_at, task.due_has_time, tz, lang) if task.due_at else ""
    text = t(lang, KIND_KEYS[kind], number=task.number, title=escape(task.title), due=due)
    if view.owners:
        text += "\n" + t(lang, "owners_label", owners=render_owner_list(view.owners, lang))
    return text


def render_owner_list(owners: Sequence[Owner], lang: Language) -> str:
    """The owners, up to OWNERS_TEXT_LIMIT characters shown; the rest counted ("… +N more"),
    so a reminder with its buttons stays one message however many people it names."""
    shown: list[Owner] = []
    for owner in owners:
        if visible_length(render_owners([*shown, owner])) > OWNERS_TEXT_LIMIT:
            rest = t(lang, "message_more", count=len(owners) - len(shown))
            return f"{render_owners(shown)}, {rest}"
        shown.append(owner)
    return render_owners(shown)


def render_digest(
    open_tasks: Sequence[TaskView],
    followups: Sequence[TaskView],
    decisions: Sequence[Decision],
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
) -> str:
    """The weekly overview: overdue, due within 7 days, everything by person (with titles),
    follow-ups, and the decisions of the past week; each section at most
    `DIGEST_SECTION_LINES` lines, then "+ M more"."""
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
            lines += capped([render_task_line(v, tz, lang, now) for v in views], lang)
    if open_tasks:
        lines += ["", t(lang, "digest_by_person", count=len(open_tasks))]
        people = group_by_owner(open_tasks, t(lang, "digest_unassigned"))
        lines += capped([render_person_line(o, views, lang) for o, views in people], lang)
    if followups:
        lines += ["", t(lang, "digest_followups", count=len(followups))]
        lines += capped([render_task_line(v, tz, lang, now) for v in followups], lang)
    if decisions:
        lines += ["", t(lang, "digest_decisions", count=len(decisions))]
        lines += capped([render_decision_line(d, tz, lang) for d in decisions], lang)
    return "\n".join(lines)


def capped(lines: list[str], lang: Language, limit: int = DIGEST_SECTION_LINES) -> list[str]:
    """At most `limit` lines; the rest become one "+ M more" line."""
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], t(lang, "digest_more", count=len(lines) - limit)]


def render_person_line(owner: str, views: Sequence[TaskView], lang: Language) -> str:
    """`Vera: #1 Flyer drucken · #4 Kasse prüfen` (+ M more past the section's limit)."""
    items = [f"#{v.task.number} {escape(short_title(v.task.title))}" for v in views]
    shown = capped(items, lang, DIGEST_SECTION_LINES)
    return f"{owner}: " + " · ".join(shown)


def short_title(title: str) -> str:
    if len(title) <= DIGEST_TITLE_LENGTH:
        return title
    return title[: DIGEST_TITLE_LENGTH - 1].rstrip() + "…"


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
