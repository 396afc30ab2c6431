"""Data access for the minutes as a record: their stored versions, corrections and approval.

The flow: `/sitzung ende` renders the minutes (above this floor) and `fix_minutes` stores them
as version 1. A correction (`/protokoll korrektur n …`) is `add_correction`: a new version with
the same body and the appendix grown by one entry, rendered above and handed in. Approval
(`/protokoll genehmigen n`) marks the latest version; after it the minutes take no more
corrections. Every change is in the audit trail (`item_type` "minutes", the meeting's number).

A stored text is never rewritten, with one exception: forgetting a member replaces the names
they were seen under with "ehemaliges Mitglied" (`forget_names_in_minutes`, called by
`storage.privacy`), in the HTML and in the Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, or_, select

from storage.audit import Actor, record_event
from storage.models import Meeting, MinutesVersion

MINUTES_ITEM = "minutes"
# what Markdown escapes with a backslash (bot.render.minutes.markdown_escape)
MARKDOWN_SPECIALS = set("\\`*_[]<>|~")


class MinutesApprovedError(Exception):
    """The minutes are approved: they take no correction and no second approval."""

    def __init__(self, version: MinutesVersion) -> None:
        super().__init__(f"minutes of meeting {version.meeting_id} are approved")
        self.version = version


def minutes_versions(session: Session, meeting_id: int) -> list[MinutesVersion]:
    """Every stored version of the meeting's minutes, oldest first."""
    return list(
        session.exec(
            select(MinutesVersion)
            .where(MinutesVersion.meeting_id == meeting_id)
            .order_by(col(MinutesVersion.version))
        ).all()
    )


def latest_version(session: Session, meeting_id: int) -> MinutesVersion | None:
    return session.exec(
        select(MinutesVersion)
        .where(MinutesVersion.meeting_id == meeting_id)
        .order_by(col(MinutesVersion.version).desc())
    ).first()


def last_ended_meeting(session: Session, chat_id: int) -> Meeting | None:
    """The latest meeting that has ended: whose minutes are approved next, by default."""
    return session.exec(
        select(Meeting)
        .where(Meeting.chat_id == chat_id, col(Meeting.ended_at).is_not(None))
        .order_by(col(Meeting.number).desc())
    ).first()


def fix_minutes(
    session: Session,
    meeting: Meeting,
    *,
    html_text: str,
    markdown: str,
    actor: Actor,
    now: datetime,
    backfilled: bool = False,
) -> MinutesVersion:
    """Store the minutes as rendered now as version 1 (the existing one if they already are:
    a body is fixed once)."""
    assert meeting.id is not None
    existing = latest_version(session, meeting.id)
    if existing is not None:
        return existing
    version = MinutesVersion(
        meeting_id=meeting.id,
        version=1,
        html=html_text,
        markdown=markdown,
        created_at=now,
        created_by_id=actor.id,
        created_by_name=actor.name,
        backfilled=backfilled,
    )
    session.add(version)
    session.flush()
    action = "backfill" if backfilled else "fix"
    _record(session, meeting, action, actor, now, {"version": 1})
    return version


def add_correction(
    session: Session,
    meeting: Meeting,
    *,
    correction: str,
    html_text: str,
    markdown: str,
    actor: Actor,
    now: datetime,
) -> MinutesVersion:
    """A new version carrying `correction` in its appendix; refused once approved."""
    assert meeting.id is not None
    latest = latest_version(session, meeting.id)
    if latest is None:
        raise LookupError(f"meeting {meeting.id} has no stored minutes")
    if latest.approved_at is not None:
        raise MinutesApprovedError(latest)
    version = MinutesVersion(
        meeting_id=meeting.id,
        version=latest.version + 1,
        html=html_text,
        markdown=markdown,
        correction=correction,
        created_at=now,
        created_by_id=actor.id,
        created_by_name=actor.name,
    )
    session.add(version)
    session.flush()
    _record(session, meeting, "correct", actor, now, {"version": version.version})
    return version


