"""Pure parsing of command arguments: task text, task numbers and list filters.

A task text is `<title> [@member …] [[bis|am|until|by|due] <date>]`. Mentions may stand
anywhere. How the due date is found (issue 11):

1. The first keyword (bis, am, zum, until, by, due, on) whose remaining words read completely
   as a date, so "Treffen am Bahnhof vorbereiten bis Freitag" keeps "am Bahnhof" in the title.
2. Else the longest run of up to six words at the end that reads as a date, without a keyword:
   "Flyer drucken morgen", "Raum buchen nächsten Freitag 18 Uhr", "Call mom tomorrow". A date
   phrase in the middle stays text ("Einladung zum Stadtparteitag Mitte November verschicken").
   Conservative where the last words are ambiguous as plain text: the run may not start with
   a weekday or month abbreviation without a dot or an English word that is also a month
   ("Mo", "do", "sun", "may", "march"), may not be a bare month ("Sommerfest Juli") or a bare
   number ("Kapitel 15."), and a past run without a number stays text ("Fotos von gestern",
   "Nachbereitung letzte Woche"; "heute 14 Uhr" after 14:00 is refused as past). A title
   ending in a full weekday name ("Flyer drucken Freitag") is a due date.
3. When a strong keyword (bis, until, by, due) is followed by words that are no date, that is an
   error rather than a title, because the user clearly meant a date.
Every reply writes the due date out, so a wrong guess shows at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.language import date_words
from bot.language.bidi import strip_bidi_controls
from bot.language.dates import DateParseError, DueDate, parse_due_date
from bot.language.limits import TITLE_MAX_LENGTH

MENTION = re.compile(r"(?<!\S)@(\w{1,64})[,;:.!?]*(?!\S)")
STRONG_DATE_KEYWORDS = frozenset({"bis", "until", "by", "due", "till"})
DATE_KEYWORDS = STRONG_DATE_KEYWORDS | frozenset({"am", "on", "zum"})
NO_DATE_WORDS = frozenset({"keine", "kein", "none", "ohne", "nichts", "no", "-", "löschen"})
FULL_WEEKDAYS = frozenset(
    {*date_words.GERMAN_WEEKDAYS, "monday", "tuesday", "wednesday", "thursday", "friday",
     "saturday", "sunday"}
)  # fmt: skip
TASK_NUMBER = re.compile(r"#?(\d{1,9})[,;.]?")


class TitleMissingError(ValueError):
    """The command has no title (and no replied-to message to take one from)."""


class TitleTooLongError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(f"title has {length} characters")
        self.length = length


class NumberInvalidError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a task number: {text!r}")
        self.text = text


@dataclass(frozen=True)
class TaskDraft:
    title: str
    mentions: tuple[str, ...]
    due: DueDate | None


def normalize_space(text: str) -> str:
    # NUL is nothing anyone means to type, and PostgreSQL cannot store it in a text column;
    # bidi controls would reorder the owner and due date shown after a title (bot.language.bidi).
    return " ".join(strip_bidi_controls(text).replace("\x00", " ").split())


def split_mentions(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its @mentions, and the mentioned names in order (without @)."""
    names = tuple(match.group(1) for match in MENTION.finditer(text))
    return normalize_space(MENTION.sub(" ", text)), names


MAX_TRAILING_WORDS = 6
# Words that start a trailing date only after a keyword: abbreviations and English words that
# are also ordinary words ("what to do", "enjoy the sun", "I may").
_AMBIGUOUS_STARTS = frozenset(
    {
        *(word for word in date_words.WEEKDAYS if len(word) <= 4 and word not in FULL_WEEKDAYS),
        *(word for word in date_words.MONTHS if len(word) <= 4),
        "march", "may", "mai", "so",
    }
)  # fmt: skip
_BARE_MONTH_OR_NUMBER = re.compile(
    rf"(?:{date_words.alternation(date_words.MONTHS)})\.?|\d+\.?", re.IGNORECASE
)
_VERSION_NUMBER = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])")  # "Release 1.2"
_FILLERS = frozenset({*date_words.LEADING_KEYWORDS, *date_words.DUE_KEYWORDS})
# "Stammtisch jeden 2. Dienstag" is a rhythm, not a due date.
_EVERY = frozenset({"jeden", "jede", "jedes", "jeder", "alle", "immer", "every", "each"})


