"""Meeting commands: /meeting (open, `end`), /present, /agenda, and the "I'm here" button
under the attendance message (/minutes is handlers.minutes).

While a meeting is open, decisions and tasks recorded in the chat belong to it. Closing it
fixes the minutes as version 1 (handlers.common.minutes_record) and posts them as a message
and as a Markdown document.
"""

from __future__ import annotations

import logging
from datetime import datetime
from html import escape

from telegram import Chat as TelegramChat
from telegram import Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Language, t
from bot.language.arguments import split_mentions
from bot.language.records import check_text, parse_agenda_args, parse_meeting_args
from bot.render.keyboards import Button
from bot.render.minutes import minutes_filename
from bot.render.records import (
    render_agenda,
    render_attendance,
    render_attendance_list,
    render_meeting_opened,
    render_meeting_since,
)
from handlers.common.attendance import (
    attendance_button,
    opener,
    queue_attendance_update,
    require_open_meeting,
)
from handlers.common.callbacks import (
    ATTENDANCE_PREFIX,
    answer_quietly,
    parse_attendance_press,
)
from handlers.common.context import (
    Command,
    CommandContext,
    Services,
    UserError,
    enter_chat,
    services,
)
from handlers.common.invitation import queue_invitation_refresh, take_up_invitation
from handlers.common.minutes_record import MinutesScope, fix_at_end, shown_minutes
from handlers.common.outbox import (
    ButtonMessage,
    Document,
    edit_message,
    queue,
    rich_command,
)
from handlers.common.owners import resolve_owners
from handlers.common.permissions import may_change, may_register
from handlers.common.refusals import refusals
from handlers.common.senders import clip_names
from storage.meetings import (
    MeetingAlreadyOpenError,
    add_attendee,
    agenda_data,
    attendees,
    end_meeting,
    get_meeting,
    open_meeting,
    set_meeting_message,
    start_meeting,
)
from storage.models import NAME_MAX_LENGTH, AttendeeStatus
from storage.protocol import status_for_name
from storage.records import add_agenda_item, agenda_items_of_meeting
from storage.updates import claim_update

log = logging.getLogger(__name__)

# every press with the prefix comes here, so that malformed data is answered too
ATTENDANCE_PATTERN = rf"^{ATTENDANCE_PREFIX}"


def close_meeting(ctx: CommandContext) -> str:
    """`/meeting end`: close it, post the minutes and the Markdown file, retire the button
    (the opener's or an admin's to do)."""
    meeting = require_open_meeting(ctx)
    refusal = UserError("not_permitted_end_meeting", number=meeting.number, opener=opener(meeting))
    ctx.require(may_change(ctx.user.id, meeting.created_by_id), refusal)
    end_meeting(ctx.session, meeting, ctx.actor_name, ctx.now, by_id=ctx.user.id)
    ctx.thread_id = meeting.message_thread_id  # the minutes go to the meeting's topic
    scope = MinutesScope(ctx.session, ctx.tz, ctx.lang, ctx.now)
    fix_at_end(scope, meeting, ctx.actor)  # version 1: what /protokoll shows from now on
    shown = shown_minutes(scope, meeting)
    queue(Document(minutes_filename(meeting, ctx.tz, ctx.lang), shown.markdown.encode("utf-8")))
    queue_attendance_update(ctx, meeting)
    return shown.html


@rich_command(usage_key="records_usage_meeting")
def meeting_command(ctx: CommandContext) -> str:
    """/meeting [title] opens a meeting (one at a time); /meeting end closes it."""
    chat = ctx.group()
    with refusals(ctx.lang, "records_usage_meeting", "records_usage_meeting"):
        action, title = parse_meeting_args(ctx.args)
    if action == "end":
        return close_meeting(ctx)
    try:
        meeting = start_meeting(
            ctx.session,
            chat_id=chat.id,
            title=title,
            created_by_id=ctx.user.id,
            created_by_name=ctx.actor_name,
            now=ctx.now,
            message_thread_id=ctx.thread_id,
        )
    except MeetingAlreadyOpenError as error:
        since = render_meeting_since(error.meeting, ctx.tz, ctx.lang)
        raise UserError("meeting_already_open", number=error.meeting.number, since=since) from error
    assert meeting.id is not None
    meeting_id = meeting.id
    add_attendee(
        ctx.session,
        meeting_id,
        user_id=ctx.user.id,
        name=ctx.actor_name,
        added_by_id=ctx.user.id,
        now=ctx.now,
    )
    planned = take_up_invitation(ctx, meeting)  # the answers: expected and excused
    queue(
        ButtonMessage(
            render_attendance(meeting, attendees(ctx.session, meeting_id), ctx.lang),
            attendance_button(ctx.lang, meeting),
            ctx.lang,
            remember=lambda session, message_id: set_meeting_message(
                session, meeting_id, message_id
            ),
        )
    )
    proposals = len(agenda_items_of_meeting(ctx.session, meeting_id))
    opened = render_meeting_opened(meeting, proposals, ctx.tz, ctx.lang)
    return f"{opened}\n{planned}" if planned else opened


