"""The minutes as a record, for whatever shows them: `/sitzung ende` fixes them
(handlers.meetings), `/protokoll` shows, approves and corrects them (handlers.minutes), and
`/export` and `boardbot export` send them (handlers.export, bot.cli.export).

A running meeting's minutes are rendered live from the data and marked "Live-Entwurf"; an
ended meeting's are its latest stored version, never a re-rendering. A meeting ended before
minutes were stored (migration 0019) gets its version 1 the first time its minutes are needed,
from the data as it is then, marked "nachträglich erstellt am …" and made by the bot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.i18n import Language
from bot.render.minutes_record import (
    fixed_texts,
    live_html,
    live_markdown,
    shown_html,
    shown_markdown,
)
from storage.audit import BOT, Actor
from storage.meetings import minutes_data
from storage.minutes_record import fix_minutes, latest_version
from storage.models import Meeting, MinutesVersion


@dataclass(frozen=True)
class MinutesScope:
    """Where and when minutes are rendered: the chat's zone and language, and now."""

    session: Session
    tz: ZoneInfo
    lang: Language
    now: datetime


@dataclass(frozen=True)
class ShownMinutes:
    """The minutes as a chat message and as a Markdown document, with their status."""

    html: str
    markdown: str


def fix_at_end(scope: MinutesScope, meeting: Meeting, actor: Actor) -> MinutesVersion:
    """Version 1, rendered now: the meeting has just ended."""
    data = minutes_data(scope.session, meeting, scope.now)
    html_text, markdown = fixed_texts(data, scope.tz, scope.lang)
    return fix_minutes(
        scope.session, meeting, html_text=html_text, markdown=markdown, actor=actor, now=scope.now
    )


def stored_minutes(scope: MinutesScope, meeting: Meeting) -> MinutesVersion:
    """The latest stored version of an ended meeting's minutes (backfilled if there is none)."""
    assert meeting.id is not None and meeting.ended_at is not None
    latest = latest_version(scope.session, meeting.id)
    if latest is not None:
        return latest
    data = minutes_data(scope.session, meeting, scope.now)
    html_text, markdown = fixed_texts(data, scope.tz, scope.lang, backfilled_at=scope.now)
    return fix_minutes(
        scope.session,
        meeting,
        html_text=html_text,
        markdown=markdown,
        actor=BOT,
        now=scope.now,
        backfilled=True,
    )


def shown_minutes(scope: MinutesScope, meeting: Meeting) -> ShownMinutes:
    """What `/protokoll` and the exports show of a meeting: live while it runs, else as stored."""
    tz, lang = scope.tz, scope.lang
    if meeting.ended_at is None:
        data = minutes_data(scope.session, meeting, scope.now)
        return ShownMinutes(live_html(data, tz, lang), live_markdown(data, tz, lang))
    version = stored_minutes(scope, meeting)
    return ShownMinutes(shown_html(version, tz, lang), shown_markdown(version, tz, lang))
