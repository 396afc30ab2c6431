"""Pure rendering of replies as Telegram HTML. Everything users typed goes through `escape`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_due, t
from bot.render.html_split import TELEGRAM_TEXT_LIMIT as TELEGRAM_TEXT_LIMIT  # older imports
from bot.render.html_split import split_message as split_message
from bot.render.html_split import text_length
from bot.render.views import STATUS_CANCELLED, STATUS_DONE, STATUS_OPEN, Owner, Task, TaskView


def render_owner(owner: Owner) -> str:
    """A member link notifies the person; a bare name is shown as typed."""
    if owner.user_id is not None:
        return f'<a href="tg://user?id={owner.user_id}">{escape(owner.name)}</a>'
    return escape(owner.name)


def render_owners(owners: Iterable[Owner]) -> str:
    return ", ".join(render_owner(owner) for owner in owners)


def is_overdue(task: Task, now: datetime) -> bool:
    return task.status == STATUS_OPEN and task.due_at is not None and task.due_at < now


def render_due(task: Task, tz: ZoneInfo, lang: Language, now: datetime) -> str:
    if task.due_at is None:
        return ""
    text = t(lang, "due_label", due=format_due(task.due_at, task.due_has_time, tz, lang))
    return f"{text} ({t(lang, 'overdue')})" if is_overdue(task, now) else text


def clip_title(title: str, limit: int | None) -> str:
    """The title, or its first `limit` characters ending in "…" when it is longer."""
    if limit is None or len(title) <= limit:
        return title
    return title[: limit - 1].rstrip() + "…"


def render_task_line(
    view: TaskView, tz: ZoneInfo, lang: Language, now: datetime, title_limit: int | None = None
) -> str:
    """One line of a task list: marker, number, title (shortened to `title_limit`
    characters, if given), owners, due date."""
    task = view.task
    title = escape(clip_title(task.title, title_limit))
    parts = [f"<b>#{task.number}</b> {title}"]
    if task.status == STATUS_DONE:
        parts = [f"✅ <b>#{task.number}</b> <s>{title}</s>", t(lang, "status_done")]
    elif task.status == STATUS_CANCELLED:
        parts = [f"🗑 <b>#{task.number}</b> <s>{title}</s>", t(lang, "status_cancelled")]
    elif is_overdue(task, now):
        parts[0] = "⚠️ " + parts[0]
    else:
        parts[0] = "▫️ " + parts[0]
    if view.owners:
        parts.append(render_owners(view.owners))
    if task.status == STATUS_OPEN and task.due_at is not None:
        parts.append(render_due(task, tz, lang, now))
    return " · ".join(parts)


def render_task_details(view: TaskView, tz: ZoneInfo, lang: Language, now: datetime) -> str:
    """The owner and due-date lines under a confirmation."""
    lines = []
    if view.owners:
        lines.append(t(lang, "owners_label", owners=render_owners(view.owners)))
    if view.task.due_at is not None:
        lines.append("📅 " + render_due(view.task, tz, lang, now))
    return "\n".join(lines)


def render_task_created(view: TaskView, tz: ZoneInfo, lang: Language, now: datetime) -> str:
    head = t(lang, "task_created", number=view.task.number, title=escape(view.task.title))
    details = render_task_details(view, tz, lang, now)
    return f"{head}\n{details}" if details else head


def render_task_list(
    header: str, views: Sequence[TaskView], tz: ZoneInfo, lang: Language, now: datetime
) -> str:
    lines = [header, *(render_task_line(view, tz, lang, now) for view in views)]
    return "\n".join(lines)


def render_grouped_task_list(
    header: str, views: Sequence[TaskView], tz: ZoneInfo, lang: Language, now: datetime
) -> str:
    """Tasks from several groups (private chat), under one heading per group."""
    ordered = sorted(views, key=lambda v: (v.chat_title or "", v.task.chat_id))
    return "\n".join([header, *grouped_lines(ordered, tz, lang, now)])


def grouped_lines(
    views: Sequence[TaskView],
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
    title_limit: int | None = None,
) -> list[str]:
    """Task lines in the given order, with a group's heading before its first task (the
    order must keep each group's tasks together)."""
    lines = []
    current_chat: int | None = None
    for view in views:
        if view.task.chat_id != current_chat:
            current_chat = view.task.chat_id
            lines.append(f"\n<b>{escape(view.chat_title or '')}</b>")
        lines.append(render_task_line(view, tz, lang, now, title_limit))
    return lines


# Replies are capped at three messages: 3 × 4,096 characters hold ~100 task lines, more than
# anyone reads in a chat, and they leave most of a group's 20 messages a minute (Telegram's
# limit) to the other commands, instead of one `/aufgaben alle` taking the group's window for
# a quarter of an hour. The rest is a file away: /export.
MAX_REPLY_MESSAGES = 3


def cap_messages(
    text: str,
    lang: Language,
    max_messages: int = MAX_REPLY_MESSAGES,
    limit: int = TELEGRAM_TEXT_LIMIT,
) -> list[str]:
    """`text` as at most `max_messages` messages (split as `split_message` does); a text that
    needs more ends, after the lines that fit, with "… und N weitere: /export" (N: the
    non-blank lines left out)."""
    chunks = split_message(text, limit)
    if len(chunks) <= max_messages:
        return chunks
    lines = text.split("\n")
    kept, budget = 0, max_messages * limit  # more than this can never fit: stop counting there
    while kept < len(lines) and budget > 0:
        budget -= text_length(lines[kept]) + 1
        kept += 1
    low, high = 0, kept  # the most lines that fit together with the footer: a binary search
    while low < high:
        middle = (low + high + 1) // 2
        if len(split_message(_with_footer(lines, middle, lang), limit)) <= max_messages:
            low = middle
        else:
            high = middle - 1
    return split_message(_with_footer(lines, low, lang), limit)


def _with_footer(lines: list[str], kept: int, lang: Language) -> str:
    left_out = sum(1 for line in lines[kept:] if line.strip())
    head = "\n".join(lines[:kept]).rstrip()
    footer = t(lang, "reply_capped", count=left_out)
    return f"{head}\n{footer}" if head else footer
