"""The due-date grammar: one rule per shape of date, each a regex that must match the whole
phrase (after `bot.language.date_rewrites` and with the time of day already taken out by
`bot.language.clock`), and a function that turns the match into a day relative to `today`.

`resolve_date(phrase, today)` tries the rules in order and returns the first day, None when no
rule matches, or raises ValueError for a shape it knows with an impossible value (31.02.).
See `bot.language.dates` for the choices made for ambiguous phrases.
"""

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta

from bot.language import date_words as words
from bot.language import holidays


class WeekdayMismatchError(ValueError):
    """ "Freitag, 18.07." where 18 July is a Thursday: `day` is the date as written."""

    def __init__(self, day: date) -> None:
        super().__init__(f"{day.isoformat()} is not on the weekday given")
        self.day = day


# How far ahead a year-less date ("29.02.", "KW 53") may be looked for.
YEARS_AHEAD = 8

_M = words.alternation(words.MONTHS)
_W = words.alternation(words.WEEKDAYS)
_N = rf"\d{{1,4}}|{words.alternation(words.NUMBERS)}"

# --- calendar arithmetic ----------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
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
    if weeks < 0:  # "letzten Freitag": the last one before today (refused as past)
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1 + 7 * (weeks - 1))


@_rule(rf"(?P<weekday>{_W})\.? (?:(?:der|in der|in|of) )?(?P<offset>{_OFFSET}) (?:woche|week)")
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
    return add_months(today, count if unit == "months" else 12 * count)


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
    first = add_months(today.replace(day=1), words.OFFSETS[match["offset"] or "this"])
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
    rf"(?:(?P<part>{_PART})(?: of)? (?:the )?|(?:im|in|during|(?P<offset>{_OFFSET})) )?"
    rf"(?P<month>{_M})\.?(?: (?P<year>\d{{4}}))?(?P<after_next> after next)?"
)
def _month_name(match: re.Match[str], today: date) -> date | None:
    """ "Mitte November", "end of July 2025"; a month alone ("bis Juli") means its last day."""
    month, part = words.MONTHS[match["month"]], words.PARTS[match["part"] or "end"]
    offset = words.OFFSETS.get(match["offset"] or "", None)
    if match["after_next"]:
        if offset is not None:
            return None
        offset = 2
    if offset is None or match["year"]:
        return _in_year(match["year"], today, lambda year: _month_day(year, month, part))
    # "nächsten März": the next March after this month; "übernächsten März" the one after.
    year = today.year + (offset if month <= today.month or offset <= 0 else offset - 1)
    return _month_day(year, month, part)


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
    rf"(?:the )?(?P<day>\d{{1,2}}){_ORDINAL} (?:of )?(?P<month>{_M})\.?"
    r"(?: (?P<year>\d{4}|\d\d))?",
    calendar=True,
)
@_rule(
    rf"(?P<month>{_M})\.? (?:the )?(?P<day>\d{{1,2}}){_ORDINAL}(?: (?P<year>\d{{4}}))?",
    calendar=True,
)
def _day_and_month_name(match: re.Match[str], today: date) -> date:
    """ "22. Juni", "30th of June 2025", "June 30th"."""
    return _day_month(int(match["day"]), words.MONTHS[match["month"]], match["year"], today)


def _dated_weekday(match: re.Match[str], today: date, day_only: bool) -> date | None:
    """The date in `rest`; a weekday that does not fit it is an error, never another year."""
    for pattern, handler in _CALENDAR_RULES:
        if (handler is _day_of_month and not day_only) or not (
            rest := pattern.fullmatch(match["rest"])
        ):
            continue
        day = handler(rest, today)
        if day is not None and day.weekday() != words.WEEKDAYS[match["weekday"]]:
            raise WeekdayMismatchError(day)
        return day
    return None


@_rule(rf"(?P<weekday>{_W})\.? (?:den |der |the )?(?P<rest>.+)")
def _weekday_and_date(match: re.Match[str], today: date) -> date | None:
    """ "Freitag, den 21.06.", "Tuesday the 19th"."""
    return _dated_weekday(match, today, day_only=True)


