"""Tests for bot.language.dates: the German/English due-date grammar, its errors, DST and
robustness."""

import pickle
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.language.dates import DateParseError, DueDate, format_phrase_examples, parse_due_date

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday, 19 June 2024, 20:00 in Berlin: the "now" of the specification table.
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=BERLIN)


def due(day: str, at: str | None = None) -> DueDate:
    return DueDate(date.fromisoformat(day), None if at is None else time.fromisoformat(at))


# (phrase, expected day, expected local time or None), all relative to NOW.
PARSED_AT_NOW: list[tuple[str, str, str | None]] = [
    # The specification table.
    ("bis Freitag", "2024-06-21", None),
    ("bis morgen 18 Uhr", "2024-06-20", "18:00"),
    ("am 22.06.2024", "2024-06-22", None),
    ("bis 30.06.", "2024-06-30", None),
    ("in zwei Wochen", "2024-07-03", None),
    ("übermorgen", "2024-06-21", None),
    ("nächsten Montag", "2024-06-24", None),
    ("Mitte November", "2024-11-15", None),
    ("Ende Juli", "2024-07-31", None),
    ("bis KW 27", "2024-07-07", None),
    ("by 2024-06-30", "2024-06-30", None),
    ("in 3 days", "2024-06-22", None),
    ("tomorrow 9am", "2024-06-20", "09:00"),
    # German relative days and weekdays (a bare weekday is strictly after today).
    ("heute", "2024-06-19", None),
    ("Heute.", "2024-06-19", None),
    ("morgen", "2024-06-20", None),
    ("MORGEN!", "2024-06-20", None),
    ("uebermorgen", "2024-06-21", None),
    ("Freitag", "2024-06-21", None),
    ("am Freitag", "2024-06-21", None),
    ("spätestens Freitag", "2024-06-21", None),
    ("Fr", "2024-06-21", None),
    ("Fr.", "2024-06-21", None),
    ("Sa", "2024-06-22", None),
    ("So", "2024-06-23", None),
    ("Mo", "2024-06-24", None),
    ("Di.", "2024-06-25", None),
    ("Mittwoch", "2024-06-26", None),
    ("Do", "2024-06-20", None),
    ("naechsten Montag", "2024-06-24", None),
    ("kommenden Dienstag", "2024-06-25", None),
    ("übernächsten Montag", "2024-07-01", None),
    ("uebernaechsten Freitag", "2024-06-28", None),
    ("diesen Freitag", "2024-06-21", None),
    ("diesen Sonntag", "2024-06-23", None),
    ("Montag nächste Woche", "2024-06-24", None),
    ("Freitag, den 21.06.", "2024-06-21", None),
    ("Fr 21.06.", "2024-06-21", None),
    # Counting.
    ("in 3 Tagen", "2024-06-22", None),
    ("in drei Tagen", "2024-06-22", None),
    ("in einem Tag", "2024-06-20", None),
    ("in zwölf Tagen", "2024-07-01", None),
    ("in zwoelf Tagen", "2024-07-01", None),
    ("in einer Woche", "2024-06-26", None),
    ("in 1 Monat", "2024-07-19", None),
    ("in zwei Monaten", "2024-08-19", None),
    ("in einem Jahr", "2025-06-19", None),
    # Weeks: "nächste Woche" is Friday, the end of a week is Sunday (like KW).
    ("nächste Woche", "2024-06-28", None),
    ("übernächste Woche", "2024-07-05", None),
    ("diese Woche", "2024-06-23", None),
    ("Ende der Woche", "2024-06-23", None),
    ("Ende dieser Woche", "2024-06-23", None),
    ("Ende nächster Woche", "2024-06-30", None),
    ("bis Ende der nächsten Woche", "2024-06-30", None),
    ("Anfang nächster Woche", "2024-06-24", None),
    ("Mitte nächster Woche", "2024-06-26", None),
    # Months.
    ("Ende des Monats", "2024-06-30", None),
    ("Monatsende", "2024-06-30", None),
    ("Ende nächsten Monats", "2024-07-31", None),
    ("Anfang nächsten Monats", "2024-07-01", None),
    ("Mitte nächsten Monats", "2024-07-15", None),
    ("nächsten Monat", "2024-07-31", None),
    ("Anfang Juli", "2024-07-01", None),
    ("Mitte Juli", "2024-07-15", None),
    ("Ende Juli 2025", "2025-07-31", None),
    ("Ende Juni", "2024-06-30", None),
    ("Ende Februar", "2025-02-28", None),
    ("Ende Februar 2028", "2028-02-29", None),
    ("Mitte Mai", "2025-05-15", None),
    ("Anfang Juni", "2025-06-01", None),
    ("Ende Maerz", "2025-03-31", None),
    ("Juli", "2024-07-31", None),
    ("im August", "2024-08-31", None),
    ("Juni", "2024-06-30", None),
    ("Mai", "2025-05-31", None),
    ("Dezember 2024", "2024-12-31", None),
    ("Mär", "2025-03-31", None),
    ("Mrz 2025", "2025-03-31", None),
    ("Jänner", "2025-01-31", None),
    ("Jaenner", "2025-01-31", None),
    ("Okt.", "2024-10-31", None),
    ("Jahresende", "2024-12-31", None),
    # Calendar weeks: the Sunday of the next ISO week that is not over.
    ("KW27", "2024-07-07", None),
    ("Kalenderwoche 27", "2024-07-07", None),
    ("KW 27.", "2024-07-07", None),
    ("KW 25", "2024-06-23", None),
    ("KW 24", "2025-06-15", None),
    ("KW 2 2025", "2025-01-12", None),
    ("KW 53", "2027-01-03", None),
    # Numeric and named dates; without a year the next one that is not past.
    ("22.06.2024", "2024-06-22", None),
    ("22.6.24", "2024-06-22", None),
    ("22.06.", "2024-06-22", None),
    ("22.6.", "2024-06-22", None),
    ("bis 22.06", "2024-06-22", None),
    ("1.7.", "2024-07-01", None),
    ("19.06.", "2024-06-19", None),
    ("18.06.", "2025-06-18", None),
    ("bis zum 30.06.!", "2024-06-30", None),
    ("22. Juni", "2024-06-22", None),
    ("22. Juni 2024", "2024-06-22", None),
    ("22 Juni", "2024-06-22", None),
    ("1. Juli", "2024-07-01", None),
    ("3. März", "2025-03-03", None),
    ("29.02.", "2028-02-29", None),
    ("30/06/2024", "2024-06-30", None),
    ("6/30/2024", "2024-06-30", None),
    # German times, before or after the day.
    ("morgen um 18 Uhr", "2024-06-20", "18:00"),
    ("morgen, 18 Uhr", "2024-06-20", "18:00"),
    ("18 Uhr morgen", "2024-06-20", "18:00"),
    ("morgen 18:30", "2024-06-20", "18:30"),
    ("morgen 18.30 Uhr", "2024-06-20", "18:30"),
    ("morgen 18 Uhr 30", "2024-06-20", "18:30"),
    ("morgen 18.30", "2024-06-20", "18:30"),
    ("morgen 0 Uhr", "2024-06-20", "00:00"),
    ("morgen um 8 Uhr abends", "2024-06-20", "20:00"),
    ("morgen früh", "2024-06-20", "08:00"),
    ("morgen frueh", "2024-06-20", "08:00"),
    ("morgen Abend", "2024-06-20", "19:00"),
    ("morgen mittag", "2024-06-20", "12:00"),
    ("morgen Nachmittag", "2024-06-20", "15:00"),
    ("Freitagabend", "2024-06-21", "19:00"),
    ("Freitag morgen", "2024-06-21", "08:00"),
    ("Freitag 18 Uhr", "2024-06-21", "18:00"),
    ("18 Uhr am Freitag", "2024-06-21", "18:00"),
    ("am 30.06. 18 Uhr", "2024-06-30", "18:00"),
    ("30.06. um 9:15", "2024-06-30", "09:15"),
    ("18 Uhr 30. Juni", "2024-06-30", "18:00"),
    ("22.06. 14.30 Uhr", "2024-06-22", "14:30"),
    ("heute 21 Uhr", "2024-06-19", "21:00"),
    ("heute um 23:59", "2024-06-19", "23:59"),
    # A time without a day: today if still ahead, else tomorrow.
    ("18 Uhr", "2024-06-20", "18:00"),
    ("21 Uhr", "2024-06-19", "21:00"),
    ("um 22", "2024-06-19", "22:00"),
    ("18.30", "2024-06-20", "18:30"),
    ("abends", "2024-06-20", "19:00"),
    ("mittags", "2024-06-20", "12:00"),
    ("in 2 Stunden", "2024-06-19", "22:00"),
    ("in 30 Minuten", "2024-06-19", "20:30"),
    # English.
    ("by Friday", "2024-06-21", None),
    ("until friday", "2024-06-21", None),
    ("till fri", "2024-06-21", None),
    ("next friday", "2024-06-21", None),
    ("this friday", "2024-06-21", None),
    ("friday after next", "2024-06-28", None),
    ("friday next week", "2024-06-28", None),
    ("Thu", "2024-06-20", None),
    ("today", "2024-06-19", None),
    ("tomorrow", "2024-06-20", None),
    ("day after tomorrow", "2024-06-21", None),
    ("the day after tomorrow", "2024-06-21", None),
    ("in a week", "2024-06-26", None),
    ("in two weeks", "2024-07-03", None),
    ("in 1 month", "2024-07-19", None),
    ("in a year", "2025-06-19", None),
    ("next week", "2024-06-28", None),
    ("end of the week", "2024-06-23", None),
    ("by the end of next week", "2024-06-30", None),
    ("end of the month", "2024-06-30", None),
    ("end of month", "2024-06-30", None),
    ("end of next month", "2024-07-31", None),
    ("mid November", "2024-11-15", None),
    ("mid-November", "2024-11-15", None),
    ("early July", "2024-07-01", None),
    ("end of July", "2024-07-31", None),
    ("late July", "2024-07-31", None),
    ("June 30", "2024-06-30", None),
    ("30 June", "2024-06-30", None),
    ("June 30th", "2024-06-30", None),
    ("30th of June 2025", "2025-06-30", None),
    ("June 30, 2025", "2025-06-30", None),
    ("due by the 30th of June", "2024-06-30", None),
    ("2024-06-30", "2024-06-30", None),
    ("week 27", "2024-07-07", None),
    ("CW 27", "2024-07-07", None),
    ("July", "2024-07-31", None),
    ("tomorrow at 9 am", "2024-06-20", "09:00"),
    ("tomorrow 9:30pm", "2024-06-20", "21:30"),
    ("tomorrow 9 a.m.", "2024-06-20", "09:00"),
    ("12am tomorrow", "2024-06-20", "00:00"),
    ("tomorrow 12pm", "2024-06-20", "12:00"),
    ("tomorrow noon", "2024-06-20", "12:00"),
    ("tomorrow morning", "2024-06-20", "08:00"),
    ("tomorrow evening", "2024-06-20", "19:00"),
    ("friday 5pm", "2024-06-21", "17:00"),
    ("on June 30 at 6pm", "2024-06-30", "18:00"),
    ("9pm", "2024-06-19", "21:00"),
    ("at 6pm", "2024-06-20", "18:00"),
    ("in 2 hours", "2024-06-19", "22:00"),
    # Only dateparser knows these absolute forms.
    ("30-06-2024", "2024-06-30", None),
    ("2024/06/30", "2024-06-30", None),
]


