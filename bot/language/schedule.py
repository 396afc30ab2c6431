"""Reading schedule phrases: "jeden Montag 18 Uhr", "alle 2 Wochen ab 1.7.", "morgen 9 Uhr".

What a phrase means is a `Recurrence` (an RFC 5545 rule, `bot.language.recurrence`; none for a
one-off) and its first occurrence; the
reminders' arithmetic (`bot.reminders.schedule`) takes it from there. Nothing here reads the
clock: `now` is passed in, aware in the chat's zone. Instants come out as aware UTC datetimes;
rhythms are counted in the chat's local calendar (zoneinfo).

Grammar of `parse_schedule` (case-insensitive, umlauts or ae/oe/ue, normalised by
`bot.language.dates`):
- A time of day anywhere, exactly as `bot.language.dates` reads it: "18 Uhr", "um 18:30", "6pm",
  "at 6", "abends" (19:00), "Montagabend", a bare "18.30" if it is no date; none means the
  chat's reminder hour.
- Recurring ("N" is a digit or a number word, 1..52; "<Tage>" one weekday, also abbreviated,
  or several joined by "und"/"and"/","), becoming an RFC 5545 rule (`bot.language.recurrence`):
  jeden|jede|jedes|immer|every|each [zweiten|dritten|vierten|other|second|…] <Tage>
  [jeden|immer|every] montags [und donnerstags]|mondays|…
  jeden|every <n>. <Tage> [im Monat|jedes Monats|of the month]: the n-th in the month, where
  <n> is "1."-"4.", "3rd", "ersten", "letzten", "first", "last" (a word ordinal such as
  "zweiten" means the n-th of the month only with the month suffix); also "am ersten Montag
  jedes Monats", "on the first Monday of every month", "monatlich am ersten Montag"
  jeden Werktag|werktags|every weekday|weekdays: Monday to Friday
  jeden|jede|every [zweite|other|…] Tag|Woche|Monat|Jahr|day|week|month|year [<on>]
  alle|every N Tage|Wochen|Monate|Jahre|days|weeks|months|years [<on>]
  täglich|daily|wöchentlich|weekly|zweiwöchentlich|vierzehntägig|fortnightly|monatlich|monthly|
  jährlich|yearly|annually [<on>]; jeden Abend|Morgen|Mittag, every evening|morning: daily at
  that part of the day;
  <on> is "[am|on] <Tage>" or "montags" (weekly rules only), "am 15." / "on the 15th"
  (monthly rules only), "am 1. März" / "on March 1" / "am 1.3." (yearly rules only).
  An "ab|from|starting|beginnend <date>" before or after the rule sets the first day it may
  fall on (any date `parse_due_date` reads, not in the past); a "bis|until <date>" after the
  rule its last day (UNTIL): "jeden Montag bis 21.12.", "every Monday until December 21",
  "… bis Ende Juni". A rule with an end that cannot be read is refused, never a one-off.
- Anything else is a one-off: whatever `parse_due_date` reads ("am 22.06.", "morgen 18 Uhr",
  "in 2 Stunden", "tomorrow 9am", "in a fortnight").

Choices (one line each):
- One-off date without a time: the reminder hour that day; already over ("heute" at 20:00 with
  reminder hour 9) -> DateParseError "past". The first occurrence is always strictly after now.
- Recurring rules are anchored on today (or the "ab" date): the first occurrence is that day
  (moved forward to the rule's weekday / day of month) at the time if still ahead, else the next
  one in the rhythm. So "jeden Montag 18 Uhr" on a Monday at 17:00 is today 18:00, at 19:00 next
  Monday; "jeden Tag" at 20:00 (hour 9) is tomorrow 09:00; "jede Woche" / "alle 2 Wochen" at
  20:00 are 7 / 14 days from today at 09:00 (on a morning before 09:00: today 09:00);
  "alle 2 Wochen am Montag" on a Monday evening is the Monday in 14 days.
- A monthly rule keeps its day of the month ("jeden Monat" read on the 19th: the 19th); a day
  after the 28th means the month's last day when it has fewer ("monatlich am 31.": 30.06.,
  31.07., 29.02.), see `Recurrence`. "jeden 2. Dienstag" is the second Tuesday of the month,
  "jeden zweiten Dienstag" every other Tuesday; "every 3rd Wednesday" the third of the month.
- A wall time skipped by the spring DST jump moves forward by the jump (Berlin 31.03.2024
  02:30 -> 03:30 CEST); a repeated autumn wall time means its first occurrence (CEST).
- `split_schedule` tries the last 16 words at most (a longer schedule is no schedule).
- `Recurrence.at` has minute precision; `to_text` is the RRULE text storage keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.language import date_words as words
from bot.language import schedule_words as sw

# The shared grammar: the same normalising, clock times and month arithmetic as due dates.
from bot.language.dates import (
    _BARE_DOT_TIME,
    DateParseError,
    _cut,
    _extract_clock,
    _normalize,
    parse_due_date,
)
from bot.language.recurrence import MAX_INTERVAL as MAX_INTERVAL
from bot.language.recurrence import WORKDAYS
from bot.language.recurrence import Recurrence as Recurrence
from bot.language.recurrence import Unit as Unit

MAX_PHRASE_LENGTH = 200  # as in bot.language.dates: longer input is never a schedule
MAX_SCHEDULE_WORDS = 16


@dataclass(frozen=True)
class Schedule:
    first: datetime  # aware UTC: the first occurrence (> now)
    recurrence: Recurrence | None  # None = once; anchored (its day of the month is stored)


# --- calendar steps: placing the first occurrence; the reminders' arithmetic builds on them ---


def require_aware(*moments: datetime) -> None:
    if any(moment.tzinfo is None or moment.utcoffset() is None for moment in moments):
        raise ValueError("datetimes must be timezone-aware")  # a caller bug, not a user error


def local_instant(day: date, at: time, tz: tzinfo) -> datetime:
    """UTC instant of a local wall time: a skipped time moves forward, a repeated one is first."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