@rich_command(usage_key="records_usage_present")
def present_command(ctx: CommandContext) -> str:
    """/present: I am here; `/present Daniel Schaper` adds a guest, `/present @vera` a member
    (listing anyone but oneself is for the meeting's opener and the admins)."""
    meeting = require_open_meeting(ctx)
    assert meeting.id is not None
    rest, names = split_mentions(ctx.args)
    people: list[tuple[int | None, str]] = [
        (owner.user_id, owner.name) for owner in resolve_owners(ctx, names)
    ]
    if rest:
        with refusals(ctx.lang, "records_usage_present", "records_usage_present"):
            people.append((None, check_text(rest, NAME_MAX_LENGTH)))
    if not people:
        people.append((ctx.user.id, ctx.actor_name))
    refusal = UserError(
        "not_permitted_present_others", number=meeting.number, opener=opener(meeting)
    )
    ctx.require(may_register(ctx.user.id, meeting.created_by_id, [p for p, _ in people]), refusal)
    lines = []
    for user_id, name in people:
        added = add_attendee(
            ctx.session,
            meeting.id,
            user_id=user_id,
            name=name,
            added_by_id=ctx.user.id,
            added_by_name=None if user_id == ctx.user.id else ctx.actor_name,
            now=ctx.now,
        )
        guest = (
            user_id is None
            and status_for_name(ctx.session, meeting.chat_id, name) == AttendeeStatus.GUEST
        )
        shown = escape(t(ctx.lang, "guest_name", name=name) if guest else name)
        lines.append(t(ctx.lang, "present_added" if added else "present_already", name=shown))
    queue_attendance_update(ctx, meeting)
    lines.append(render_attendance_list(attendees(ctx.session, meeting.id), ctx.lang))
    return "\n".join(lines)


@rich_command(usage_key="records_usage_agenda")
def agenda_command(ctx: CommandContext) -> str:
    """/agenda: what the next meeting should discuss; `/agenda add <text>` proposes a topic."""
    chat = ctx.group()
    with refusals(ctx.lang, "records_usage_agenda", "agenda_text_missing"):
        proposal = parse_agenda_args(ctx.args)
    if proposal is None:
        return render_agenda(agenda_data(ctx.session, chat.id, ctx.now), ctx.tz, ctx.lang, ctx.now)
    running = open_meeting(ctx.session, chat.id)  # a topic proposed in a meeting is its own
    add_agenda_item(
        ctx.session,
        chat_id=chat.id,
        text=proposal,
        created_by_id=ctx.user.id,
        created_by_name=ctx.actor_name,
        now=ctx.now,
        meeting_id=running.id if running else None,
    )
    if running is not None and running.id is not None:
        number = len(agenda_items_of_meeting(ctx.session, running.id))
        return t(ctx.lang, "agenda_added_to_meeting", number=number, text=escape(proposal))
    queue_invitation_refresh(ctx)  # the planned meeting's invitation shows the agenda
    return t(ctx.lang, "agenda_added", text=escape(proposal))


def record_attendance(
    svc: Services,
    update_id: int,
    chat: TelegramChat,
    user: User,
    meeting_id: int,
    pressed_id: int,
    now: datetime,
) -> tuple[str | None, str | None, Button | None, Language]:
    """Mark `user` present (blocking: run in a database thread): the answer for the presser,
    the new attendance text and button if the message under the button should change, and the
    chat's language. A press counts only on the meeting's own attendance message."""
    answer: str | None = None
    text: str | None = None
    button: Button | None = None
    lang = svc.settings.bot_language
    with svc.db.transaction() as session:
        if not claim_update(session, update_id, now):
            log.info("update %s was handled before; ignored", update_id)
            return None, None, None, lang
        _, lang, _ = enter_chat(session, chat, user, svc, now)
        meeting = get_meeting(session, meeting_id)
        if meeting is None or meeting.chat_id != chat.id:
            answer = t(lang, "callback_closed")
        elif meeting.message_id != pressed_id:  # e.g. `m:<id>` forged on a reminder
            answer = t(lang, "callback_unknown")
        elif meeting.ended_at is not None:
            answer = t(lang, "callback_closed")  # and take the stale button away
            text = render_attendance(meeting, attendees(session, meeting_id), lang)
        elif add_attendee(
            session,
            meeting_id,
            user_id=user.id,
            name=clip_names(user).full_name,
            added_by_id=user.id,
            now=now,
        ):
            answer = t(lang, "callback_present")
            text = render_attendance(meeting, attendees(session, meeting_id), lang)
            button = attendance_button(lang, meeting)
        else:
            answer = t(lang, "callback_already")
    return answer, text, button, lang


async def attendance_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "I'm here" button: re-checks that the meeting is this chat's, that the press came
    from its attendance message and that it is still open, marks the presser present, answers
    the query and updates the list under the button."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    svc = services(context)
    settings = svc.settings
    if chat is None or chat.type == ChatType.PRIVATE or not settings.is_chat_allowed(chat.id):
        await query.answer()
        return
    meeting_id = parse_attendance_press(query.data)
    if meeting_id is None or query.message is None:
        await answer_quietly(update, t(settings.bot_language, "callback_unknown"))
        return
    pressed_id = query.message.message_id
    now = svc.clock()
    answer: str | None = None
    lang = settings.bot_language
    text: str | None = None
    button: Button | None = None
    try:
        answer, text, button, lang = await svc.db.call(
            record_attendance,
            svc,
            update.update_id,
            chat,
            query.from_user,
            meeting_id,
            pressed_id,
            now,
        )
    finally:
        await answer_quietly(update, answer)
    if text is not None:
        await edit_message(context, chat.id, pressed_id, text, button, lang)


MEETING_COMMANDS = (
    Command(
        "meeting",
        "sitzung",
        meeting_command,
        "Open a meeting (title) or close it (end)",
        "Sitzung eröffnen (Titel) oder schließen (ende)",
        menus=("group",),
    ),
    Command(
        "present",
        "anwesend",
        present_command,
        "I'm here (or: name of a guest)",
        "Ich bin da (oder: Name eines Gastes)",
        menus=("group",),
    ),
    Command(
        "agenda",
        "tagesordnung",
        agenda_command,
        "Agenda of the next meeting; add a topic",
        "Tagesordnung der nächsten Sitzung; Thema vorschlagen",
    ),
)
