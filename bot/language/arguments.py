"""Pure parsing of command arguments: task text, task numbers and list filters.

A task text is `<title> [@member …] [bis|am|until|by|due <date>]`. Mentions may stand
anywhere. The date is the first keyword whose remaining words read completely as a date, so
"Treffen am Bahnhof vorbereiten bis Freitag" keeps "am Bahnhof" in the title. When a strong
keyword (bis, until, by, due) is followed by words that are no date, that is an error rather
than a title, because the user clearly meant a date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.language.bidi import strip_bidi_controls
from bot.language.dates import DateParseError, DueDate, parse_due_date
from storage.models import TITLE_MAX_LENGTH

MENTION = re.compile(r"(?<!\S)@(\w{1,64})[,;:.!?]*(?!\S)")
STRONG_DATE_KEYWORDS = frozenset({"bis", "until", "by", "due", "till"})
DATE_KEYWORDS = STRONG_DATE_KEYWORDS | frozenset({"am", "on", "zum"})
NO_DATE_WORDS = frozenset({"keine", "kein", "none", "ohne", "nichts", "no", "-", "löschen"})
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


def split_due_phrase(text: str, now: datetime) -> tuple[str, DueDate | None]:
    """Split `text` into the part before the date keyword and the parsed due date."""
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
            if error.reason == "past":
                raise
            continue
        return " ".join(words[:index]), due
    if last_strong is not None:
        phrase = " ".join(words[last_strong + 1 :]) or words[last_strong]
        raise DateParseError(phrase, "unknown")
    return text, None


def clean_title(text: str) -> str:
    """One line of text, trimmed of the separators people type before a date or name."""
    return normalize_space(text).strip(" ,;:–-")


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
    before_date, due = split_due_phrase(without_mentions, now)
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
