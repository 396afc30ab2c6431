"""Parse the due-date phrases people type into a chat, in German and English.

`parse_due_date(text, now)` is pure: everything is relative to `now`, an aware datetime in the
chat's time zone. It returns a `DueDate` (local day plus optional local time) or raises
`DateParseError` with reason "unknown" or "past" - never anything else. A phrase it cannot read
is refused, never guessed: every caller echoes the parsed date, and the corpus test
(`tests/unit/test_dates_corpus.py`) demands zero silent misreadings.

How a phrase is read:

1. Normalise: Unicode NFKC, case-fold, ä/ö/ü -> ae/oe/ue (ß -> ss by case-folding), commas and
   "mid-November" hyphens -> spaces, squeeze whitespace, drop trailing "!?;:" and trailing dots
   unless the dot ends a "30.06." date. Leading keywords (bis, am, zum, zur, den, spätestens,
   until, till, by, due, on, the; for due dates also vor, before, through, der) are dropped.
   A lower-case "so" is the German adverb ("so gegen 15 Uhr"), "So"/"So." is Sunday.
2. `bot.language.date_rewrites` brings the many spellings to a few: hedges ("circa", "so
   gegen", "around") dropped, number and ordinal words as digits, colloquial clock times
   ("viertel nach 3", "a quarter past noon"), "16h00", EOM/EOY, "N days from now", "vor N
   Tagen" / "N days ago" (read as past, so refused as past).
3. "in N Stunden/Minuten", "in N hours/minutes" -> now plus that, rounded up to the minute.
4. `bot.language.clock` takes the time of day out of the phrase, wherever it stands, and
   resolves the ambiguous hours (a bare "um 3" is 15:00; "am" before a German day part is the
   preposition; see its docstring). A bare "18.30" is a time only if the phrase makes no sense
   with it read as a date ("morgen 18.30"); "bis 22.06" stays 22 June.
5. `bot.language.date_rules` reads what is left (each rule must match the whole rest). A phrase
   without a year means the next such date that is not in the past (today is not past).
6. Only if no rule matched, ask `dateparser` - and only for short phrases that look like an
   absolute date (a digit pair like "30-06" or a month name). Step 4 decides whether there is a
   time: a reading where dateparser found a time of day we did not is rejected as "unknown".
7. Sanity caps: a date more than ten years ahead is refused unless its year is written out in
   four digits, and no date after 2100 is accepted at all ("bis 31.12.9999").

Choices for ambiguous phrases (one line each):
- bare weekday / "nächsten X" / "next X": the next X strictly after today; "übernächsten X",
  "X after next", "X nach dem nächsten": a week later; "diesen X" / "this X": X of this ISO week
  (may be "past"); "letzten X" / "last X": the one before today (refused as past).
- A weekday that contradicts the date ("Jul 18, Fri" when 18 July is a Thursday) is refused as
  "unknown" with `DateParseError.day` set (so the reply can name the real weekday), never bent
  to another year: the member most likely mistyped one of the two.
- "nächste Woche" / "next week": Friday of next week (a working-week deadline).
- "diese Woche", "Ende der Woche", "end of the week", "Wochenende": Sunday of this week, like
  "KW 27" which is the Sunday of ISO week 27; "Anfang/Mitte ... Woche" is Monday/Wednesday of it.
- "Juli", "im Juli", "nächsten Monat", "Ende des Monats", "Monatsende", "Quartal", "nächstes
  Jahr": the last day of that period; "Anfang" is the 1st, "Mitte" the 15th. "nächsten März" is
  the next March after this month, "übernächsten März" the one after that.
- Numeric dates are day first ("12/1" is 12 January, in English chats too); month first only
  where day first is impossible ("6/30/2024", "2/15"). Every reply writes the date out.
- Two-digit years are this century ("31.10.74" is 2074 - and then refused, being more than ten
  years ahead without its year written out).
- "heute Abend" is today 19:00 (so "past" after 19:00), "morgen früh" tomorrow 08:00; a part
  of the day or a clock time without a day means today if not yet past, else tomorrow.
- Holidays (`bot.language.holidays`): the next one not past; German "Weihnachten" is the 24th.
- A wall time skipped by a DST jump moves forward by the jump (Berlin 31.03.2024 02:30 ->
  03:30); a repeated wall time (autumn) means its first occurrence.
- "in 1 Monat" from 31.01. clamps to the end of February.
- `DateParseError.text` is the phrase without the leading keyword, as typed ("irgendwann"
  for "bis irgendwann"), or the whole stripped text if nothing else is left.
- "KW 53" and "29.02." without a year look up to eight years ahead for a year that has them.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from bot.language import date_words as words
from bot.language.clock import cut, extract_clock, read_clock
from bot.language.date_rewrites import canonical
from bot.language.date_rules import WeekdayMismatchError, add_months, resolve_date

# `bot.reminders.schedule` shares the normalising, clock times and month arithmetic.
_cut, _extract_clock, _add_months = cut, extract_clock, add_months

DateParseReason = Literal["unknown", "past"]

END_OF_DAY = time(23, 59, 59)
# Longer input is never a date; refusing it early keeps every regex below cheap.
MAX_PHRASE_LENGTH = 200
# A failing dateparser call on long junk can take over a second.
FALLBACK_MAX_LENGTH = 60
# How far ahead a date may be without its year written out, and the last year accepted at all.
MAX_YEARS_AHEAD = 10
LAST_YEAR = 2100


@dataclass(frozen=True)
class DueDate:
    day: date  # local calendar day in the chat's time zone
    at: time | None  # local time of day, or None for "date only"

    def to_utc(self, tz: ZoneInfo) -> datetime:
        """Aware UTC instant: the given time, or 23:59:59 local for a date-only due date."""
        return _utc_instant(self.day, self.at, tz)


class DateParseError(ValueError):
    def __init__(self, text: str, reason: DateParseReason, day: date | None = None) -> None:
        super().__init__(text, reason, day)
        self.text = text
        self.reason: DateParseReason = reason
        # "unknown" because of a weekday the date does not fall on: the date as written
        self.day = day

    def __str__(self) -> str:
        return f"{self.reason} due date: {self.text!r}"


def format_phrase_examples(lang: str) -> tuple[str, str]:
    """Two phrases the parser understands, for the reply to a phrase it did not."""
    if lang.lower().startswith("de"):
        return ("bis Freitag", "morgen 18 Uhr")
    return ("by Friday", "tomorrow 6pm")


def parse_due_date(text: str, now: datetime) -> DueDate:
    """`now` is an aware datetime already in the chat's time zone. Raises DateParseError."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")  # a caller bug, not a user error
    stripped = text.strip()
    shown = _ORIGINAL_KEYWORDS.sub("", stripped).strip() or stripped
    if len(stripped) > MAX_PHRASE_LENGTH:
        raise DateParseError(shown, "unknown")
    try:
        due = _parse(_prepare(stripped), now)
        past = due is not None and _is_past(due, now)
    except WeekdayMismatchError as error:
        raise DateParseError(shown, "unknown", error.day) from error
    except (ValueError, OverflowError) as error:  # impossible dates, arithmetic past year 9999
        raise DateParseError(shown, "unknown") from error
    if due is None or _too_far(due, stripped, now):
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