@pytest.mark.parametrize(("phrase", "day", "at"), PARSED_AT_NOW, ids=[r[0] for r in PARSED_AT_NOW])
def test_parses_relative_to_now(phrase: str, day: str, at: str | None) -> None:
    assert parse_due_date(phrase, NOW) == due(day, at)


# Year rollover: Saturday, 28 December 2024, in ISO week 52.
YEAR_END = datetime(2024, 12, 28, 10, 0, tzinfo=BERLIN)
PARSED_AT_YEAR_END: list[tuple[str, str]] = [
    ("KW 1", "2025-01-05"),
    ("KW 52", "2024-12-29"),
    ("KW 1 2025", "2025-01-05"),
    ("Mitte Januar", "2025-01-15"),
    ("Jänner", "2025-01-31"),
    ("Ende Dezember", "2024-12-31"),
    ("Anfang Dezember", "2025-12-01"),
    ("2.1.", "2025-01-02"),
    ("27.12.", "2025-12-27"),
    ("Montag", "2024-12-30"),
    ("nächste Woche", "2025-01-03"),
    ("Ende der Woche", "2024-12-29"),
    ("in 1 Monat", "2025-01-28"),
    ("Ende nächsten Monats", "2025-01-31"),
]


@pytest.mark.parametrize(("phrase", "day"), PARSED_AT_YEAR_END)
def test_year_rollover(phrase: str, day: str) -> None:
    assert parse_due_date(phrase, YEAR_END) == due(day)


