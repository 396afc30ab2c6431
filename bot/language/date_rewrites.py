"""Rewrite the many ways people write one date or time into the few spellings the due-date
grammar (`bot.language.date_rules`, `bot.language.clock`) reads.

`canonical(phrase)` takes a phrase already normalised by `bot.language.dates` (lower case, ä/ö/ü
as ae/oe/ue) and returns it with, among others:
- hedges dropped: "zirka 15 Uhr", "so gegen 15 Uhr", "around next tuesday", "3pm approximately",
  "pünktlich", "afternoonish" ("so" is only a hedge before um/gegen/circa/...: alone it is
  the weekday abbreviation the caller has already told apart by its capital letter);
- number words as digits ("um drei", "at three twenty"), ordinal words as "N." ("erster März",
  "am vierten Dezember", "the third of march", "15ten", "4th");
- colloquial clock times as "H uhr MM" ("viertel nach 3", "halb vier", "20 minutes to 2pm",
  "a quarter past noon") - deliberately not "H:MM", because a bare small hour is read as the
  afternoon (`bot.language.clock`) while "3:18" means what it says;
- "16h00", "15h", "18Uhr", "in 1h", "in 15'" as ordinary clock and unit spellings;
- English shorthand: EOD/EOM/EOY/BOM/BOY, "a fortnight", "yr", "tonite", "@";
- "N units from now / hence" as "in N units", "vor N Tagen" / "N days ago" as "N units ago"
  (read as a past date, so refused as past, never as the future), "binnen/within" as "in".
"""

import re
from collections.abc import Callable

from bot.language import date_words as words

_GERMAN_UNITS = (
    "ein", "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht", "neun",
)  # fmt: skip
_GERMAN_CARDINALS: dict[str, int] = {
    "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fuenf": 5, "funf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwoelf": 12, "zwolf": 12, "dreizehn": 13,
    "vierzehn": 14, "fuenfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18,
    "neunzehn": 19, "zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50,
}  # fmt: skip
_ENGLISH_CARDINALS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50,
}  # fmt: skip
_ENGLISH_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip


def _german_ordinals() -> dict[str, int]:
    """ "erste", "dritten", "fuenfter", "einundzwanzigsten", "dreissigste" ... up to 31."""
    stems = {1: "erst", 2: "zweit", 3: "dritt", 7: "siebt", 8: "acht"}
    cardinals: dict[int, str] = {}
    for word, value in _GERMAN_CARDINALS.items():
        cardinals.setdefault(value, word)
    found: dict[str, int] = {}
    for number in range(1, 32):
        tens, unit = divmod(number, 10)
        if number < 20:
            stem = stems.get(number) or f"{cardinals[number]}t"
        elif unit == 0:
            stem = f"{cardinals[number]}st"
        else:
            stem = f"{_GERMAN_UNITS[unit - 1]}und{cardinals[tens * 10]}st"
        for ending in ("e", "er", "en", "es", "em"):
            found[stem + ending] = number
    return found


def _english_ordinals() -> dict[str, int]:
    found = dict(_ENGLISH_ORDINALS)
    for tens_word, tens in (("twenty", 20), ("thirty", 30)):
        for unit_word, unit in _ENGLISH_ORDINALS.items():
            if unit < 10:
                for joiner in ("-", " "):
                    found[f"{tens_word}{joiner}{unit_word}"] = tens + unit
    return found


ORDINAL_WORDS = _german_ordinals() | _english_ordinals()