def approve_minutes(
    session: Session, meeting: Meeting, *, actor: Actor, now: datetime
) -> MinutesVersion:
    """Mark the latest version approved (by whom, when); refused when it already is."""
    assert meeting.id is not None
    latest = latest_version(session, meeting.id)
    if latest is None:
        raise LookupError(f"meeting {meeting.id} has no stored minutes")
    if latest.approved_at is not None:
        raise MinutesApprovedError(latest)
    latest.approved_at, latest.approved_by_id, latest.approved_by_name = now, actor.id, actor.name
    session.add(latest)
    session.flush()
    _record(session, meeting, "approve", actor, now, {"version": latest.version})
    return latest


def _record(
    session: Session,
    meeting: Meeting,
    action: str,
    actor: Actor,
    now: datetime,
    after: dict[str, int],
) -> None:
    record_event(
        session,
        chat_id=meeting.chat_id,
        item_type=MINUTES_ITEM,
        item_number=meeting.number,
        action=action,
        actor=actor,
        now=now,
        after=after,
    )


# --- the member's own data (storage.personal_data) and forgetting them (storage.privacy) -------


def minutes_work_of(session: Session, user_id: int) -> list[dict[str, object]]:
    """The corrections the member wrote and the minutes they approved, for their own copy."""
    rows = session.exec(
        select(MinutesVersion, Meeting)
        .join(Meeting, col(Meeting.id) == col(MinutesVersion.meeting_id))
        .where(
            or_(
                col(MinutesVersion.created_by_id) == user_id,
                col(MinutesVersion.approved_by_id) == user_id,
            )
        )
        .order_by(col(Meeting.chat_id), col(Meeting.number), col(MinutesVersion.version))
    ).all()
    return [
        {
            "group": meeting.chat_id,
            "meeting": meeting.number,
            "version": version.version,
            "correction": version.correction if version.created_by_id == user_id else None,
            "at": version.created_at.isoformat() if version.created_by_id == user_id else None,
            "approved_at": version.approved_at.isoformat()
            if version.approved_by_id == user_id and version.approved_at is not None
            else None,
        }
        for version, meeting in rows
    ]


# --- forgetting ---------------------------------------------------------------------------------


def _markdown_form(name: str) -> str:
    """A regex for `name` as the Markdown shows it: each special character backslash-escaped."""
    return "".join(("\\\\" if c in MARKDOWN_SPECIALS else "") + re.escape(c) for c in name)


def _name_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """Any of the forms as a whole word, the longest first (a full name before its first name)."""
    unique = sorted({form for form in forms if form}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile(rf"(?<![\w@])(?:{'|'.join(unique)})(?!\w)", re.IGNORECASE)


def forget_names_in_minutes(
    session: Session, chat_id: int, user_id: int, names: Iterable[str], replacement: str
) -> int:
    """Replace the member's names in the chat's stored minutes (the one permitted change to a
    stored text): their full and unique first names and their @username as written in the HTML
    and in the Markdown, and their name as author or approver of a version. Returns the number
    of versions changed."""
    names = [name for name in names if name.strip()]
    in_html = _name_pattern(re.escape(html.escape(name)) for name in names)
    in_markdown = _name_pattern(_markdown_form(name) for name in names)
    in_plain = _name_pattern(re.escape(name) for name in names)
    versions = session.exec(
        select(MinutesVersion)
        .join(Meeting, col(Meeting.id) == col(MinutesVersion.meeting_id))
        .where(Meeting.chat_id == chat_id)
    ).all()
    changed = 0
    for version in versions:
        before = (version.html, version.markdown, version.correction)
        if in_html is not None and in_markdown is not None and in_plain is not None:
            version.html = in_html.sub(html.escape(replacement), version.html)
            version.markdown = in_markdown.sub(replacement, version.markdown)
            if version.correction is not None:
                version.correction = in_plain.sub(replacement, version.correction)
        touched = before != (version.html, version.markdown, version.correction)
        if version.created_by_id == user_id:
            version.created_by_id, version.created_by_name = None, replacement
            touched = True
        if version.approved_by_id == user_id:
            version.approved_by_id, version.approved_by_name = None, replacement
            touched = True
        if touched:
            session.add(version)
            changed += 1
    return changed
