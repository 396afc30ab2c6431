"""The next meeting: `/sitzung nächste Mi 19 Uhr [Ort]` plans it, `/sitzung nächste` shows
the plan, `/sitzung nächste absagen` cancels it; the invitation's buttons "✅ Ich komme" /
"🙁 Ich bin verhindert" and the typed `/komme`, `/verhindert` answer it.

Planning posts the invitation (in the bot's topic if the admins chose one, else where the
command was written) with a calendar file, and plans the reminders the day before and an
hour before. One meeting is planned per chat: planning again moves it — the new invitation
says where it was before, the old one loses its buttons, the calendar file updates the same
event, the reminders move; the answers so far are kept. Moving or cancelling is for whoever
planned it and the admins; answering is anyone's in the group, for themself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from html import escape

from telegram import Chat as TelegramChat
from telegram import Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Language, format_day, t
from bot.language.dates import DateParseError
from bot.language.limits import PLACE_MAX_LENGTH
from bot.language.meeting_plan import (
    PlaceTooLongError,
    PlanAt,
    PlanCancel,
    PlanShow,
    PlanTimeMissingError,
    parse_plan_args,
)
from bot.language.schedule import local_instant
from bot.render.invitation import invitation_keyboard, render_moved_away, when
from bot.render.invitation_ics import invitation_filename, invitation_ics
from bot.render.keyboards import Keyboard
from bot.topics import posting_thread
from handlers.common.callbacks import InvitationPress, answer_quietly, parse_invitation_press
from handlers.common.context import (
    Command,
    CommandContext,
    Services,
    UserError,
    enter_chat,
    services,
)
from handlers.common.invitation import invitation_text, plan_agenda, queue_invitation_refresh
from handlers.common.outbox import Document, Edit, edit_message, queue, rich_command
from handlers.common.permissions import may_change
from handlers.common.replies import Reply
from handlers.common.senders import clip_names
from storage.models import MeetingPlan, PlanStatus
from storage.next_meeting import (
    cancel_plan,
    current_plan,
    get_plan,
    is_over,
    plan_meeting,
    record_answer,
    set_invitation_message,
)
from storage.reminders import sync_plan_reminders
from storage.updates import claim_update

log = logging.getLogger(__name__)

ANSWER_KEYS = {  # (coming, outcome) -> what the member is told
    (True, "new"): "invite_answer_coming",
    (True, "switched"): "invite_answer_coming",
    (False, "new"): "invite_answer_excused",
    (False, "switched"): "invite_answer_excused",
    (True, "same"): "invite_answer_same_coming",
    (False, "same"): "invite_answer_same_excused",
}


def refuse_unreadable(error: DateParseError) -> UserError:
    key = "next_meeting_past" if error.reason == "past" else "next_meeting_unreadable"
    return UserError(key, text=escape(error.text[:60]))


@rich_command(usage_key="next_meeting_usage")
def plan_command(ctx: CommandContext) -> str | Reply:
    """/sitzung nächste [Datum Uhrzeit [Ort] | absagen]."""
    ctx.group()
    try:
        request = parse_plan_args(ctx.args, ctx.local_now)
    except DateParseError as error:
        raise refuse_unreadable(error) from error
    except PlanTimeMissingError as error:
        day = format_day(datetime.combine(error.day, time(12), tzinfo=ctx.tz), ctx.lang)
        raise UserError("next_meeting_time_missing", day=day) from error
    except PlaceTooLongError as error:
        raise UserError("next_meeting_place_too_long", limit=PLACE_MAX_LENGTH) from error
    if isinstance(request, PlanShow):
        return show_plan(ctx)
    if isinstance(request, PlanCancel):
        return cancel_planned(ctx)
    return plan_at(ctx, request)


def require_plan(ctx: CommandContext) -> MeetingPlan:
    plan = current_plan(ctx.session, ctx.group().id, ctx.now)
    if plan is None:
        raise UserError("next_meeting_none")
    return plan


def require_planner(ctx: CommandContext, plan: MeetingPlan) -> None:
    refusal = UserError("not_permitted_change_plan", planner=escape(plan.created_by_name or "?"))
    ctx.require(may_change(ctx.user.id, plan.created_by_id), refusal)


def show_plan(ctx: CommandContext) -> str:
    return invitation_text(ctx.session, require_plan(ctx), ctx.tz, ctx.lang)


def calendar_file(ctx: CommandContext, plan: MeetingPlan) -> Document:
    data = invitation_ics(
        plan,
        plan_agenda(ctx.session, plan),
        chat_title=ctx.group().title,
        tz=ctx.tz,
        lang=ctx.lang,
        now=ctx.now,
    )
    return Document(invitation_filename(plan, ctx.tz, ctx.lang), data)


def plan_at(ctx: CommandContext, request: PlanAt) -> Reply:
    """Plan the next meeting or move the planned one; the reply is the invitation itself."""
    chat = ctx.group()
    known = current_plan(ctx.session, chat.id, ctx.now)
    if known is not None:
        require_planner(ctx, known)
    ctx.thread_id = posting_thread(chat.bot_thread_id, ctx.thread_id)
    planned = plan_meeting(
        ctx.session,
        chat_id=chat.id,
        starts_at=local_instant(request.day, request.at, ctx.tz),
        place=request.place,
        by_id=ctx.user.id,
        by_name=ctx.actor_name,
        thread_id=ctx.thread_id,
        now=ctx.now,
    )
    plan = planned.plan
    assert plan.id is not None
    plan_id = plan.id
    sync_plan_reminders(ctx.session, plan, ctx.now, planner=ctx.planner)
    if planned.old_message_id is not None:
        queue(Edit(planned.old_message_id, render_moved_away(plan, ctx.tz, ctx.lang), ctx.lang))
    queue(calendar_file(ctx, plan))
    text = invitation_text(ctx.session, plan, ctx.tz, ctx.lang, moved_from=planned.moved_from)
    return Reply(
        text,
        keyboard=invitation_keyboard(plan_id, ctx.lang),
        remember=lambda session, message_id: set_invitation_message(session, plan_id, message_id),
    )


def cancel_planned(ctx: CommandContext) -> str:
    plan = require_plan(ctx)
    require_planner(ctx, plan)
    cancel_plan(ctx.session, plan, ctx.now)
    if plan.message_id is not None:
        text = invitation_text(ctx.session, plan, ctx.tz, ctx.lang)
        queue(Edit(plan.message_id, text, ctx.lang))  # without its buttons
    ctx.thread_id = plan.message_thread_id
    queue(calendar_file(ctx, plan))  # takes the event out of the calendars that imported it
    return t(ctx.lang, "next_meeting_cancelled", when=when(plan, ctx.tz, ctx.lang))


def answer_typed(ctx: CommandContext, coming: bool) -> str:
    """/komme, /verhindert: the same answer as the invitation's buttons."""
    plan = require_plan(ctx)
    assert plan.id is not None
    outcome = record_answer(
        ctx.session, plan.id, user_id=ctx.user.id, name=ctx.actor_name, coming=coming, now=ctx.now
    )
    if outcome != "same":
        queue_invitation_refresh(ctx)
    return t(ctx.lang, ANSWER_KEYS[(coming, outcome)], when=when(plan, ctx.tz, ctx.lang))


