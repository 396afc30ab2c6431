"""/minutes (/protokoll): show a meeting's minutes, approve them, add a correction.

- `/protokoll [n]` – the last (or n-th) meeting's minutes as a message and a Markdown file:
  while it runs the live draft, once it has ended the stored version (never re-rendered).
- `/protokoll genehmigen [n]` – approve them (default: the last ended meeting's, typically at
  the next meeting): the meeting's opener, the opener of the running meeting, or an admin.
- `/protokoll korrektur n <text>` – a correction before approval, from any member of the group:
  it is signed and dated in the appendix "Korrekturen", never a rewrite of the body, and whoever
  approves decides whether it stands (as any member may propose an agenda topic). Each one
  makes a new version.

Flow: parse (`bot.language.minutes`) → the meeting → the stored version
(`handlers.common.minutes_record`, `storage.minutes_record`) → render
(`bot.render.minutes_record`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from html import escape

from bot.i18n import Language, format_day, t
from bot.language.minutes import (
    CorrectionNumberMissingError,
    MinutesNumberInvalidError,
    MinutesRequest,
    parse_minutes_args,
)
from bot.render.minutes import minutes_filename
from bot.render.minutes_record import version_texts
from handlers.common.context import Command, CommandContext, UserError
from handlers.common.minutes_record import MinutesScope, shown_minutes, stored_minutes
from handlers.common.outbox import Document, queue, rich_command
from handlers.common.permissions import may_approve
from handlers.common.refusals import refusals
from storage.meetings import last_meeting, meeting_by_number, open_meeting
from storage.minutes_record import (
    add_correction,
    approve_minutes,
    last_ended_meeting,
    minutes_versions,
)
from storage.models import Meeting, MinutesVersion

USAGE = "records_usage_minutes"


@dataclass(frozen=True)
class NewCorrection:
    """The correction being added, as the appendix reads it before it is stored."""

    version: int
    correction: str | None
    created_at: datetime
    created_by_name: str


@contextmanager
def minutes_refusals(lang: Language) -> Iterator[None]:
    """The parser's errors as short answers (nothing is stored)."""
    try:
        with refusals(lang, USAGE, "minutes_correction_text_missing"):
            yield
    except MinutesNumberInvalidError as error:
        text, usage = escape(error.text[:50]), t(lang, USAGE)
        raise UserError("minutes_number_invalid", text=text, usage=usage) from error
    except CorrectionNumberMissingError as error:
        raise UserError("minutes_correction_number_missing") from error


def scope_of(ctx: CommandContext) -> MinutesScope:
    return MinutesScope(ctx.session, ctx.tz, ctx.lang, ctx.now)


def chosen_meeting(ctx: CommandContext, number: int | None) -> Meeting:
    """Meeting `number` of this chat, or the last one."""
    chat = ctx.group()
    last = last_meeting(ctx.session, chat.id)
    if last is None:
        raise UserError("meeting_none_yet")
    if number is None:
        return last
    found = meeting_by_number(ctx.session, chat.id, number)
    if found is None:
        raise UserError("meeting_unknown", number=number, last=last.number)
    return found


def approval_params(version: MinutesVersion, ctx: CommandContext) -> dict[str, object]:
    assert version.approved_at is not None
    day = format_day(version.approved_at.astimezone(ctx.tz), ctx.lang)
    return {"day": day, "name": escape(version.approved_by_name or "?")}


def show(ctx: CommandContext, number: int | None) -> str:
    meeting = chosen_meeting(ctx, number)
    shown = shown_minutes(scope_of(ctx), meeting)
    filename = minutes_filename(meeting, ctx.tz, ctx.lang)
    queue(Document(filename, shown.markdown.encode("utf-8")))
    return shown.html


def approve(ctx: CommandContext, number: int | None) -> str:
    """Mark the minutes approved: refused for a running meeting, twice, or by someone else."""
    if number is None:
        meeting = last_ended_meeting(ctx.session, ctx.group().id)
        if meeting is None:
            raise UserError("minutes_approve_none")
    else:
        meeting = chosen_meeting(ctx, number)
    if meeting.ended_at is None:
        raise UserError("minutes_approve_running", number=meeting.number)
    version = stored_minutes(scope_of(ctx), meeting)
    if version.approved_at is not None:
        params = approval_params(version, ctx)
        raise UserError("minutes_already_approved", number=meeting.number, **params)
    running = open_meeting(ctx.session, meeting.chat_id)
    chair = running.created_by_id if running is not None else None
    refusal = UserError(
        "not_permitted_approve_minutes",
        number=meeting.number,
        opener=escape(meeting.created_by_name or "?"),
    )
    ctx.require(may_approve(ctx.user.id, meeting.created_by_id, chair), refusal)
    approved = approve_minutes(ctx.session, meeting, actor=ctx.actor, now=ctx.now)
    return t(
        ctx.lang,
        "minutes_approved",
        number=meeting.number,
        version=approved.version,
        **approval_params(approved, ctx),
    )


def correct(ctx: CommandContext, number: int, text: str) -> str:
    """Append a correction as a new version: refused for a running meeting and once approved."""
    meeting = chosen_meeting(ctx, number)
    if meeting.ended_at is None:
        raise UserError("minutes_correct_running", number=meeting.number)
    latest = stored_minutes(scope_of(ctx), meeting)
    if latest.approved_at is not None:
        params = approval_params(latest, ctx)
        raise UserError("minutes_correct_approved", number=meeting.number, **params)
    assert meeting.id is not None
    first, *later = minutes_versions(ctx.session, meeting.id)
    new = NewCorrection(latest.version + 1, text, ctx.now, ctx.actor_name)
    html_text, markdown = version_texts(first, [*later, new], ctx.tz, ctx.lang)
    added = add_correction(
        ctx.session,
        meeting,
        correction=text,
        html_text=html_text,
        markdown=markdown,
        actor=ctx.actor,
        now=ctx.now,
    )
    return t(
        ctx.lang,
        "minutes_correction_added",
        number=meeting.number,
        version=added.version,
        text=escape(text),
    )


@rich_command(usage_key=USAGE)
def minutes_command(ctx: CommandContext) -> str:
    """/minutes [n] | approve [n] | correction n <text>."""
    with minutes_refusals(ctx.lang):
        request: MinutesRequest = parse_minutes_args(ctx.args)
    if request.action == "approve":
        return approve(ctx, request.number)
    if request.action == "correct":
        assert request.number is not None
        return correct(ctx, request.number, request.text)
    return show(ctx, request.number)


MINUTES_COMMANDS = (
    Command(
        "minutes",
        "protokoll",
        minutes_command,
        "Minutes of the last meeting; approve, correct",
        "Protokoll der letzten Sitzung; genehmigen, korrigieren",
    ),
)
