"""Parse the due-date phrases people type into a chat, in German and English.

`parse_due_date(text, now)` is pure: everything is relative to `now`, an aware datetime in the
chat's time zone. It returns a `DueDate` (local day plus optional local time) or raises
`DateParseError` with reason "unknown" or "past" - never anything else.

How a phrase is read:

1. Normalise: Unicode NFKC, case-fold, ä/ö/ü -> ae/oe/ue (ß -> ss by case-folding), commas and
   "mid-November" hyphens -> spaces, squeeze whitespace, drop trailing "!?;:" and trailing dots
   unless the dot ends a "30.06." date. Leading keywords (bis, am, zum, zur, den, spätestens,
   until, till, by, due, on, the) are dropped.
2. "in N Stunden/Minuten", "in N hours/minutes" -> now plus that, rounded up to the minute.
3. Take the time of day out of the phrase, wherever it stands: "18 Uhr", "18:30", "18.30 Uhr",
   "18 Uhr 30", "9am", "9:30 pm", "um 18", "at 6", and parts of the day (früh/morgens 08:00,
   vormittags 10:00, mittags/noon 12:00, nachmittags 15:00, abends/evening 19:00; "8 Uhr abends"
   is 20:00). "heute/gestern/<Wochentag> morgen" is morning, "tonight" is "today evening".
   A number is only ever a time with "Uhr", ":", am/pm or um/at in front - so "18 Uhr" is never
   the 18th (dateparser #1159). A bare "18.30" is a time only if the phrase makes no sense
   with it read as a date ("morgen 18.30"); "bis 22.06" stays 22 June.
4. Read what is left with our own grammar (the `_rule` functions below, tried in order,
   each must match the whole rest). A phrase without a year means the next such date that is
   not in the past (today is not past).
5. Only if no rule matched, ask `dateparser` - and only for short phrases that look like an
   absolute date (a digit pair like "30-06" or a month name). Step 3 decides whether there is a
   time: a reading where dateparser found a time of day we did not is rejected as "unknown".

Choices for ambiguous phrases (one line each):
- bare weekday / "nächsten X" / "next X": the next X strictly after today; "übernächsten X",
  "X after next": a week later; "diesen X" / "this X": X of this ISO week (may be "past").
- "nächste Woche" / "next week": Friday of next week (a working-week deadline).
- "diese Woche", "Ende der Woche", "end of the week": Sunday of this week, like "KW 27" which is
  the Sunday of ISO week 27; "Anfang/Mitte ... Woche" is Monday/Wednesday of it.
- "Juli", "im Juli", "nächsten Monat", "Ende des Monats", "Monatsende": last day of that month;
  "Anfang" is the 1st, "Mitte" the 15th.
- "heute Abend" is today 19:00 (so "past" after 19:00), "morgen früh" tomorrow 08:00; a part
  of the day or a clock time without a day means today if not yet past, else tomorrow.
- A wall time skipped by a DST jump moves forward by the jump (Berlin 31.03.2024 02:30 ->
  03:30); a repeated wall time (autumn) means its first occurrence.
- "in 1 Monat" from 31.01. clamps to the end of February.
- `DateParseError.text` is the phrase without the leading keyword, as typed ("irgendwann"
  for "bis irgendwann"), or the whole stripped text if nothing else is left.
- "KW 53" and "29.02." without a year look up to eight years ahead for a year that has them.
"""

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from bot.language import date_words as words

DateParseReason = Literal["unknown", "past"]

END_OF_DAY = time(23, 59, 59)
# Longer input is never a date; refusing it early keeps every regex below cheap.
MAX_PHRASE_LENGTH = 200
# A failing dateparser call on long junk can take over a second.
FALLBACK_MAX_LENGTH = 60
# How far ahead a year-less date ("29.02.", "KW 53") may be looked for.
YEARS_AHEAD = 8


@dataclass(frozen=True)
class DueDate:
    day: date  # local calendar day in the chat's time zone
    at: time | None  # local time of day, or None for "date only"

    def to_utc(self, tz: ZoneInfo) -> datetime:
        """Aware UTC instant: the given time, or 23:59:59 local for a date-only due date."""
        return _utc_instant(self.day, self.at, tz)


class DateParseError(ValueError):
    def __init__(self, text: str, reason: DateParseReason) -> None:
        super().__init__(text, reason)
        self.text = text
        self.reason: DateParseReason = reason

    def __str__(self) -> str:
        return f"{self.reason} due date: {self.text!r}"