def _compound_cardinals() -> dict[str, int]:
    found = dict(_GERMAN_CARDINALS) | dict(_ENGLISH_CARDINALS)
    for tens_word, tens in (("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50)):
        for unit_word, unit in _ENGLISH_CARDINALS.items():
            if unit < 10:
                for joiner in ("-", " "):
                    found[f"{tens_word}{joiner}{unit_word}"] = tens + unit
    for tens in (20, 30, 40, 50):
        tens_word = next(word for word, value in _GERMAN_CARDINALS.items() if value == tens)
        for unit in range(1, 10):
            found[f"{_GERMAN_UNITS[unit - 1]}und{tens_word}"] = tens + unit
    found |= {"one": 1, "eins": 1}
    return found


CARDINAL_WORDS = _compound_cardinals()

_HOUR = r"(?P<hour>\d{1,2})"
_MONTH = words.alternation(words.MONTHS)
_UNIT = (
    rf"(?:{words.alternation((*words.DATE_UNITS, *words.CLOCK_UNITS))}"
    rf"|(?:{words.alternation(words.WEEKDAYS)})s)\b"
)
_MERIDIEM = r"(?: ?(?P<meridiem>[ap]\.?m\b\.?|uhr))?"
_PAST = r"(?:past|after|nach)"
_TO = r"(?:to|before|vor)"
# Before "to"/"vor" a bare number must be plainly minutes: "5 vor 12", "20 to 2pm", "10
# minutes to 9" - but "2 to 3pm" and "10 to 12" may be ranges and stay unread.
_MINUTES_TO = (
    r"(?:viertel|quarter|\d{1,2}(?= minut)|(?:5|10|20|25)(?= vor )"
    r"|(?:[1-5][05]|5)(?= (?:to|before) (?:\d{1,2} ?[ap]\.?m\b|noon\b)))"
)


def _minutes_past(match: re.Match[str]) -> str:
    return _clock(int(match["hour"]), _minutes(match["minutes"]), match["meridiem"])


def _minutes_to(match: re.Match[str]) -> str:
    minutes = _minutes(match["minutes"])
    hour = int(match["hour"]) - 1
    return _clock(hour if hour >= 0 else 23, 60 - minutes, match["meridiem"])


def _minutes(text: str) -> int:
    return {"viertel": 15, "quarter": 15, "halb": 30, "half": 30}.get(text) or int(text)


def _clock(hour: int, minute: int, meridiem: str | None) -> str:
    if meridiem and meridiem != "uhr":
        return f"{hour}:{minute:02d}{meridiem.replace('.', '')}"
    return f"{hour} uhr {minute:02d}"


def _half_hour(match: re.Match[str]) -> str:
    return _clock(int(match["hour"]) - 1, 30, match["meridiem"])


Replacement = str | Callable[[re.Match[str]], str]


def _word(table: dict[str, int], suffix: str = "") -> tuple[re.Pattern[str], Replacement]:
    return re.compile(rf"\b({words.alternation(table)})\b"), lambda m: f"{table[m[1]]}{suffix}"


_BEFORE_DAYPART = (
    r"(?:in the |in der )?(?:morning|afternoon|evening|night|tonight|this (?:morning|afternoon|"
    r"evening)|tomorrow (?:morning|afternoon|evening)|vormittags|nachmittags|abends|morgens|"
    r"nachts|frueh)\b"
)
_NOT_AFTER_CLOCK_WORD = (
    "".join(
        rf"(?<!{word} )" for word in ("uhr", "halb", "half", "nach", "vor", "past", "after", "to")
    )
    + r"(?<![\d.:])"
)
REWRITES: list[tuple[re.Pattern[str], Replacement]] = [
    (re.compile(r"@"), " at "),
    # Words for numbers.
    (re.compile(r"\b(\d+)[,.]5 (stunden|hours)\b"), lambda m: f"{int(m[1]) * 60 + 30} minuten"),
    _word(ORDINAL_WORDS, "."),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|ten|ter|tes|te)\b\.?"), r"\1."),
    _word(CARDINAL_WORDS),
    (re.compile(r"\b(\d+) (?:ein halb|and an? half)(?: (stunden|hours))\b"),
     lambda m: f"{int(m[1]) * 60 + 30} minuten"),
    (re.compile(r"\b(?:einer |eine )?halben? stunde\b|\b(?:a )?half (?:an )?hour\b"
                r"|\b1/2 ?h(?:our)?\b"),
     "30 minuten"),
    (re.compile(r"\b(?:a )?quarter of an hour\b|\b(?:einer )?viertelstunde\b|\b1/4 ?h(?:our)?\b"),
     "15 minuten"),
    (re.compile(r"\b(?:3 )?quarters of an hour\b|\bdreiviertelstunde\b|\b3/4 ?h(?:our)?\b"),
     "45 minuten"),
    (re.compile(rf"\b(?:ein paar|a couple of|a couple|a pair of) (?={_UNIT})"), "2 "),
    (re.compile(rf"\b(?:a )?few (?={_UNIT})"), "3 "),
    (re.compile(r"\b(\d+) more\b"), r"\1"),
    (re.compile(r"\btonite\b"), "tonight"),
    (re.compile(r"\bmid day\b"), "midday"),
    (re.compile(r"(?<=\d) ?/ ?(?=\d)"), "/"),
    (re.compile(rf"\b({_MONTH})(\d{{1,2}})\b"), r"\1 \2"),
    (re.compile(r"\b(?:today|heute) (?=in \d+ (?:hours?|minutes?|stunden?|minuten)$)"), ""),
    (re.compile(r"\blast week's (\w+)|\b(\w+) from last week\b"), r"\1\2 last week"),
    # German "am" before a part of the day is the preposition, never a.m.
    (re.compile(r"\b(?:am )?morgen (?:des|vom)\b"), "morgens am"),
    (re.compile(r"\bam (nachmittag|vormittag|abend|morgen|mittag)s?\b"), r"\1s"),
    # A bare hour right before a part of the day is a time: "8 tonight", "11 vormittags".
    (re.compile(rf"{_NOT_AFTER_CLOCK_WORD}(\d{{1,2}}) (?={_BEFORE_DAYPART})"), r"at \1 "),
    (re.compile(r"\b(\d+)'"), r"\1 minutes"),
    (re.compile(r"(?<=\d)(?=[a-z]{3,})(?!uhr|am\b|pm\b|st\b|nd\b|rd\b|th\b|te|ish)"), " "),
    (re.compile(r"\b(\d{1,2}) ?uhr\b"), r"\1 uhr"),
    (re.compile(r"\b(\d{1,2})h(\d{2})\b"), r"\1:\2"),
    (re.compile(r"\bin (\d+) ?h\b"), r"in \1 hours"),
    (re.compile(r"\b(\d{1,2})h\b"), r"\1 uhr"),
    (re.compile(r"\b(\d{1,2}) ?o ?'? ?clock\b"), r"\1 uhr"),
    (re.compile(r"(?<=\d) ?(a|p) m\b"), r"\1m"),
    (re.compile(r"(\d:\d\d)(a|p)\b\.?"), r"\1\2m"),
    (re.compile(r"\b(at \d{1,2})(a|p)\b\.?"), r"\1\2m"),
    (re.compile(r"(\d) in the (am|pm)\b"), r"\1\2"),
    # Hedges and filler words: they change nothing about the date.
    (re.compile(r"\bso~ (?=um|gegen|circa|zirka|ca|ungefaehr|etwa)"), ""),
    (
        re.compile(
            r"\b(?:zirka|circa|ca\.?|ungefaehr|ungefahr|in etwa|etwa|puenktlich|punktlich|"
            r"approximately|approx|about|around|roughly|sometime|sometimes)(?: |$)"
        ),
        "",
    ),
    (re.compile(r"(?<=[a-z0-9])ish\b"), ""),
    (re.compile(r" spaetestens$"), ""),
    (re.compile(r"\bfor (?=(?:a )?(?:quarter|half|\d))"), ""),
    # Shorthand.
    (re.compile(r"\beod\b|\bend of (?:the )?day\b|\bende des tages\b"), "heute"),
    (re.compile(r"\beom\b"), "end of month"),
    (re.compile(r"\beoy\b"), "end of year"),
    (re.compile(r"\bbom\b"), "beginning of month"),
    (re.compile(r"\bboy\b"), "beginning of year"),
    (re.compile(r"\byrs?\b"), "year"),
    (re.compile(r"\bqtr\b"), "quarter"),
    (re.compile(r"\b(?:a )?fortnight\b"), "2 weeks"),
    (re.compile(r"\bweek ?ends?\b|\bwkend\b"), "weekend"),
    (re.compile(r"\btomorrows\b"), "tomorrow"),
    (re.compile(r"\blast night\b"), "yesterday evening"),
    (re.compile(r"\bthis past\b"), "last"),
    (re.compile(r"\bvorvorgestern\b"), "3 days ago"),
    (re.compile(r"\b(?:nach dem mittagessen|after lunch)\b"), "nachmittags"),
    (re.compile(r"\b(?:zu|at|for) (?:mittag|lunch)\b|\blunch\b"), "mittags"),
    (re.compile(r"\bearly (?=(?:in the )?morning)|\bin the early hours of the (?=morning)"), ""),
    (re.compile(r"\b(?:binnen|innerhalb von|innerhalb|within)\b"), "in"),
    # Colloquial clock times.
    (re.compile(r"\bhalb (\d{1,2})(?: ?(?P<meridiem>[ap]m|uhr))?\b".replace("(\\d{1,2})", _HOUR)),
     _half_hour),
    (re.compile(rf"\bhalf {_HOUR}\b(?! (?:past|after))"), lambda m: f"{m['hour']} uhr 30"),
    (re.compile(r"\b(?:a )?(?P<minutes>viertel|quarter|half|\d{1,2})(?: minut(?:es?|en))? "
                rf"{_PAST} (?:{_HOUR}|(?P<noon>noon|mittag)){_MERIDIEM}"),
     lambda m: _minutes_past(m) if m["hour"] else f"12 uhr {_minutes(m['minutes']):02d}"),
    (re.compile(rf"\b(?:a )?(?P<minutes>{_MINUTES_TO})(?: minut(?:es?|en))? "
                rf"{_TO} (?:{_HOUR}|(?P<noon>noon|mittag)){_MERIDIEM}"),
     lambda m: _minutes_to(m) if m["hour"] else f"11 uhr {60 - _minutes(m['minutes']):02d}"),
    (re.compile(r"\b(\d+) minutes from (\d{1,2})(pm|am)\b"),
     lambda m: f"{m[2]}:{int(m[1]):02d}{m[3]}"),
    # Offsets from now.
    (re.compile(rf"^(?:vor (?P<n>\w+) (?P<u>{_UNIT})|(?P<n2>\w+) (?P<u2>{_UNIT}) (?:ago|back))$"),
     lambda m: f"{m['n'] or m['n2']} {m['u'] or m['u2']} ago"),
    (re.compile(r"^(?P<n>\w+) (?P<u>\w+) (?:from (?:right )?(?:now|today)|hence)$"),
     lambda m: f"in {m['n']} {m['u']}"),
    (re.compile(r"\b(?:nach dem naechsten|nach dem nachsten)\b"), "after next"),
]  # fmt: skip


def canonical(phrase: str) -> str:
    """The phrase in the grammar's spelling (see the module docstring)."""
    for pattern, replacement in REWRITES:
        phrase = pattern.sub(replacement, phrase)
        phrase = " ".join(phrase.split())
    return phrase