def _plain_text_run(words: list[str], start: int) -> bool:
    """True when the run from `start` must stay text without a keyword (module docstring)."""
    phrase = " ".join(words[start:])
    first = next((word.lower() for word in words[start:] if word.lower() not in _FILLERS), "")
    return (
        first in _AMBIGUOUS_STARTS
        or any(word.lower() in _EVERY for word in words[max(0, start - 3) : start])
        or (start > 0 and re.fullmatch(r"\d+\.?", words[start - 1]) is not None)  # "2. Dienstag"
        or _BARE_MONTH_OR_NUMBER.fullmatch(phrase) is not None
        or _VERSION_NUMBER.search(phrase) is not None
    )


def _trailing_due(words: list[str], now: datetime, first: int) -> tuple[int, DueDate] | None:
    """Where the trailing date without a keyword starts, and the date; see the docstring."""
    for start in range(max(first, len(words) - MAX_TRAILING_WORDS), len(words)):
        if _plain_text_run(words, start):
            continue
        phrase = " ".join(words[start:])
        try:
            return start, parse_due_date(phrase, now)
        except DateParseError as error:
            # A past time ("heute 14 Uhr") or a weekday off was meant as a date; past words
            # without a number ("Nachbereitung letzte Woche", "Fotos von gestern") are text.
            if error.day is not None or (error.reason == "past" and re.search(r"\d", phrase)):
                raise
    return None


def split_due_phrase(
    text: str, now: datetime, title_elsewhere: bool = False
) -> tuple[str, DueDate | None]:
    """Split `text` into the title part and the parsed due date (see the module docstring).
    `title_elsewhere`: the title comes from a replied-to message, so all of `text` may be the
    date ("/aufgabe morgen" as a reply)."""
    words = text.split()
    last_strong: int | None = None
    for index, word in enumerate(words):
        keyword = word.lower()
        if keyword not in DATE_KEYWORDS:
            continue
        if keyword in STRONG_DATE_KEYWORDS:
            last_strong = index
        try:
            due = parse_due_date(" ".join(words[index:]), now)
        except DateParseError as error:
            if error.reason == "past" or error.day is not None:  # past, or a weekday off
                raise
            continue
        return " ".join(words[:index]), due
    if trailing := _trailing_due(words, now, first=0 if title_elsewhere else 1):
        return " ".join(words[: trailing[0]]), trailing[1]
    if last_strong is not None:
        phrase = " ".join(words[last_strong + 1 :]) or words[last_strong]
        raise DateParseError(phrase, "unknown")
    return text, None


# A separator standing alone at either end (`@vera: Flyer`, `Flyer – bis Freitag`); a sign
# that belongs to a word or number (`-5 %`, `–10 €`, `+1`) is text and stays.
_LEADING_SEPARATORS = re.compile(r"^(?:[,;:–-]+(?:\s+|$))+")
_TRAILING_SEPARATORS = re.compile(r"[\s,;:–-]+$")


def strip_separators(text: str) -> str:
    """`text` without separators at its ends, keeping signs that carry meaning (`-5 %`)."""
    return _TRAILING_SEPARATORS.sub("", _LEADING_SEPARATORS.sub("", text.strip()))


def clean_title(text: str) -> str:
    """One line of text, trimmed of the separators people type before a date or name."""
    return strip_separators(normalize_space(text))


def has_visible_text(text: str) -> bool:
    """False for text made only of spaces and invisible marks (zero-width, RTL, …)."""
    return any(not unicodedata.category(char).startswith(("C", "Z")) for char in text)


def check_title(title: str) -> str:
    if not has_visible_text(title):
        raise TitleMissingError
    if len(title) > TITLE_MAX_LENGTH:
        raise TitleTooLongError(len(title))
    return title


def parse_task_text(text: str, now: datetime, fallback_title: str | None = None) -> TaskDraft:
    """Read `/task` arguments; `fallback_title` is the text of a replied-to message."""
    without_mentions, mentions = split_mentions(text)
    before_date, due = split_due_phrase(without_mentions, now, fallback_title is not None)
    title = clean_title(before_date) or clean_title(fallback_title or "")
    return TaskDraft(check_title(title), mentions, due)


def parse_task_number(word: str) -> int:
    match = TASK_NUMBER.fullmatch(word.strip())
    if match is None or int(match.group(1)) == 0:
        raise NumberInvalidError(word)
    return int(match.group(1))