# On a Friday the bare weekday is next week's; "diesen Freitag" is today.
FRIDAY = datetime(2024, 6, 21, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("Freitag", "2024-06-28"),
        ("nächsten Freitag", "2024-06-28"),
        ("übernächsten Freitag", "2024-07-05"),
        ("diesen Freitag", "2024-06-21"),
        ("this friday", "2024-06-21"),
        ("Donnerstag", "2024-06-27"),
        ("KW 25", "2024-06-23"),
    ],
)
def test_weekdays_on_a_friday(phrase: str, day: str) -> None:
    assert parse_due_date(phrase, FRIDAY) == due(day)


@pytest.mark.parametrize(
    ("now", "phrase", "day"),
    [
        (datetime(2024, 1, 31, 9, 0, tzinfo=BERLIN), "in 1 Monat", "2024-02-29"),
        (datetime(2025, 1, 31, 9, 0, tzinfo=BERLIN), "in einem Monat", "2025-02-28"),
        (datetime(2024, 3, 31, 9, 0, tzinfo=BERLIN), "in 1 month", "2024-04-30"),
        (datetime(2025, 3, 1, 9, 0, tzinfo=BERLIN), "29.02.", "2028-02-29"),
        (datetime(2024, 6, 23, 9, 0, tzinfo=BERLIN), "Ende der Woche", "2024-06-23"),
    ],
)
def test_month_arithmetic_clamps_and_edges(now: datetime, phrase: str, day: str) -> None:
    assert parse_due_date(phrase, now) == due(day)


