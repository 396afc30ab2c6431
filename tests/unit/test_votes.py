"""Unit tests of bot/language/votes.py: every way members write a vote, the result it gives,
the refusals, and texts whose signs and times are not votes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language.arguments import clean_title
from bot.language.records import parse_decision_text
from bot.language.votes import (
    ADOPTED,
    REJECTED,
    Vote,
    VoteContradictionError,
    VoteInvalidError,
    split_vote,
)


@pytest.mark.parametrize(
    ("text", "rest", "vote"),
    [
        ("Beitrag erhöhen 5:0", "Beitrag erhöhen", Vote(5, 0)),
        ("Beitrag erhöhen 5:0:1", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen 5-0-1", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen 5–0–1", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen 5 : 0 : 1", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen 5/0/1", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen (5 - 0 - 1)", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen, Abstimmung: 5:0:1", "Beitrag erhöhen", Vote(5, 0, 1)),
        ("Beitrag erhöhen einstimmig", "Beitrag erhöhen", Vote(unanimous=True)),
        (
            "Beitrag erhöhen einstimmig angenommen",
            "Beitrag erhöhen",
            Vote(unanimous=True, stated=ADOPTED),
        ),
        ("Beitrag erhöhen ohne Gegenstimme", "Beitrag erhöhen", Vote(stated=ADOPTED)),
        ("Beitrag erhöhen ohne Gegenstimmen", "Beitrag erhöhen", Vote(stated=ADOPTED)),
        ("Beitrag erhöhen mehrheitlich", "Beitrag erhöhen", Vote(stated=ADOPTED)),
        ("Beitrag erhöhen mehrheitlich angenommen", "Beitrag erhöhen", Vote(stated=ADOPTED)),
        ("Beitrag erhöhen angenommen", "Beitrag erhöhen", Vote(stated=ADOPTED)),
        ("Beitrag erhöhen abgelehnt", "Beitrag erhöhen", Vote(stated=REJECTED)),
        ("Beitrag erhöhen nicht angenommen", "Beitrag erhöhen", Vote(stated=REJECTED)),
        ("Beitrag erhöhen mehrheitlich abgelehnt", "Beitrag erhöhen", Vote(stated=REJECTED)),
        (
            "Beitrag erhöhen einstimmig abgelehnt",
            "Beitrag erhöhen",
            Vote(unanimous=True, stated=REJECTED),
        ),
        ("Beitrag erhöhen 5:0:1 angenommen", "Beitrag erhöhen", Vote(5, 0, 1, stated=ADOPTED)),
        ("Beitrag erhöhen (5:0:1, angenommen)", "Beitrag erhöhen", Vote(5, 0, 1, stated=ADOPTED)),
        ("Beitrag erhöhen angenommen 5:0:1", "Beitrag erhöhen", Vote(5, 0, 1, stated=ADOPTED)),
        ("Beitrag erhöhen 2:4:1 abgelehnt", "Beitrag erhöhen", Vote(2, 4, 1, stated=REJECTED)),
        ("Beitrag erhöhen 12:10 angenommen", "Beitrag erhöhen", Vote(12, 10, stated=ADOPTED)),
        (
            "Beitrag erhöhen 0:5:0 einstimmig abgelehnt",
            "Beitrag erhöhen",
            Vote(0, 5, 0, unanimous=True, stated=REJECTED),
        ),
        # English
        ("Raise the fee unanimous", "Raise the fee", Vote(unanimous=True)),
        ("Raise the fee unanimously", "Raise the fee", Vote(unanimous=True)),
        (
            "Raise the fee unanimously carried",
            "Raise the fee",
            Vote(unanimous=True, stated=ADOPTED),
        ),
        ("Raise the fee carried", "Raise the fee", Vote(stated=ADOPTED)),
        ("Raise the fee passed", "Raise the fee", Vote(stated=ADOPTED)),
        ("Raise the fee adopted", "Raise the fee", Vote(stated=ADOPTED)),
        ("Raise the fee carried by majority", "Raise the fee", Vote(stated=ADOPTED)),
        ("Raise the fee rejected", "Raise the fee", Vote(stated=REJECTED)),
        ("Raise the fee defeated", "Raise the fee", Vote(stated=REJECTED)),
        ("Raise the fee not carried", "Raise the fee", Vote(stated=REJECTED)),
        ("Raise the fee 5-0-1", "Raise the fee", Vote(5, 0, 1)),
        ("Raise the fee 5-0-1 carried", "Raise the fee", Vote(5, 0, 1, stated=ADOPTED)),
        # not votes: times, ranges, fractions, words inside the text
        ("Treffen um 18:30", "Treffen um 18:30", None),
        (
            "Sitzungen beginnen um 18:30 einstimmig",
            "Sitzungen beginnen um 18:30",
            Vote(unanimous=True),
        ),
        ("Beginn um 18:30 angenommen", "Beginn um 18:30", Vote(stated=ADOPTED)),
        ("Lesen Seiten 3-5", "Lesen Seiten 3-5", None),
        ("Zuschuss 1/2", "Zuschuss 1/2", None),
        ("Sommerfest am 15-06-2024", "Sommerfest am 15-06-2024", None),
        ("Sommerfest am 1/07/24", "Sommerfest am 1/07/24", None),
        ("Sommerfest am 15-06-2024 einstimmig", "Sommerfest am 15-06-2024", Vote(unanimous=True)),
        ("Das Ergebnis einstimmig", "Das Ergebnis", Vote(unanimous=True)),
        ("Angenommen wird der Antrag der Jugend", "Angenommen wird der Antrag der Jugend", None),
        (
            "Der Antrag gilt als abgelehnter Entwurf",
            "Der Antrag gilt als abgelehnter Entwurf",
            None,
        ),
    ],
)
def test_votes_as_members_write_them(text: str, rest: str, vote: Vote | None) -> None:
    assert split_vote(text) == (rest, vote)


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("x 5:0:1", ADOPTED),
        ("x 5:0", ADOPTED),
        ("x 1:0:9", ADOPTED),
        ("x 2:4:1", REJECTED),
        ("x 3:3:0", REJECTED),  # a tie
        ("x 0:0:5", REJECTED),
        ("x einstimmig", ADOPTED),
        ("x abgelehnt", REJECTED),
        ("x mehrheitlich", ADOPTED),
        ("x defeated", REJECTED),
    ],
)
def test_result_of_a_vote(text: str, result: str) -> None:
    _, vote = split_vote(text)
    assert vote is not None
    assert vote.result == result


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Beitrag 3:4:0 angenommen", "3:4:0 angenommen"),  # the counts say rejected
        ("Beitrag 5:1:0 abgelehnt", "5:1:0 abgelehnt"),
        ("Beitrag einstimmig 0:0:5", "einstimmig 0:0:5"),  # unanimous, yet not adopted
        ("Beitrag 0:0", "0:0"),
        ("Beitrag 5:x:1", "5:x:1"),
        ("Beitrag einstimmig abgelehnt 1:4:0", "einstimmig abgelehnt 1:4:0"),
        ("Beitrag angenommen abgelehnt", "angenommen abgelehnt"),
    ],
)
def test_contradictions_and_broken_votes_are_refused(text: str, quoted: str) -> None:
    with pytest.raises(VoteInvalidError) as caught:
        split_vote(text)
    assert caught.value.text == quoted


@pytest.mark.parametrize(
    ("text", "contradiction"),
    [
        ("Beitrag 3:4:0 angenommen", True),
        ("Beitrag einstimmig 4:1:0", True),
        ("Beitrag 0:0", False),
        ("Beitrag 5:x:1", False),
    ],
)
def test_contradictions_are_told_apart(text: str, contradiction: bool) -> None:
    with pytest.raises(VoteInvalidError) as caught:
        split_vote(text)
    assert isinstance(caught.value, VoteContradictionError) == contradiction


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ("-5 % Beitrag 3:0:0", "-5 % Beitrag"),
        ("+1 Stelle für die Kasse einstimmig", "+1 Stelle für die Kasse"),
        ("–10 € Zuschuss für das Sommerfest 5:0:1", "–10 € Zuschuss für das Sommerfest"),
        ("Sommerfest – Planung beginnt 5:0:1", "Sommerfest – Planung beginnt"),
        ("Beitrag -5 einstimmig", "Beitrag -5"),
        (": Beitrag senken, einstimmig", "Beitrag senken"),  # a lone separator is no text
    ],
)
def test_signs_that_carry_meaning_stay(args: str, text: str) -> None:
    assert parse_decision_text(args).text == text


WORDS = st.sampled_from(
    ["Beitrag", "5:0:1", "einstimmig", "abgelehnt", "18:30", "-5", "(", ")", ":", "3-5", "0:0"]
)


@given(st.lists(WORDS, max_size=6).map(" ".join) | st.text(max_size=40))
def test_any_text_gives_a_vote_a_refusal_or_plain_text(text: str) -> None:
    try:
        rest, vote = split_vote(text)
    except VoteInvalidError as error:
        assert error.text  # says what it could not read
        return
    if vote is None:
        assert rest == text
        return
    assert len(rest) < len(text)
    assert vote.result in (ADOPTED, REJECTED)
    if vote.yes is not None and vote.stated is not None:
        assert vote.result == vote.stated


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("-5 % Rabatt verhandeln", "-5 % Rabatt verhandeln"),
        ("+1 Stuhl besorgen", "+1 Stuhl besorgen"),
        ("–10 € beim Catering", "–10 € beim Catering"),
        ("Sommerfest – Planung", "Sommerfest – Planung"),
        (": Flyer drucken", "Flyer drucken"),
        ("– Flyer drucken –", "Flyer drucken"),
        ("Flyer drucken, ", "Flyer drucken"),
        (" - ", ""),
    ],
)
def test_titles_keep_their_signs(text: str, clean: str) -> None:
    assert clean_title(text) == clean
