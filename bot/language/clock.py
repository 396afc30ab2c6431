"""Take the time of day out of a due-date phrase (see `bot.language.dates` for the whole parse).

Spellings: "18 Uhr", "18:30", "18.30 Uhr", "18 Uhr 30", "9am", "9:30 pm", "9 59 am", "um 18",
"at 6", "at 3 15", "um 1030" and parts of the day (früh/morgens 08:00, vormittags 10:00,
mittags/noon 12:00, nachmittags 15:00, abends/evening 19:00, nachts 23:00). A number is only
ever a time with "Uhr", ":", am/pm or um/at in front - so "18 Uhr" is never the 18th.

How an hour is read (issue 11):
- A bare small hour - 1 to 6 written without minutes after a colon: "um 3", "bis 3 Uhr",
  "halb 4" - is the afternoon (15:00): nobody sets a board deadline for 3 a.m. 7 and 8 stay
  morning hours. "03:00" / "3:18" (a colon), "3 am", "früh", "morgens", "nachts" say otherwise.
- A part of the day moves a clock time into it: "8 Uhr abends" 20:00, "1 Uhr mittags" 13:00,
  "12 in the evening" / "um 12 nachts" / "midnight" is 00:00 of the next day.
- German "am" before a part of the day, a weekday, a date or "the" is the preposition, not a.m.:
  "um 3 am Nachmittag" is 15:00, "um 8 am Abend" 20:00, "1:30 am Sa, 21. Sept" 01:30.
"""

import re
from dataclasses import dataclass
from datetime import time

from bot.language import date_words as words

SMALL_HOURS = range(1, 7)  # "um 3" -> 15:00

_M = words.alternation(words.MONTHS)
_W_DE = words.alternation(words.GERMAN_WEEKDAYS)
_AT = r"(?:\b(?:um|at|gegen) )?"
# After "am" these make it the German preposition: a part of the day, a weekday, a date.
_GERMAN_AM = (
    rf"(?! (?:{words.alternation(words.DAYPARTS)}|{words.alternation(words.WEEKDAYS)}|"
    r"morgen|\d|den|der|ende|anfang|mitte)\b)"
)
_MERIDIEM = rf"(?P<meridiem>[ap])(?:\.m\.?|m\b(?(space){_GERMAN_AM}))"
_CLOCKS = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        # 18 Uhr, 18:30 Uhr, 18.30 Uhr, 18 Uhr 30 (but not the 30 of "18 Uhr 30. Juni")
        _AT + r"\b(?P<hour>\d{1,2})(?:(?P<colon>[:.])(?P<minute>\d{2}))? ?uhr"
        rf"(?: (?P<minute2>\d{{1,2}})(?![\d.])(?! (?:{_M})\b))?(?![a-z])"
        rf"(?:(?P<space> )?{_MERIDIEM})?",
        # 9am, 9 a.m., 9:30pm, 9:01:10 am, 9 59 am, 330 pm
        _AT + r"\b(?:(?P<hour>\d{1,2})(?:(?P<colon>[: ])(?P<minute>\d{2})(?::\d{2})?)?"
        rf"|(?P<chour>\d{{1,2}})(?P<cminute>\d{{2}}))(?P<space> )?{_MERIDIEM}",
        # 18:30, 15:23:24 - a colon is never part of one of our dates
        _AT + r"(?<![\d.:])(?P<hour>\d{1,2})(?P<colon>:)(?P<minute>\d{2})(?::\d{2})?(?![\d:])",
        # um 18, at 6, um 18.30, at 3 15, um 1030 - the preposition makes the number a time
        r"\b(?:um|at|gegen) (?:(?P<chour>\d{1,2})(?P<cminute>\d{2})(?![\d.:])|"
        r"(?P<hour>\d{1,2})(?:(?P<colon>[.:])(?P<minute>\d{2})| (?P<minute2>[0-5]\d))?"
        r"(?![\d.:]))",
    )
)
_DAYPART = re.compile(
    rf"(?:\b(?:am|in der|in the|in|at|um|gegen) )?\b(?P<word>{words.alternation(words.DAYPARTS)})\b"
    r"(?: of)?"
)
_DAYPART_SPELLINGS = (
    (re.compile(rf"\b(heute|gestern|{_W_DE}) morgen\b"), r"\1 morgens"),
    (re.compile(rf"\b({_W_DE})(morgen|vormittag|mittag|nachmittag|abend)s?\b"), r"\1 \2s"),
    (re.compile(r"\btonight\b"), "today evening"),
    (re.compile(r"\bthis (morning|afternoon|evening)\b"), r"today \1"),
)
_MIDNIGHT = re.compile(r"(?:\b(?:um|at|gegen) )?\b(?:midnight|mitternacht)\b")
_KEYWORDS = words.alternation((*words.LEADING_KEYWORDS, "um", "at", "gegen", "of", "for"))
_CONNECTORS = re.compile(rf"^(?:(?:{_KEYWORDS})\b ?)+|(?: (?:um|at|am|on|gegen|for))+$")
NIGHT = frozenset({"nachts", "night"})


