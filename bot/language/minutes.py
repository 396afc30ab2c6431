"""Reading the arguments of `/protokoll` (pure): which minutes, and what to do with them.

- `/protokoll` – the last meeting's; `/protokoll 3` (`Nr. 3`, `#3`) – meeting 3's
- `/protokoll genehmigen [3]` (`approve`) – approve them; without a number the last ended
  meeting's (the previous minutes, approved at the next meeting)
- `/protokoll korrektur 3 <text>` (`correction`) – a correction for meeting 3's appendix; the
  number is required, so that a text starting with a number is never read as one
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from bot.language.records import check_text

CORRECTION_MAX_LENGTH: Final = 1000
APPROVE_WORDS: Final = frozenset({"genehmigen", "genehmigt", "genehmigung", "approve"})
CORRECT_WORDS: Final = frozenset(
    {"korrektur", "korrigieren", "berichtigung", "berichtigen", "correction", "correct"}
)
# a meeting number as members write it: 3, Nr. 3, Nr.3, #3, No. 3 (at most 9 digits: 32 bits)
NUMBER: Final = re.compile(r"(?:nr\.?|no\.?|#)?\s*(\d{1,9})", re.IGNORECASE)
LEADING_NUMBER: Final = re.compile(r"((?:nr\.?|no\.?|#)?\s*\d{1,9})(?:\s+|$)(.*)", re.I | re.S)

Action = Literal["show", "approve", "correct"]


class MinutesNumberInvalidError(ValueError):
    """What should be a meeting number is not one."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class CorrectionNumberMissingError(ValueError):
    """`/protokoll korrektur` without the meeting's number."""


@dataclass(frozen=True)
class MinutesRequest:
    action: Action
    number: int | None = None  # None: the default meeting (the last; for approval the last ended)
    text: str = ""  # the correction


def meeting_number(text: str) -> int:
    """`3`, `Nr. 3`, `#3` → 3; anything else is refused."""
    match = NUMBER.fullmatch(text.strip())
    if match is None:
        raise MinutesNumberInvalidError(text)
    return int(match.group(1))


def parse_minutes_args(args: str) -> MinutesRequest:
    """The request in `/protokoll …`; raises the errors above, or `check_text`'s for the text."""
    stripped = args.strip()
    if not stripped:
        return MinutesRequest("show")
    word, _, rest = stripped.partition(" ")
    keyword = word.casefold().rstrip(":")
    if keyword in APPROVE_WORDS:
        return MinutesRequest("approve", meeting_number(rest) if rest.strip() else None)
    if keyword in CORRECT_WORDS:
        match = LEADING_NUMBER.fullmatch(rest.strip())
        if match is None:
            raise CorrectionNumberMissingError(rest)
        number = meeting_number(match.group(1))
        return MinutesRequest("correct", number, check_text(match.group(2), CORRECTION_MAX_LENGTH))
    return MinutesRequest("show", meeting_number(stripped))