def format_phrase_examples(lang: str) -> tuple[str, str]:
    """Two phrases the parser understands, for the reply to a phrase it did not."""
    if lang.lower().startswith("de"):
        return ("bis Freitag", "am 30.06. 18 Uhr")
    return ("by Friday", "on 2024-06-30 6pm")


def parse_due_date(text: str, now: datetime) -> DueDate:
    """`now` is an aware datetime already in the chat's time zone. Raises DateParseError."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")  # a caller bug, not a user error
    stripped = text.strip()
    shown = _ORIGINAL_KEYWORDS.sub("", stripped).strip() or stripped
    if len(stripped) > MAX_PHRASE_LENGTH:
        raise DateParseError(shown, "unknown")
    try:
        due = _parse(_normalize(stripped), now)
        past = due is not None and _is_past(due, now)
    except (ValueError, OverflowError) as error:  # impossible dates, arithmetic past year 9999
        raise DateParseError(shown, "unknown") from error
    if due is None:
        raise DateParseError(shown, "unknown")
    if past:
        raise DateParseError(shown, "past")
    return due


# --- normalising ------------------------------------------------------------------------------

_KEYWORDS = words.alternation(words.LEADING_KEYWORDS)
_LEADING_KEYWORDS = re.compile(rf"^(?:(?:{_KEYWORDS})\b ?)+", re.ASCII)
_ORIGINAL_KEYWORDS = re.compile(
    rf"^(?:(?:{_KEYWORDS.replace('spaetestens', 'sp(?:ä|ae)testens')})\b[\s,]*)+", re.IGNORECASE
)
_CONNECTORS = re.compile(rf"^(?:(?:{_KEYWORDS}|um|at|gegen)\b ?)+|(?: (?:um|at|am|on|gegen))+$")
_KEEP_TRAILING_DOT = re.compile(r"(?:^|[^\d.])\d{1,2}\.\d{1,2}\.$")


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, spelled)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text.replace(",", " "))
    text = re.sub(r"[!?;:\s]+$", "", _squeeze(text))
    if not _KEEP_TRAILING_DOT.search(text):
        text = text.rstrip(". ")
    return _LEADING_KEYWORDS.sub("", text).strip()


# --- times of day -----------------------------------------------------------------------------

_M = words.alternation(words.MONTHS)
_W = words.alternation(words.WEEKDAYS)
_W_DE = words.alternation(words.GERMAN_WEEKDAYS)
_N = rf"\d{{1,4}}|{words.alternation(words.NUMBERS)}"
_AT = r"(?:\b(?:um|at|gegen) )?"
_CLOCKS = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        # 18 Uhr, 18:30 Uhr, 18.30 Uhr, 18 Uhr 30 (but not the 30 of "18 Uhr 30. Juni")
        _AT + r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))? ?uhr"
        rf"(?: (?P<minute2>\d{{1,2}})(?![\d.])(?! (?:{_M})\b))?(?![a-z])",
        # 9am, 9 a.m., 9:30pm
        _AT + r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))? ?(?P<meridiem>[ap])\.?m\b\.?",
        # 18:30 - a colon is never part of one of our dates
        _AT + r"(?<![\d.:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:])",
        # um 18, at 6, um 18.30 - the preposition makes the bare number a time
        r"\b(?:um|at|gegen) (?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?(?![\d.:])",
    )
)
_DAYPART = re.compile(
    rf"(?:\b(?:am|in der|in the|at|um|gegen) )?\b(?P<word>{words.alternation(words.DAYPARTS)})\b"
)
_DAYPART_SPELLINGS = (
    (re.compile(rf"\b(heute|gestern|{_W_DE}) morgen\b"), r"\1 morgens"),
    (re.compile(rf"\b({_W_DE})(morgen|vormittag|mittag|nachmittag|abend)s?\b"), r"\1 \2s"),
    (re.compile(r"\btonight\b"), "today evening"),
    (re.compile(r"\bthis (morning|afternoon|evening)\b"), r"today \1"),
)
# "18.30" or "22.06" standing alone: a time or a date, decided in _parse.
_BARE_DOT_TIME = re.compile(r"(?<![\d.])(?P<hour>[01]?\d|2[0-3])\.(?P<minute>[0-5]\d)(?![\d.])")


def _cut(text: str, match: re.Match[str]) -> str:
    return _squeeze(text[: match.start()] + " " + text[match.end() :])


def _extract_clock(phrase: str) -> tuple[str, time | None]:
    """Remove the time of day from the phrase. Raises ValueError for 25 Uhr or two times."""
    for pattern, replacement in _DAYPART_SPELLINGS:
        phrase = pattern.sub(replacement, phrase)
    clock: time | None = None
    has_meridiem = False
    for pattern in _CLOCKS:
        match = pattern.search(phrase)
        if match is None:
            continue
        if clock is not None:
            raise ValueError("two times of day")
        hour, minute = (
            int(match["hour"]),
            int(match["minute"] or match.groupdict().get("minute2") or 0),
        )
        if meridiem := match.groupdict().get("meridiem"):
            if not 1 <= hour <= 12:
                raise ValueError("not a 12-hour clock time")
            hour = hour % 12 + (12 if meridiem == "p" else 0)
            has_meridiem = True
        clock = time(hour, minute)
        phrase = _cut(phrase, match)
    if clock is not None and any(pattern.search(phrase) for pattern in _CLOCKS):
        raise ValueError("two times of day")
    if match := _DAYPART.search(phrase):
        phrase = _cut(phrase, match)
        if _DAYPART.search(phrase):
            raise ValueError("two parts of the day")
        default_hour, highest_shifted = words.DAYPARTS[match["word"]]
        if clock is None:
            clock = time(default_hour)
        elif not has_meridiem and 1 <= clock.hour <= highest_shifted:
            clock = clock.replace(hour=clock.hour + 12)
    return _CONNECTORS.sub("", phrase).strip(), clock


# --- calendar arithmetic ----------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month_index + 1, min(day.day, monthrange(year, month_index + 1)[1]))


def _month_day(year: int, month: int, part: str) -> date:
    days = {"start": 1, "middle": 15, "end": monthrange(year, month)[1]}
    return date(year, month, days[part])


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _in_year(year_text: str | None, today: date, build: Callable[[int], date]) -> date:
    """`build` in the given year, or else in the first year where it exists and is not past."""
    if year_text is not None:
        return build(_full_year(year_text))
    # From last year on: ISO week 53 of last year can end in January of this one.
    for year in range(today.year - 1, today.year + YEARS_AHEAD + 1):
        try:
            candidate = build(year)
        except ValueError:  # 29.02. outside a leap year, KW 53 in a 52-week year
            continue
        if candidate >= today:
            return candidate
    raise ValueError("no such date")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else words.NUMBERS[text]


# --- the grammar ------------------------------------------------------------------------------

Rule = Callable[[re.Match[str], date], date | None]
_RULES: list[tuple[re.Pattern[str], Rule]] = []
_CALENDAR_RULES: list[tuple[re.Pattern[str], Rule]] = []  # plain dates, may follow a weekday


def _rule(pattern: str, calendar: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule; its handler returns the date, None to pass, or raises ValueError."""

    def register(handler: Rule) -> Rule:
        entry = (re.compile(pattern, re.ASCII), handler)
        _RULES.append(entry)
        if calendar:
            _CALENDAR_RULES.append(entry)
        return handler

    return register


