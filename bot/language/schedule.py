"""Reading schedule phrases: "jeden Montag 18 Uhr", "alle 2 Wochen ab 1.7.", "morgen 9 Uhr".

What a phrase means is a `Recurrence` (or none, for a one-off) and its first occurrence; the
reminders' arithmetic (`bot.reminders.schedule`) takes it from there. Nothing here reads the
clock: `now` is passed in, aware in the chat's zone. Instants come out as aware UTC datetimes;
rhythms are counted in the chat's local calendar (zoneinfo).

Grammar of `parse_schedule` (case-insensitive, umlauts or ae/oe/ue, normalised by
`bot.language.dates`):
- A time of day anywhere, exactly as `bot.language.dates` reads it: "18 Uhr", "um 18:30", "6pm",
  "at 6", "abends" (19:00), "Montagabend", a bare "18.30" if it is no date; none means the
  chat's reminder hour.
- Recurring ("N" is a digit or a number word, 1..52; "<Tag>" a weekday, also abbreviated):
  jeden|jede|jedes|immer|every|each [zweiten|dritten|vierten|other|second|…] <Tag>
  [jeden|immer|every] montags|mondays|…
  jeden|jede|every [zweite|other|…] Tag|Woche|Monat|day|week|month [<on>]
  alle|every N Tage|Wochen|Monate|days|weeks|months [<on>]
  täglich|daily|wöchentlich|weekly|zweiwöchentlich|vierzehntägig|fortnightly|monatlich|monthly
  [<on>]; jeden Abend|Morgen|Mittag, every evening|morning: daily at that part of the day;
  <on> is "[am|on] <Tag>" or "montags" (weekly rules only) or "am 15." / "on the 15th"
  (monthly rules only). An "ab|from|starting|beginnend <date>" before or after the rule sets the
  first day it may fall on (any date `parse_due_date` reads, not in the past).
- Anything else is a one-off: whatever `parse_due_date` reads ("am 22.06.", "morgen 18 Uhr",
  "in 2 Stunden", "tomorrow 9am"). "jeden Werktag" and "jeden ersten Montag im Monat" are not
  understood (DateParseError "unknown").

Choices (one line each):
- One-off date without a time: the reminder hour that day; already over ("heute" at 20:00 with
  reminder hour 9) -> DateParseError "past". The first occurrence is always strictly after now.
- Recurring rules are anchored on today (or the "ab" date): the first occurrence is that day
  (moved forward to the rule's weekday / day of month) at the time if still ahead, else the next
  one in the rhythm. So "jeden Montag 18 Uhr" on a Monday at 17:00 is today 18:00, at 19:00 next
  Monday; "jeden Tag" at 20:00 (hour 9) is tomorrow 09:00; "jede Woche" / "alle 2 Wochen" at
  20:00 are 7 / 14 days from today at 09:00 (on a morning before 09:00: today 09:00);
  "alle 2 Wochen am Montag" on a Monday evening is the Monday in 14 days.
- "monatlich am 31." starts on the next month that has a 31st (the rule stores no day of month;
  see `bot.reminders.schedule` for how the months after it fall).
- A wall time skipped by the spring DST jump moves forward by the jump (Berlin 31.03.2024
  02:30 -> 03:30 CEST); a repeated autumn wall time means its first occurrence (CEST).
- `split_schedule` tries the last 16 words at most (a longer schedule is no schedule).
- `Recurrence.at` has minute precision; `to_text` is "unit/interval/weekday|-/HH:MM|-".
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from bot.language import date_words as words
from bot.language import schedule_words as sw

# The shared grammar: the same normalising, clock times and month arithmetic as due dates.
from bot.language.dates import (
    _BARE_DOT_TIME,
    DateParseError,
    _add_months,
    _cut,
    _extract_clock,
    _normalize,
    parse_due_date,
)

Unit = Literal["day", "week", "month"]
_UNITS: dict[str, Unit] = {"day": "day", "week": "week", "month": "month"}

MAX_INTERVAL = 52
MAX_PHRASE_LENGTH = 200  # as in bot.language.dates: longer input is never a schedule
MAX_SCHEDULE_WORDS = 16
_TEXT = re.compile(r"(day|week|month)/([1-9]\d?)/([0-6]|-)/(-|(?:[01]\d|2[0-3]):[0-5]\d)")


@dataclass(frozen=True)
class Recurrence:
    """What a recurring phrase means; stored as `to_text()` (storage keeps it as text)."""

    unit: Unit
    interval: int = 1  # every `interval` units (1..52)
    weekday: int | None = None  # 0=Monday..6=Sunday, weekly rules only
    at: time | None = None  # local time of day (minutes); None = the chat's reminder hour

    def __post_init__(self) -> None:
        if self.unit not in _UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if type(self.interval) is not int or not 1 <= self.interval <= MAX_INTERVAL:
            raise ValueError(f"interval must be 1..{MAX_INTERVAL}")
        if self.weekday is not None and (self.unit != "week" or self.weekday not in range(7)):
            raise ValueError("a weekday needs a weekly rule and must be 0..6")
        if self.at is not None and (self.at.second or self.at.microsecond or self.at.tzinfo):
            raise ValueError("the time of day must be a naive time in whole minutes")

    def to_text(self) -> str:
        weekday = "-" if self.weekday is None else str(self.weekday)
        at = "-" if self.at is None else f"{self.at:%H:%M}"
        return f"{self.unit}/{self.interval}/{weekday}/{at}"

    @classmethod
    def from_text(cls, text: str) -> Recurrence:
        match = _TEXT.fullmatch(text)
        if match is None:
            raise ValueError(f"not a recurrence: {text!r}")
        unit, interval, weekday, at = match.groups()
        return cls(
            _UNITS[unit],
            int(interval),
            None if weekday == "-" else int(weekday),
            None if at == "-" else time.fromisoformat(at),
        )

    def describe(self, lang: str) -> str:
        every, singular, plural, en_singular, en_plural = sw.UNIT_NAMES[self.unit]
        count, weekday = self.interval, self.weekday
        if lang.lower().startswith("de"):
            day = None if weekday is None else sw.GERMAN_DAY_NAMES[weekday]
            if day is not None and count == 1:
                text = f"jeden {day}"
            else:
                text = f"{every} {singular}" if count == 1 else f"alle {count} {plural}"
                text += "" if day is None else f" am {day}"
            return text if self.at is None else f"{text} um {self.at:%H:%M}"
        day = None if weekday is None else sw.ENGLISH_DAY_NAMES[weekday]
        if day is not None and count == 1:
            text = f"every {day}"
        else:
            text = f"every {en_singular}" if count == 1 else f"every {count} {en_plural}"
            text += "" if day is None else f" on {day}"
        return text if self.at is None else f"{text} at {self.at:%H:%M}"


@dataclass(frozen=True)
class Schedule:
    first: datetime  # aware UTC: the first occurrence (> now)
    recurrence: Recurrence | None  # None = once


# --- calendar steps: placing the first occurrence; the reminders' arithmetic builds on them ---


def require_aware(*moments: datetime) -> None:
    if any(moment.tzinfo is None or moment.utcoffset() is None for moment in moments):
        raise ValueError("datetimes must be timezone-aware")  # a caller bug, not a user error


def local_instant(day: date, at: time, tz: tzinfo) -> datetime:
    """UTC instant of a local wall time: a skipped time moves forward, a repeated one is first."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def shift_date(day: date, unit: Unit, count: int) -> date:
    """`count` days, weeks or months after `day` (months clamped to the month's end)."""
    if unit == "month":
        return _add_months(day, count)
    return day + timedelta(days=count * (7 if unit == "week" else 1))


