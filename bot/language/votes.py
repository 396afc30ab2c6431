"""Pure parsing of the vote at the end of a decision's text, and the result it gives.

Counts are yes, no and abstentions: `5:0:1`, `5:0`, `5-0-1`, `5/0/1`, `5 : 0 : 1`, optionally
in brackets and after a label (`Abstimmung: 5:0:1`). Words say the result where no counts are
given: `einstimmig (angenommen)`, `ohne Gegenstimme(n)`, `mehrheitlich (angenommen)`,
`angenommen`, `abgelehnt`, `unanimous(ly)`, `carried`, `passed`, `adopted`, `rejected`,
`defeated`; counts and words may stand together when they agree (`5:0:1 angenommen`).

A motion with more yes than no votes is adopted; otherwise (a tie included) it is rejected.
Anything that looks like a vote but is none (`5:x:1`, `0:0:0`, `3:4:0 angenommen`) is refused
rather than kept as text, because the user clearly meant a vote.

Three readings are deliberately *not* votes, so the text keeps them: `18:30` (a clock time:
two digits after the colon, a valid hour; `12:10 angenommen` is a vote), two numbers joined by
`-` or `/` (`Seiten 3-5`, `1/2`: ranges and fractions), and three that look like a date
(`15-06-2024`, `1/07/24`: a leading zero or four digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Result = Literal["adopted", "rejected"]
ADOPTED: Result = "adopted"
REJECTED: Result = "rejected"
MAX_VOTES = 100_000

# Phrases at the end of a text, each with whether it says "unanimous" and the result it states.
_PHRASES: dict[str, tuple[bool, Result | None]] = {
    "einstimmig": (True, None),
    "einstimmig angenommen": (True, ADOPTED),
    "einstimmig beschlossen": (True, ADOPTED),
    "einstimmig abgelehnt": (True, REJECTED),
    "ohne gegenstimme": (False, ADOPTED),
    "ohne gegenstimmen": (False, ADOPTED),
    "ohne gegenstimme angenommen": (False, ADOPTED),
    "ohne gegenstimmen angenommen": (False, ADOPTED),
    "mehrheitlich": (False, ADOPTED),
    "mehrheitlich angenommen": (False, ADOPTED),
    "mehrheitlich beschlossen": (False, ADOPTED),
    "mehrheitlich abgelehnt": (False, REJECTED),
    "angenommen": (False, ADOPTED),
    "abgelehnt": (False, REJECTED),
    "nicht angenommen": (False, REJECTED),
    "unanimous": (True, None),
    "unanimously": (True, None),
    "unanimously carried": (True, ADOPTED),
    "unanimously passed": (True, ADOPTED),
    "unanimously adopted": (True, ADOPTED),
    "unanimously approved": (True, ADOPTED),
    "unanimously rejected": (True, REJECTED),
    "carried unanimously": (True, ADOPTED),
    "passed unanimously": (True, ADOPTED),
    "adopted unanimously": (True, ADOPTED),
    "rejected unanimously": (True, REJECTED),
    "carried": (False, ADOPTED),
    "passed": (False, ADOPTED),
    "adopted": (False, ADOPTED),
    "rejected": (False, REJECTED),
    "defeated": (False, REJECTED),
    "not carried": (False, REJECTED),
    "not passed": (False, REJECTED),
    "not adopted": (False, REJECTED),
    "by majority": (False, ADOPTED),
    "carried by majority": (False, ADOPTED),
}
_LABELS = ("abstimmung", "abstimmungsergebnis", "ergebnis", "vote", "voting", "result")
_CLOSE = r"[\s)\].,;!]*"
# one phrase at the very end, longest first so `einstimmig angenommen` wins over `angenommen`
_LONGEST_FIRST = sorted(_PHRASES, key=len, reverse=True)
_PHRASE_PATTERN = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _LONGEST_FIRST)
_PHRASE_AT_END = re.compile(
    rf"(?:^|(?<=[\s(\[,;:–-]))(?P<phrase>{_PHRASE_PATTERN}){_CLOSE}$", re.IGNORECASE
)
_NUMBER = r"(\d{1,6})"
_COUNTS_AT_END = re.compile(
    rf"(?:^|(?<=[\s(\[,;]))[(\[]?\s*{_NUMBER}\s*(?P<sep>[:/\-–])\s*{_NUMBER}"
    rf"(?:\s*(?P=sep)\s*{_NUMBER})?{_CLOSE}$"
)
# `Abstimmung: 5:0:1`: a label before the vote, only with its colon (`das Ergebnis` is text)
_LABEL_AT_END = re.compile(rf"(?:^|(?<=\s))(?:{'|'.join(_LABELS)})\s*[:=]$", re.IGNORECASE)
_SEPARATORS_AT_END = re.compile(r"[\s(\[,;:–-]+$")
# a last word with two colons (and a digit), such as `5:x:1` or `-5:0:1`: meant as a vote
_VOTE_LIKE = re.compile(r"[^\s:]*:[^\s:]*:\S*")
_CLOCK = re.compile(r"([01]?\d|2[0-4]):[0-5]\d")
_TIME_WORDS = frozenset({"um", "ab", "bis", "gegen", "at", "from", "until", "by"})
_TIME_LIKE_AT_END = re.compile(rf"(?:^|(?<=[\s(\[,;]))[(\[]?\s*(\d{{1,2}}):(\d\d){_CLOSE}$")
# `15-06-2024`, `1/07/24`: with `-` or `/` a leading zero or a four-digit part makes a date
_DATE_PART = re.compile(r"0\d+|\d{4,}")


class VoteInvalidError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a vote: {text!r}")
        self.text = text


class VoteContradictionError(VoteInvalidError):
    """Counts and words that disagree: `3:4:0 angenommen`, `einstimmig 4:1:0`."""


@dataclass(frozen=True)
class Vote:
    """What was recorded about a vote: counts, "unanimous", and a result stated in words."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    unanimous: bool = False
    stated: Result | None = None

    @property
    def result(self) -> Result:
        """The counts decide; without them the words do; "unanimous" alone means adopted."""
        if self.yes is not None:
            return ADOPTED if self.yes > (self.no or 0) else REJECTED
        return self.stated or ADOPTED