_SO_ADVERB = re.compile(r"(?<![\w~])so(?![\w.~])")  # lower case, no dot: not Sunday
_DECIMAL_HALF = re.compile(r"(?<=\d),(?=5\b)")  # "in 2,5 Stunden" survives the comma rule
# "bis zum 15.", "am 3.", "Freitag, den 21.": the dot makes the number a day (not "KW 27.").
_DAY_DOT = re.compile(r"^((?:.*\b(?:bis|zum|am|den|der|vom)\s+)?)(\d{1,2})\.\s*$", re.IGNORECASE)
_DUE_KEYWORDS = re.compile(rf"^(?:(?:{words.alternation(words.DUE_KEYWORDS)})\b ?)+")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _prepare(text: str) -> str:
    """The phrase as the grammar reads it: normalised, then in canonical spelling."""
    text = _DAY_DOT.sub(r"\1\2.~", _DECIMAL_HALF.sub(".", _SO_ADVERB.sub("so~", text)))
    phrase = canonical(_normalize(text)).replace(".~", ".")
    return _DUE_KEYWORDS.sub("", phrase).strip()


def _too_far(due: DueDate, text: str, now: datetime) -> bool:
    """Beyond 2100, or more than ten years ahead without the year written out."""
    if due.day.year > LAST_YEAR:
        return True
    written = {int(year) for year in _FOUR_DIGITS.findall(text)}
    return due.day.year > now.year + MAX_YEARS_AHEAD and due.day.year not in written


