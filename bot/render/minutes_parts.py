"""Pure rendering of what a German Protokoll holds besides decisions and tasks, as plain-text
pieces of the minutes' outline (bot.render.outline): who was present, excused or a guest,
the quorum line, the minute-taker, the notes under an agenda item and the next meeting.

Who is what: an excused attendee sent apologies; a guest is one without a seat (status
"guest"); a member who asked to be forgotten is "ehemaliges Mitglied", never a guest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.i18n import Language, t
from bot.render.outline import Line, Section, Span
from bot.render.views import (
    ATTENDEE_EXCUSED,
    ATTENDEE_GUEST,
    AgendaItem,
    Attendee,
    Minutes,
    Note,
    Quorum,
)

SEPARATOR = " – "


def long_date(moment: datetime, lang: Language) -> str:
    """`Mittwoch, 19. Juni 2024` / `Wednesday, 19 June 2024`."""
    pattern = "EEEE, d. MMMM y" if lang == "de" else "EEEE, d MMMM y"
    return str(format_date(moment.date(), pattern, locale=lang))


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def is_guest(attendee: Attendee) -> bool:
    """A guest, not a member: a forgotten member stays a member ("ehemaliges Mitglied")."""
    return attendee.status == ATTENDEE_GUEST and not attendee.forgotten


def is_excused(attendee: Attendee) -> bool:
    return attendee.status == ATTENDEE_EXCUSED


def split_attendance(
    attendees: Iterable[Attendee],
) -> tuple[list[Attendee], list[Attendee], list[Attendee]]:
    """(present members, excused, guests), each in the order they were listed."""
    present: list[Attendee] = []
    excused: list[Attendee] = []
    guests: list[Attendee] = []
    for attendee in attendees:
        if is_excused(attendee):
            excused.append(attendee)
        elif is_guest(attendee):
            guests.append(attendee)
        else:
            present.append(attendee)
    return present, excused, guests


def attendee_name(attendee: Attendee, lang: Language) -> str:
    """Plain text; a guest is marked as one (a forgotten member is no guest)."""
    if is_guest(attendee):
        return t(lang, "guest_name", name=attendee.name)
    return attendee.name


def entered_by_lines(attendees: Iterable[Attendee], lang: Language) -> list[str]:
    """Plain text: who listed whom (someone other than themself), one line per person who did,
    in the order they first did; rows from before this was stored say nothing."""
    listed: dict[str, list[str]] = {}
    for attendee in attendees:
        if attendee.added_by_name:
            listed.setdefault(attendee.added_by_name, []).append(attendee_name(attendee, lang))
    return [
        t(lang, "min_entered_by", by=by, names=", ".join(names)) for by, names in listed.items()
    ]


def quorum_line(quorum: Quorum, lang: Language) -> str:
    """`beschlussfähig: 5 von 7 anwesend` / `nicht beschlussfähig: 3 von 7 anwesend`."""
    key = "min_quorate" if quorum.quorate else "min_not_quorate"
    return t(lang, key, present=quorum.present, seats=quorum.seats)


def _names(attendees: Sequence[Attendee]) -> str:
    return ", ".join(attendee.name for attendee in attendees)


def attendance_section(data: Minutes, lang: Language) -> Section:
    """`Anwesend (n)` with the members, then who was excused, the guests, the quorum and who
    listed whom: one block, so it stays short on a phone."""
    present, excused, guests = split_attendance(data.attendees)
    lines = [_names(present) if present else t(lang, "min_nobody")]
    if excused:
        lines.append(t(lang, "min_excused", count=len(excused), names=_names(excused)))
    if guests:
        lines.append(t(lang, "min_guests", count=len(guests), names=_names(guests)))
    if data.quorum is not None:
        lines.append(quorum_line(data.quorum, lang))
    lines += entered_by_lines(data.attendees, lang)
    heading = t(lang, "min_present", count=len(present))
    return Section(heading, intro=[[Span(line)] for line in lines])


def minute_taker_line(data: Minutes, lang: Language) -> str:
    return t(lang, "min_minute_taker", name=data.minute_taker or data.meeting.created_by_name)


def note_line(note: Note, tz: ZoneInfo, lang: Language) -> Line:
    """`Kassenbericht liegt vor – Vera, 20:10 Uhr`."""
    by = t(lang, "min_note_by", name=note.author_name, time=clock(note.created_at.astimezone(tz)))
    return [Span(note.text), Span(SEPARATOR + by)]


def item_heading(number: int, item: AgendaItem, lang: Language) -> str:
    return t(lang, "min_item", number=number, text=item.text)


def next_meeting_line(data: Minutes, tz: ZoneInfo, lang: Language) -> str | None:
    """`Nächste Sitzung: Mittwoch, 3. Juli 2024, 19:00 Uhr, Parteibüro`, once one is planned."""
    if data.next_meeting_at is None:
        return None
    local = data.next_meeting_at.astimezone(tz)
    when = t(lang, "min_next_when", day=long_date(local, lang), time=clock(local))
    if data.next_meeting_place:
        return t(lang, "min_next_meeting_place", when=when, place=data.next_meeting_place)
    return t(lang, "min_next_meeting", when=when)