@dataclass(frozen=True)
class _Piece:
    """One element taken off the end of the text: counts, or a phrase."""

    start: int
    counts: tuple[int, int, int | None] | None = None
    unanimous: bool = False
    stated: Result | None = None


def _counts_at_end(text: str) -> _Piece | None:
    match = _COUNTS_AT_END.search(text)
    if match is None:
        return None
    yes, no, abstain = match.group(1), match.group(3), match.group(4)
    separator = match.group("sep")
    if abstain is None and separator != ":":
        return None  # `3-5`, `1/2`: a range or a fraction
    if separator != ":" and any(_DATE_PART.fullmatch(part) for part in (yes, no, abstain)):
        return None  # `15-06-2024`: a date
    if abstain is None and len(no) == 2 and _CLOCK.fullmatch(f"{yes}:{no}"):
        return None  # `18:30`: a time of day
    counts = (int(yes), int(no), None if abstain is None else int(abstain))
    if sum(c or 0 for c in counts) == 0 or max(c or 0 for c in counts) > MAX_VOTES:
        raise VoteInvalidError(match.group(0).strip(" ()[].,;!"))
    return _Piece(match.start(), counts=counts)


def _phrase_at_end(text: str) -> _Piece | None:
    match = _PHRASE_AT_END.search(text)
    if match is None:
        return None
    unanimous, stated = _PHRASES[" ".join(match.group("phrase").lower().split())]
    return _Piece(match.start(), unanimous=unanimous, stated=stated)


def _time_with_result(text: str, pieces: list[_Piece]) -> _Piece | None:
    """`12:10 angenommen`: before a (non-unanimous) result a time-like pair is a vote after
    all, unless a word such as `um` makes it a time (`Beginn um 18:30 angenommen`)."""
    if not pieces or pieces[-1].stated is None or pieces[-1].unanimous:
        return None
    match = _TIME_LIKE_AT_END.search(text)
    if match is None:
        return None
    before = text[: match.start()].split()
    if before and before[-1].lower() in _TIME_WORDS:
        return None
    yes, no = int(match.group(1)), int(match.group(2))
    return _Piece(match.start(), counts=(yes, no, None)) if yes + no else None


def _combine(pieces: list[_Piece], typed: str) -> Vote:
    counts = [p.counts for p in pieces if p.counts is not None]
    phrases = [p for p in pieces if p.counts is None]
    if len(counts) > 1 or len(phrases) > 1:
        raise VoteInvalidError(typed)
    unanimous = any(p.unanimous for p in phrases)
    stated = next((p.stated for p in phrases if p.stated is not None), None)
    yes, no, abstain = counts[0] if counts else (None, None, None)
    vote = Vote(yes, no, abstain, unanimous, stated)
    said = stated or (ADOPTED if unanimous else None)
    if counts and said is not None and vote.result != said:
        raise VoteContradictionError(typed)  # `3:4:0 angenommen`, `einstimmig 0:0:5`
    if counts and unanimous and (no if vote.result == ADOPTED else yes):
        raise VoteContradictionError(typed)  # unanimous, yet someone voted the other way
    return vote


def split_vote(text: str) -> tuple[str, Vote | None]:
    """Take the vote off the end of a decision text: `… 5:0:1`, `… (einstimmig)`, both."""
    rest, pieces = text.rstrip(), list[_Piece]()
    while len(pieces) < 3:
        piece = _counts_at_end(rest) or _phrase_at_end(rest) or _time_with_result(rest, pieces)
        if piece is None:
            break
        pieces.append(piece)
        rest = _LABEL_AT_END.sub("", rest[: piece.start].rstrip())
        rest = _SEPARATORS_AT_END.sub("", rest)
    last_word = (rest.split() or [""])[-1].strip("()[].,;")
    if _VOTE_LIKE.fullmatch(last_word) and any(char.isdigit() for char in last_word):
        raise VoteInvalidError(last_word)
    if not pieces:
        return text, None
    typed = text[pieces[-1].start :].strip()
    return " ".join(rest.split()), _combine(pieces, typed)