@rich_command(usage_key="next_meeting_usage")
def coming_command(ctx: CommandContext) -> str:
    return answer_typed(ctx, coming=True)


@rich_command(usage_key="next_meeting_usage")
def excused_command(ctx: CommandContext) -> str:
    return answer_typed(ctx, coming=False)


# --- the invitation's buttons --------------------------------------------------------------


@dataclass(frozen=True)
class PressOutcome:
    """What a press comes to: the answer for the presser (an alert when refused), and the
    invitation's new text and buttons when the pressed message should change."""

    answer: str | None
    lang: Language
    refused: bool = False
    text: str | None = None
    keyboard: Keyboard | None = None


def record_press(
    svc: Services,
    update_id: int,
    chat: TelegramChat,
    user: User,
    press: InvitationPress,
    pressed_id: int,
    now: datetime,
) -> PressOutcome:
    """Record the presser's answer (blocking: run in a database thread). A press counts only
    on the plan's own invitation in this chat while the meeting is still planned."""
    with svc.db.transaction() as session:
        if not claim_update(session, update_id, now):
            log.info("update %s was handled before; ignored", update_id)
            return PressOutcome(None, svc.settings.bot_language)
        _, lang, tz = enter_chat(session, chat, user, svc, now)
        plan = get_plan(session, press.plan_id)
        if plan is None or plan.chat_id != chat.id or plan.message_id != pressed_id:
            # forged, or an invitation superseded by a move: nothing under it changes
            return PressOutcome(t(lang, "invite_press_unknown"), lang, refused=True)
        assert plan.id is not None
        if plan.status != PlanStatus.PLANNED or is_over(plan, now):
            closed = t(lang, "invite_press_closed")  # and the stale buttons go
            return PressOutcome(closed, lang, True, invitation_text(session, plan, tz, lang))
        outcome = record_answer(
            session,
            plan.id,
            user_id=user.id,
            name=clip_names(user).full_name,
            coming=press.coming,
            now=now,
        )
        answer = t(lang, ANSWER_KEYS[(press.coming, outcome)], when=when(plan, tz, lang))
        if outcome == "same":
            return PressOutcome(answer, lang)
        text = invitation_text(session, plan, tz, lang)
        return PressOutcome(answer, lang, text=text, keyboard=invitation_keyboard(plan.id, lang))


async def invitation_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "✅ Ich komme" / "🙁 Ich bin verhindert": checks the data strictly, that the press came
    from the plan's invitation in this chat and that the meeting is still planned; records the
    answer, answers the press (a refusal as an alert, never in the group) and edits the
    invitation."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    svc = services(context)
    settings = svc.settings
    if chat is None or chat.type == ChatType.PRIVATE or not settings.is_chat_allowed(chat.id):
        await answer_quietly(update, None)
        return
    press = parse_invitation_press(query.data)
    if press is None or query.message is None or query.from_user.is_bot:
        await answer_quietly(update, t(settings.bot_language, "invite_press_unknown"), alert=True)
        return
    pressed_id, now = query.message.message_id, svc.clock()
    outcome = PressOutcome(None, settings.bot_language)
    try:
        outcome = await svc.db.call(
            record_press, svc, update.update_id, chat, query.from_user, press, pressed_id, now
        )
    finally:
        await answer_quietly(update, outcome.answer, alert=outcome.refused)
    if outcome.text is not None:
        await edit_message(
            context, chat.id, pressed_id, outcome.text, None, outcome.lang, outcome.keyboard
        )


NEXT_MEETING_COMMANDS = (
    Command(
        "coming",
        "komme",
        coming_command,
        "I'm coming to the next meeting",
        "Ich komme zur nächsten Sitzung",
        menus=("group",),
    ),
    Command(
        "notcoming",
        "verhindert",
        excused_command,
        "I can't come to the next meeting",
        "Ich bin bei der nächsten Sitzung verhindert",
        menus=("group",),
    ),
)