@_rule(rf"(?P<rest>.+?) (?P<weekday>{_W})\.?")
def _date_and_weekday(match: re.Match[str], today: date) -> date | None:
    """ "Jul 18, Fri" - but "2. Dienstag" is no date (it is "jeden 2. Dienstag" cut short)."""
    return _dated_weekday(match, today, day_only=False)


_NTH = r"(?P<nth>\d{1,2}\.|letzte[rnms]?|last)"
_MONTH_TARGET = (
    rf"(?:(?P<month>{_M})\.?(?: (?P<year>\d{{4}}))?"
    rf"|(?:(?:the|this|des|dieses|jedes|(?P<offset>{_OFFSET})) )?(?:monats?|month))"
)


def _nth_in_month(year: int, month: int, nth: int, weekday: int | None) -> date:
    """The nth (-1: last) day, or nth weekday, of a month. ValueError if it has none."""
    length = monthrange(year, month)[1]
    if weekday is None:
        return date(year, month, length if nth == -1 else nth)
    if nth == -1:
        last = date(year, month, length)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    if day.month != month:
        raise ValueError("the month has no such weekday")
    return day


def _in_month_target(match: re.Match[str], today: date, build: Callable[[int, int], date]) -> date:
    """`build(year, month)` for a named month (next one not past) or this/next/last month."""
    if match["month"]:
        month = words.MONTHS[match["month"]]
        return _in_year(match["year"], today, lambda year: build(year, month))
    first = add_months(today.replace(day=1), words.OFFSETS[match["offset"] or "this"])
    return build(first.year, first.month)


_WEEK_WORDS = ("woche", "week")


@_rule(
    rf"{_NTH} (?P<what>{_W}|tag|day|weekend|wochenende|woche|week) (?:im|in|of|des|vom) "
    rf"{_MONTH_TARGET}"
)
def _nth_of_month(match: re.Match[str], today: date) -> date:
    """ "letzter Montag im März", "erster Dienstag im Oktober", "last day of October 2015";
    "erste Woche im Oktober" is the first week starting in it, due on its Sunday."""
    nth = -1 if match["nth"][0] == "l" else int(match["nth"].rstrip("."))
    what = match["what"]
    weekday: int | None
    if what in _WEEK_WORDS:
        weekday, shift = (6, 0) if nth == -1 else (0, 6)  # last Sunday / nth Monday + 6
    else:
        weekday = 6 if what in ("weekend", "wochenende") else words.WEEKDAYS.get(what)
        shift = 0
    if weekday is None and not 1 <= nth <= 31 and nth != -1:
        raise ValueError("no such day")
    return _in_month_target(
        match,
        today,
        lambda year, month: _nth_in_month(year, month, nth, weekday) + timedelta(days=shift),
    )


@_rule(rf"(?P<day>\d{{1,2}})\.? (?:day )?of (?:the )?{_MONTH_TARGET}")
def _day_of_month_target(match: re.Match[str], today: date) -> date:
    """ "20 of next month", "20th of the current month"."""
    day = int(match["day"])
    return _in_month_target(match, today, lambda year, month: date(year, month, day))


@_rule(r"(?P<day>\d{1,2})\.", calendar=True)
def _day_of_month(match: re.Match[str], today: date) -> date:
    """ "am 15ten", "on the 1st": the next such day of a month that is not past."""
    day = int(match["day"])
    if not 1 <= day <= 31:
        raise ValueError("no such day")
    for months in range(13):
        first = add_months(today.replace(day=1), months)
        if day <= monthrange(first.year, first.month)[1] and first.replace(day=day) >= today:
            return first.replace(day=day)
    raise ValueError("no such day")  # pragma: no cover - every 13 months have a 31st


def _quarter_end(year: int, quarter: int) -> date:
    return _month_day(year, 3 * quarter, "end")