@dataclass(frozen=True)
class ClockReading:
    rest: str  # the phrase without the time of day
    at: time | None
    next_day: bool = False  # "midnight", "12 in the evening": 00:00 after the day named


def cut(text: str, match: re.Match[str]) -> str:
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split())


def _hour_minute(match: re.Match[str]) -> tuple[int, int, bool]:
    """(hour, minute, literal): literal when written as a clock ("3:18", "1030")."""
    found = match.groupdict()
    if found.get("chour") is not None:
        return int(found["chour"]), int(found["cminute"]), True
    minute = int(found.get("minute") or found.get("minute2") or 0)
    return int(found["hour"]), minute, found.get("colon") is not None


def read_clock(phrase: str) -> ClockReading:
    """Remove the time of day from the phrase. Raises ValueError for 25 Uhr or two times."""
    for pattern, replacement in _DAYPART_SPELLINGS:
        phrase = pattern.sub(replacement, phrase)
    clock: tuple[int, int, bool] | None = None
    meridiem: str | None = None
    next_day = False
    if match := _MIDNIGHT.search(phrase):
        clock, next_day, phrase = (0, 0, True), True, cut(phrase, match)
    for pattern in _CLOCKS:
        if (match := pattern.search(phrase)) is None:
            continue
        if clock is not None:
            raise ValueError("two times of day")
        clock, meridiem = _hour_minute(match), match.groupdict().get("meridiem")
        phrase = cut(phrase, match)
    if clock is not None and any(pattern.search(phrase) for pattern in _CLOCKS):
        raise ValueError("two times of day")
    daypart = None
    if match := _DAYPART.search(phrase):
        phrase = cut(phrase, match)
        if _DAYPART.search(phrase):
            raise ValueError("two parts of the day")
        daypart = match["word"]
    rest = _CONNECTORS.sub("", phrase).strip()
    if clock is None:
        at = None if daypart is None else time(words.DAYPARTS[daypart][0])
        return ClockReading(rest, at)
    hour, minute, literal = clock
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError("not a 12-hour clock time")
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif daypart is not None:
        default_hour, highest_shifted = words.DAYPARTS[daypart]
        if hour == 12 and default_hour >= 19:
            hour, next_day = 0, True  # "this evening at 12", "um 12 nachts"
        elif 1 <= hour <= highest_shifted or (daypart in NIGHT and 8 <= hour <= 11):
            hour += 12
    elif not literal and hour in SMALL_HOURS:
        hour += 12
    return ClockReading(rest, time(hour, minute), next_day)


def extract_clock(phrase: str) -> tuple[str, time | None]:
    """`read_clock` without the next-day flag (for `bot.reminders.schedule`)."""
    reading = read_clock(phrase)
    return reading.rest, reading.at
