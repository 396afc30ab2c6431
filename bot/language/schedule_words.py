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
    "jaehrlich": ("year", 1), "jahrlich": ("year", 1), "yearly": ("year", 1),
    "annually": ("year", 1),
}  # fmt: skip

# "jeden ersten Montag im Monat", "every last Friday of the month", "jeden 3. Mittwoch":
# the n-th of those weekdays in the month (-1 = the last). The word ordinals of ORDINALS
# ("zweiten", "third") mean the n-th of the month only with a month suffix; alone they are
# an interval ("jeden zweiten Dienstag" = every other week).
NTH_WORDS: dict[str, int] = {
    "ersten": 1, "erste": 1, "first": 1,
    "letzten": -1, "letzte": -1, "last": -1,
}  # fmt: skip
NTH_DIGITS = r"[1-4](?:\.|st|nd|rd|th)"
MONTH_SUFFIXES: tuple[str, ...] = (
    "im monat", "jedes monats", "jeden monats", "des monats", "eines jeden monats",
    "eines monats", "in jedem monat", "of the month", "of every month", "of each month",
    "each month", "every month", "in the month", "of a month",
)  # fmt: skip

# "jeden Werktag", "every weekday", "werktags": Monday to Friday.
WORKDAY_PHRASES: tuple[str, ...] = (
    "jeden werktag", "jeden arbeitstag", "an jedem werktag", "werktags", "arbeitstags",
    "every weekday", "every working day", "every workday", "every business day", "weekdays",
    "on weekdays", "each weekday",
)  # fmt: skip

# Words that join weekdays: "Dienstag und Donnerstag", "monday & thursday".
AND_WORDS: tuple[str, ...] = ("und", "and", "&", "sowie")

# "… bis 21.12.", "… until December 21": the rule's last day.
UNTIL_WORDS: tuple[str, ...] = ("bis", "until", "till", "through", "thru")
# "jeden Montag bis auf Weiteres": no end at all.
OPEN_ENDS: tuple[str, ...] = ("auf weiteres", "auf widerruf", "further notice")

# bot.language.date_words.DATE_UNITS values -> Recurrence units.
UNITS: dict[str, str] = {"days": "day", "weeks": "week", "months": "month", "years": "year"}

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
        "taeglich", "woechentlich", "monatlich", "daily", "weekly", "monthly", "jaehrlich",
        "yearly", "werktags", "weekdays", "until",
    }
)  # fmt: skip

# For bot.render.recurrence.
GERMAN_DAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
ENGLISH_DAY_NAMES = tuple(name.capitalize() for name in _ENGLISH_WEEKDAYS)
GERMAN_MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
ENGLISH_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# The n-th weekday of the month as it is said: "jeden ersten Montag", "every last Friday".
GERMAN_NTH_NAMES = {1: "ersten", 2: "zweiten", 3: "dritten", 4: "vierten", -1: "letzten"}
ENGLISH_NTH_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
