"""The calendar file sent with the next meeting's invitation (RFC 5545, `icalendar`).

One VEVENT, `MEETING_LENGTH` long, starting at the planned local time with its TZID and the
VTIMEZONE (so 19:00 stays 19:00 in the calendar across DST). The UID names the chat and the
plan and stays the same when the meeting moves; SEQUENCE counts the moves, so a calendar app
that imports the newer file updates the event instead of adding a second one. METHOD is
PUBLISH (a calendar entry, not an e-mail invitation: answers go through the buttons, and there
is no organiser's address for a REQUEST), CANCEL with STATUS:CANCELLED when it is called off.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.enums import STATUS

from bot.i18n import Language, t
from bot.render.exports import PRODUCT_ID, calendar_name
from bot.render.invitation import PLAN_CANCELLED, Plan, Proposal

MEETING_LENGTH = timedelta(hours=2)


def plan_uid(plan: Plan) -> str:
    return f"meeting-plan-{plan.chat_id}-{plan.id}@boardbot"


def invitation_ics(
    plan: Plan,
    agenda: Sequence[Proposal],
    *,
    chat_title: str,
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
) -> bytes:
    cancelled = plan.status == PLAN_CANCELLED
    calendar = Calendar.new(prodid=PRODUCT_ID, uid=f"chat-{plan.chat_id}@boardbot")
    calendar.add("METHOD", "CANCEL" if cancelled else "PUBLISH")
    start = plan.starts_at.astimezone(tz)
    summary = t(lang, "ics_meeting_summary", title=chat_title or "boardbot")
    event = Event.new(
        uid=plan_uid(plan),
        stamp=now,
        start=start,
        end=start + MEETING_LENGTH,
        summary=str(calendar_name(summary)),
        location=plan.place or None,
        description="\n".join(f"{n}. {item.text}" for n, item in enumerate(agenda, start=1))
        or None,
        sequence=plan.sequence,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def invitation_filename(plan: Plan, tz: ZoneInfo, lang: Language) -> str:
    return t(lang, "file_invitation", date=plan.starts_at.astimezone(tz).strftime("%Y-%m-%d"))
