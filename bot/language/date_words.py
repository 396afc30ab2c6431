"""Word tables for `bot.language.dates`.

Every key is spelled the way `bot.language.dates` normalises user input: lower case, ä/ö/ü written
ae/oe/ue and ß written ss. A few umlaut-less misspellings people type on English keyboards
("marz", "ubermorgen", "nachsten") are listed as well.
"""

import re
from collections.abc import Iterable

MONTHS: dict[str, int] = {
    "januar": 1, "jaenner": 1, "jan": 1, "jaen": 1, "january": 1,
    "februar": 2, "feber": 2, "feb": 2, "febr": 2, "february": 2,
    "maerz": 3, "marz": 3, "maer": 3, "mrz": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}  # fmt: skip

# Monday is 0, as in date.weekday().
WEEKDAYS: dict[str, int] = {
    "montag": 0, "mo": 0, "mon": 0, "monday": 0,
    "dienstag": 1, "di": 1, "tue": 1, "tues": 1, "tuesday": 1,
    "mittwoch": 2, "mi": 2, "wed": 2, "wednesday": 2,
    "donnerstag": 3, "do": 3, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "freitag": 4, "fr": 4, "fri": 4, "friday": 4,
    "samstag": 5, "sonnabend": 5, "sa": 5, "sat": 5, "saturday": 5,
    "sonntag": 6, "so": 6, "sun": 6, "sunday": 6,
}  # fmt: skip

# Full German weekday names: only these glue to a part of the day ("Freitagabend") and turn a
# following "morgen" into "morning" ("Freitag morgen" is Friday morning, not tomorrow).
GERMAN_WEEKDAYS: tuple[str, ...] = (
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
)  # fmt: skip

# Days relative to today.
RELATIVE_DAYS: dict[str, int] = {
    "heute": 0, "today": 0,
    "morgen": 1, "tomorrow": 1,
    "uebermorgen": 2, "ubermorgen": 2, "day after tomorrow": 2, "the day after tomorrow": 2,
    "gestern": -1, "yesterday": -1,
    "vorgestern": -2, "day before yesterday": -2, "the day before yesterday": -2,
}  # fmt: skip

# How many weeks (or months) ahead a "this/next/after next" word points.
OFFSETS: dict[str, int] = {
    "diese": 0, "diesen": 0, "dieser": 0, "dieses": 0, "this": 0,
    "naechste": 1, "naechsten": 1, "naechster": 1, "naechstes": 1,
    "nachste": 1, "nachsten": 1, "nachster": 1,
    "kommende": 1, "kommenden": 1, "kommender": 1, "kommendes": 1, "next": 1, "coming": 1,
    "uebernaechste": 2, "uebernaechsten": 2, "uebernaechster": 2, "uebernaechstes": 2,
    "ubernachste": 2, "ubernachsten": 2,
    "current": 0, "following": 1, "upcoming": 1,
    "letzte": -1, "letzten": -1, "letzter": -1, "letztes": -1, "last": -1, "past": -1,
    "previous": -1, "vorige": -1, "vorigen": -1, "voriges": -1, "vergangene": -1,
    "vergangenen": -1,
}  # fmt: skip

# Which part of a week, month or year ("Anfang Juli", "mid-November", "end of the week").
PARTS: dict[str, str] = {
    "anfang": "start", "beginning": "start", "start": "start", "early": "start",
    "mitte": "middle", "mid": "middle", "middle": "middle",
    "ende": "end", "end": "end", "late": "end",
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eins": 1, "a": 1, "an": 1, "one": 1,
    "zwei": 2, "zwo": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4,
    "fuenf": 5, "funf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7,
    "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "elf": 11, "eleven": 11, "zwoelf": 12, "zwolf": 12, "twelve": 12,
}  # fmt: skip

DATE_UNITS: dict[str, str] = {
    "tag": "days", "tage": "days", "tagen": "days", "day": "days", "days": "days",
    "woche": "weeks", "wochen": "weeks", "week": "weeks", "weeks": "weeks",
    "monat": "months", "monate": "months", "monaten": "months", "month": "months",
    "months": "months",
    "jahr": "years", "jahre": "years", "jahren": "years", "year": "years", "years": "years",
}  # fmt: skip

CLOCK_UNITS: dict[str, int] = {  # value: minutes
    "stunde": 60, "stunden": 60, "std": 60, "hour": 60, "hours": 60, "hr": 60, "hrs": 60,
    "minute": 1, "minuten": 1, "min": 1, "mins": 1, "minutes": 1,
}  # fmt: skip

# Part of the day -> (hour used when no clock time is given, highest hour that gets +12 when a
# clock time is given: "8 Uhr abends" is 20:00, "1 Uhr mittags" is 13:00, "8 Uhr morgens" 08:00).
DAYPARTS: dict[str, tuple[int, int]] = {
    "frueh": (8, 0), "fruh": (8, 0), "morgens": (8, 0), "morning": (8, 0),
    "vormittag": (10, 0), "vormittags": (10, 0),
    "mittag": (12, 5), "mittags": (12, 5), "noon": (12, 5), "midday": (12, 5),
    "nachmittag": (15, 11), "nachmittags": (15, 11), "afternoon": (15, 11),
    "abend": (19, 11), "abends": (19, 11), "evening": (19, 11),
    "nachts": (23, 0), "night": (23, 0),
}  # fmt: skip

# Words a caller may leave in front of the date ("bis Freitag", "due by June 30").
LEADING_KEYWORDS: tuple[str, ...] = (
    "bis", "am", "zum", "zur", "den", "spaetestens", "until", "till", "til", "by", "due", "on",
    "the",
)  # fmt: skip

# More words that may stand in front of a due date but not of a reminder schedule.
DUE_KEYWORDS: tuple[str, ...] = ("vor", "before", "through", "during", "der", "at the")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so that "sept" wins over "sep"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
