"""The rules of a circular resolution: everyone's consent (an Enthaltung is none) or a
majority of Ja over Nein, each decided as early as the outstanding votes allow."""

from __future__ import annotations

import pytest

from storage.circular_rules import (
    ABSTAIN,
    ADOPTED,
    NO,
    REJECTED,
    RULE_ALL,
    RULE_MAJORITY,
    YES,
    count_votes,
    decide,
)


def test_counting_leaves_the_others_pending() -> None:
    tally = count_votes([YES, None, NO, ABSTAIN, YES], electorate=7)
    assert (tally.yes, tally.no, tally.abstain, tally.pending) == (2, 1, 1, 3)
    assert tally.electorate == 7 and tally.cast == 4


@pytest.mark.parametrize(
    ("votes", "final", "expected"),
    [
        ([YES, YES, YES], False, ADOPTED),  # everyone agreed: certain before the deadline
        ([YES, YES, None], False, None),  # one is missing
        ([YES, YES, None], True, REJECTED),  # … and did not vote in time: no consent
        ([YES, NO, None], False, REJECTED),  # one Nein: it can no longer pass
        ([YES, YES, ABSTAIN], False, REJECTED),  # an Enthaltung is no consent
        ([None, None, None], True, REJECTED),
    ],
)
def test_everyone_must_consent(votes: list[str | None], final: bool, expected: str | None) -> None:
    assert decide(RULE_ALL, count_votes(votes, len(votes)), final=final) == expected


@pytest.mark.parametrize(
    ("votes", "final", "expected"),
    [
        ([YES, YES, None, None, None], False, None),  # 2 Ja, 3 open: Nein could still win
        ([YES, YES, YES, None, None], False, ADOPTED),  # 3 > 0 + 2: certain
        ([NO, NO, NO, None, None], False, REJECTED),  # 3 ≥ 0 + 2
        ([YES, NO, None, None, None], True, REJECTED),  # a tie at the deadline
        ([YES, ABSTAIN, ABSTAIN, None, None], True, ADOPTED),  # abstentions do not count
        ([YES, YES, NO, NO, None], False, None),  # the last vote decides
        ([YES, YES, NO, NO, ABSTAIN], False, REJECTED),  # all in, a tie
        ([None] * 5, True, REJECTED),  # nobody voted
    ],
)
def test_majority_of_ja_over_nein(
    votes: list[str | None], final: bool, expected: str | None
) -> None:
    assert decide(RULE_MAJORITY, count_votes(votes, len(votes)), final=final) == expected


def test_a_retraction_makes_the_outcome_open_again() -> None:
    # the current vote is the last answer: a member who retracted counts as not voted
    assert decide(RULE_MAJORITY, count_votes([YES, YES, None, None], 4), final=False) is None
    assert decide(RULE_MAJORITY, count_votes([YES, YES, YES, None], 4), final=False) == ADOPTED
