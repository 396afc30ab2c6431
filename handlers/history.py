"""/history (/verlauf): the trail of a task (`/verlauf 3`) or a decision (`/verlauf B 7`)."""

from __future__ import annotations

from bot.i18n import t
from bot.language.arguments import split_number
from bot.language.records import is_decision_ref, parse_decision_ref
from bot.render.history import render_history
from bot.render.minutes import register_ref
from handlers.common.context import Command, CommandContext, UserError, chat_command
from storage.audit import item_history
from storage.records import get_decision
from storage.tasks import get_tasks


@chat_command(usage_key="usage_history")
def history_command(ctx: CommandContext) -> str:
    """/history: who changed what of an item, and when."""
    chat = ctx.group()
    args = ctx.args.strip()
    if not args:
        raise UserError("number_missing", usage=t(ctx.lang, "usage_history"))
    if args[:1].lower() == "b" and is_decision_ref(args):
        ref = parse_decision_ref(args)
        decision = get_decision(ctx.session, chat.id, ref.number, ref.year)
        if decision is None:
            raise UserError("decision_unknown", ref=f"B {ref.number}")
        item_type, number, name = "decision", decision.number, register_ref(decision)
    else:
        task_number, _ = split_number(args)
        assert task_number is not None
        if task_number not in get_tasks(ctx.session, chat.id, [task_number]):
            raise UserError("task_unknown", number=task_number)
        item_type, number, name = "task", task_number, f"#{task_number}"
    events = item_history(ctx.session, chat.id, item_type, number)
    header = t(ctx.lang, "history_header", item=name, count=len(events))
    return render_history(header, events, ctx.tz, ctx.lang)


HISTORY_COMMANDS = (
    Command("history", "verlauf", history_command, "Who changed what", "Wer hat was geändert"),
)
