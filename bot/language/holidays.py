"""Holidays people use as deadlines ("bis Weihnachten", "nach Ostern", "by Christmas Eve").

The German nationwide holidays are fixed days (Neujahr, Tag der Arbeit, Tag der Deutschen
Einheit, the Christmas days) or a fixed distance from Easter Sunday (Karfreitag −2, Ostermontag
+1, Christi Himmelfahrt +39, Pfingstsonntag +49, Pfingstmontag +50), with Easter Sunday from
python-dateutil's Easter algorithm — computed, not listed, so every year works. (The `holidays`
package was tried first; its English names change between releases — "Whit Monday" became
"Pentecost Monday" — which made a lookup by name break with an upgrade.) `holiday_date(name,
year)` gives the day in a year; `bot.language.date_rules` picks the next one that is not past.

German "Weihnachten" is the 24th: a board that wants something "bis Weihnachten" means before
the holidays start, on Christmas Eve. English "Christmas" is Christmas Day, the 25th.
"""

from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter

_FIXED: dict[str, tuple[int, int]] = {
    "neujahr": (1, 1), "neujahrstag": (1, 1), "new year's day": (1, 1), "new years day": (1, 1),
    "new year": (1, 1), "new years": (1, 1),
    "tag der arbeit": (5, 1), "labour day": (5, 1), "may day": (5, 1),
    "tag der deutschen einheit": (10, 3), "german unity day": (10, 3),
    "weihnachten": (12, 24), "heiligabend": (12, 24), "heilig abend": (12, 24),
    "heiliger abend": (12, 24), "christmas eve": (12, 24), "xmas eve": (12, 24),
    "1. weihnachtstag": (12, 25), "weihnachtstag": (12, 25), "weihnachtsfeiertag": (12, 25),
    "1. weihnachtsfeiertag": (12, 25), "christmas": (12, 25), "christmas day": (12, 25),
    "xmas": (12, 25),
    "2. weihnachtstag": (12, 26), "2. weihnachtsfeiertag": (12, 26), "boxing day": (12, 26),
    "silvester": (12, 31), "new year's eve": (12, 31), "new years eve": (12, 31),
}  # fmt: skip

_EASTER_OFFSETS: dict[str, int] = {
    "karfreitag": -2, "good friday": -2,
    "ostern": 0, "ostersonntag": 0, "easter": 0, "easter sunday": 0,
    "ostermontag": 1, "easter monday": 1,
    "christi himmelfahrt": 39, "himmelfahrt": 39, "ascension day": 39,
    "pfingsten": 49, "pfingstsonntag": 49, "whitsun": 49, "pentecost": 49,
    "pfingstmontag": 50, "whit monday": 50,
}  # fmt: skip

NAMES: tuple[str, ...] = (*_FIXED, *_EASTER_OFFSETS)


def _builder(name: str) -> Callable[[int], date]:
    if name in _FIXED:
        month, day = _FIXED[name]
        return lambda year: date(year, month, day)
    return lambda year: easter(year) + timedelta(days=_EASTER_OFFSETS[name])


def holiday_date(name: str, year: int) -> date:
    """The day of holiday `name` (one of NAMES, normalised spelling) in `year`."""
    if not 1900 <= year <= 2200:
        raise ValueError("year outside the holiday calendar")
    return _builder(name)(year)
