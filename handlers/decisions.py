"""Decision commands: /decision, /decisions, /repeal. (How /task links a new task to a
decision is `handlers.common.links`.)

Decisions are numbered per chat and shown as `B <year>/<number>`; commands accept `7`, `#7`,
`2024/7`, `B 7` and `B 2024/7`. A decision is never edited: it is repealed (`/repeal`) or
amended by a later decision that says `ändert B 7` / `amends B 7`. Its confirmation carries
"📋 Aufgabe dazu" (handlers.task_cards asks for the task's title); `/decision` alone asks for
the text with a ForceReply.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from bot.i18n import format_day, t
from bot.language.records import (
    is_decision_ref,
    matches_all,
    parse_decision_ref,
    parse_decision_text,
    parse_reason,
    search_words,
    split_decision_ref,
)
from bot.language.votes import REJECTED
from bot.render.cards import decision_keyboard
from bot.render.minutes import register_ref
from bot.render.records import (
    render_decision_created,
    render_decision_list,
    render_decision_repealed,
    render_decision_view,
)
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.links import ref_text, replied_text, require_decision, require_in_force
from handlers.common.permissions import may_change
from handlers.common.prompting import ask_for
from handlers.common.refusals import refusals
from handlers.common.replies import Reply
from storage.cards import set_decision_card
from storage.meetings import get_meeting, open_meeting, present_count
from storage.models import Decision, Meeting, PendingPrompt, PromptKind, TaskStatus
from storage.records import (
    amendments_of,
    create_decision,
    decisions_by_id,
    get_decision,
    list_decisions,
    repeal_decision,
    tasks_of_decisions,
)

LATEST_DECISIONS = 15


def require_may_amend(ctx: CommandContext, decision: Decision) -> None:
    """`ändert B 7` changes what B 7 says: its author or an admin (like repealing it)."""
    creator = escape(decision.created_by_name or "?")
    refusal = UserError("not_permitted_amend", ref=register_ref(decision), creator=creator)
    ctx.require(may_change(ctx.user.id, decision.created_by_id), refusal)


@chat_command(usage_key="records_usage_decision")
def decision_command(ctx: CommandContext) -> str | Reply:
    """/decision: records a decision (text, optional vote) in the register and confirms it
    with "📋 Aufgabe dazu" under it; `/decision` alone asks for the text."""
    if not ctx.args.strip() and ctx.reply_to is None:
        return ask_for(ctx, PromptKind.DECISION_TEXT, "ask_decision_text")
    return new_decision(ctx)


def answer_decision_text(ctx: CommandContext, prompt: PendingPrompt) -> str | Reply:
    """The answer to "Was wurde beschlossen?": the decision, as `/decision <answer>`."""
    return new_decision(replace(ctx, reply_to=None))


def new_decision(ctx: CommandContext) -> Reply:
    chat = ctx.group()
    with refusals(ctx.lang, "records_usage_decision", "decision_text_missing"):
        draft = parse_decision_text(ctx.args, replied_text(ctx))
    amended = require_in_force(require_decision(ctx, draft.amends)) if draft.amends else None
    if amended is not None:
        require_may_amend(ctx, amended)
    meeting = open_meeting(ctx.session, chat.id)
    vote = draft.vote
    decision = create_decision(
        ctx.session,
        chat_id=chat.id,
        text=draft.text,
        year=ctx.local_now.year,
        votes=(vote.yes, vote.no, vote.abstain) if vote else (None, None, None),
        unanimous=vote is not None and vote.unanimous,
        result=vote.result if vote else None,
        meeting_id=meeting.id if meeting else None,
        amends_id=amended.id if amended else None,
        created_by_id=ctx.user.id,
        created_by_name=ctx.actor_name,
        now=ctx.now,
        message_thread_id=ctx.thread_id,
    )
    assert decision.id is not None
    decision_id = decision.id
    text = render_decision_created(decision, meeting, amended, ctx.tz, ctx.lang)
    # a rejected motion has nothing to carry out: no "📋 Aufgabe dazu" under it
    keyboard = None if decision.result == REJECTED else decision_keyboard(decision_id, ctx.lang)
    return Reply(
        text + vote_warning(ctx, decision, meeting),
        keyboard=keyboard,
        remember=lambda session, message_id: set_decision_card(session, decision_id, message_id),
    )


def vote_warning(ctx: CommandContext, decision: Decision, meeting: Meeting | None) -> str:
    """A short warning when a vote in a meeting counts more votes than people are there; the
    decision is stored anyway (the secretary decides what the record says)."""
    votes = sum(v or 0 for v in (decision.votes_yes, decision.votes_no, decision.votes_abstain))
    if meeting is None or meeting.id is None or not votes:
        return ""
    present = present_count(ctx.session, meeting.id)
    if votes <= present:
        return ""
    return "\n" + t(ctx.lang, "decision_votes_exceed", votes=votes, present=present)


def decision_view(ctx: CommandContext, decision: Decision) -> str:
    assert decision.id is not None
    meeting = get_meeting(ctx.session, decision.meeting_id) if decision.meeting_id else None
    amended = decisions_by_id(ctx.session, [decision.amends_id]).get(decision.amends_id or 0)
    return render_decision_view(
        decision,
        meeting=meeting,
        amended=amended,
        amendments=amendments_of(ctx.session, decision),
        tasks=tasks_of_decisions(ctx.session, [decision.id])[decision.id],
        tz=ctx.tz,
        lang=ctx.lang,
        now=ctx.now,
    )


@chat_command(usage_key="records_usage_decisions")
def decisions_command(ctx: CommandContext) -> str:
    """/decisions: the latest decisions, those containing all the words, or one in full."""
    chat = ctx.group()
    if is_decision_ref(ctx.args):
        ref = parse_decision_ref(ctx.args)
        named = get_decision(ctx.session, chat.id, ref.number, ref.year)
        if named is not None:
            return decision_view(ctx, named)
        if not ctx.args.strip().lstrip("#").isdigit():  # `B 9`, `2024/9`: clearly a number
            raise UserError("decision_unknown", ref=ref_text(ref))
        # a bare number that is no decision, e.g. a year: search for it
    register = list_decisions(ctx.session, chat.id)
    words = search_words(ctx.args)
    if not words:
        if not register:
            return t(ctx.lang, "decisions_empty", usage=t(ctx.lang, "records_usage_decision"))
        latest = register[:LATEST_DECISIONS]
        header = (
            t(ctx.lang, "decisions_header", count=len(latest))
            if len(latest) == len(register)
            else t(ctx.lang, "decisions_header_latest", count=len(latest), total=len(register))
        )
        return render_decision_list(header, latest, ctx.tz, ctx.lang)
    found = [d for d in register if matches_all(words, d.text)]
    shown = escape(" ".join(ctx.args.split())[:100])
    if not found:
        return t(ctx.lang, "decisions_search_empty", words=shown)
    header = t(ctx.lang, "decisions_search_header", words=shown, count=len(found))
    return render_decision_list(header, found, ctx.tz, ctx.lang)


@chat_command(usage_key="records_usage_repeal")
def repeal_command(ctx: CommandContext) -> str:
    """/repeal: marks a decision repealed, with date and reason; the register keeps it."""
    with refusals(ctx.lang, "records_usage_repeal", "decision_number_missing"):
        ref, rest = split_decision_ref(ctx.args)
        reason = parse_reason(rest)
    if ref is None:
        raise UserError("decision_number_missing", usage=t(ctx.lang, "records_usage_repeal"))
    decision = require_decision(ctx, ref)
    assert decision.id is not None
    if decision.repealed_at is not None:
        day = format_day(decision.repealed_at.astimezone(ctx.tz), ctx.lang)
        return t(ctx.lang, "decision_already_repealed", ref=register_ref(decision), day=day)
    creator = escape(decision.created_by_name or "?")
    refusal = UserError("not_permitted_repeal", ref=register_ref(decision), creator=creator)
    ctx.require(may_change(ctx.user.id, decision.created_by_id), refusal)
    repeal_decision(
        ctx.session, decision, reason=reason, by_id=ctx.user.id, by_name=ctx.actor_name, now=ctx.now
    )
    tasks = tasks_of_decisions(ctx.session, [decision.id])[decision.id]
    still_open = [v for v in tasks if v.task.status == TaskStatus.OPEN.value]
    return render_decision_repealed(decision, still_open, ctx.lang)


DECISION_COMMANDS = (
    Command(
        "decision",
        "beschluss",
        decision_command,
        "Record a decision: text [unanimous | 5:0:1]",
        "Beschluss festhalten: Text [einstimmig | 5:0:1]",
        menus=("group",),
    ),
    Command(
        "decisions",
        "beschluesse",
        decisions_command,
        "Register of decisions, search",
        "Beschlussregister, Suche",
    ),
    Command("repeal", "aufheben", repeal_command, "Repeal a decision", "Beschluss aufheben"),
)