# --- the grammar ------------------------------------------------------------------------------

_W = words.alternation(words.WEEKDAYS)
_AND = words.alternation(sw.AND_WORDS)
_DAYS = rf"(?:{_W})\.?(?: (?:(?:{_AND}) )?(?:{_W})\.?)*"
_PLURAL = words.alternation(sw.PLURAL_WEEKDAYS)
_PLURALS = rf"(?:{_PLURAL})(?: (?:(?:{_AND}) )?(?:{_PLURAL}))*"
_EVERY = words.alternation(sw.EVERY)
_ORDINAL = words.alternation(sw.ORDINALS)
_NTH = rf"{sw.NTH_DIGITS}|{words.alternation(sw.NTH_WORDS)}|{_ORDINAL}"
_MONTH_SUFFIX = words.alternation(sw.MONTH_SUFFIXES)
_UNIT = words.alternation(words.DATE_UNITS)
_MONTH = words.alternation(words.MONTHS)
_COUNT = rf"\d{{1,3}}|{words.alternation(words.NUMBERS)}"
_ORDINAL_SUFFIX = r"(?:\.|st|nd|rd|th)"
_YEAR_DAY = (
    rf"(?P<yd>\d{{1,2}})\.? (?P<ym>{_MONTH})\.?"
    rf"|(?P<ym2>{_MONTH}) (?P<yd2>\d{{1,2}}){_ORDINAL_SUFFIX}?"
    r"|(?P<yd3>\d{1,2})\.(?P<ym3>\d{1,2})\.?"
)
_ON = (
    rf"(?: (?:(?:am|on|jeden|every|immer) )?(?P<weekday>{_DAYS})| (?P<plural>{_PLURALS})"
    rf"| (?:am|on) (?:the )?(?P<mday>\d{{1,2}}){_ORDINAL_SUFFIX}?"
    rf"| (?:(?:am|on) )?(?:the )?(?:{_YEAR_DAY}))?"
)
_MONTHLY = rf"monatlich|monthly|(?:{_EVERY}) (?:monat|month)"
_RULES = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        rf"(?:(?:{_EVERY}) )?(?P<plural>{_PLURALS})",
        rf"(?:{_EVERY}) (?:(?P<ordinal>{_ORDINAL}) )?(?P<weekday>{_DAYS})",
        rf"(?P<workdays>{words.alternation(sw.WORKDAY_PHRASES)})",
        rf"(?:(?P<every>{_EVERY}) |(?P<monthly>{_MONTHLY}) (?:(?:am|on) )?(?:the )?"
        r"|(?:on )?(?:the )?)"
        rf"(?P<nth>{_NTH}) (?P<weekday>{_DAYS})(?: (?P<suffix>{_MONTH_SUFFIX}))?",
        rf"(?:{_EVERY}) (?:(?P<ordinal>{_ORDINAL}) )?(?P<unit>{_UNIT}){_ON}",
        rf"(?:alle|every) (?P<count>{_COUNT}) (?P<unit>{_UNIT}){_ON}",
        rf"(?P<adverb>{words.alternation(sw.ADVERBS)}){_ON}",
        rf"(?P<daily>{_EVERY})",  # only with a part of the day: "jeden Abend", "every evening"
    )
)
_EVERY_MORNING = re.compile(rf"\b({_EVERY}) morgen\b")  # "jeden Morgen" is not "tomorrow"
_DAYPART_WORD = re.compile(rf"\b(?:{words.alternation(words.DAYPARTS)})\b")
_START = words.alternation(sw.START_WORDS)
_UNTIL = words.alternation(sw.UNTIL_WORDS)


