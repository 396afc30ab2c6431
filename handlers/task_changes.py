"""Task commands that change a task: /done, /reopen, /cancel, /assign, /due, /edit.

A change made by typing also edits the task's card in place. `/due 3` and `/assign 3` without
the rest answer with the task's card and the quick choices
or the owner picker under it (handlers.task_cards takes the presses). The due date is the
creator's and the owners' to set; the rest of a task is its creator's (and the admins').

Every command names tasks by their per-chat number (`3` or `#3`), and all but /edit take
several (`/cancel 3 4`, `/assign 3 4 @vera`, `/due 3 4 Friday`). Unknown numbers, and tasks
the user may not change, are refused before anything changes, so `/done 3 99` completes
nothing when #99 does not exist; the reply lists every task.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from bot.i18n import format_due, t
from bot.language.arguments import (
    DueMissingError,
    check_title,
    clean_title,
    parse_task_numbers,
    split_mentions,
    split_number,
    split_numbers,
    split_numbers_and_due,
)
from bot.language.dates import DateParseError
from bot.render.tasks import render_owners
from handlers.common.cards import card_reply, due_choices, picker_keyboard, queue_card_edit
from handlers.common.context import Command, CommandContext, UserError
from handlers.common.outbox import rich_command
from handlers.common.owners import resolve_owners
from handlers.common.replies import Reply
from handlers.common.task_rules import (
    require_may_change,
    require_may_complete,
    require_may_reopen,
    require_may_set_due,
)
from storage.models import Task, TaskStatus
from storage.tasks import get_tasks, replace_owners, set_due, set_status, set_title


def require_task(ctx: CommandContext, usage_key: str) -> tuple[Task, str]:
    """The task named by the first argument, and the rest of the arguments."""
    number, rest = split_number(ctx.args)
    if number is None:
        raise UserError("number_missing", usage=t(ctx.lang, usage_key))
    task = get_tasks(ctx.session, ctx.group().id, [number]).get(number)
    if task is None:
        raise UserError("task_unknown", number=number)
    return task, rest


def task_params(task: Task) -> dict[str, object]:
    return {"number": task.number, "title": escape(task.title)}


@rich_command(usage_key="usage_done")
def done_command(ctx: CommandContext) -> str:
    """/done: marks one or more tasks done and confirms each."""
    numbers = parse_task_numbers(ctx.args)
    if not numbers:
        raise UserError("number_missing", usage=t(ctx.lang, "usage_done"))
    found = get_tasks(ctx.session, ctx.group().id, numbers)
    missing = [f"#{n}" for n in numbers if n not in found]
    if missing:
        raise UserError("tasks_unknown", numbers=", ".join(missing))
    for number in numbers:
        require_may_complete(ctx, found[number])
    lines = []
    for number in numbers:
        task = found[number]
        if task.status == TaskStatus.DONE:
            lines.append(t(ctx.lang, "task_already_done", **task_params(task)))
        elif task.status == TaskStatus.CANCELLED:
            lines.append(t(ctx.lang, "task_is_cancelled", number=task.number))
        else:
            set_status(ctx.session, task, TaskStatus.DONE, ctx.actor, ctx.now, planner=ctx.planner)
            queue_card_edit(ctx, task)
            lines.append(t(ctx.lang, "task_done", **task_params(task)))
    return "\n".join(lines)


def require_tasks(ctx: CommandContext, numbers: list[int], usage_key: str) -> list[Task]:
    """The tasks with these numbers, in the order given; if any is unknown, none (so that a
    command on several tasks changes all of them or nothing)."""
    if not numbers:
        raise UserError("number_missing", usage=t(ctx.lang, usage_key))
    found = get_tasks(ctx.session, ctx.group().id, numbers)
    missing = [n for n in numbers if n not in found]
    if len(numbers) == 1 and missing:
        raise UserError("task_unknown", number=missing[0])
    if missing:
        raise UserError("tasks_unknown", numbers=", ".join(f"#{n}" for n in missing))
    return [found[n] for n in numbers]


def tasks_to_change(ctx: CommandContext, numbers: list[int], usage_key: str) -> list[Task]:
    """`require_tasks`, and the user may change every one of them (else nothing changes)."""
    tasks = require_tasks(ctx, numbers, usage_key)
    for task in tasks:
        require_may_change(ctx, task)
    return tasks


@rich_command(usage_key="usage_reopen")
def reopen_command(ctx: CommandContext) -> str:
    """/reopen: opens one or more done or cancelled tasks again."""
    tasks = require_tasks(ctx, split_numbers(ctx.args)[0], "usage_reopen")
    for task in tasks:
        require_may_reopen(ctx, task)
    lines = []
    for task in tasks:
        if task.status == TaskStatus.OPEN:
            lines.append(t(ctx.lang, "task_already_open", **task_params(task)))
        else:
            set_status(ctx.session, task, TaskStatus.OPEN, ctx.actor, ctx.now, planner=ctx.planner)
            queue_card_edit(ctx, task)
            lines.append(t(ctx.lang, "task_reopened", **task_params(task)))
    return "\n".join(lines)


@rich_command(usage_key="usage_cancel")
def cancel_command(ctx: CommandContext) -> str:
    """/cancel: marks one or more tasks cancelled; they stay in the record."""
    lines = []
    for task in tasks_to_change(ctx, split_numbers(ctx.args)[0], "usage_cancel"):
        if task.status == TaskStatus.CANCELLED:
            lines.append(t(ctx.lang, "task_already_cancelled", number=task.number))
        else:
            set_status(
                ctx.session, task, TaskStatus.CANCELLED, ctx.actor, ctx.now, planner=ctx.planner
            )
            queue_card_edit(ctx, task)
            lines.append(t(ctx.lang, "task_cancelled", **task_params(task)))
    return "\n".join(lines)


@rich_command(usage_key="usage_assign")
def assign_command(ctx: CommandContext) -> str | Reply:
    """/assign: sets who is responsible for one or more tasks (replacing previous owners);
    `/assign 3` alone offers the owner picker under the task's card."""
    numbers, rest = split_numbers(ctx.args)
    tasks = tasks_to_change(ctx, numbers, "usage_assign")
    _, names = split_mentions(rest)
    owners = resolve_owners(ctx, names)
    if not owners and len(tasks) == 1 and not rest.strip():
        task = tasks[0]
        picker = card_reply(ctx, task, picker_keyboard(ctx.session, task, ctx.lang, 0))
        hint = t(ctx.lang, "assign_missing", number=task.number)
        return replace(picker, text=f"{picker.text}\n\n{hint}")
    if not owners:
        raise UserError("assign_missing", number=tasks[0].number)
    for task in tasks:
        replace_owners(ctx.session, task, owners, ctx.actor, ctx.now)
        queue_card_edit(ctx, task)
    shown = render_owners(owners)
    return "\n".join(
        t(ctx.lang, "task_assigned", owners=shown, **task_params(task)) for task in tasks
    )