_OFFSET = words.alternation(words.OFFSETS)
_PART = words.alternation(words.PARTS)
_ARTICLE = r"(?:(?:der|des|the) )?"


@_rule(rf"(?P<word>{words.alternation(words.RELATIVE_DAYS)})")
def _relative_day(match: re.Match[str], today: date) -> date:
    return today + timedelta(days=words.RELATIVE_DAYS[match["word"]])


@_rule(rf"(?:(?P<offset>{_OFFSET}) )?(?P<weekday>{_W})\.?(?P<after_next> after next)?")
def _weekday(match: re.Match[str], today: date) -> date | None:
    weekday = words.WEEKDAYS[match["weekday"]]
    weeks = words.OFFSETS[match["offset"]] if match["offset"] else 1
    if match["after_next"]:
        if match["offset"]:
            return None
        weeks = 2
    if weeks == 0:  # "diesen Freitag": this ISO week's, even if already past
        return _monday(today) + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1 + 7 * (weeks - 1))


@_rule(rf"(?P<weekday>{_W})\.? (?:(?:der|in der|in) )?(?P<offset>{_OFFSET}) (?:woche|week)")
def _weekday_of_week(match: re.Match[str], today: date) -> date:
    weeks = words.OFFSETS[match["offset"]]
    return _monday(today) + timedelta(weeks=weeks, days=words.WEEKDAYS[match["weekday"]])


@_rule(rf"in (?P<count>{_N}) (?P<unit>{words.alternation(words.DATE_UNITS)})")
def _in_count(match: re.Match[str], today: date) -> date:
    count, unit = _number(match["count"]), words.DATE_UNITS[match["unit"]]
    if unit == "days":
        return today + timedelta(days=count)
    if unit == "weeks":
        return today + timedelta(weeks=count)
    return _add_months(today, count if unit == "months" else 12 * count)