def _weekdays(text: str) -> tuple[int, ...]:
    """ "dienstag und do." -> (1, 3); plural names ("montags") as well."""
    days = []
    for token in text.split():
        name = token.rstrip(".")
        if name in words.WEEKDAYS:
            days.append(words.WEEKDAYS[name])
        elif name in sw.PLURAL_WEEKDAYS:
            days.append(sw.PLURAL_WEEKDAYS[name])
    return tuple(days)


def _year_day(found: dict[str, str | None]) -> tuple[int, int] | None:
    """(month, day) of "1. maerz", "march 1", "1.3.", or None."""
    for day_key, month_key in (("yd", "ym"), ("yd2", "ym2"), ("yd3", "ym3")):
        day, month = found.get(day_key), found.get(month_key)
        if day is not None and month is not None:
            return (int(month) if month.isdigit() else words.MONTHS[month]), int(day)
    return None


def _nth_rule(found: dict[str, str | None], clock: time | None) -> Recurrence | None:
    """ "jeden 2. Dienstag", "jeden ersten Montag im Monat", "every last Friday of the month"."""
    word = found["nth"] or ""
    monthly = found.get("suffix") is not None or found.get("monthly") is not None
    if word in sw.ORDINALS and (not monthly or word == "other"):
        return None  # "jeden zweiten Dienstag": every other week (another rule)
    if not monthly and found.get("every") is None:
        return None  # "ersten Montag" alone is no rhythm
    nth = sw.ORDINALS.get(word) or sw.NTH_WORDS.get(word) or int(word[0])
    return Recurrence("month", 1, _weekdays(found["weekday"] or ""), clock, nth=nth)


def _unit_and_count(found: dict[str, str | None]) -> tuple[str, int]:
    unit, count = "day", 1
    if adverb := found.get("adverb"):
        unit, count = sw.ADVERBS[adverb]
    elif name := found.get("unit"):
        unit = sw.UNITS.get(words.DATE_UNITS[name], "")
    if number := found.get("count"):
        count = int(number) if number.isdigit() else words.NUMBERS[number]
    if ordinal := found.get("ordinal"):
        count = sw.ORDINALS[ordinal]
    return unit, count


def _build_rule(
    found: dict[str, str | None], clock: time | None, daypart: bool
) -> Recurrence | None:
    """The rule a pattern's groups spell out, or None. Raises ValueError for a bad interval."""
    if found.get("daily") is not None and not daypart:
        return None
    if found.get("workdays") is not None:
        return Recurrence("week", 1, WORKDAYS, clock)
    if found.get("nth") is not None:
        return _nth_rule(found, clock)
    unit, count = _unit_and_count(found)
    days = _weekdays(found.get("weekday") or found.get("plural") or "")
    if days and not found.get("unit") and not found.get("adverb"):
        unit = "week"  # "jeden Montag", "montags"
    mday = int(text) if (text := found.get("mday")) else None
    year_day = _year_day(found)
    if unit not in ("day", "week", "month", "year") or (days and unit != "week"):
        return None  # "jeden Tag am Montag"
    if (mday is not None and unit != "month") or (year_day is not None and unit != "year"):
        return None
    month, mday = (year_day[0], year_day[1]) if year_day is not None else (None, mday)
    return Recurrence(unit, count, days or None, clock, month_day=mday, month=month)  # type: ignore[arg-type]