def tasks_to_date(ctx: CommandContext, numbers: list[int]) -> list[Task]:
    """`require_tasks`, and the user may set the due date of every one (creator or owner)."""
    tasks = require_tasks(ctx, numbers, "usage_due")
    for task in tasks:
        require_may_set_due(ctx, task)
    return tasks


@rich_command(usage_key="usage_due")
def due_command(ctx: CommandContext) -> str | Reply:
    """/due: sets, changes or (with `keine`/`none`) removes the due date of one or more tasks;
    `/due 3` alone offers the quick choices under the task's card."""
    try:
        numbers, due = split_numbers_and_due(ctx.args, ctx.local_now)
    except DueMissingError as error:
        tasks = tasks_to_date(ctx, error.numbers)
        if len(tasks) == 1:
            choices = card_reply(ctx, tasks[0], due_choices(tasks[0], ctx.lang))
            hint = t(ctx.lang, "due_missing", number=tasks[0].number)
            return replace(choices, text=f"{choices.text}\n\n{hint}")
        raise UserError("due_missing", number=tasks[0].number) from error
    except DateParseError:
        tasks_to_date(ctx, split_numbers(ctx.args)[0])  # unknown tasks first
        raise
    tasks = tasks_to_date(ctx, numbers)
    lines = []
    for task in tasks:
        if due is None:
            set_due(ctx.session, task, None, False, ctx.actor, ctx.now, planner=ctx.planner)
            queue_card_edit(ctx, task)
            lines.append(t(ctx.lang, "task_due_cleared", **task_params(task)))
            continue
        set_due(
            ctx.session,
            task,
            due.to_utc(ctx.tz),
            due.at is not None,
            ctx.actor,
            ctx.now,
            planner=ctx.planner,
        )
        queue_card_edit(ctx, task)
        when = format_due(due.to_utc(ctx.tz), due.at is not None, ctx.tz, ctx.lang)
        lines.append(t(ctx.lang, "task_due_set", due=when, **task_params(task)))
    return "\n".join(lines)


@rich_command(usage_key="usage_edit")
def edit_command(ctx: CommandContext) -> str:
    """/edit: gives a task a new title."""
    task, rest = require_task(ctx, "usage_edit")
    require_may_change(ctx, task)
    title = clean_title(rest)
    if not title:
        raise UserError("edit_missing", number=task.number)
    set_title(ctx.session, task, check_title(title), ctx.actor, ctx.now)
    queue_card_edit(ctx, task)
    return t(ctx.lang, "task_renamed", **task_params(task))


TASK_CHANGE_COMMANDS = (
    Command(
        "done",
        "erledigt",
        done_command,
        "Mark a task done",
        "Aufgabe erledigt",
        menus=("group",),
    ),
    Command("reopen", "wieder", reopen_command, "Reopen a task", "Aufgabe wieder öffnen"),
    Command(
        "assign",
        "zuweisen",
        assign_command,
        "Set who is responsible",
        "Verantwortliche festlegen",
        menus=("group",),
    ),
    Command("due", "frist", due_command, "Change a due date", "Frist ändern", menus=("group",)),
    Command("edit", "aendern", edit_command, "Change a title", "Titel ändern"),
    Command("cancel", "streichen", cancel_command, "Cancel a task", "Aufgabe streichen"),
)
