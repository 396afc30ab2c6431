"""Decisions as commands name them (`B 7`, `2024/7`, or a reply to the bot's confirmation),
and what a new task, follow-up or reminder is linked to: a decision and the open meeting.

/decision, /repeal and /decisions look decisions up here; /task, /followup and /remind take
their links (`task_links`). An unknown or repealed decision is refused, so nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Language, t
from bot.language.records import DecisionRef, extract_task_link, ref_in_confirmation
from bot.render.minutes import register_ref
from handlers.common.context import CommandContext, UserError
from storage.meetings import open_meeting_id
from storage.models import TITLE_MAX_LENGTH, Decision
from storage.records import get_decision


def ref_text(ref: DecisionRef) -> str:
    return f"B {ref.year}/{ref.number}" if ref.year else f"B {ref.number}"


def require_decision(ctx: CommandContext, ref: DecisionRef) -> Decision:
    decision = get_decision(ctx.session, ctx.group().id, ref.number, ref.year)
    if decision is None:
        raise UserError("decision_unknown", ref=ref_text(ref))
    return decision


def require_in_force(decision: Decision) -> Decision:
    if decision.repealed_at is not None:
        raise UserError("decision_link_repealed", ref=register_ref(decision))
    return decision


def replied_text(ctx: CommandContext) -> str | None:
    return (ctx.reply_to.text or ctx.reply_to.caption) if ctx.reply_to else None


# --- what a new task is linked to ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskLinks:
    """What a new task belongs to: `args` without the `zu B 7`, the open meeting, a decision."""

    args: str
    meeting_id: int | None
    decision: Decision | None

    @property
    def decision_id(self) -> int | None:
        return self.decision.id if self.decision is not None else None

    @property
    def fallback_title(self) -> str | None:
        """Replying to a decision's confirmation without a title: the decision is the title."""
        if self.decision is None:
            return None
        text = self.decision.text
        return text if len(text) <= TITLE_MAX_LENGTH else text[: TITLE_MAX_LENGTH - 1] + "…"

    def note(self, lang: Language) -> str:
        """A line for the task's confirmation naming the decision, or nothing."""
        if self.decision is None:
            return ""
        return "\n" + t(lang, "task_linked_decision", ref=register_ref(self.decision))


def _replied_to_bot(ctx: CommandContext) -> bool:
    sender = ctx.reply_to.from_user if ctx.reply_to else None
    return sender is not None and sender.is_bot and sender.username == ctx.bot_username


def task_links(ctx: CommandContext) -> TaskLinks:
    """For /task (and follow-ups): `zu B 7` in the text, or a reply to a decision's confirmation;
    an unknown or repealed decision is refused, so nothing is stored."""
    chat = ctx.group()
    args, ref = extract_task_link(ctx.args)
    decision = require_in_force(require_decision(ctx, ref)) if ref else None
    if decision is None and _replied_to_bot(ctx):
        confirmed = ref_in_confirmation(replied_text(ctx))
        if confirmed is not None:
            found = get_decision(ctx.session, chat.id, confirmed.number, confirmed.year)
            decision = require_in_force(found) if found else None
    return TaskLinks(args, open_meeting_id(ctx.session, chat.id), decision)
