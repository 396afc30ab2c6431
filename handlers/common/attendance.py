"""What the meeting commands and the protocol commands share: the running meeting, its
opener as refusals name them, and the attendance message (the "I'm here" button under the
list of who is there), refreshed whenever the list changes."""

from __future__ import annotations

from html import escape

from bot.i18n import Language, t
from bot.render.keyboards import Button
from bot.render.records import render_attendance
from handlers.common.callbacks import attendance_data
from handlers.common.context import CommandContext, UserError
from handlers.common.outbox import Edit, queue
from storage.meetings import attendees, open_meeting
from storage.models import Meeting


def attendance_button(lang: Language, meeting: Meeting) -> Button:
    """Callback data carries only the meeting's id; the handler re-checks everything else."""
    assert meeting.id is not None
    return Button(t(lang, "attendance_button"), attendance_data(meeting.id))


def queue_attendance_update(ctx: CommandContext, meeting: Meeting) -> None:
    """Refresh the attendance message (with its button while the meeting is open)."""
    if meeting.message_id is None or meeting.id is None:
        return
    text = render_attendance(meeting, attendees(ctx.session, meeting.id), ctx.lang)
    button = attendance_button(ctx.lang, meeting) if meeting.ended_at is None else None
    queue(Edit(meeting.message_id, text, ctx.lang, button))


def require_open_meeting(ctx: CommandContext) -> Meeting:
    meeting = open_meeting(ctx.session, ctx.group().id)
    if meeting is None:
        raise UserError("meeting_none_open")
    return meeting


def opener(meeting: Meeting) -> str:
    """The opener's name, HTML-safe, for a refusal that says whose the change is."""
    return escape(meeting.created_by_name or "?")
