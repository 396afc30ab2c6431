"""Pure parsing for the board's record: votes, decision numbers, `zu B 7` links, meeting and
agenda arguments, and the folding that makes searches ignore case, umlauts and ß.

Decision numbers are written `7`, `#7`, `2024/7`, `B 7` or `B 2024/7` (also `B2024/7`,
`Beschluss 7`, `decision 7`). A vote stands at the end of a decision's text (bot.language.votes
reads it: `5:0:1`, `einstimmig angenommen`, `abgelehnt`, …); `5:x:1` is refused rather than
kept as text, because the user clearly meant a vote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from bot.language.arguments import has_visible_text, normalize_space, strip_separators
from bot.language.limits import DECISION_TEXT_MAX_LENGTH, REASON_MAX_LENGTH, TITLE_MAX_LENGTH
from bot.language.votes import Vote as Vote
from bot.language.votes import VoteInvalidError as VoteInvalidError
from bot.language.votes import split_vote as split_vote

END_WORDS = frozenset(
    {"ende", "end", "beenden", "schließen", "schliessen", "close", "zu", "stop", "schluss"}
)
AGENDA_ADD_WORDS = frozenset({"neu", "add", "new", "hinzufügen", "+"})

_REF = r"(?:(?:b|beschluss|decision)\s*\.?\s*)?#?(?:(?P<year>\d{4})\s*/\s*)?(?P<number>\d{1,9})"
DECISION_REF = re.compile(_REF, re.IGNORECASE)
# `zu B 7` / `für B 2024/7` / `for decision 7` inside a task text; the letter or word is required.
_LINKED_REF = r"(?:b|beschluss|decision)\s*\.?\s*#?(?:(?P<year>\d{4})\s*/\s*)?(?P<number>\d{1,9})"
TASK_LINK = re.compile(rf"(?<!\S)(?:zu|zum|für|fuer|for|re)\s+{_LINKED_REF}(?![\w/])", re.I)
AMENDS_LINK = re.compile(
    rf"(?<!\S)\(?(?:ändert|aendert|ändernd|amends|amending)\s+{_LINKED_REF}\)?(?![\w/])", re.I
)
# How a decision's confirmation names it: "Beschluss B 2024/7" / "Decision B 2024/7".
CONFIRMATION_REF = re.compile(r"\b(?:Beschluss|Decision)\s+B\s+(?P<year>\d{4})/(?P<number>\d+)")


class DecisionRefInvalidError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a decision number: {text!r}")
        self.text = text


class SubcommandUnknownError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"unknown sub-command: {text!r}")
        self.text = text


class TextMissingError(ValueError):
    """A decision or agenda item without any visible text."""


class TextTooLongError(ValueError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"text has {length} characters, limit {limit}")
        self.length, self.limit = length, limit


@dataclass(frozen=True)
class DecisionRef:
    number: int
    year: int | None = None


@dataclass(frozen=True)
class DecisionDraft:
    text: str
    vote: Vote | None
    amends: DecisionRef | None


def check_text(text: str, limit: int) -> str:
    text = strip_separators(normalize_space(text))
    if not has_visible_text(text):
        raise TextMissingError
    if len(text) > limit:
        raise TextTooLongError(len(text), limit)
    return text


def _ref(match: re.Match[str]) -> DecisionRef:
    year = match.group("year")
    return DecisionRef(int(match.group("number")), int(year) if year else None)


def parse_decision_ref(text: str) -> DecisionRef:
    """`7`, `#7`, `2024/7`, `B 7`, `B 2024/7` → the reference; anything else is refused."""
    match = DECISION_REF.fullmatch(text.strip().rstrip(".,;:"))
    if match is None or int(match.group("number")) == 0:
        raise DecisionRefInvalidError(text)
    return _ref(match)


def split_decision_ref(text: str) -> tuple[DecisionRef | None, str]:
    """The leading decision number and the rest: `B 7 überholt` → (B 7, "überholt")."""
    stripped = text.strip()
    if not stripped:
        return None, ""
    match = DECISION_REF.match(stripped)
    if match is None or (match.end() < len(stripped) and not stripped[match.end()].isspace()):
        word = stripped.split(maxsplit=1)[0]
        raise DecisionRefInvalidError(word)
    ref = parse_decision_ref(match.group(0))
    return ref, stripped[match.end() :].strip()


def is_decision_ref(text: str) -> bool:
    try:
        parse_decision_ref(text)
    except DecisionRefInvalidError:
        return False
    return bool(text.strip())


def parse_decision_text(args: str, fallback_text: str | None = None) -> DecisionDraft:
    """`/decision` arguments: `<text> [ändert B 3] [einstimmig | 5:0:1]`; the text may come
    from a replied-to message (`fallback_text`), the vote then from the arguments."""
    amends: DecisionRef | None = None
    match = AMENDS_LINK.search(args)
    if match is not None:
        amends = _ref(match)
        args = args[: match.start()] + " " + args[match.end() :]
    text, vote = split_vote(normalize_space(args))
    if not has_visible_text(strip_separators(text)) and fallback_text:
        text = fallback_text
    return DecisionDraft(check_text(text, DECISION_TEXT_MAX_LENGTH), vote, amends)


def extract_task_link(text: str) -> tuple[str, DecisionRef | None]:
    """Take `zu B 7` (`für B 2024/7`, `for decision 7`) out of a task text."""
    match = TASK_LINK.search(text)
    if match is None:
        return text, None
    return normalize_space(text[: match.start()] + " " + text[match.end() :]), _ref(match)


def ref_in_confirmation(text: str | None) -> DecisionRef | None:
    """The decision a bot confirmation names ("Beschluss B 2024/7 …"), if any."""
    match = CONFIRMATION_REF.search(text or "")
    return _ref(match) if match else None


def parse_reason(text: str) -> str | None:
    reason = strip_separators(normalize_space(text))
    if not has_visible_text(reason):
        return None
    if len(reason) > REASON_MAX_LENGTH:
        raise TextTooLongError(len(reason), REASON_MAX_LENGTH)
    return reason


# --- meetings and agenda ------------------------------------------------------------------------

MeetingAction = Literal["open", "end"]


def parse_meeting_args(text: str) -> tuple[MeetingAction, str]:
    """`/meeting [title]` opens, `/meeting end` (`ende`, `beenden`, …) closes."""
    cleaned = normalize_space(text)
    if cleaned.lower().strip(".!") in END_WORDS:
        return "end", ""
    if len(cleaned) > TITLE_MAX_LENGTH:
        raise TextTooLongError(len(cleaned), TITLE_MAX_LENGTH)
    return "open", cleaned


def parse_agenda_args(text: str) -> str | None:
    """`/agenda add <text>` → the proposed text; `/agenda` alone → None (show the agenda)."""
    words = text.split(maxsplit=1)
    if not words:
        return None
    if words[0].lower() not in AGENDA_ADD_WORDS:
        raise SubcommandUnknownError(words[0])
    return check_text(words[1] if len(words) > 1 else "", TITLE_MAX_LENGTH)


# --- search --------------------------------------------------------------------------------------

_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def fold(text: str) -> str:
    """Lower case without accents, ß → ss, and ae/oe/ue → a/o/u, so that `Beschlüsse`,
    `Beschluesse` and `Beschlusse` (and `Straße`, `Strasse`) fold to the same string."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = unicodedata.normalize("NFKC", plain).casefold()
    for digraph, letter in _DIGRAPHS:
        plain = plain.replace(digraph, letter)
    return plain


def search_words(text: str) -> list[str]:
    return [fold(word) for word in text.split() if fold(word)]


def matches_all(words: list[str], text: str) -> bool:
    """True when every (folded) word occurs in `text`."""
    folded = fold(text)
    return all(word in folded for word in words)