@_rule(rf"(?:(?P<part>{_PART})(?: of)? )?{_ARTICLE}(?:(?P<offset>{_OFFSET}) )?(?:woche|week)")
def _week(match: re.Match[str], today: date) -> date | None:
    if match["part"] is None and match["offset"] is None:
        return None
    weeks = words.OFFSETS[match["offset"]] if match["offset"] else 0
    if match["part"] is None:
        weekday = 6 if weeks == 0 else 4  # "diese Woche": Sunday; "nächste Woche": Friday
    else:
        weekday = {"start": 0, "middle": 2, "end": 6}[words.PARTS[match["part"]]]
    return _monday(today) + timedelta(weeks=weeks, days=weekday)


@_rule(
    rf"monatsende|month end|(?:(?P<part>{_PART})(?: of)? )?{_ARTICLE}"
    rf"(?:(?P<offset>{_OFFSET}) )?(?:monats?|month)"
)
def _month_relative(match: re.Match[str], today: date) -> date | None:
    if match[0] not in ("monatsende", "month end") and not (match["part"] or match["offset"]):
        return None
    first = _add_months(today.replace(day=1), words.OFFSETS[match["offset"] or "this"])
    return _month_day(first.year, first.month, words.PARTS[match["part"] or "end"])


@_rule(
    rf"jahresende|year end|(?P<part>{_PART})(?: of)? "
    r"(?:(?:des |dieses |the |this )?(?:jahres|year)|(?P<year>\d{4}))"
)
def _year_part(match: re.Match[str], today: date) -> date | None:
    part = words.PARTS[match["part"]] if match["part"] else "end"
    year = int(match["year"]) if match["year"] else today.year
    return {"start": date(year, 1, 1), "end": date(year, 12, 31)}.get(part)


@_rule(
    rf"(?:(?P<part>{_PART})(?: of)? (?:the )?|(?:im|in|{_OFFSET}) )?"
    rf"(?P<month>{_M})\.?(?: (?P<year>\d{{4}}))?"
)
def _month_name(match: re.Match[str], today: date) -> date:
    """ "Mitte November", "end of July 2025"; a month alone ("bis Juli") means its last day."""
    month, part = words.MONTHS[match["month"]], words.PARTS[match["part"] or "end"]
    return _in_year(match["year"], today, lambda year: _month_day(year, month, part))


@_rule(r"(?:kw|kalenderwoche|cw|wk|week|woche)\.? ?(?P<week>\d{1,2})(?:[ /.](?P<year>\d{4}))?")
def _calendar_week(match: re.Match[str], today: date) -> date:
    """Sunday of the ISO week; without a year the next such week that is not over."""
    week = int(match["week"])
    return _in_year(match["year"], today, lambda year: date.fromisocalendar(year, week, 7))


def _day_month(day: int, month: int, year_text: str | None, today: date) -> date:
    return _in_year(year_text, today, lambda year: date(year, month, day))


@_rule(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}|\d{2})?)?\.?", calendar=True)
def _german_numeric(match: re.Match[str], today: date) -> date:
    return _day_month(int(match["day"]), int(match["month"]), match["year"], today)


@_rule(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})", calendar=True)
def _iso(match: re.Match[str], today: date) -> date:
    return date(int(match["year"]), int(match["month"]), int(match["day"]))


@_rule(r"(?P<first>\d{1,2})/(?P<second>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?", calendar=True)
def _slashed(match: re.Match[str], today: date) -> date:
    """Day first, as in Europe; month first only when day first cannot be ("6/30/2024")."""
    first, second = int(match["first"]), int(match["second"])
    day, month = (second, first) if second > 12 >= first else (first, second)
    return _day_month(day, month, match["year"], today)


_ORDINAL = r"(?:\.|st|nd|rd|th)?"


@_rule(
    rf"(?:the )?(?P<day>\d{{1,2}}){_ORDINAL} (?:of )?(?P<month>{_M})\.?(?: (?P<year>\d{{4}}))?",
    calendar=True,
)
@_rule(
    rf"(?P<month>{_M})\.? (?:the )?(?P<day>\d{{1,2}}){_ORDINAL}(?: (?P<year>\d{{4}}))?",
    calendar=True,
)
def _day_and_month_name(match: re.Match[str], today: date) -> date:
    """ "22. Juni", "30th of June 2025", "June 30th"."""
    return _day_month(int(match["day"]), words.MONTHS[match["month"]], match["year"], today)


