"""Unit tests of bot/language/records.py: votes, decision numbers, `zu B 7` links, meeting and
agenda arguments, and the folding behind the decision search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language.records import (
    DecisionRef,
    DecisionRefInvalidError,
    SubcommandUnknownError,
    TextMissingError,
    TextTooLongError,
    Vote,
    VoteInvalidError,
    extract_task_link,
    fold,
    is_decision_ref,
    matches_all,
    parse_agenda_args,
    parse_decision_ref,
    parse_decision_text,
    parse_meeting_args,
    parse_reason,
    ref_in_confirmation,
    search_words,
    split_decision_ref,
    split_vote,
)

# --- votes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rest", "vote"),
    [
        ("Empfehlung an die Ratsfraktion 5:0:1", "Empfehlung an die Ratsfraktion", Vote(5, 0, 1)),
        ("Empfehlung (5:0:1)", "Empfehlung", Vote(5, 0, 1)),
        ("Empfehlung einstimmig", "Empfehlung", Vote(unanimous=True)),
        ("Empfehlung (einstimmig)", "Empfehlung", Vote(unanimous=True)),
        ("Empfehlung Einstimmig.", "Empfehlung", Vote(unanimous=True)),
        ("Recommend it unanimous", "Recommend it", Vote(unanimous=True)),
        ("Empfehlung einstimmig 6:0:0", "Empfehlung", Vote(6, 0, 0, unanimous=True)),
        ("Empfehlung 6:0:1 einstimmig", "Empfehlung", Vote(6, 0, 1, unanimous=True)),
        ("Empfehlung 12:3:0", "Empfehlung", Vote(12, 3, 0)),
        ("Treffen um 18:30", "Treffen um 18:30", None),  # a time, not a vote
        ("Einstimmig war nur der Vorschlag", "Einstimmig war nur der Vorschlag", None),
        ("Verhältnis a:b:c", "Verhältnis a:b:c", None),  # no digit: ordinary text
        ("Beschluss", "Beschluss", None),
    ],
)
def test_split_vote(text: str, rest: str, vote: Vote | None) -> None:
    assert split_vote(text) == (rest, vote)


@pytest.mark.parametrize(
    "text",
    [
        "Empfehlung 5:x:1",
        "Empfehlung 5:0:",
        "Empfehlung 5::1",
        "Empfehlung -5:0:1",
        "Empfehlung 0:0:0",
        "Empfehlung 5:0:1:2",
        "Empfehlung 1000000:0:0",
        "Empfehlung einstimmig 5:1:0",  # unanimous, yet one against
        "Empfehlung 5:0:1 5:0:1",
        "Empfehlung einstimmig einstimmig",
    ],
)
def test_bad_votes_are_refused(text: str) -> None:
    with pytest.raises(VoteInvalidError):
        split_vote(text)


def test_invalid_vote_error_quotes_what_was_typed() -> None:
    with pytest.raises(VoteInvalidError) as caught:
        split_vote("Empfehlung (5:x:1)")
    assert caught.value.text == "5:x:1"


def test_decision_text_from_reply_and_vote_from_arguments() -> None:
    draft = parse_decision_text("5:0:1", fallback_text="Die Empfehlung geht an die Ratsfraktion")
    assert draft.text == "Die Empfehlung geht an die Ratsfraktion"
    assert draft.vote == Vote(5, 0, 1)
    # own text wins over the replied-to message
    assert parse_decision_text("Eigener Text", fallback_text="Anderer").text == "Eigener Text"


def test_decision_text_with_amendment() -> None:
    draft = parse_decision_text("Budget 600 € statt 500 € ändert B 2024/3 einstimmig")
    assert draft.text == "Budget 600 € statt 500 €"
    assert draft.amends == DecisionRef(3, 2024)
    assert draft.vote == Vote(unanimous=True)
    assert parse_decision_text("New budget (amends B 4)").amends == DecisionRef(4)


@pytest.mark.parametrize("args", ["", "   ", "5:0:1", "einstimmig", "\u200b"])
def test_decision_without_text_is_refused(args: str) -> None:
    with pytest.raises(TextMissingError):
        parse_decision_text(args)


def test_overlong_decision_is_refused() -> None:
    with pytest.raises(TextTooLongError) as caught:
        parse_decision_text("x" * 2001)
    assert (caught.value.length, caught.value.limit) == (2001, 2000)
    assert len(parse_decision_text("x" * 2000).text) == 2000


# --- decision numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("7", DecisionRef(7)),
        ("#7", DecisionRef(7)),
        ("2024/7", DecisionRef(7, 2024)),
        ("B 7", DecisionRef(7)),
        ("b7", DecisionRef(7)),
        ("B 2024/7", DecisionRef(7, 2024)),
        ("B2024/7", DecisionRef(7, 2024)),
        ("B. 2024 / 7", DecisionRef(7, 2024)),
        ("Beschluss 7", DecisionRef(7)),
        ("decision 2025/12", DecisionRef(12, 2025)),
        (" 7. ", DecisionRef(7)),
    ],
)
def test_decision_numbers(text: str, ref: DecisionRef) -> None:
    assert parse_decision_ref(text) == ref
    assert is_decision_ref(text)


@pytest.mark.parametrize("text", ["", "x", "0", "B", "B x", "2024/", "/7", "7a", "24/7/1", "B-7"])
def test_not_decision_numbers(text: str) -> None:
    assert not is_decision_ref(text)
    with pytest.raises(DecisionRefInvalidError):
        parse_decision_ref(text)


def test_split_decision_ref() -> None:
    assert split_decision_ref("B 2024/7 überholt durch B 9") == (
        DecisionRef(7, 2024),
        "überholt durch B 9",
    )
    assert split_decision_ref("7") == (DecisionRef(7), "")
    assert split_decision_ref("  ") == (None, "")
    with pytest.raises(DecisionRefInvalidError) as caught:
        split_decision_ref("sieben Gründe")
    assert caught.value.text == "sieben"
    with pytest.raises(DecisionRefInvalidError):
        split_decision_ref("7x Grund")


@pytest.mark.parametrize(
    ("text", "rest", "ref"),
    [
        (
            "Treffen vorbereiten zu B 7 @vera bis Freitag",
            "Treffen vorbereiten @vera bis Freitag",
            7,
        ),
        ("Treffen vorbereiten zu B 2024/7", "Treffen vorbereiten", 7),
        ("Zu Beschluss 3: Flyer drucken", "Flyer drucken", 3),  # the colon goes with the link
        ("Prepare it for decision 4 by Friday", "Prepare it by Friday", 4),
        ("Flyer für B7", "Flyer", 7),
        ("Material zu Bahnhof bringen", "Material zu Bahnhof bringen", None),
        ("Bericht zu B 7a", "Bericht zu B 7a", None),
        ("Plakate zu 7 Orten", "Plakate zu 7 Orten", None),  # a bare number is no link
    ],
)
def test_task_link(text: str, rest: str, ref: int | None) -> None:
    found_rest, found = extract_task_link(text)
    assert found_rest.strip(" :") == rest
    assert (found.number if found else None) == ref


def test_confirmation_names_its_decision() -> None:
    text = "📜 Beschluss B 2024/7 gefasst am Mi, 19.06.2024:\nEmpfehlung\n✏️ Ändert B 2024/3"
    assert ref_in_confirmation(text) == DecisionRef(7, 2024)
    assert ref_in_confirmation("📜 Decision B 2025/1 recorded on …") == DecisionRef(1, 2025)
    assert ref_in_confirmation("✅ Aufgabe #3 angelegt") is None
    assert ref_in_confirmation(None) is None


def test_reason() -> None:
    assert parse_reason("  überholt,  siehe B 9 ") == "überholt, siehe B 9"
    assert parse_reason("") is None
    with pytest.raises(TextTooLongError):
        parse_reason("x" * 501)


# --- meetings and agenda -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("open", "")),
        ("Vorstandssitzung Juni", ("open", "Vorstandssitzung Juni")),
        ("ende", ("end", "")),
        ("Ende", ("end", "")),
        ("end", ("end", "")),
        ("beenden", ("end", "")),
        ("schließen!", ("end", "")),
        ("Ende der Sommerpause", ("open", "Ende der Sommerpause")),
    ],
)
def test_meeting_args(text: str, expected: tuple[str, str]) -> None:
    assert parse_meeting_args(text) == expected


def test_agenda_args() -> None:
    assert parse_agenda_args("") is None
    assert parse_agenda_args("neu  Haushalt 2025 ") == "Haushalt 2025"
    assert parse_agenda_args("add Budget") == "Budget"
    with pytest.raises(TextMissingError):
        parse_agenda_args("neu")
    with pytest.raises(SubcommandUnknownError) as caught:
        parse_agenda_args("Haushalt 2025")
    assert caught.value.text == "Haushalt"


# --- search folding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Beschlusse", "Beschlüsse"),
        ("Beschluesse", "Beschlüsse"),
        ("beschlüsse", "BESCHLÜSSE"),
        ("Strasse", "Straße"),
        ("STRASSE", "Hauptstraße"),
        ("straße", "Strasse"),
        ("Cafe", "Café"),
        ("Ubergabe", "Übergabe"),
        ("Oeffentlichkeit", "Öffentlichkeit"),
    ],
)
def test_folded_words_match(typed: str, stored: str) -> None:
    assert matches_all(search_words(typed), stored)


def test_all_words_must_match() -> None:
    text = "Empfehlung an die neue Ratsfraktion"
    assert matches_all(search_words("ratsfraktion EMPFEHLUNG"), text)
    assert not matches_all(search_words("Ratsfraktion Haushalt"), text)
    assert matches_all(search_words(""), text)


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_finds_the_text_itself(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert matches_all(search_words(text), text)
