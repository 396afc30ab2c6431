"""Unit tests of reading several task numbers (bot/language/arguments.py): `/streichen 32 33
34`, `/zuweisen 33 34 @vera`, `/frist 3 4 Freitag`, and numbers that belong to a date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.language.arguments import (
    DueMissingError,
    NumberInvalidError,
    number_prefixes,
    split_numbers,
    split_numbers_and_due,
)
from bot.language.dates import DateParseError

NOW = datetime(2024, 6, 19, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Wednesday


@pytest.mark.parametrize(
    ("text", "numbers", "rest"),
    [
        ("32 33 34", [32, 33, 34], ""),
        ("33 34 @vera", [33, 34], "@vera"),
        ("3,4 @vera", [3, 4], "@vera"),
        ("3, #4, 5 weil doppelt", [3, 4, 5], "weil doppelt"),
        ("3 3 3", [3], ""),
        ("", [], ""),
    ],
)
def test_split_numbers(text: str, numbers: list[int], rest: str) -> None:
    assert split_numbers(text) == (numbers, rest)


def test_prefixes_are_shortest_first() -> None:
    assert number_prefixes("3 4 Freitag") == [([3], "4 Freitag"), ([3, 4], "Freitag")]


@pytest.mark.parametrize("text", ["drei 4", "0 1", "-3"])
def test_a_first_word_that_is_no_number_is_refused(text: str) -> None:
    with pytest.raises(NumberInvalidError):
        split_numbers(text)


@pytest.mark.parametrize(
    ("text", "numbers", "day"),
    [
        ("3 4 Freitag", [3, 4], date(2024, 6, 21)),
        ("3 15. Juli", [3], date(2024, 7, 15)),
        ("3 4 15. Juli", [3, 4], date(2024, 7, 15)),
        ("3 12 Uhr", [3], date(2024, 6, 20)),
        ("3, 4, 5 bis Freitag", [3, 4, 5], date(2024, 6, 21)),
    ],
)
def test_numbers_and_due(text: str, numbers: list[int], day: date) -> None:
    found, due = split_numbers_and_due(text, NOW)
    assert found == numbers
    assert due is not None and due.day == day


def test_numbers_and_no_date() -> None:
    assert split_numbers_and_due("3 4 keine", NOW) == ([3, 4], None)


@pytest.mark.parametrize(("text", "numbers"), [("3 4", [3, 4]), ("", [])])
def test_numbers_without_a_date(text: str, numbers: list[int]) -> None:
    with pytest.raises(DueMissingError) as caught:
        split_numbers_and_due(text, NOW)
    assert caught.value.numbers == numbers


def test_what_follows_the_numbers_is_refused_when_no_date() -> None:
    with pytest.raises(DateParseError) as caught:
        split_numbers_and_due("3 4 irgendwann", NOW)
    assert caught.value.text == "irgendwann"


@pytest.mark.parametrize(
    ("text", "numbers", "day"),
    [
        ("3 15 Juli", [3], date(2024, 7, 15)),
        ("3 4 12 Uhr", [3, 4], date(2024, 6, 20)),
        ("3 4 Juli", [3], date(2024, 7, 4)),  # the 4th of July, not tasks 3 and 4
    ],
)
def test_a_number_before_a_month_or_uhr_is_part_of_the_date(
    text: str, numbers: list[int], day: date
) -> None:
    found, due = split_numbers_and_due(text, NOW)
    assert (found, due.day if due else None) == (numbers, day)
