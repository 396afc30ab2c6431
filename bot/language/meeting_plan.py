"""Pure parsing of `/sitzung nächste …` (`/meeting next …`): show, cancel or plan the next
meeting, and the typed answers to its invitation.

`/sitzung nächste` shows the plan, `/sitzung nächste absagen` cancels it, and
`/sitzung nächste Mi 19 Uhr Vereinsheim` plans it: the longest run of leading words that the
due-date parser (`bot.language.dates`) reads is the date and time, the rest is the place
("Mi 19 Uhr, Vereinsheim" and "Mi 19 Uhr im Vereinsheim" work alike). A meeting needs a time
of day: a date alone is refused with an example, so is a date in the past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.language.arguments import normalize_space
from bot.language.dates import DateParseError, parse_due_date
from bot.language.limits import PLACE_MAX_LENGTH

# `nächste`, its ASCII spelling, the inflected `nächsten`, English `next`
NEXT_WORDS = frozenset({"nächste", "naechste", "nächsten", "naechsten", "next"})
CANCEL_WORDS = frozenset(
    {"absagen", "absage", "abgesagt", "streichen", "fällt aus", "faellt aus", "cancel"}
)
# The most leading words tried as the date phrase ("Mittwoch, 9. Dezember 2026, um 19:30 Uhr")
MAX_DATE_WORDS = 8
_PLACE_LEAD = re.compile(r"^[\s,;:–—-]+")
# `/sitzung nächste …`, `/meeting@boardbot next …`: the command the plan handler takes
NEXT_MEETING_COMMAND = re.compile(
    r"^/(?:sitzung|meeting)(?:@\w+)?\s+(?:n(?:ä|ae)chsten?|next)(?:\s|$)", re.IGNORECASE
)


class PlanTimeMissingError(ValueError):
    """A date without a time of day: when on that day does the board meet?"""

    def __init__(self, day: date) -> None:
        super().__init__(day)
        self.day = day


class PlaceTooLongError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


@dataclass(frozen=True)
class PlanShow:
    pass


@dataclass(frozen=True)
class PlanCancel:
    pass


@dataclass(frozen=True)
class PlanAt:
    """The next meeting on `day` at `at` (local, the chat's zone), at `place` if given."""

    day: date
    at: time
    place: str | None


PlanRequest = PlanShow | PlanCancel | PlanAt


def is_next_meeting_command(text: str | None) -> bool:
    return bool(NEXT_MEETING_COMMAND.match(text or ""))


def parse_plan_args(text: str, now: datetime) -> PlanRequest:
    """The words after `/sitzung` (`nächste` first); `now` is aware, in the chat's zone.

    Raises `DateParseError` (unknown or past), `PlanTimeMissingError`, `PlaceTooLongError`."""
    words = normalize_space(text).split(" ")
    if not words or words[0].lower() not in NEXT_WORDS:
        raise DateParseError(text, "unknown")
    rest = " ".join(words[1:]).strip()
    if not rest:
        return PlanShow()
    if rest.lower().strip(".!") in CANCEL_WORDS:
        return PlanCancel()
    return parse_plan_time(rest, now)


def parse_plan_time(text: str, now: datetime) -> PlanAt:
    """`Mi 19 Uhr [Ort]`: the longest leading run of words read as a date, the rest the place."""
    words = text.split()
    for count in range(min(len(words), MAX_DATE_WORDS), 0, -1):
        phrase = " ".join(words[:count]).rstrip(",;")
        try:
            due = parse_due_date(phrase, now)
        except DateParseError as error:
            if error.reason == "past":  # the longest reading that is a date: no shorter one
                raise  # ("heute 18 Uhr" at 20:00 is past, not "heute" without a time)
            continue
        if due.at is None:
            raise PlanTimeMissingError(due.day)
        return PlanAt(due.day, due.at, _place(" ".join(words[count:])))
    raise DateParseError(text, "unknown")


def _place(text: str) -> str | None:
    place = _PLACE_LEAD.sub("", text).strip()
    if len(place) > PLACE_MAX_LENGTH:
        raise PlaceTooLongError(len(place))
    return place or None
