"""Task commands that create and show tasks: /task, /tasks, /mytasks.

/task answers with the task's card (its buttons: handlers.task_cards); /task alone asks for
the title with a ForceReply, and the member's reply makes the task (`answer_task_title`).

Each handler parses its arguments, calls storage and renders the reply; the bookkeeping
around it (allow-list, transaction, refusals, sending) is `chat_command`'s.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from bot.i18n import t
from bot.language.arguments import clean_title, parse_list_filter, parse_task_text
from bot.render.minutes import register_ref
from bot.render.tasks import render_grouped_task_list, render_task_list
from handlers.common.cards import card_reply
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.links import task_links
from handlers.common.names import member_named
from handlers.common.owners import resolve_owners
from handlers.common.prompting import ask_for
from handlers.common.replies import Reply
from storage.chats import member_chats
from storage.models import Decision, PendingPrompt, PromptKind, TaskKind, TaskStatus
from storage.tasks import TaskView, create_task, list_open_tasks_in_chats, list_tasks


def new_task(ctx: CommandContext, decision: Decision | None = None) -> Reply:
    """Record a task from `ctx.args` (as /task does) and answer with its card; `decision`
    links it to that decision (the answer to "📋 Aufgabe dazu")."""
    replied = ctx.reply_to.text or ctx.reply_to.caption if ctx.reply_to else None
    links = task_links(ctx)  # `zu B 7` / reply to a decision, and the open meeting
    if decision is not None:
        links = replace(links, decision=decision)
    replied = links.fallback_title or replied
    draft = parse_task_text(links.args, ctx.local_now, fallback_title=replied)
    view = create_task(
        ctx.session,
        chat_id=ctx.group().id,
        title=draft.title,
        owners=resolve_owners(ctx, draft.mentions),
        due_at=draft.due.to_utc(ctx.tz) if draft.due else None,
        due_has_time=draft.due is not None and draft.due.at is not None,
        created_by_id=ctx.user.id,
        created_by_name=ctx.actor_name,
        now=ctx.now,
        planner=ctx.planner,
        meeting_id=links.meeting_id,
        decision_id=links.decision_id,
        title_from_reply=replied is not None and draft.title == clean_title(replied),
    )
    card = card_reply(ctx, view.task)
    return replace(card, text=card.text + links.note(ctx.lang))


@chat_command(usage_key="usage_task")
def task_command(ctx: CommandContext) -> str | Reply:
    """/task: records a task and confirms its number, owners and due date on a card with
    buttons; `/task` alone asks for the title (the answer: `answer_task_title`)."""
    if not ctx.args.strip() and ctx.reply_to is None:
        return ask_for(ctx, PromptKind.TASK_TITLE, "ask_task_title")
    return new_task(ctx)


def answer_task_title(ctx: CommandContext, prompt: PendingPrompt) -> str | Reply:
    """The answer to "Wie heißt die Aufgabe?" (or to "📋 Aufgabe dazu"): the task, exactly as
    `/task <answer>` would make it."""
    decision = ctx.session.get(Decision, prompt.decision_id) if prompt.decision_id else None
    if decision is not None and decision.repealed_at is not None:
        raise UserError("decision_link_repealed", ref=register_ref(decision))
    return new_task(replace(ctx, reply_to=None), decision)


def my_groups(ctx: CommandContext) -> dict[int, str]:
    """The groups this user is a member of (and the bot serves), id → title; without those
    whose membership Telegram could not confirm just now."""
    allowed = ctx.settings.allowed_chat_ids or None
    chats = member_chats(ctx.session, ctx.user.id, allowed)
    return {chat.id: chat.title for chat in chats if chat.id not in ctx.withheld_chats}


def render_list(
    ctx: CommandContext, header_key: str, empty_key: str, views: list[TaskView], **params: str
) -> str:
    """A titled task list, or the `empty_key` text when there is nothing to show."""
    if not views:
        return t(ctx.lang, empty_key, **params)
    header = t(ctx.lang, header_key, count=len(views), **params)
    return render_task_list(header, views, ctx.tz, ctx.lang, ctx.now)


@chat_command(private=True, usage_key="usage_task")
def tasks_command(ctx: CommandContext) -> str:
    """/tasks: the open tasks, overdue first; `alle`, `überfällig` or `@name` filter them."""
    if ctx.chat is None:
        views = list_open_tasks_in_chats(ctx.session, my_groups(ctx))
        if not views:
            return t(ctx.lang, "private_list_empty")
        header = t(ctx.lang, "list_open_header", count=len(views))
        return render_grouped_task_list(header, views, ctx.tz, ctx.lang, ctx.now)
    wanted = parse_list_filter(ctx.args)
    if wanted is None:
        raise UserError("list_filter_unknown", text=escape(ctx.args[:100]))
    chat_id = ctx.chat.id
    if wanted.kind == "all":
        views = list_tasks(ctx.session, chat_id, statuses=tuple(TaskStatus))
        return render_list(ctx, "list_all_header", "list_empty", views)
    if wanted.kind == "overdue":
        views = list_tasks(ctx.session, chat_id, overdue_before=ctx.now)
        return render_list(ctx, "list_overdue_header", "list_overdue_empty", views)
    if wanted.kind == "member" and wanted.name is not None:
        member = member_named(ctx, chat_id, wanted.name)
        views = list_tasks(
            ctx.session,
            chat_id,
            owner_user_id=member.user_id if member else None,
            owner_name=wanted.name,
        )
        name = escape(member.first_name if member else wanted.name)
        return render_list(ctx, "list_member_header", "list_member_empty", views, name=name)
    # one query for both sections (this is the most used command); the order is kept
    both = list_tasks(ctx.session, chat_id, kinds=(TaskKind.TASK, TaskKind.FOLLOWUP))
    tasks = [view for view in both if view.task.kind == TaskKind.TASK.value]
    followups = [view for view in both if view.task.kind == TaskKind.FOLLOWUP.value]
    listing = render_list(ctx, "list_open_header", "list_empty", tasks)
    if followups:
        listing += "\n\n" + render_list(ctx, "list_followups_header", "list_empty", followups)
    return listing


@chat_command(private=True, usage_key="usage_task")
def mytasks_command(ctx: CommandContext) -> str:
    """/mytasks: my open tasks here, or in a private chat from all my groups."""
    if ctx.chat is None:
        views = list_open_tasks_in_chats(ctx.session, my_groups(ctx), owner_user_id=ctx.user.id)
        if not views:
            return t(ctx.lang, "mine_private_empty")
        header = t(ctx.lang, "mine_header", count=len(views))
        return render_grouped_task_list(header, views, ctx.tz, ctx.lang, ctx.now)
    views = list_tasks(ctx.session, ctx.chat.id, owner_user_id=ctx.user.id)
    return render_list(ctx, "mine_header", "mine_empty", views)


TASK_COMMANDS = (
    Command(
        "task",
        "aufgabe",
        task_command,
        "New task: title @person by date",
        "Neue Aufgabe: Titel @Person bis Datum",
    ),
    Command("tasks", "aufgaben", tasks_command, "Open tasks", "Offene Aufgaben"),
    Command("mytasks", "meine", mytasks_command, "My open tasks", "Meine offenen Aufgaben"),
)