def parse_task_numbers(text: str) -> list[int]:
    """All task numbers in `3 4 #5` (commas allowed), without repeats, in order."""
    numbers: list[int] = []
    for word in text.replace(",", " ").split():
        number = parse_task_number(word)
        if number not in numbers:
            numbers.append(number)
    return numbers


def number_prefixes(text: str) -> list[tuple[list[int], str]]:
    """Every way to read leading task numbers off `text`, shortest first, each with the rest:
    `3 4 Freitag` → [([3], "4 Freitag"), ([3, 4], "Freitag")]. Commas may join numbers
    (`3,4`, `3, 4`); repeats count once. A first word that is no number is refused."""
    words = text.split()
    found: list[tuple[list[int], str]] = []
    numbers: list[int] = []
    for index, word in enumerate(words):
        parts = [part for part in word.split(",") if part]
        if not parts or not all(TASK_NUMBER.fullmatch(part) for part in parts):
            if index == 0:
                parse_task_number(word)  # raises: `/streichen drei`
            break
        for part in parts:
            number = parse_task_number(part)
            if number not in numbers:
                numbers.append(number)
        found.append((list(numbers), " ".join(words[index + 1 :])))
    return found


def split_numbers(text: str) -> tuple[list[int], str]:
    """All leading task numbers and the rest: `33 34 @vera` → ([33, 34], "@vera")."""
    prefixes = number_prefixes(text)
    return prefixes[-1] if prefixes else ([], text.strip())


class DueMissingError(ValueError):
    """Task numbers without a date after them (`/due 3`)."""

    def __init__(self, numbers: list[int]) -> None:
        super().__init__("no due date given")
        self.numbers = numbers


_CLOCK_WORDS = frozenset({"uhr", "h", "o'clock"})


def _starts_a_date(word: str, following: str) -> bool:
    """`15.` before a word, or a number before a month or `Uhr`: the date begins here."""
    after = following.split(maxsplit=1)[0].lower().strip(".,") if following.strip() else ""
    if not after:
        return False
    return word.endswith(".") or after in _CLOCK_WORDS or after in date_words.MONTHS


def split_numbers_and_due(text: str, now: datetime) -> tuple[list[int], DueDate | None]:
    """`3 4 Freitag` → ([3, 4], Friday); `3 4 keine` → ([3, 4], None). A number that belongs
    to the date stays with it (`3 15. Juli`, `3 15 Juli`, `3 12 Uhr`); otherwise as many
    numbers as leave a readable date."""
    words = text.split()
    prefixes = number_prefixes(text)
    usable = [
        (numbers, rest)
        for index, (numbers, rest) in enumerate(prefixes)
        if not any(_starts_a_date(words[i], " ".join(words[i + 1 :])) for i in range(index + 1))
    ] or prefixes[:1]
    for numbers, rest in reversed(usable):
        if is_no_date(rest):
            return numbers, None
        if not rest.strip():
            continue
        try:
            return numbers, parse_due_date(rest, now)
        except DateParseError as error:
            if error.reason == "past":
                raise
    numbers, rest = usable[-1] if usable else ([], "")
    if numbers and rest.strip():
        parse_due_date(rest, now)  # raises the refusal for what followed the numbers
    raise DueMissingError(numbers)


def split_number(text: str) -> tuple[int | None, str]:
    """The leading task number and the rest: `3 neuer Titel` → (3, "neuer Titel")."""
    words = text.split(maxsplit=1)
    if not words:
        return None, ""
    return parse_task_number(words[0]), words[1] if len(words) > 1 else ""


def is_no_date(text: str) -> bool:
    return text.strip().lower() in NO_DATE_WORDS


ListKind = Literal["open", "all", "overdue", "member"]
LIST_WORDS: dict[str, ListKind] = {
    "": "open",
    "offen": "open",
    "offene": "open",
    "open": "open",
    "alle": "all",
    "all": "all",
    "überfällig": "overdue",
    "ueberfaellig": "overdue",
    "überfällige": "overdue",
    "overdue": "overdue",
    "late": "overdue",
}


@dataclass(frozen=True)
class ListFilter:
    kind: ListKind
    name: str | None = None


def parse_list_filter(text: str) -> ListFilter | None:
    """`/tasks` arguments; None when they are not understood."""
    cleaned = normalize_space(text).lower()
    if cleaned in LIST_WORDS:
        return ListFilter(LIST_WORDS[cleaned])
    _, names = split_mentions(text)
    if len(names) == 1 and cleaned == f"@{names[0].lower()}":
        return ListFilter("member", names[0])
    return None
