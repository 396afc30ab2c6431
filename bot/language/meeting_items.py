"""Pure parsing of `/top`'s argument: which agenda item of the running meeting is discussed.

`/top` alone lists the items; `/top 2`, `/top TOP 2`, `/top #2` choose the second; `/top
weiter` (also `nächster`, `naechste`, `next`) the one after the current. Anything else is
refused, so a typo never moves the minutes to another item.
"""

from __future__ import annotations

import re
from typing import Final, Literal

NEXT: Final = "next"
ItemChoice = int | Literal["next"] | None

NEXT_WORDS = frozenset(
    {
        "weiter",
        "nächster",
        "nächste",
        "nächsten",
        "naechster",
        "naechste",
        "naechsten",
        "next",
    }
)
# up to 4 digits: more agenda items than a meeting has, fewer than 32 bits
_NUMBER = re.compile(r"(?:top\s*|#|nr\.?\s*|no\.?\s*)?([0-9]{1,4})\.?", re.IGNORECASE)


class ItemChoiceInvalidError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not an agenda item: {text!r}")
        self.text = text


def parse_item_choice(text: str) -> ItemChoice:
    """None (list the items), the item's number, or NEXT."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    if cleaned.casefold() in NEXT_WORDS:
        return NEXT
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise ItemChoiceInvalidError(text)
    return int(match.group(1))
