"""The task command that creates tasks: /task (the lists are handlers.lists').

Each handler parses its arguments, calls storage and renders the reply; the bookkeeping
around it (allow-list, transaction, refusals, sending) is `chat_command`'s.
"""

from __future__ import annotations

from bot.language.arguments import clean_title, parse_task_text
from bot.render.tasks import render_task_created
from handlers.common.context import Command, CommandContext, chat_command
from handlers.common.links import task_links
from handlers.common.owners import resolve_owners
from storage.tasks import create_task


@chat_command(usage_key="usage_task")
def task_command(ctx: CommandContext) -> str:
    """/task: records a task and confirms its number, owners and due date."""
    replied = ctx.reply_to.text or ctx.reply_to.caption if ctx.reply_to else None
    links = task_links(ctx)  # `zu B 7` / reply to a decision, and the open meeting
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
        message_thread_id=ctx.thread_id,
    )
    return render_task_created(view, ctx.tz, ctx.lang, ctx.now) + links.note(ctx.lang)


TASK_COMMANDS = (
    Command(
        "task",
        "aufgabe",
        task_command,
        "New task: title @person by date",
        "Neue Aufgabe: Titel @Person bis Datum",
        menus=("group",),
    ),
)
