"""What the Protokoll of a running meeting holds besides its decisions and tasks:
/protokollant (the minute-taker), /entschuldigt (members who sent apologies), /top (which
agenda item is under discussion) and /notiz (a short note under it).

The flow: `/sitzung` opens a meeting with the pending proposals as TOP 1, 2, …; the first is
under discussion until `/top 2` switches. A note, decision or task recorded meanwhile belongs
to the item under discussion (storage.protocol), and the minutes list it there. Each body
parses, calls storage and renders; refusals are `UserError`s (handlers.common.context).

Who may do what: anyone notes (the note says who wrote it) and says they are excused; naming
someone else excused, the minute-taker or the item is for the opener (the minute-taker may
switch items too) and the group's admins.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from bot.i18n import t
from bot.language.arguments import split_mentions
from bot.language.meeting_items import NEXT, ItemChoiceInvalidError, parse_item_choice
from bot.language.records import check_text
from bot.render.records import render_attendance_list
from handlers.common.attendance import opener, queue_attendance_update, require_open_meeting
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.links import replied_text
from handlers.common.outbox import rich_command
from handlers.common.owners import resolve_owners
from handlers.common.permissions import may_change, may_register
from handlers.common.prompting import ask_for
from handlers.common.refusals import refusals
from handlers.common.replies import Reply
from storage.agenda import current_item, meeting_items, switch_item
from storage.meetings import attendees
from storage.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, Meeting, PendingPrompt, PromptKind
from storage.protocol import (
    add_note,
    mark_excused,
    minute_taker_id,
    minute_taker_name,
    set_minute_taker,
)


def named_people(ctx: CommandContext, usage_key: str) -> list[tuple[int | None, str]]:
    """The members (@names, text mentions) and the one plain name a command lists."""
    rest, names = split_mentions(ctx.args)
    people = [(owner.user_id, owner.name) for owner in resolve_owners(ctx, names)]
    if rest:
        with refusals(ctx.lang, usage_key, usage_key):
            people.append((None, check_text(rest, NAME_MAX_LENGTH)))
    return people


# --- /protokollant -----------------------------------------------------------------------------


@chat_command(usage_key="usage_minute_taker")
def minute_taker_command(ctx: CommandContext) -> str:
    """/protokollant @name: who takes the minutes (shown in them); alone: who does now."""
    meeting = require_open_meeting(ctx)
    if not ctx.args.strip() and not ctx.text_mentions:
        name = escape(minute_taker_name(meeting))
        return t(ctx.lang, "minute_taker_shown", name=name, number=meeting.number)
    people = named_people(ctx, "usage_minute_taker")
    if len(people) != 1:
        raise UserError("minute_taker_one", usage=t(ctx.lang, "usage_minute_taker"))
    refusal = UserError("not_permitted_minute_taker", number=meeting.number, opener=opener(meeting))
    ctx.require(may_change(ctx.user.id, meeting.created_by_id), refusal)
    [(user_id, name)] = people
    set_minute_taker(ctx.session, meeting, user_id, name)
    return t(ctx.lang, "minute_taker_set", name=escape(name), number=meeting.number)


# --- /entschuldigt -----------------------------------------------------------------------------

EXCUSED_ANSWERS = {
    "excused": "excused_added",
    "already": "excused_already",
    "present": "excused_but_present",
}


@rich_command(usage_key="usage_excused")
def excused_command(ctx: CommandContext) -> str:
    """/entschuldigt: I sent apologies; `/entschuldigt @vera @nicole` or a name without
    Telegram lists others (the opener's or an admin's). Who is present is not excused."""
    meeting = require_open_meeting(ctx)
    assert meeting.id is not None
    people = named_people(ctx, "usage_excused") or [(ctx.user.id, ctx.actor_name)]
    refusal = UserError(
        "not_permitted_excuse_others", number=meeting.number, opener=opener(meeting)
    )
    ctx.require(may_register(ctx.user.id, meeting.created_by_id, [p for p, _ in people]), refusal)
    lines = []
    for user_id, name in people:
        outcome = mark_excused(
            ctx.session,
            meeting.id,
            user_id=user_id,
            name=name,
            added_by_id=ctx.user.id,
            added_by_name=None if user_id == ctx.user.id else ctx.actor_name,
            now=ctx.now,
        )
        lines.append(t(ctx.lang, EXCUSED_ANSWERS[outcome], name=escape(name)))
    queue_attendance_update(ctx, meeting)
    lines.append(render_attendance_list(attendees(ctx.session, meeting.id), ctx.lang))
    return "\n".join(lines)


# --- /top --------------------------------------------------------------------------------------


def render_items(ctx: CommandContext, meeting: Meeting) -> str:
    """The meeting's agenda, the item under discussion marked."""
    assert meeting.id is not None
    items = meeting_items(ctx.session, meeting.id)
    if not items:
        return t(ctx.lang, "items_none", number=meeting.number)
    current = current_item(ctx.session, meeting)
    current_number = current[0] if current is not None else 0
    lines = [t(ctx.lang, "items_header", number=meeting.number)]
    for number, item in enumerate(items, start=1):
        mark = "▶️" if number == current_number else "▫️"
        lines.append(f"{mark} {t(ctx.lang, 'items_line', number=number, text=escape(item.text))}")
    lines.append(t(ctx.lang, "items_hint"))
    return "\n".join(lines)


