"""The next meeting's invitation as two areas need it: the next-meeting commands and buttons
(handlers.next_meeting) and the meeting and agenda commands (handlers.meetings), which refresh
the invitation when a topic is proposed and take the plan up when the meeting opens.

The invitation is one message, edited in place: with its buttons while the meeting is planned,
without them once it is cancelled or held.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.i18n import Language, t
from bot.render.invitation import invitation_keyboard, render_answer_lines, render_invitation, when
from handlers.common.context import CommandContext
from handlers.common.outbox import Edit, queue
from storage.meetings import get_meeting
from storage.models import AgendaItem, Meeting, MeetingPlan, PlanStatus
from storage.next_meeting import answers, current_plan, take_up_plan
from storage.records import agenda_items_of_meeting, pending_agenda_items


def plan_agenda(session: Session, plan: MeetingPlan) -> list[AgendaItem]:
    """The proposals so far; once held, those the meeting took up."""
    if plan.meeting_id is not None:
        return agenda_items_of_meeting(session, plan.meeting_id)
    return pending_agenda_items(session, plan.chat_id)


def invitation_text(
    session: Session,
    plan: MeetingPlan,
    tz: ZoneInfo,
    lang: Language,
    *,
    moved_from: datetime | None = None,
) -> str:
    assert plan.id is not None
    held: Meeting | None = get_meeting(session, plan.meeting_id) if plan.meeting_id else None
    return render_invitation(
        plan,
        answers(session, plan.id),
        plan_agenda(session, plan),
        tz,
        lang,
        moved_from=moved_from,
        meeting_number=held.number if held is not None else None,
    )


def invitation_edit(
    session: Session, plan: MeetingPlan, tz: ZoneInfo, lang: Language
) -> Edit | None:
    """The invitation message as it is now (with its buttons while planned); None if unsent."""
    if plan.message_id is None or plan.id is None:
        return None
    keyboard = invitation_keyboard(plan.id, lang) if plan.status == PlanStatus.PLANNED else None
    return Edit(plan.message_id, invitation_text(session, plan, tz, lang), lang, keyboard=keyboard)


def queue_invitation_refresh(ctx: CommandContext) -> None:
    """After a change the invitation shows (a proposal, an answer): edit it (rich_command)."""
    plan = current_plan(ctx.session, ctx.group().id, ctx.now)
    edit = invitation_edit(ctx.session, plan, ctx.tz, ctx.lang) if plan is not None else None
    if edit is not None:
        queue(edit)


def take_up_invitation(ctx: CommandContext, meeting: Meeting) -> str | None:
    """A meeting opening close to the planned time takes the plan up (storage.next_meeting):
    the invitation loses its buttons; returns the line for the opening reply (who said they
    come, who is excused), or None when no plan was that close."""
    assert meeting.id is not None
    plan = take_up_plan(ctx.session, meeting.chat_id, meeting.id, ctx.now)
    if plan is None or plan.id is None:
        return None
    edit = invitation_edit(ctx.session, plan, ctx.tz, ctx.lang)
    if edit is not None:
        queue(edit)
    lines = [t(ctx.lang, "meeting_takes_up_plan", when=when(plan, ctx.tz, ctx.lang))]
    return "\n".join([*lines, *render_answer_lines(answers(ctx.session, plan.id), ctx.lang)])
