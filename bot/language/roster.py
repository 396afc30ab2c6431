"""Reading what admins type about the board's roster (`/vorstand`, `/rolle`, `/uebergabe`) and
which role an `@kassierer` means.

Roles are free text (what the statute calls them), up to `ROLE_MAX_LENGTH` characters. The
common ones are recognised in German and English, with or without umlauts and in either
grammatical gender (`Kassierer`, `Kassiererin`, `Kassierer*in`, `treasurer`), so `@kassiererin`
finds a `Kassierer`: `role_key` folds a role to the key two spellings of one role share. Any
other role is its own key (`Webmaster` → `webmaster`).

The flow: a handler splits the arguments with the parsers below, resolves the names, and
compares roles only by `role_key`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from bot.language.arguments import split_mentions

ROLE_MAX_LENGTH: Final = 40

# the common roles of a German association's board: key → stems; each stem also stands for
# its forms with -in, -r and -rin (`vorsitzende` → `vorsitzender`, `kassierer` → `kassiererin`)
ROLE_STEMS: Final[dict[str, tuple[str, ...]]] = {
    "chair": (
        "vorsitzende",
        "vorsitz",
        "erstevorsitzende",
        "erstervorsitzende",
        "1vorsitzende",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "president",
        "praesident",
    ),
    "vice_chair": (
        "stellvvorsitzende",
        "stellvertretendevorsitzende",
        "stellvertretendervorsitzende",
        "stellvertreter",
        "zweitevorsitzende",
        "zweitervorsitzende",
        "2vorsitzende",
        "vize",
        "vizevorsitzende",
        "vicechair",
        "vicepresident",
        "deputychair",
    ),
    "treasurer": (
        "kassierer",
        "kassenwart",
        "schatzmeister",
        "kassier",
        "treasurer",
    ),
    "secretary": (
        "schriftfuehrer",
        "schriftfuhrer",
        "protokollfuehrer",
        "secretary",
    ),
    "assessor": ("beisitzer", "assessor", "memberatlarge"),
}
ROLE_SUFFIXES: Final = ("", "in", "r", "rin", "innen")
ROLE_KEYS: Final[dict[str, str]] = {
    stem + suffix: key
    for key, stems in ROLE_STEMS.items()
    for stem in stems
    for suffix in ROLE_SUFFIXES
}
# roles a board has several of: `@beisitzer` with two holders is ambiguous, and giving the role
# to one more member does not take it from the others
SHARED_ROLES: Final = frozenset({"assessor"})
CLEAR_WORDS: Final = frozenset({"-", "–", "keine", "kein", "none", "weg", "no", "ohne", "nichts"})
UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
NOT_LETTERS: Final = re.compile(r"[^\w]|_")


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, everything but letters and digits gone."""
    return NOT_LETTERS.sub("", text.casefold().translate(UMLAUTS))


def role_key(role: str) -> str:
    """The key two spellings of one role share: a common role's name (`treasurer`), else the
    folded text itself."""
    folded = fold(role)
    return ROLE_KEYS.get(folded, folded)


def is_common_role(name: str) -> bool:
    """Whether `@name` reads as one of the common roles (so nobody holding it is an answer, not
    a plain name)."""
    return fold(name) in ROLE_KEYS


def is_shared_role(key: str) -> bool:
    return key in SHARED_ROLES


class RoleTooLongError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


@dataclass(frozen=True)
class RoleRequest:
    """`/rolle @vera Vorsitzende`: the people named (one is right) and the role (None: clear
    it; "" when nothing was typed besides the names)."""

    names: tuple[str, ...]
    role: str | None


def parse_role_request(args: str) -> RoleRequest:
    """The names and the role of `/rolle`; `-` (or `keine`, `none`) clears the role."""
    rest, names = split_mentions(args)
    rest = rest.strip()
    if rest.lower() in CLEAR_WORDS:
        return RoleRequest(names, None)
    if len(rest) > ROLE_MAX_LENGTH:
        raise RoleTooLongError(len(rest))
    return RoleRequest(names, rest)


BoardAction = Literal["show", "add", "remove", "new", "term"]
ACTION_WORDS: Final[dict[str, BoardAction]] = {
    "raus": "remove",
    "entfernen": "remove",
    "entferne": "remove",
    "austritt": "remove",
    "weg": "remove",
    "remove": "remove",
    "out": "remove",
    "neu": "new",
    "new": "new",
    "neuwahl": "new",
    "alt": "term",
    "old": "term",
    "vorher": "term",
    "previous": "term",
    "amtszeit": "term",
    "term": "term",
}
PREVIOUS_WORDS: Final = frozenset({"alt", "old", "vorher", "previous"})


@dataclass(frozen=True)
class BoardRequest:
    """What `/vorstand …` asks for. `term`: the term to show (None: the one before the
    current, for `alt`); `leftover`: words that are neither a keyword nor a name."""

    action: BoardAction
    names: tuple[str, ...] = ()
    term: int | None = None
    leftover: str = ""


def parse_board_request(args: str) -> BoardRequest:
    """`/vorstand` (show), `/vorstand @a @b` (add), `/vorstand raus @a`, `/vorstand neu @a @b`,
    `/vorstand alt` (the term before), `/vorstand 1` or `/vorstand amtszeit 1` (a term)."""
    rest, names = split_mentions(args)
    words = rest.split()
    first = words[0].lower() if words else ""
    action = ACTION_WORDS.get(first)
    if action is not None:
        words = words[1:]
    if action == "term" or (action is None and words and words[0].isdecimal()):
        return _term_request(first, words)
    if action is None:
        action = "add" if names else "show"
    return BoardRequest(action, names, leftover=" ".join(words))


def _term_request(first: str, words: list[str]) -> BoardRequest:
    if words and words[0].isascii() and words[0].isdecimal() and len(words[0]) <= 6:
        return BoardRequest("term", term=int(words[0]), leftover=" ".join(words[1:]))
    if first in PREVIOUS_WORDS:
        return BoardRequest("term", leftover=" ".join(words))
    return BoardRequest("term", leftover=" ".join(words) or first)


HANDOVER_FILLERS: Final = frozenset({"an", "auf", "zu", "to", "->", "→", "=>", "nach"})


def parse_handover(args: str) -> tuple[tuple[str, ...], str]:
    """`/uebergabe @alt @neu` (also `@alt an @neu`, `@alt → @neu`): the names in order, and
    any other words left over."""
    rest, names = split_mentions(args)
    leftover = [word for word in rest.split() if word.lower() not in HANDOVER_FILLERS]
    return names, " ".join(leftover)
