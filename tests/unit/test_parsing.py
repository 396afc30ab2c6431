"""Unit tests of bot/language/arguments.py: task text, task numbers, list filters, "no date" words.

`NOW` is Wednesday 19.06.2024 20:00 in Berlin; the expected dates below are worked out by hand
from a calendar (Fri 21.06., Mon 24.06., Sun 30.06.2024).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.language.arguments import (
    ListFilter,
    NumberInvalidError,
    TaskDraft,
    TitleMissingError,
    TitleTooLongError,
    is_no_date,
    parse_list_filter,
    parse_task_numbers,
    parse_task_text,
    split_number,
)
from bot.language.dates import DateParseError

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=BERLIN)
FRIDAY = date(2024, 6, 21)
MONDAY = date(2024, 6, 24)

# --- parse_task_text: titles, mentions and the date ------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "mentions", "day", "at"),
    [
        ("Flyer drucken", "Flyer drucken", (), None, None),
        ("  Flyer \t drucken  ", "Flyer drucken", (), None, None),
        ("Flyer drucken @vera bis Freitag", "Flyer drucken", ("vera",), FRIDAY, None),
        ("@vera Flyer drucken bis Freitag", "Flyer drucken", ("vera",), FRIDAY, None),
        ("Flyer @vera drucken", "Flyer drucken", ("vera",), None, None),
        ("Flyer drucken @vera, @nicole.", "Flyer drucken", ("vera", "nicole"), None, None),
        ("@vera, @Nicole! Flyer drucken", "Flyer drucken", ("vera", "Nicole"), None, None),
        ("Flyer drucken @vera; bis Freitag", "Flyer drucken", ("vera",), FRIDAY, None),
        ("Flyer drucken @Jürgen", "Flyer drucken", ("Jürgen",), None, None),
        ("Flyer drucken @vera @vera", "Flyer drucken", ("vera", "vera"), None, None),
        # e-mail addresses and lone @ are text, not mentions
        ("Mail an vera@example.org schicken", "Mail an vera@example.org schicken", (), None, None),
        ("Kontakt: info@verein.de @vera", "Kontakt: info@verein.de", ("vera",), None, None),
        ("Treffen @ Bahnhof", "Treffen @ Bahnhof", (), None, None),
        ("Mail an root@localhost", "Mail an root@localhost", (), None, None),
        ("x @a@b", "x @a@b", (), None, None),
        ("Spende (@vera) danken", "Spende (@vera) danken", (), None, None),
        # the date keyword is the first one whose rest reads as a date
        (
            "Treffen am Bahnhof vorbereiten bis Freitag",
            "Treffen am Bahnhof vorbereiten",
            (),
            FRIDAY,
            None,
        ),
        ("Go by bus bis Freitag", "Go by bus", (), FRIDAY, None),
        ("Treffen am Bahnhof", "Treffen am Bahnhof", (), None, None),
        ("Treffen am Montag", "Treffen", (), MONDAY, None),
        ("Treffen am Montag um 18 Uhr", "Treffen", (), MONDAY, time(18)),
        ("Flyer drucken am 30.06. 18 Uhr", "Flyer drucken", (), date(2024, 6, 30), time(18)),
        ("Print flyers by 2024-06-30 6pm", "Print flyers", (), date(2024, 6, 30), time(18)),
        ("Print flyers due tomorrow", "Print flyers", (), date(2024, 6, 20), None),
        ("Meet on Monday", "Meet", (), MONDAY, None),
        ("Flyer drucken zum 1.7.", "Flyer drucken", (), date(2024, 7, 1), None),
        ("Flyer drucken BIS Freitag", "Flyer drucken", (), FRIDAY, None),
        # separators typed before the date are not part of the title
        ("Flyer drucken - bis Freitag", "Flyer drucken", (), FRIDAY, None),
        ("Flyer drucken, bis Freitag", "Flyer drucken", (), FRIDAY, None),
        ("Flyer drucken: bis Freitag", "Flyer drucken", (), FRIDAY, None),
        # today is not past
        ("Flyer drucken bis heute", "Flyer drucken", (), date(2024, 6, 19), None),
        ("Titel #3 ## @", "Titel #3 ## @", (), None, None),
    ],
)
def test_task_text(
    text: str, title: str, mentions: tuple[str, ...], day: date | None, at: time | None
) -> None:
    draft = parse_task_text(text, NOW)
    assert draft.title == title
    assert draft.mentions == mentions
    if day is None:
        assert draft.due is None
    else:
        assert draft.due is not None
        assert (draft.due.day, draft.due.at) == (day, at)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Flyer drucken bis irgendwann", "irgendwann"),
        ("Kaffee am Bahnhof bis Kaffee", "Kaffee"),
        ("Print flyers until the cows come home", "the cows come home"),
        ("Print flyers due soon-ish", "soon-ish"),
        ("Flyer drucken bis", "bis"),
        ("Flyer drucken until", "until"),
    ],
)
def test_strong_keyword_followed_by_junk_is_an_error(text: str, shown: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_task_text(text, NOW)
    assert caught.value.reason == "unknown"
    assert caught.value.text == shown


@pytest.mark.parametrize(
    "text",
    [
        "Flyer drucken bis gestern",
        "Flyer drucken bis 18.06.2024",
        "Flyer drucken bis heute 8 Uhr",
        "Review the minutes by 2024-06-01",
        "Protokoll schreiben am 01.01.2020",
    ],
)
def test_past_dates_are_refused(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_task_text(text, NOW)
    assert caught.value.reason == "past"


@pytest.mark.parametrize("text", ["", "   ", "@vera", "@vera @nicole bis Freitag", "bis Freitag"])
def test_title_missing(text: str) -> None:
    with pytest.raises(TitleMissingError):
        parse_task_text(text, NOW)


@pytest.mark.parametrize(
    ("text", "replied", "title", "day"),
    [
        ("", "Protokoll  schreiben\nund verschicken", "Protokoll schreiben und verschicken", None),
        ("bis Freitag", "Raum buchen", "Raum buchen", FRIDAY),
        ("@vera bis Freitag", "Raum buchen", "Raum buchen", FRIDAY),
        # an own title wins over the replied-to message
        ("Flyer drucken", "Raum buchen", "Flyer drucken", None),
    ],
)
def test_title_from_replied_message(text: str, replied: str, title: str, day: date | None) -> None:
    draft = parse_task_text(text, NOW, fallback_title=replied)
    assert draft.title == title
    assert (draft.due.day if draft.due else None) == day


@pytest.mark.parametrize("replied", [None, "", "  \n "])
def test_empty_replied_message_is_no_title(replied: str | None) -> None:
    with pytest.raises(TitleMissingError):
        parse_task_text("bis Freitag", NOW, fallback_title=replied)


def test_title_limit_is_500_characters() -> None:
    assert parse_task_text("x" * 500, NOW).title == "x" * 500
    assert parse_task_text("ü" * 500 + " @vera bis Freitag", NOW).title == "ü" * 500
    with pytest.raises(TitleTooLongError) as caught:
        parse_task_text("x" * 501, NOW)
    assert caught.value.length == 501
    with pytest.raises(TitleTooLongError):
        parse_task_text("", NOW, fallback_title="y" * 501)


# --- task numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("3", [3]),
        ("#3", [3]),
        ("3 4 #5", [3, 4, 5]),
        ("3,4", [3, 4]),
        ("3, 4,5", [3, 4, 5]),
        ("#3, #4.", [3, 4]),
        ("3 3 4 3", [3, 4]),
        ("5 2 9", [5, 2, 9]),
        ("007", [7]),
        ("123456789", [123456789]),
        ("", []),
        ("   ", []),
    ],
)
def test_task_numbers(text: str, numbers: list[int]) -> None:
    assert parse_task_numbers(text) == numbers


@pytest.mark.parametrize(
    "text", ["0", "#0", "-1", "+3", "#", "3#4", "1e3", "drei", "3 x", "1234567890", "²", "3a"]
)
def test_invalid_task_numbers(text: str) -> None:
    with pytest.raises(NumberInvalidError):
        parse_task_numbers(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 neuer Titel", (3, "neuer Titel")),
        ("#12 bis Freitag", (12, "bis Freitag")),
        ("#3", (3, "")),
        ("3,", (3, "")),
        ("", (None, "")),
        ("   ", (None, "")),
    ],
)
def test_split_number(text: str, expected: tuple[int | None, str]) -> None:
    assert split_number(text) == expected


@pytest.mark.parametrize("text", ["abc rest", "0 Titel", "#x 3"])
def test_split_number_refuses_a_non_number(text: str) -> None:
    with pytest.raises(NumberInvalidError) as caught:
        split_number(text)
    assert caught.value.text == text.split()[0]


# --- list filters and "no date" words --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ListFilter("open")),
        ("  ", ListFilter("open")),
        ("offen", ListFilter("open")),
        ("open", ListFilter("open")),
        ("alle", ListFilter("all")),
        ("ALL", ListFilter("all")),
        ("überfällig", ListFilter("overdue")),
        ("Überfällige", ListFilter("overdue")),
        ("ueberfaellig", ListFilter("overdue")),
        ("overdue", ListFilter("overdue")),
        ("late", ListFilter("overdue")),
        ("@vera", ListFilter("member", "vera")),
        (" @Vera ", ListFilter("member", "Vera")),
        ("vera", None),
        ("@vera @nicole", None),
        ("alle @vera", None),
        ("@", None),
        ("all tasks", None),
        ("morgen", None),
    ],
)
def test_list_filter(text: str, expected: ListFilter | None) -> None:
    assert parse_list_filter(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("keine", True),
        ("Keine", True),
        ("kein", True),
        (" none ", True),
        ("ohne", True),
        ("nichts", True),
        ("no", True),
        ("-", True),
        ("LÖSCHEN", True),
        ("", False),
        ("kein Datum", False),
        ("Freitag", False),
        ("nein", False),
    ],
)
def test_is_no_date(text: str, expected: bool) -> None:
    assert is_no_date(text) is expected


# --- properties ------------------------------------------------------------------------------

ODD_CHARACTERS = [
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\ufeff",  # byte order mark
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "😀",
    "👩‍👩‍👧",
    "🇩🇪",
    "\u0301",  # combining accent
    "\x00",
    "\n",
    "\t",
    "שלום",
    "مرحبا",
]
DATE_WORDS = (
    "bis am by until due on zum till Freitag morgen 18 Uhr 30.06. 2024-06-30 KW 27 "
    "gestern heute nächsten Mitte November in zwei Wochen um 9am"
)
MARK_WORDS = "@vera @vera, @ @@ # ## #3 vera@x.org - , : ;"
WORDS = [*ODD_CHARACTERS, *DATE_WORDS.split(" "), *MARK_WORDS.split(" ")]
word_soup = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
glued = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=40).map("".join)
storms = st.tuples(st.sampled_from(["@", "#", "@a ", "# ", "am ", "bis 1 "]), st.integers(1, 1000))
task_texts = st.one_of(
    st.text(max_size=200),
    word_soup,
    glued,
    storms.map(lambda pair: pair[0] * pair[1]),
    st.lists(st.sampled_from([*ODD_CHARACTERS, "a", " "]), max_size=100).map("".join),
)
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check_draft_or_refusal(text: str, fallback: str | None = None) -> None:
    try:
        draft = parse_task_text(text, NOW, fallback_title=fallback)
    except (TitleMissingError, TitleTooLongError, DateParseError):
        return
    assert isinstance(draft, TaskDraft)
    assert draft.title
    assert len(draft.title) <= 500
    assert draft.title == draft.title.strip()
    assert all(name and "@" not in name for name in draft.mentions)


@PROPERTY_SETTINGS
@given(task_texts, st.one_of(st.none(), st.text(max_size=50)))
def test_any_text_gives_a_draft_or_a_known_refusal(text: str, fallback: str | None) -> None:
    check_draft_or_refusal(text, fallback)


@settings(max_examples=10, deadline=None)
@given(st.one_of(st.text(min_size=1, max_size=300), word_soup.filter(bool), st.sampled_from(WORDS)))
def test_ten_thousand_characters(piece: str) -> None:
    check_draft_or_refusal((piece * 10_000)[:10_000])


@PROPERTY_SETTINGS
@given(
    st.text(max_size=60)
    | st.lists(st.sampled_from(["3", "#4", ",", " ", "0", "#", "x"])).map("".join)
)
def test_task_numbers_are_positive_or_refused(text: str) -> None:
    try:
        numbers = parse_task_numbers(text)
    except NumberInvalidError:
        return
    assert all(isinstance(n, int) and n > 0 for n in numbers)
    assert len(numbers) == len(set(numbers))


@PROPERTY_SETTINGS
@given(st.lists(st.integers(1, 999_999_999), max_size=10), st.sampled_from([" ", ", ", ",", " #"]))
def test_task_numbers_round_trip(numbers: list[int], separator: str) -> None:
    text = separator.join(str(n) for n in numbers)
    assert parse_task_numbers(text) == list(dict.fromkeys(numbers))


@pytest.mark.parametrize("title", ["\u200b", "\u200f\u200b ", "\ufeff\u00a0\u3000"])
def test_invisible_only_title_counts_as_missing(title: str) -> None:
    with pytest.raises(TitleMissingError):
        parse_task_text(title, NOW)