@_rule(rf"(?P<weekday>{_W})\.? (?:den |the )?(?P<rest>.+)")
def _weekday_and_date(match: re.Match[str], today: date) -> date | None:
    """ "Freitag, den 21.06.": the date decides; a weekday that does not fit is an error."""
    for pattern, handler in _CALENDAR_RULES:
        if rest := pattern.fullmatch(match["rest"]):
            day = handler(rest, today)
            if day is not None and day.weekday() != words.WEEKDAYS[match["weekday"]]:
                raise ValueError("weekday does not match the date")
            return day
    return None


def _resolve_date(phrase: str, today: date) -> date | None:
    for pattern, handler in _RULES:
        if (match := pattern.fullmatch(phrase)) and (day := handler(match, today)) is not None:
            return day
    return None


# --- putting it together ----------------------------------------------------------------------

_RELATIVE_CLOCK = re.compile(
    rf"in (?P<count>{_N}) (?P<unit>{words.alternation(words.CLOCK_UNITS)})"
)
_FALLBACK_SHAPE = re.compile(r"[a-z0-9 ./-]+", re.ASCII)
_ABSOLUTE_HINT = re.compile(rf"\d[./-]\d|\b(?:{_M})\b", re.ASCII)


def _utc_instant(day: date, at: time | None, tz: tzinfo) -> datetime:
    return datetime.combine(day, at or END_OF_DAY, tzinfo=tz).astimezone(UTC)


def _is_past(due: DueDate, now: datetime) -> bool:
    if due.at is None:
        return due.day < now.date()
    # Compare in UTC: aware datetimes sharing a tzinfo are compared ignoring `fold`.
    return _utc_instant(due.day, due.at, now.tzinfo or UTC) < now.astimezone(UTC)


def _due(day: date, clock: time | None, tz: tzinfo) -> DueDate:
    if clock is None:
        return DueDate(day, None)
    # The UTC round trip moves a wall time skipped by DST forward by the jump (02:30 -> 03:30).
    local = _utc_instant(day, clock, tz).astimezone(tz)
    return DueDate(local.date(), local.time())


def _parse(phrase: str, now: datetime) -> DueDate | None:
    tz, today = now.tzinfo or UTC, now.date()
    if match := _RELATIVE_CLOCK.fullmatch(phrase):
        minutes = _number(match["count"]) * words.CLOCK_UNITS[match["unit"]]
        target = now.astimezone(UTC) + timedelta(minutes=minutes, seconds=59.999999)
        local = target.replace(second=0, microsecond=0).astimezone(tz)
        return DueDate(local.date(), local.time())  # keeps `fold` for a repeated autumn hour
    rest, clock = _extract_clock(phrase)
    readings = [(rest, clock)]
    if clock is None and (bare := _BARE_DOT_TIME.search(rest)):
        readings.append((_cut(rest, bare), time(int(bare["hour"]), int(bare["minute"]))))
    invalid = False
    for reading, reading_clock in readings:
        if not reading:
            if reading_clock is None:
                continue
            # A time without a day: today if still ahead, else tomorrow.
            due = _due(today, reading_clock, tz)
            return _due(today + timedelta(days=1), reading_clock, tz) if _is_past(due, now) else due
        try:
            day = _resolve_date(reading, today)
        except ValueError:  # the grammar knew the shape but the date is impossible (31.02.)
            invalid = True
            continue
        if day is not None:
            return _due(day, reading_clock, tz)
    fallback = None if invalid else _dateparser_fallback(rest, now)
    return None if fallback is None else _due(fallback, clock, tz)


def _dateparser_fallback(phrase: str, now: datetime) -> date | None:
    """Absolute dates our grammar does not know ("30-06-2024", "2024/06/30"), nothing else."""
    if len(phrase) > FALLBACK_MAX_LENGTH or not _FALLBACK_SHAPE.fullmatch(phrase):
        return None
    if not _ABSOLUTE_HINT.search(phrase):  # dateparser reads "1 2" as 1 February
        return None
    import dateparser  # imported lazily: most phrases never get here

    base = now.replace(tzinfo=None)
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": "DMY",
    }
    try:
        parsed = dateparser.parse(phrase, languages=["de", "en"], settings=settings)
    except Exception:  # dateparser bugs must not escape; the phrase is simply not understood
        return None
    if parsed is None or parsed.time() not in (time(0, 0), base.time()):
        return None  # it found a time of day we did not: do not trust its reading
    return parsed.date()
