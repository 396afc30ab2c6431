"""A task's card as the handlers send and edit it: its text for the task as stored now, and
the buttons under it — the card's row, the due date choices or the owner picker. Shared by
the commands that answer with a card (/aufgabe, /wiedervorlage, /frist 3, /zuweisen 3) and the
card's buttons (handlers.task_cards).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.i18n import Language, format_due, t
from bot.language.quick_dates import NO_DATE, quick_due
from bot.render.cards import (
    OWNERS_PER_PAGE,
    Candidate,
    card_keyboard,
    due_keyboard,
    owner_keyboard,
    render_card,
)
from bot.render.keyboards import Keyboard
from handlers.common.context import CommandContext
from handlers.common.outbox import Edit, queue
from handlers.common.replies import Reply
from storage.cards import chat_members, set_task_card
from storage.models import Task, TaskStatus
from storage.tasks import TaskView, set_due, view_tasks

UNDO_WINDOW = timedelta(minutes=10)  # ↩️ undoes a creation this long


def may_still_undo(task: Task, now: datetime) -> bool:
    return now - task.created_at <= UNDO_WINDOW


def row_keyboard(task: Task, lang: Language, now: datetime) -> Keyboard:
    assert task.id is not None
    undo = task.status != TaskStatus.OPEN or may_still_undo(task, now)
    return card_keyboard(task.id, task.status, lang, undo=undo)


def candidates(session: Session, task: Task) -> list[Candidate]:
    return [Candidate(m.user_id, m.first_name) for m in chat_members(session, task.chat_id)]


def picker_keyboard(session: Session, task: Task, lang: Language, page: int) -> Keyboard:
    assert task.id is not None
    (view,) = view_tasks(session, [task])
    owners = {o.user_id for o in view.owners if o.user_id is not None}
    return owner_keyboard(task.id, candidates(session, task), owners, page, lang)


def page_of(session: Session, task: Task, user_id: int) -> int:
    """The picker's page that shows this member."""
    ids = [c.user_id for c in candidates(session, task)]
    return ids.index(user_id) // OWNERS_PER_PAGE if user_id in ids else 0


def card_text(
    session: Session,
    task: Task,
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
    *,
    created: bool = False,
    view: TaskView | None = None,
) -> str:
    """The card's text; `view` is the task with its owners when the caller has them already
    (a task just made), else they are read."""
    if view is None:
        (view,) = view_tasks(session, [task])
    return render_card(view, tz, lang, now, created=created)


def card_reply(
    ctx: CommandContext,
    task: Task,
    keyboard: Keyboard | None = None,
    *,
    created: bool = False,
    view: TaskView | None = None,
) -> Reply:
    """The task's card as a new message, which becomes the task's card (the old one's buttons
    stop counting); with the card's row unless `keyboard` is given. `created`: the reply to
    the command that made the task (it says "angelegt"); `view`: as for `card_text`."""
    assert task.id is not None
    task_id = task.id
    text = card_text(ctx.session, task, ctx.tz, ctx.lang, ctx.now, created=created, view=view)
    return Reply(
        text,
        keyboard=row_keyboard(task, ctx.lang, ctx.now) if keyboard is None else keyboard,
        remember=lambda session, message_id: set_task_card(session, task_id, message_id),
    )


def due_choices(task: Task, lang: Language, *, private: bool = False) -> Keyboard:
    """The quick choices; in a private chat without "andere …" and the way back (no card)."""
    assert task.id is not None
    return due_keyboard(task.id, lang, private=private)


def set_quick_due(ctx: CommandContext, task: Task, choice: str) -> str:
    """Set the due date a quick choice means (as /frist does); the answer for the presser."""
    if choice == NO_DATE:
        set_due(ctx.session, task, None, False, ctx.actor, ctx.now, planner=ctx.planner)
        return t(ctx.lang, "task_due_cleared", number=task.number, title=escape(task.title))
    due = quick_due(choice, ctx.local_now)
    due_at = due.to_utc(ctx.tz)
    set_due(ctx.session, task, due_at, due.at is not None, ctx.actor, ctx.now, planner=ctx.planner)
    when = format_due(due_at, due.at is not None, ctx.tz, ctx.lang)
    return t(ctx.lang, "card_due_ok", number=task.number, due=when)


def queue_card_edit(ctx: CommandContext, task: Task, keyboard: Keyboard | None = None) -> None:
    """Edit the task's card, once the change is saved, to show the task as it is now (a typed
    /erledigt 3 updates the card as ✅ under it would). Only inside a `rich_command`."""
    if task.card_message_id is not None:
        text = card_text(ctx.session, task, ctx.tz, ctx.lang, ctx.now)
        rows = row_keyboard(task, ctx.lang, ctx.now) if keyboard is None else keyboard
        queue(Edit(task.card_message_id, text, ctx.lang, keyboard=rows))