# (phrase, reason, the text the error carries)
ERRORS: list[tuple[str, str, str]] = [
    ("bis heute 14:30", "past", "heute 14:30"),
    ("heute 14:30", "past", "heute 14:30"),
    ("bis irgendwann", "unknown", "irgendwann"),
    ("  Bis   irgendwann ", "unknown", "irgendwann"),
    ("irgendwann", "unknown", "irgendwann"),
    ("", "unknown", ""),
    ("   ", "unknown", ""),
    ("bis", "unknown", "bis"),
    ("31.02.", "unknown", "31.02."),
    ("30.13.", "unknown", "30.13."),
    ("gestern", "past", "gestern"),
    ("yesterday", "past", "yesterday"),
    ("KW 60", "unknown", "KW 60"),
    ("KW 54", "unknown", "KW 54"),
    ("KW 0", "unknown", "KW 0"),
    ("25 Uhr", "unknown", "25 Uhr"),
    ("morgen 18:75", "unknown", "morgen 18:75"),
    ("13pm", "unknown", "13pm"),
    ("18.06.2024", "past", "18.06.2024"),
    ("2023-01-01", "past", "2023-01-01"),
    ("diesen Montag", "past", "diesen Montag"),
    ("this monday", "past", "this monday"),
    ("Mitte des Monats", "past", "Mitte des Monats"),
    ("heute Abend", "past", "heute Abend"),
    ("tonight", "past", "tonight"),
    ("heute morgen", "past", "heute morgen"),
    ("Freitag, 22.06.", "unknown", "Freitag, 22.06."),
    ("morgen 18 Uhr 19 Uhr", "unknown", "morgen 18 Uhr 19 Uhr"),
    ("1 2", "unknown", "1 2"),
    ("jeden Montag", "unknown", "jeden Montag"),
    ("🙂 morgen", "unknown", "🙂 morgen"),
]


