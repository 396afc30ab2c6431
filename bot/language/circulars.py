"""Pure reading of `/umlauf` (`/circular`): what a member asks of a circular resolution.

- nothing: the list of open circulars;
- `abbrechen 3` (`zurückziehen`, `cancel`, `withdraw`; `3`, `#3`, `U 3`, `U3`): withdraw one;
- anything else: a motion, with an optional deadline at its end, `… bis Freitag` (`bis`,
  `until`, `by`, `Frist`). Only a keyword followed by words that read completely as a date
  is a deadline, so a motion that speaks of dates ("… das Sommerfest am 12. Juli") keeps
  them: the last such keyword wins, and the reply always writes the deadline out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.language.dates import DateParseError, DueDate, parse_due_date

WITHDRAW_WORDS = frozenset(
    {"abbrechen", "zurückziehen", "zurueckziehen", "zurückgezogen", "cancel", "withdraw"}
)
DEADLINE_KEYWORDS = frozenset({"bis", "until", "by", "frist", "frist:"})
NUMBER = re.compile(r"(?:u\s*|#)?([0-9]{1,10})", re.IGNORECASE | re.ASCII)
MAX_NUMBER = 2**31 - 1


@dataclass(frozen=True)
class CircularRequest:
    action: Literal["list", "start", "withdraw"]
    text: str = ""
    deadline: DueDate | None = None  # None: the default (a week)
    number: int | None = None  # the circular to withdraw; None: not given or not a number


def parse_circular_request(args: str, now: datetime) -> CircularRequest:
    """`now` is aware, in the chat's zone. Raises DateParseError for a deadline in the past."""
    words = args.split()
    if not words:
        return CircularRequest("list")
    if words[0].lower() in WITHDRAW_WORDS:
        return CircularRequest("withdraw", number=parse_number(" ".join(words[1:])))
    text, deadline = split_deadline(words, now)
    return CircularRequest("start", text=text, deadline=deadline)


def parse_number(text: str) -> int | None:
    match = NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    number = int(match.group(1))
    return number if 0 < number <= MAX_NUMBER else None


def split_deadline(words: list[str], now: datetime) -> tuple[str, DueDate | None]:
    """The motion and its deadline: the last keyword whose remaining words are a date."""
    for index in range(len(words) - 1, -1, -1):
        if words[index].lower() not in DEADLINE_KEYWORDS:
            continue
        try:
            deadline = parse_due_date(" ".join(words[index + 1 :]), now)
        except DateParseError as error:
            if error.reason == "past":  # clearly meant as the deadline: say it is past
                raise
            continue
        return " ".join(words[:index]), deadline
    return " ".join(words), None