# --- putting it together ----------------------------------------------------------------------

_M = words.alternation(words.MONTHS)
_N = rf"\d{{1,4}}|{words.alternation(words.NUMBERS)}"
_CLOCK_UNIT = words.alternation(words.CLOCK_UNITS)
_RELATIVE_CLOCK = re.compile(rf"in (?P<count>{_N}) (?P<unit>{_CLOCK_UNIT})")
_CLOCK_AGO = re.compile(rf"(?P<count>{_N}) (?P<unit>{_CLOCK_UNIT}) ago")
# "18.30" or "22.06" standing alone: a time or a date, decided in _parse.
_BARE_DOT_TIME = re.compile(r"(?<![\d.])(?P<hour>[01]?\d|2[0-3])\.(?P<minute>[0-5]\d)(?![\d.])")
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


def _number(text: str) -> int:
    return int(text) if text.isdigit() else words.NUMBERS[text]


def _from_now(match: re.Match[str], now: datetime, sign: int) -> DueDate:
    """Now plus (or minus) the minutes, rounded up to the minute."""
    minutes = sign * _number(match["count"]) * words.CLOCK_UNITS[match["unit"]]
    target = now.astimezone(UTC) + timedelta(minutes=minutes, seconds=59.999999)
    local = target.replace(second=0, microsecond=0).astimezone(now.tzinfo or UTC)
    return DueDate(local.date(), local.time())  # keeps `fold` for a repeated autumn hour


def _parse(phrase: str, now: datetime) -> DueDate | None:
    tz, today = now.tzinfo or UTC, now.date()
    if match := _RELATIVE_CLOCK.fullmatch(phrase):
        return _from_now(match, now, 1)
    if match := _CLOCK_AGO.fullmatch(phrase):
        return _from_now(match, now, -1)
    clock = read_clock(phrase)
    extra_days = timedelta(days=1 if clock.next_day else 0)
    readings = [(clock.rest, clock.at)]
    if clock.at is None and (bare := _BARE_DOT_TIME.search(clock.rest)):
        readings.append((cut(clock.rest, bare), time(int(bare["hour"]), int(bare["minute"]))))
    invalid = False
    mismatch: WeekdayMismatchError | None = None
    for reading, reading_clock in readings:
        if not reading:
            if reading_clock is None:
                continue
            # A time without a day: today if still ahead, else tomorrow.
            due = _due(today + extra_days, reading_clock, tz)
            if _is_past(due, now):
                return _due(today + extra_days + timedelta(days=1), reading_clock, tz)
            return due
        try:
            day = resolve_date(reading, today)
        except WeekdayMismatchError as error:
            invalid, mismatch = True, error
            continue
        except ValueError:  # the grammar knew the shape but the date is impossible (31.02.)
            invalid = True
            continue
        if day is not None:
            return _due(day + extra_days, reading_clock, tz)
    if mismatch is not None:
        raise mismatch
    fallback = None if invalid else _dateparser_fallback(clock.rest, now)
    return None if fallback is None else _due(fallback + extra_days, clock.at, tz)


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