@pytest.mark.parametrize(
    ("phrase", "reason", "text"), ERRORS, ids=[r[0] or "empty" for r in ERRORS]
)
def test_errors(phrase: str, reason: str, text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_due_date(phrase, NOW)
    assert caught.value.reason == reason
    assert caught.value.text == text
    assert isinstance(caught.value, ValueError)


def test_huge_input_is_unknown_and_fast() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_due_date("morgen " * 100_000, NOW)
    assert caught.value.reason == "unknown"


def test_error_survives_pickling_and_reads_well() -> None:
    error = DateParseError("irgendwann", "unknown")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.text, copy.reason) == ("irgendwann", "unknown")
    assert "irgendwann" in str(error)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_due_date("morgen", NOW.replace(tzinfo=None))


def test_to_utc_date_only_is_end_of_local_day() -> None:
    assert due("2024-06-21").to_utc(BERLIN) == datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)
    # Winter time: one hour less offset.
    assert due("2024-12-24").to_utc(BERLIN) == datetime(2024, 12, 24, 22, 59, 59, tzinfo=UTC)


def test_to_utc_with_time_is_that_instant() -> None:
    result = parse_due_date("bis morgen 18 Uhr", NOW).to_utc(BERLIN)
    assert result == datetime(2024, 6, 20, 16, 0, tzinfo=UTC)
    assert result.tzinfo is UTC


def test_to_utc_across_dst_changes() -> None:
    assert due("2024-03-30").to_utc(BERLIN) == datetime(2024, 3, 30, 22, 59, 59, tzinfo=UTC)
    assert due("2024-03-31").to_utc(BERLIN) == datetime(2024, 3, 31, 21, 59, 59, tzinfo=UTC)
    assert due("2024-10-27").to_utc(BERLIN) == datetime(2024, 10, 27, 22, 59, 59, tzinfo=UTC)


def test_skipped_spring_time_moves_forward_by_the_jump() -> None:
    before_spring = datetime(2024, 3, 30, 12, 0, tzinfo=BERLIN)
    result = parse_due_date("morgen 02:30", before_spring)
    assert result == due("2024-03-31", "03:30")
    assert result.to_utc(BERLIN) == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
    night = datetime(2024, 3, 31, 1, 0, tzinfo=BERLIN)
    assert parse_due_date("2:30 am", night) == due("2024-03-31", "03:30")


def test_repeated_autumn_time_means_its_first_occurrence() -> None:
    before_autumn = datetime(2024, 10, 26, 12, 0, tzinfo=BERLIN)
    result = parse_due_date("morgen 02:30", before_autumn)
    assert result == due("2024-10-27", "02:30")
    assert result.to_utc(BERLIN) == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)


def test_relative_minutes_in_the_repeated_autumn_hour() -> None:
    # 02:10 in the second pass of the hour (already winter time, 01:10 UTC).
    second_pass = datetime(2024, 10, 27, 2, 10, fold=1, tzinfo=BERLIN)
    result = parse_due_date("in 30 Minuten", second_pass)
    assert result == due("2024-10-27", "02:40")
    assert result.to_utc(BERLIN) == datetime(2024, 10, 27, 1, 40, tzinfo=UTC)


def test_relative_time_rounds_up_to_the_minute() -> None:
    now = datetime(2024, 6, 19, 20, 0, 30, tzinfo=BERLIN)
    assert parse_due_date("in 10 minutes", now) == due("2024-06-19", "20:11")


def test_other_time_zone_uses_the_local_day() -> None:
    # 22:30 in New York is already 20 June in UTC; "today" is still the 19th there.
    now = datetime(2024, 6, 19, 22, 30, tzinfo=NEW_YORK)
    assert parse_due_date("heute", now) == due("2024-06-19")
    tomorrow = parse_due_date("morgen", now)
    assert tomorrow == due("2024-06-20")
    assert tomorrow.to_utc(NEW_YORK) == datetime(2024, 6, 21, 3, 59, 59, tzinfo=UTC)
    assert parse_due_date("tomorrow 9am", now).to_utc(NEW_YORK) == datetime(
        2024, 6, 20, 13, 0, tzinfo=UTC
    )
    assert parse_due_date("23 Uhr", now) == due("2024-06-19", "23:00")
    assert parse_due_date("22 Uhr", now) == due("2024-06-20", "22:00")