def _match_rule(text: str, clock: time | None, daypart: bool) -> Recurrence | None:
    """The rule `text` spells out completely, or None. Raises ValueError for a bad interval."""
    for pattern in _RULES:
        match = pattern.fullmatch(text)
        if match is not None and (rule := _build_rule(match.groupdict(), clock, daypart)):
            return rule
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


def _split_until(rest: str) -> tuple[str, str | None]:
    """ "jeden montag bis 21.12." -> ("jeden montag", "21.12."); a "bis" the clock was taken
    from ("jeden Montag bis 18 Uhr") is dropped; no "bis" after the rule: (rest, None)."""
    tokens = rest.split()
    for index in range(len(tokens) - 1, 0, -1):
        if re.fullmatch(_UNTIL, tokens[index]):
            end = " ".join(tokens[index + 1 :]).removeprefix("the ")
            return " ".join(tokens[:index]), None if end in sw.OPEN_ENDS else end or None
    return rest, None


def _until(text: str, now: datetime) -> date:
    """The last day of "… bis <text>": a date without a time, not in the past."""
    try:
        due = parse_due_date(text, now)
    except DateParseError as error:
        raise DateParseError(text, error.reason) from error
    if due.at is not None:
        raise DateParseError(text, "unknown")
    return due.day


def _first(rule: Recurrence, start: date, now: datetime, hour: int, text: str) -> Schedule:
    """The rule anchored on `start` (today or later) and its first occurrence after now."""
    rule, tz = rule.anchored(start), now.tzinfo or UTC
    if rule.unit == "week" and rule.days:  # every other week counts from the first such day
        while start.weekday() not in rule.days:
            start += timedelta(days=1)
    for wall in rule.rrule(start, hour):
        if (candidate := local_instant(wall.date(), wall.time(), tz)) > now:
            return Schedule(candidate, rule)
    raise DateParseError(text, "past")  # the end (UNTIL) lies before the first occurrence


def _parse_recurring(text: str, now: datetime, hour: int) -> Schedule | None:
    phrase = _EVERY_MORNING.sub(r"\1 morgens", _normalize(text))
    rest, clock = _extract_clock(phrase)
    rest, until_text = _split_until(rest)
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
        if until_text is not None:
            rule = _with_until(rule, _until(until_text, now))
        return _first(rule, start, now, hour, text.strip())
    return None


def _with_until(rule: Recurrence, until: date) -> Recurrence:
    return Recurrence(
        rule.unit, rule.interval, rule.weekday, rule.at, rule.nth, rule.month_day, rule.month, until
    )


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


_RULE_FOLLOWERS = frozenset(
    {*sw.ORDINALS, *sw.NTH_WORDS, *words.WEEKDAYS, *sw.PLURAL_WEEKDAYS, *words.DATE_UNITS}
)
_UNREAD_TAIL = 4  # how far back in the free text a started rule is looked for


def _unread_rule(free: list[str]) -> int | None:
    """Where a recurrence starts that the schedule did not read ("Stammtisch jeden 5." before
    "Montag", "alle 3 Wochen" before "am 35."), in the last words of the free text; None when
    there is none ("Brief an jeden Kandidaten", "Flyer für alle"). Storing the rest as a one-off
    would be a silent misreading."""
    for index in range(max(0, len(free) - _UNREAD_TAIL), len(free)):
        word = _keyword(free[index])
        following = _keyword(free[index + 1]) if index + 1 < len(free) else ""
        if word in sw.ADVERBS:
            return index
        if (word in sw.EVERY or word == "alle") and (
            following[:1].isdigit() or following in _RULE_FOLLOWERS
        ):
            return index
    return None


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
        if (started := _unread_rule(tokens[:index])) is not None:
            raise DateParseError(" ".join(tokens[started:]), "unknown")
        return free, schedule
    keywords = [i for i, token in enumerate(tokens) if _keyword(token) in sw.SCHEDULE_KEYWORDS]
    if not keywords:
        raise DateParseError(text.strip(), "unknown")
    last = keywords[-1]
    raise DateParseError(" ".join(tokens[last + 1 :]) or tokens[last], "unknown")
