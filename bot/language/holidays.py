"""Holidays people use as deadlines ("bis Weihnachten", "nach Ostern", "by Christmas Eve").

The German public holidays come from the `holidays` package (its German calendar, which computes
the Easter-based ones); Easter Sunday and Whit Sunday (not public holidays in most states) are
computed with python-dateutil's Easter algorithm, and the fixed days that are no public holiday
(Heiligabend, Silvester) are plain dates. `holiday_date(name, year)` gives the day in a year;
`bot.language.date_rules` picks the next occurrence that is not past.

German "Weihnachten" is the 24th: a board that wants something "bis Weihnachten" means before
the holidays start, on Christmas Eve. English "Christmas" is Christmas Day, the 25th.
"""

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

import holidays as holiday_calendar
from dateutil.easter import easter

# Names in the `holidays` package's English localisation of the German calendar.
_PUBLIC: dict[str, str] = {
    "neujahr": "New Year's Day", "neujahrstag": "New Year's Day",
    "new year's day": "New Year's Day", "new years day": "New Year's Day",
    "new year": "New Year's Day", "new years": "New Year's Day",
    "karfreitag": "Good Friday", "good friday": "Good Friday",
    "ostermontag": "Easter Monday", "easter monday": "Easter Monday",
    "tag der arbeit": "Labor Day", "labour day": "Labor Day", "may day": "Labor Day",
    "christi himmelfahrt": "Ascension Day", "himmelfahrt": "Ascension Day",
    "ascension day": "Ascension Day",
    "pfingstmontag": "Pentecost Monday", "whit monday": "Pentecost Monday",
    "tag der deutschen einheit": "German Unity Day", "german unity day": "German Unity Day",
    "1. weihnachtstag": "Christmas Day", "weihnachtstag": "Christmas Day",
    "weihnachtsfeiertag": "Christmas Day", "1. weihnachtsfeiertag": "Christmas Day",
    "christmas": "Christmas Day", "christmas day": "Christmas Day", "xmas": "Christmas Day",
    "2. weihnachtstag": "Second Day of Christmas",
    "2. weihnachtsfeiertag": "Second Day of Christmas", "boxing day": "Second Day of Christmas",
}  # fmt: skip

_FIXED: dict[str, tuple[int, int]] = {
    "weihnachten": (12, 24), "heiligabend": (12, 24), "heilig abend": (12, 24),
    "heiliger abend": (12, 24), "christmas eve": (12, 24), "xmas eve": (12, 24),
    "silvester": (12, 31), "new year's eve": (12, 31), "new years eve": (12, 31),
}  # fmt: skip

_EASTER_OFFSETS: dict[str, int] = {
    "ostern": 0, "ostersonntag": 0, "easter": 0, "easter sunday": 0,
    "pfingsten": 49, "pfingstsonntag": 49, "whitsun": 49, "pentecost": 49,
}  # fmt: skip

NAMES: tuple[str, ...] = (*_PUBLIC, *_FIXED, *_EASTER_OFFSETS)


@cache
def _public_holidays(year: int) -> dict[str, date]:
    calendar = holiday_calendar.country_holidays("DE", years=year, language="en_US")
    return {name: day for day, name in calendar.items()}


def _builder(name: str) -> Callable[[int], date]:
    if name in _FIXED:
        month, day = _FIXED[name]
        return lambda year: date(year, month, day)
    if name in _EASTER_OFFSETS:
        return lambda year: easter(year) + timedelta(days=_EASTER_OFFSETS[name])
    return lambda year: _public_holidays(year)[_PUBLIC[name]]


def holiday_date(name: str, year: int) -> date:
    """The day of holiday `name` (one of NAMES, normalised spelling) in `year`."""
    if not 1900 <= year <= 2200:
        raise ValueError("year outside the holiday calendar")
    return _builder(name)(year)
