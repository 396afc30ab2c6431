"""The rules a circular resolution (Umlaufbeschluss) is decided by: pure arithmetic on the
current votes of the board members it was put to, no database.

Only the votes of the electorate count (the board when the motion was put); each member's
current vote is their last answer, and a retraction makes them one who has not voted.

- "all" (the default; § 32 (3) BGB with § 28: a resolution outside a meeting needs every board
  member's consent): adopted when every member voted Ja. An Enthaltung is no consent, so a
  single Nein or Enthaltung rejects it, at once (the poll does not allow changing a vote).
- "majority" (a statute that allows it, `/einstellungen umlauf mehrheit`): adopted when more
  members voted Ja than Nein by the deadline; Enthaltungen and members who did not vote do not
  count, a tie is rejected. Decided early as soon as the outstanding votes cannot change it:
  adopted once Ja > Nein + outstanding, rejected once Nein ≥ Ja + outstanding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

RULE_ALL = "all"
RULE_MAJORITY = "majority"
RULES = (RULE_ALL, RULE_MAJORITY)
YES, NO, ABSTAIN = "yes", "no", "abstain"
Result = Literal["adopted", "rejected"]
ADOPTED: Final = "adopted"
REJECTED: Final = "rejected"


@dataclass(frozen=True)
class Tally:
    """The electorate's current votes: `pending` members have not voted (or retracted)."""

    yes: int
    no: int
    abstain: int
    pending: int

    @property
    def electorate(self) -> int:
        return self.yes + self.no + self.abstain + self.pending

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


def count_votes(current: Iterable[str | None], electorate: int) -> Tally:
    """The tally of the members' current votes (None: not voted); `electorate` members in all."""
    options = list(current)
    yes, no, abstain = options.count(YES), options.count(NO), options.count(ABSTAIN)
    return Tally(yes, no, abstain, max(0, electorate - yes - no - abstain))


def decide(rule: str, tally: Tally, *, final: bool) -> Result | None:
    """The outcome once it is certain; None while it is not. `final`: the deadline has come,
    the votes cast are all there will be."""
    if rule == RULE_MAJORITY:
        return _by_majority(tally, final)
    return _by_everyone(tally, final)


def _by_everyone(tally: Tally, final: bool) -> Result | None:
    if tally.electorate > 0 and tally.yes == tally.electorate:
        return ADOPTED
    if tally.no or tally.abstain or final:
        return REJECTED
    return None


def _by_majority(tally: Tally, final: bool) -> Result | None:
    if tally.yes > tally.no + tally.pending:
        return ADOPTED
    if tally.no >= tally.yes + tally.pending:
        return REJECTED
    if final:
        return ADOPTED if tally.yes > tally.no else REJECTED
    return None