@_rule(
    rf"(?P<offset>{_OFFSET}) (?:quartal|quarter)"
    r"|(?P<n>[1-4])\.? (?:quartal|quarter)(?: (?:of )?(?P<year>\d{4}))?"
    r"|(?P<y2>\d{2}|\d{4}) ?q(?P<n2>[1-4])|q(?P<n3>[1-4])(?: (?P<y3>\d{4}))?"
)
def _quarter(match: re.Match[str], today: date) -> date:
    """The last day of a quarter: "nächstes Quartal", "3. Quartal", "Q4 2018", "18q4"."""
    if match["offset"]:
        index = (today.month - 1) // 3 + words.OFFSETS[match["offset"]]
        return _quarter_end(today.year + index // 4, index % 4 + 1)
    quarter = int(match["n"] or match["n2"] or match["n3"])
    year_text = match["year"] or match["y2"] or match["y3"]
    return _in_year(year_text, today, lambda year: _quarter_end(year, quarter))


@_rule(rf"(?P<offset>{_OFFSET}) (?:jahr|year)|in (?P<year>\d{{4}})")
def _year(match: re.Match[str], today: date) -> date:
    """The last day of the year: "nächstes Jahr", "in 2014"."""
    if match["year"]:
        return date(int(match["year"]), 12, 31)
    return date(today.year + words.OFFSETS[match["offset"]], 12, 31)


@_rule(rf"(?:(?P<offset>{_OFFSET}) )?(?:wochenende|weekend)")
def _weekend(match: re.Match[str], today: date) -> date:
    """The Sunday of the weekend: "dieses Wochenende", "next weekend"."""
    weeks = words.OFFSETS[match["offset"]] if match["offset"] else 0
    return _monday(today) + timedelta(weeks=weeks, days=6)


@_rule(rf"(?P<weekday>{_W})\.? (?P<way>in|vor) (?P<count>{_N}) (?:wochen|woche|weeks|week)")
def _weekday_in_weeks(match: re.Match[str], today: date) -> date:
    """ "Mittwoch in zwei Wochen": that weekday of the week N weeks from now ("vor": ago)."""
    weeks = _number(match["count"]) * (1 if match["way"] == "in" else -1)
    return _monday(today) + timedelta(weeks=weeks, days=words.WEEKDAYS[match["weekday"]])


@_rule(rf"(?P<count>{_N}) (?:(?P<unit>{words.alternation(words.DATE_UNITS)})|(?:{_W})s) ago")
def _ago(match: re.Match[str], today: date) -> date:
    """ "vor 3 Wochen", "2 thursdays ago": a past day, so the phrase is refused as past."""
    count = _number(match["count"])
    unit = words.DATE_UNITS[match["unit"]] if match["unit"] else "weeks"
    if unit in ("days", "weeks"):
        return today - timedelta(days=count * (7 if unit == "weeks" else 1))
    return add_months(today, -count if unit == "months" else -12 * count)


@_rule(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})|(?P<month2>\d{1,2})/(?P<year2>\d{4})")
def _numeric_month(match: re.Match[str], today: date) -> date:
    """ "2014-10", "2/2013": the last day of that month."""
    year, month = int(match["year"] or match["year2"]), int(match["month"] or match["month2"])
    return _month_day(year, month, "end")


@_rule(
    rf"(?:(?P<offset>{_OFFSET}) )?(?P<name>{words.alternation(holidays.NAMES)})"
    r"(?: (?P<year>\d{4}))?"
)
def _holiday(match: re.Match[str], today: date) -> date:
    """ "bis Weihnachten", "Ostermontag", "Christmas Eve 2026": the next one not past."""
    name, offset = match["name"], words.OFFSETS.get(match["offset"] or "")
    if offset is not None and offset <= 0 and match["year"] is None:
        return holidays.holiday_date(name, today.year + offset)
    return _in_year(match["year"], today, lambda year: holidays.holiday_date(name, year))


def resolve_date(phrase: str, today: date) -> date | None:
    for pattern, handler in _RULES:
        if (match := pattern.fullmatch(phrase)) and (day := handler(match, today)) is not None:
            return day
    return None
