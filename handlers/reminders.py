"""Follow-ups and plain reminders: /followup, /remind, /reminders.

A follow-up (Wiedervorlage) is a question the bot asks the group on a schedule until someone
settles it with ✅ or /done; a plain reminder is said once or on a schedule. Both are tasks of
their own kind (so /done, /cancel and the numbers work alike); their next time is `due_at`.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from bot.i18n import format_due, t
from bot.language.arguments import check_title, clean_title, split_mentions
from bot.language.schedule import Recurrence, split_schedule
from bot.render.recurrence import describe_recurrence
from handlers.common.cards import card_reply
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.links import task_links
from handlers.common.owners import resolve_owners
from handlers.common.replies import Reply
from storage.models import TaskKind
from storage.tasks import TaskView, create_task, list_tasks

KIND_KEYS = {TaskKind.FOLLOWUP: "followup_created", TaskKind.REMINDER: "remind_created"}


def describe_schedule(ctx: CommandContext, view: TaskView) -> str:
    """`jeden Montag um 18:00, zuerst am Mo, 24.06.2024, 18:00 Uhr` and the like."""
    task = view.task
    assert task.due_at is not None
    first = format_due(task.due_at, True, ctx.tz, ctx.lang)
    if (rule := _stored_rule(task.recurrence)) is not None:
        described = describe_recurrence(rule, ctx.lang)
        return t(ctx.lang, "schedule_recurring", rule=escape(described), first=first)
    if task.kind == TaskKind.FOLLOWUP:
        return t(ctx.lang, "schedule_followup_once", first=first)
    return t(ctx.lang, "schedule_once", first=first)


def _stored_rule(text: str | None) -> Recurrence | None:
    """The stored RRULE; a text the bot cannot read (none that migration 0013 knew) is shown
    as the next date alone rather than failing the listing."""
    try:
        return Recurrence.from_text(text) if text else None
    except ValueError:
        return None


def create_scheduled(ctx: CommandContext, kind: TaskKind, missing_key: str) -> str | Reply:
    """Shared body of /followup and /remind: text, owners, schedule → stored and confirmed."""
    links = task_links(ctx)  # `zu B 7` and the open meeting, as for /task
    without_mentions, names = split_mentions(links.args)
    if not clean_title(without_mentions):
        raise UserError(missing_key)
    title, schedule = split_schedule(without_mentions, ctx.local_now, ctx.group().reminder_hour)
    view = create_task(
        ctx.session,
        chat_id=ctx.group().id,
        title=check_title(clean_title(title)),
        owners=resolve_owners(ctx, names),
        due_at=schedule.first,
        due_has_time=True,
        created_by_id=ctx.user.id,
        created_by_name=ctx.actor_name,
        now=ctx.now,
        planner=ctx.planner,
        kind=kind,
        recurrence=schedule.recurrence.to_text() if schedule.recurrence else None,
        meeting_id=links.meeting_id,
        decision_id=links.decision_id,
        message_thread_id=ctx.thread_id,
    )
    head = t(ctx.lang, KIND_KEYS[kind], number=view.task.number, title=escape(view.task.title))
    text = f"{head}\n{describe_schedule(ctx, view)}" + links.note(ctx.lang)
    if kind != TaskKind.FOLLOWUP:
        return text
    # a follow-up's card: its buttons
    return replace(card_reply(ctx, view.task, created=True), text=text)


@chat_command(usage_key="usage_followup")
def followup_command(ctx: CommandContext) -> str | Reply:
    """/followup: a question asked again on a schedule until someone settles it."""
    return create_scheduled(ctx, TaskKind.FOLLOWUP, "followup_missing")


@chat_command(usage_key="usage_remind")
def remind_command(ctx: CommandContext) -> str | Reply:
    """/remind: a reminder said once or on a schedule."""
    return create_scheduled(ctx, TaskKind.REMINDER, "remind_missing")


@chat_command(usage_key="usage_remind")
def reminders_command(ctx: CommandContext) -> str:
    """/reminders: the pending follow-ups and reminders with their next time."""
    views = list_tasks(ctx.session, ctx.group().id, kinds=(TaskKind.FOLLOWUP, TaskKind.REMINDER))
    if not views:
        return t(ctx.lang, "reminders_empty")
    lines = [t(ctx.lang, "reminders_header", count=len(views))]
    for view in views:
        icon = "🔁" if view.task.kind == TaskKind.FOLLOWUP else "🔔"
        lines.append(
            f"{icon} <b>#{view.task.number}</b> {escape(view.task.title)} · "
            + describe_schedule(ctx, view)
        )
    return "\n".join(lines)


REMINDER_COMMANDS = (
    Command(
        "followup",
        "wiedervorlage",
        followup_command,
        "Ask again until settled: text every Monday",
        "Wiedervorlage: Text jeden Montag",
        menus=("group",),
    ),
    Command(
        "remind",
        "erinnere",
        remind_command,
        "Reminder: text when",
        "Erinnerung: Text wann",
        menus=("group",),
    ),
    Command(
        "reminders",
        "erinnerungen",
        reminders_command,
        "Reminders and follow-ups",
        "Erinnerungen und Wiedervorlagen",
    ),
)