# --- the grammar ------------------------------------------------------------------------------

_W = words.alternation(words.WEEKDAYS)
_PLURAL = words.alternation(sw.PLURAL_WEEKDAYS)
_EVERY = words.alternation(sw.EVERY)
_ORDINAL = words.alternation(sw.ORDINALS)
_UNIT = words.alternation(words.DATE_UNITS)
_COUNT = rf"\d{{1,3}}|{words.alternation(words.NUMBERS)}"
_ON = (
    rf"(?: (?:(?:am|on|jeden|every|immer) )?(?P<weekday>{_W})\.?| (?P<plural>{_PLURAL})"
    r"| (?:am|on) (?:the )?(?P<mday>\d{1,2})(?:\.|st|nd|rd|th)?)?"
)
_RULES = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        rf"(?:(?:{_EVERY}) )?(?P<plural>{_PLURAL})",
        rf"(?:{_EVERY}) (?:(?P<ordinal>{_ORDINAL}) )?(?P<weekday>{_W})\.?",
        rf"(?:{_EVERY}) (?:(?P<ordinal>{_ORDINAL}) )?(?P<unit>{_UNIT}){_ON}",
        rf"(?:alle|every) (?P<count>{_COUNT}) (?P<unit>{_UNIT}){_ON}",
        rf"(?P<adverb>{words.alternation(sw.ADVERBS)}){_ON}",
        rf"(?P<daily>{_EVERY})",  # only with a part of the day: "jeden Abend", "every evening"
    )
)
_EVERY_MORNING = re.compile(rf"\b({_EVERY}) morgen\b")  # "jeden Morgen" is not "tomorrow"
_DAYPART_WORD = re.compile(rf"\b(?:{words.alternation(words.DAYPARTS)})\b")
_START = words.alternation(sw.START_WORDS)


