"""The task command that creates tasks: /task (the lists are handlers.lists').

/task answers with the task's card (its buttons: handlers.task_cards); /task alone asks for
the title with a ForceReply, and the member's reply makes the task (`answer_task_title`).

Each handler parses its arguments, calls storage and renders the reply; the bookkeeping
around it (allow-list, transaction, refusals, sending) is `chat_command`'s.
"""

from __future__ import annotations

from dataclasses import replace

from bot.language.arguments import clean_title, parse_task_text
from bot.render.minutes import register_ref
from handlers.common.cards import card_reply
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.links import task_links
from handlers.common.owners import resolve_owners
from handlers.common.prompting import ask_for
from handlers.common.replies import Reply
from storage.models import Decision, PendingPrompt, PromptKind
from storage.tasks import create_task


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
        message_thread_id=ctx.thread_id,
    )
    card = card_reply(ctx, view.task, created=True, view=view)  # owners as just stored
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
