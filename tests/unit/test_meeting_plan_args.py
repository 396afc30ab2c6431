"""Reading `/sitzung nächste …` (bot.language.meeting_plan): show, cancel, or a date with a
time and an optional place; refusals for a date without a time, a past date, an unreadable
phrase and an over-long place; and, against Duckling's corpora (`shared/dates_corpus/`), that
a phrase with a time is read as the due-date parser reads it, with or without a place after
it, and that a place never changes the date."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.language.dates import DateParseError, parse_due_date
from bot.language.meeting_plan import (
    PlaceTooLongError,
    PlanAt,
    PlanCancel,
    PlanShow,
    PlanTimeMissingError,
    is_next_meeting_command,
    parse_plan_args,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=BERLIN)  # Wednesday
ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("BOARDBOT_DATES_CORPUS", ROOT.parent / "shared" / "dates_corpus"))


@pytest.mark.parametrize("text", ["nächste", "naechste", "Nächste", "next", "nächsten", "next "])
def test_the_word_alone_shows_the_plan(text: str) -> None:
    assert parse_plan_args(text, NOW) == PlanShow()


@pytest.mark.parametrize("text", ["nächste absagen", "naechste Absagen!", "next cancel"])
def test_cancelling(text: str) -> None:
    assert parse_plan_args(text, NOW) == PlanCancel()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nächste Mi 19 Uhr", PlanAt(date(2024, 6, 26), time(19, 0), None)),
        ("nächste Mi 19 Uhr Vereinsheim", PlanAt(date(2024, 6, 26), time(19, 0), "Vereinsheim")),
        ("naechste Mi 19 Uhr, Vereinsheim", PlanAt(date(2024, 6, 26), time(19), "Vereinsheim")),
        ("nächste Mi 19 Uhr im Café Müller", PlanAt(date(2024, 6, 26), time(19), "im Café Müller")),
        ("nächste 9.7. 18:30 Raum 3", PlanAt(date(2024, 7, 9), time(18, 30), "Raum 3")),
        ("nächste morgen 18 Uhr", PlanAt(date(2024, 6, 20), time(18), None)),
        ("nächste heute 21 Uhr", PlanAt(date(2024, 6, 19), time(21), None)),
        ("nächste nächsten Mittwoch um 19 Uhr", PlanAt(date(2024, 6, 26), time(19), None)),
        ("next Wed 7pm Club house", PlanAt(date(2024, 6, 26), time(19), "Club house")),
        ("next July 9 at 6:30pm", PlanAt(date(2024, 7, 9), time(18, 30), None)),
    ],
)
def test_a_date_with_a_time_and_a_place(text: str, expected: PlanAt) -> None:
    assert parse_plan_args(text, NOW) == expected


def test_a_date_without_a_time_asks_for_the_time() -> None:
    with pytest.raises(PlanTimeMissingError) as caught:
        parse_plan_args("nächste Mi Vereinsheim", NOW)
    assert caught.value.day == date(2024, 6, 26)


@pytest.mark.parametrize("text", ["nächste gestern 19 Uhr", "nächste heute 18 Uhr Rathaus"])
def test_a_past_time_is_refused_as_past(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_plan_args(text, NOW)
    assert caught.value.reason == "past"


@pytest.mark.parametrize("text", ["nächste irgendwann", "nächste Vereinsheim 19", "nächstes"])
def test_what_is_no_date_is_refused_as_unknown(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_plan_args(text, NOW)
    assert caught.value.reason == "unknown"


def test_an_over_long_place_is_refused() -> None:
    with pytest.raises(PlaceTooLongError):
        parse_plan_args("nächste Mi 19 Uhr " + "x" * 201, NOW)
    assert parse_plan_args("nächste Mi 19 Uhr " + "x" * 200, NOW) == PlanAt(
        date(2024, 6, 26), time(19), "x" * 200
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/sitzung nächste Mi 19 Uhr", True),
        ("/sitzung naechste", True),
        ("/Sitzung Nächste", True),
        ("/meeting@boardbot_test_bot next Wed 7pm", True),
        ("/sitzung nächstes Treffen", False),  # a meeting's title, not the next meeting
        ("/sitzung Vorbereitung der nächsten Sitzung", False),
        ("/sitzung", False),
        ("/aufgabe nächste Mi 19 Uhr", False),
        (None, False),
    ],
)
def test_which_commands_go_to_the_planner(text: str | None, expected: bool) -> None:
    assert is_next_meeting_command(text) is expected


def corpus_items(language: str) -> list[dict[str, Any]]:
    path = CORPUS / f"{language}.json"
    if not path.exists():
        pytest.skip(f"the dates corpus is not at {path}")
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["items"]
    return [item for item in items if item["expect"]["kind"] == "time"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_corpus_phrases_with_a_time_read_as_the_date_parser_reads_them(language: str) -> None:
    """Every Duckling phrase with a time of day: planned as exactly the due-date parser's
    reading (or refused when it refuses), and a place written after it changes nothing."""
    word = "nächste" if language == "de" else "next"
    planned = 0
    for item in corpus_items(language):
        now = datetime.fromisoformat(item["ref"])
        phrase = item["phrase"]
        try:
            due = parse_due_date(phrase, now)
        except DateParseError:
            continue
        if due.at is None:
            continue
        for place in (None, "Vereinsheim"):
            text = f"{word} {phrase}" + (f" {place}" if place else "")
            request = parse_plan_args(text, now)
            assert request == PlanAt(due.day, due.at, place), (item["id"], text)
        planned += 1
    assert planned >= 20  # the corpora hold plenty of phrases with a time