@dataclass(frozen=True)
class _Rule:
    recurrence: Recurrence
    month_day: int | None  # "monatlich am 15."


def _match_rule(text: str, clock: time | None, daypart: bool) -> _Rule | None:
    """The rule `text` spells out completely, or None. Raises ValueError for a bad interval."""
    for pattern in _RULES:
        if (match := pattern.fullmatch(text)) is None:
            continue
        found = match.groupdict()
        if found.get("daily") is not None and not daypart:
            return None
        unit, count = "day", 1
        if found.get("adverb"):
            unit, count = sw.ADVERBS[found["adverb"]]
        elif found.get("unit"):
            unit = sw.UNITS.get(words.DATE_UNITS[found["unit"]], "")
        if found.get("count"):
            count = (
                int(found["count"]) if found["count"].isdigit() else words.NUMBERS[found["count"]]
            )
        if found.get("ordinal"):
            count = sw.ORDINALS[found["ordinal"]]
        weekday = None
        if name := found.get("weekday") or found.get("plural"):
            weekday = words.WEEKDAYS[name] if name in words.WEEKDAYS else sw.PLURAL_WEEKDAYS[name]
            if not found.get("unit") and not found.get("adverb"):
                unit = "week"  # "jeden Montag", "montags"
        mday = int(found["mday"]) if found.get("mday") else None
        if unit not in _UNITS or (weekday is not None and unit != "week"):
            return None  # "jährlich", "jeden Tag am Montag"
        if mday is not None and (unit != "month" or not 1 <= mday <= 31):
            return None
        return _Rule(Recurrence(_UNITS[unit], count, weekday, clock), mday)
    return None


def _readings(rest: str) -> list[tuple[str, str | None]]:
    """(rule text, start date text) splits of the phrase: no start, "ab <date> <rule>",
    "<rule> ab <date>"."""
    tokens = rest.split()
    readings: list[tuple[str, str | None]] = [(rest, None)]
    for index, token in enumerate(tokens):
        if re.fullmatch(_START, token) is None:
            continue
        if index == 0:
            readings += [
                (" ".join(tokens[j:]), " ".join(tokens[1:j])) for j in range(2, len(tokens))
            ]
        else:
            readings.append((" ".join(tokens[:index]), " ".join(tokens[index + 1 :])))
    return readings