def test_is_pure() -> None:
    assert parse_due_date("Freitag", NOW) == parse_due_date("Freitag", NOW)
    assert parse_due_date("Freitag", FRIDAY) != parse_due_date("Freitag", NOW)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_phrase_examples_parse(lang: str) -> None:
    examples = format_phrase_examples(lang)
    assert len(examples) == 2
    for phrase in examples:
        parse_due_date(phrase, NOW)


def test_phrase_examples_text() -> None:
    # Relative to today, so an example is never a date in the past (issue 11).
    assert format_phrase_examples("de") == ("bis Freitag", "morgen 18 Uhr")
    assert format_phrase_examples("en") == ("by Friday", "tomorrow 6pm")


# --- never anything but DueDate or DateParseError ---------------------------------------------

ZONES = [
    BERLIN,
    NEW_YORK,
    ZoneInfo("UTC"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Australia/Lord_Howe"),
]
TOKENS = [
    "bis", "am", "zum", "by", "on", "due", "the", "of", "um", "at", "in", "den", "heute", "morgen",
    "übermorgen", "gestern", "today", "tomorrow", "Freitag", "fr.", "so", "next", "nächsten",
    "diesen", "this", "after next", "Woche", "week", "Monat", "month", "Monats", "Ende", "Mitte",
    "Anfang", "end", "mid", "Juli", "Mär", "Jänner", "dec", "KW", "kw27", "Uhr", "am", "pm",
    "abends", "früh", "noon", "Tagen", "days", "Stunden", "hours", "zwei", "a", "0", "1", "12",
    "18", "24", "25", "30", "53", "99", "2024", "2025", "9999", "0001", "18:30", "18.30", "30.06.",
    "31.02.", "29.02.", "2024-06-30", "6/30", "30-06", ".", ":", ",", "-", "/", "!", "ß", "ẞ",
    "İ", "\u0308", "١٢",
]  # fmt: skip
token_phrases = st.lists(st.sampled_from(TOKENS), max_size=7).map(" ".join)
glued_phrases = st.lists(st.sampled_from(TOKENS), max_size=5).map("".join)
nows = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from(ZONES),
    allow_imaginary=False,
)


def assert_due_or_date_error(phrase: str, now: datetime) -> None:
    try:
        result = parse_due_date(phrase, now)
    except DateParseError as error:
        assert error.reason in ("unknown", "past")
        assert isinstance(error.text, str)
        return
    assert isinstance(result, DueDate)
    assert result.day >= now.date()
    if result.at is not None:
        assert isinstance(now.tzinfo, ZoneInfo)
        assert result.to_utc(now.tzinfo) >= now


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(phrase=st.text(max_size=80))
def test_arbitrary_text_never_crashes(phrase: str) -> None:
    assert_due_or_date_error(phrase, NOW)


@PROPERTY_SETTINGS
@given(phrase=st.one_of(token_phrases, glued_phrases), now=nows)
def test_token_soup_never_crashes_and_is_never_past(phrase: str, now: datetime) -> None:
    assert_due_or_date_error(phrase, now)


@PROPERTY_SETTINGS
@given(
    phrase=st.tuples(token_phrases, st.text(max_size=10), token_phrases).map(" ".join),
    now=nows,
)
def test_tokens_with_junk_never_crash(phrase: str, now: datetime) -> None:
    assert_due_or_date_error(phrase, now)


@settings(max_examples=100, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    at=st.none() | st.times(),
    zone=st.sampled_from(ZONES),
)
def test_to_utc_is_utc_on_the_local_day(day: date, at: time | None, zone: ZoneInfo) -> None:
    instant = DueDate(day, at).to_utc(zone)
    assert instant.tzinfo is UTC
    local = instant.astimezone(zone)
    if at is None:
        assert (local.date(), local.time()) == (day, time(23, 59, 59))
    else:
        # Equal to the wall time, or shifted by a DST jump of at most an hour.
        assert local.date() == day
        assert abs(local.replace(tzinfo=None) - datetime.combine(day, at)) <= timedelta(hours=1)
