"""Word tables for `bot.language.schedule`.

Keys are spelled the way `bot.language.dates` normalises user input (lower case, ä/ö/ü as ae/oe/ue);
weekdays, numbers and units come from `bot.language.date_words` and are not repeated here.
"""

from bot.language.date_words import GERMAN_WEEKDAYS, WEEKDAYS

# "jeden Montag", "jede Woche", "immer montags", "every day", "each week".
EVERY: tuple[str, ...] = ("jeden", "jede", "jedes", "jeder", "immer", "every", "each")

# "jeden zweiten Montag", "jede dritte Woche", "every other week": every N-th unit.
ORDINALS: dict[str, int] = {
    "zweiten": 2, "zweite": 2, "zweites": 2, "other": 2, "second": 2,
    "dritten": 3, "dritte": 3, "drittes": 3, "third": 3,
    "vierten": 4, "vierte": 4, "viertes": 4, "fourth": 4,
}  # fmt: skip

# One word that is a whole rhythm: unit and interval.
ADVERBS: dict[str, tuple[str, int]] = {
    "taeglich": ("day", 1), "taglich": ("day", 1), "daily": ("day", 1),
    "woechentlich": ("week", 1), "wochentlich": ("week", 1), "weekly": ("week", 1),
    "zweiwoechentlich": ("week", 2), "vierzehntaegig": ("week", 2), "14-taegig": ("week", 2),
    "fortnightly": ("week", 2),
    "monatlich": ("month", 1), "monthly": ("month", 1),
}  # fmt: skip

# bot.language.date_words.DATE_UNITS values -> Recurrence units ("years" is not a rhythm we offer).
UNITS: dict[str, str] = {"days": "day", "weeks": "week", "months": "month"}

_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "montags", "mondays": every such weekday.
PLURAL_WEEKDAYS: dict[str, int] = {
    name + "s": WEEKDAYS[name] for name in (*GERMAN_WEEKDAYS, *_ENGLISH_WEEKDAYS)
}

# "ab 1. Juli jeden Montag", "every monday from 2024-07-01".
START_WORDS: tuple[str, ...] = ("ab", "from", "starting", "beginnend")

# Words that start a schedule in `split_schedule`: the error quotes what follows the last one.
SCHEDULE_KEYWORDS = frozenset(
    {
        "am", "in", "jeden", "jede", "jedes", "alle", "every", "on", "at", "um", "bis",
        "taeglich", "woechentlich", "monatlich", "daily", "weekly", "monthly",
    }
)  # fmt: skip

# For Recurrence.describe.
GERMAN_DAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
ENGLISH_DAY_NAMES = tuple(name.capitalize() for name in _ENGLISH_WEEKDAYS)
# unit -> (German "jeden/jede", singular, plural, English singular, plural)
UNIT_NAMES: dict[str, tuple[str, str, str, str, str]] = {
    "day": ("jeden", "Tag", "Tage", "day", "days"),
    "week": ("jede", "Woche", "Wochen", "week", "weeks"),
    "month": ("jeden", "Monat", "Monate", "month", "months"),
}