def _first(rule: _Rule, start: date, now: datetime, hour: int) -> datetime:
    """The first occurrence on or after `start` (today or later) that is strictly after now."""
    recurrence, tz = rule.recurrence, now.tzinfo or UTC
    if recurrence.weekday is not None:
        start += timedelta(days=(recurrence.weekday - start.weekday()) % 7)
    if (mday := rule.month_day) is not None:  # the next month that has this day
        month = start.replace(day=1)
        while monthrange(month.year, month.month)[1] < mday or month.replace(day=mday) < start:
            month = _add_months(month, 1)
        start = month.replace(day=mday)
    at = recurrence.at if recurrence.at is not None else time(hour)
    candidate, steps = local_instant(start, at, tz), 0
    while candidate <= now:  # today's time is over: the next one in the rhythm
        steps += recurrence.interval
        candidate = local_instant(shift_date(start, recurrence.unit, steps), at, tz)
    return candidate


def _parse_recurring(text: str, now: datetime, hour: int) -> Schedule | None:
    phrase = _EVERY_MORNING.sub(r"\1 morgens", _normalize(text))
    rest, clock = _extract_clock(phrase)
    readings = [(reading, clock) for reading in _readings(rest)]
    if clock is None and (bare := _BARE_DOT_TIME.search(rest)):  # "jeden Montag 18.30"
        bare_clock = time(int(bare["hour"]), int(bare["minute"]))
        readings += [(reading, bare_clock) for reading in _readings(_cut(rest, bare))]
    for (rule_text, start_text), reading_clock in readings:
        rule = _match_rule(rule_text, reading_clock, _DAYPART_WORD.search(phrase) is not None)
        if rule is None:
            continue
        start = now.date()
        if start_text is not None:
            try:
                due = parse_due_date(start_text, now)
            except DateParseError as error:
                if error.reason == "past":  # "ab gestern jeden Tag"
                    raise
                continue
            if due.at is not None:
                continue
            start = due.day
        return Schedule(_first(rule, start, now, hour), rule.recurrence)
    return None


def parse_schedule(text: str, now: datetime, reminder_hour: int) -> Schedule:
    """`now` aware in the chat's zone. Raises bot.language.dates.DateParseError ("unknown" or
    "past")."""
    require_aware(now)
    if reminder_hour not in range(24):
        raise ValueError("reminder_hour must be 0..23")
    stripped = text.strip()
    if len(stripped) > MAX_PHRASE_LENGTH:
        raise DateParseError(stripped, "unknown")
    try:
        recurring = _parse_recurring(stripped, now, reminder_hour)
    except DateParseError:
        raise
    except (ValueError, OverflowError):  # 25 Uhr, two times, "alle 99 Wochen", year 9999
        recurring = None
    if recurring is not None:
        return recurring
    due = parse_due_date(stripped, now)
    at = due.at if due.at is not None else time(reminder_hour)
    try:
        first = local_instant(due.day, at, now.tzinfo or UTC)
    except OverflowError as error:
        raise DateParseError(stripped, "unknown") from error
    if first <= now:
        raise DateParseError(stripped, "past")
    return Schedule(first, None)


def _keyword(token: str) -> str:
    token = token.casefold().strip(".,;:!?")
    return token.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")


def split_schedule(text: str, now: datetime, reminder_hour: int) -> tuple[str, Schedule]:
    """'<free text> <schedule>' -> (free text without trailing separators, schedule).

    The schedule is the longest trailing run of words that parses. Raises DateParseError:
    "past" as soon as a trailing run reads as a past date; "unknown" quoting the words after the
    last schedule keyword (or the whole text) if nothing parses, or the whole text if the
    schedule leaves no free text."""
    tokens = text.split()
    for index in range(max(0, len(tokens) - MAX_SCHEDULE_WORDS), len(tokens)):
        try:
            schedule = parse_schedule(" ".join(tokens[index:]), now, reminder_hour)
        except DateParseError as error:
            if error.reason == "past":
                raise
            continue
        free = " ".join(tokens[:index]).rstrip(" ,;:–—-")
        if not free:
            raise DateParseError(text.strip(), "unknown")
        return free, schedule
    keywords = [i for i, token in enumerate(tokens) if _keyword(token) in sw.SCHEDULE_KEYWORDS]
    if not keywords:
        raise DateParseError(text.strip(), "unknown")
    last = keywords[-1]
    raise DateParseError(" ".join(tokens[last + 1 :]) or tokens[last], "unknown")