@chat_command(usage_key="usage_item")
def item_command(ctx: CommandContext) -> str:
    """/top 2 (or `weiter`): the agenda item under discussion; alone: the agenda."""
    meeting = require_open_meeting(ctx)
    try:
        choice = parse_item_choice(ctx.args)
    except ItemChoiceInvalidError as error:
        usage = t(ctx.lang, "usage_item")
        raise UserError("item_invalid", text=escape(error.text[:50]), usage=usage) from error
    if choice is None:
        return render_items(ctx, meeting)
    leaders = (meeting.created_by_id, minute_taker_id(meeting))
    refusal = UserError("not_permitted_item", number=meeting.number, opener=opener(meeting))
    ctx.require(ctx.user.id in leaders, refusal)
    current = current_item(ctx.session, meeting)
    if current is None:
        raise UserError("items_none", number=meeting.number)
    number = current[0] + 1 if choice == NEXT else choice
    item = switch_item(ctx.session, meeting, int(number))
    if item is None:
        assert meeting.id is not None
        count = len(meeting_items(ctx.session, meeting.id))
        raise UserError("item_unknown", number=number, count=count)
    return t(ctx.lang, "item_switched", number=number, text=escape(item.text))


# --- /notiz ------------------------------------------------------------------------------------


@chat_command(usage_key="usage_note")
def note_command(ctx: CommandContext) -> str | Reply:
    """/notiz <text>: a note under the agenda item under discussion (as a reply: the replied
    message's text); alone it asks for the text."""
    require_open_meeting(ctx)
    if not ctx.args.strip() and not replied_text(ctx):
        return ask_for(ctx, PromptKind.NOTE_TEXT, "ask_note_text")
    return new_note(ctx)


def answer_note_text(ctx: CommandContext, prompt: PendingPrompt) -> str:
    """The answer to "Was soll ins Protokoll?": the note, as `/notiz <answer>`."""
    return new_note(replace(ctx, reply_to=None))


def new_note(ctx: CommandContext) -> str:
    meeting = require_open_meeting(ctx)
    with refusals(ctx.lang, "usage_note", "note_text_missing"):
        text = check_text(
            ctx.args if ctx.args.strip() else replied_text(ctx) or "", NOTE_MAX_LENGTH
        )
    note, number = add_note(
        ctx.session,
        meeting,
        text=text,
        author_id=ctx.user.id,
        author_name=ctx.actor_name,
        now=ctx.now,
    )
    if number is None:
        return t(ctx.lang, "note_added_other", text=escape(note.text))
    return t(ctx.lang, "note_added", number=number, text=escape(note.text))


PROTOCOL_COMMANDS = (
    Command(
        "minutetaker",
        "protokollant",
        minute_taker_command,
        "Who takes the minutes (@name)",
        "Wer Protokoll führt (@Name)",
    ),
    Command(
        "excused",
        "entschuldigt",
        excused_command,
        "Sent apologies (or: @name of a member)",
        "Entschuldigt (oder: @Name eines Mitglieds)",
        menus=("group",),
    ),
    Command(
        "item",
        "top",
        item_command,
        "Agenda item under discussion (number)",
        "Tagesordnungspunkt wechseln (Nummer)",
    ),
    Command(
        "note",
        "notiz",
        note_command,
        "A note for the minutes",
        "Notiz fürs Protokoll",
        menus=("group",),
    ),
)
