"""Issue 11, dates: the misreadings reported, the ambiguity rules, holidays, the year caps and the
property that any input gives a date or the clear refusal."""

import pickle
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.language.dates import MAX_YEARS_AHEAD, DateParseError, DueDate, parse_due_date

BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday, 19 June 2024, 20:00 in Berlin.
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=BERLIN)
# Tuesday, 12 February 2013, 10:00: before March, for "übernächsten März".
WINTER = datetime(2013, 2, 12, 10, 0, tzinfo=BERLIN)


def due(day: str, at: str | None = None) -> DueDate:
    return DueDate(date.fromisoformat(day), None if at is None else time.fromisoformat(at))


# The "Misread dates" lines of issue 11: (phrase, now, what it must be read as).
MISREAD_BEFORE: list[tuple[str, datetime, DueDate]] = [
    ("30.6. um 16h00", NOW, due("2024-06-30", "16:00")),  # was the year 2100
    ("am 10.12. 14h", NOW, due("2024-12-10", "14:00")),  # was tomorrow
    ("so gegen 15 Uhr", NOW, due("2024-06-20", "15:00")),  # "around 3 pm", not Sunday
    ("um 3 am Nachmittag", NOW, due("2024-06-20", "15:00")),  # German "am", not a.m.
    ("um 8 am Abend", NOW, due("2024-06-19", "20:00")),  # now is not past
    ("übernächsten März", WINTER, due("2014-03-31")),  # was this March
    ("nächsten März", WINTER, due("2013-03-31")),
    ("this evening at 12", NOW, due("2024-06-20", "00:00")),  # midnight, was noon
    ("bis 15:20 am Nachmittag", NOW, due("2024-06-20", "15:20")),
]


@pytest.mark.parametrize(("phrase", "now", "expected"), MISREAD_BEFORE)
def test_reported_misreadings_are_read_right(phrase: str, now: datetime, expected: DueDate) -> None:
    assert parse_due_date(phrase, now) == expected


def test_weekday_contradicting_the_date_is_refused_not_moved_to_another_year() -> None:
    # 18 July 2024 is a Thursday. Refuse clearly; never jump to a year where it is a Friday.
    for phrase in ("Jul 18, Fri", "Fri, Jul 18", "Freitag, 18. Juli", "18.07. Freitag"):
        with pytest.raises(DateParseError) as caught:
            parse_due_date(phrase, NOW)
        assert caught.value.reason == "unknown"
        assert caught.value.day == date(2024, 7, 18)  # for the reply that names the weekday
        assert pickle.loads(pickle.dumps(caught.value)).day == date(2024, 7, 18)
    with pytest.raises(DateParseError) as caught:
        parse_due_date("irgendwann", NOW)
    assert caught.value.day is None
    assert parse_due_date("Jul 18, Thu", NOW) == due("2024-07-18")
    assert parse_due_date("Thursday the 18th", datetime(2024, 7, 1, tzinfo=BERLIN)) == due(
        "2024-07-18"
    )


# The ambiguity rules: (phrase, expected day, expected time) at NOW.
AMBIGUOUS: list[tuple[str, str, str | None]] = [
    # a bare small hour is the afternoon ...
    ("um 3", "2024-06-20", "15:00"),
    ("bis 3 Uhr", "2024-06-20", "15:00"),
    ("morgen um 2", "2024-06-20", "14:00"),
    ("Freitag um 6", "2024-06-21", "18:00"),
    ("um halb 4", "2024-06-20", "15:30"),
    ("viertel nach 3", "2024-06-20", "15:15"),
    ("morgen um drei", "2024-06-20", "15:00"),
    # ... unless the phrase says otherwise
    ("um 3 nachts", "2024-06-20", "03:00"),
    ("morgen um 3 früh", "2024-06-20", "03:00"),
    ("tomorrow 3 a.m.", "2024-06-20", "03:00"),
    ("tomorrow 3am", "2024-06-20", "03:00"),
    ("morgen 03:00", "2024-06-20", "03:00"),
    ("morgen 3:18", "2024-06-20", "03:18"),
    # 7 and later are plain morning hours, 12 is noon
    ("morgen um 7", "2024-06-20", "07:00"),
    ("morgen 8 Uhr", "2024-06-20", "08:00"),
    ("morgen um 12", "2024-06-20", "12:00"),
    # German "am" before a part of the day or a weekday is the preposition
    ("um 3 am Freitag", "2024-06-21", "15:00"),
    ("9 Uhr am Montag", "2024-06-24", "09:00"),
    ("1:30 am Sa, 22. Juni", "2024-06-22", "01:30"),
    ("morgen 10 am", "2024-06-20", "10:00"),
    # midnight closes the day named
    ("morgen um Mitternacht", "2024-06-21", "00:00"),
    ("um 12 nachts", "2024-06-20", "00:00"),
    # two-digit years are this century
    ("1.3.26", "2026-03-01", None),
    ("Freitag, der 18. Juli 25", "2025-07-18", None),
    # numbers with a slash are day first, also in English; month first only where impossible
    ("12/1", "2025-01-12", None),
    ("2/15", "2025-02-15", None),
    ("6/30/2024", "2024-06-30", None),
]


@pytest.mark.parametrize(("phrase", "day", "at"), AMBIGUOUS, ids=[row[0] for row in AMBIGUOUS])
def test_ambiguity_is_resolved_as_documented(phrase: str, day: str, at: str | None) -> None:
    assert parse_due_date(phrase, NOW) == due(day, at)


# Holidays: the next occurrence from NOW (19 June 2024).
HOLIDAYS: list[tuple[str, str]] = [
    ("bis Weihnachten", "2024-12-24"),
    ("Heiligabend", "2024-12-24"),
    ("1. Weihnachtstag", "2024-12-25"),
    ("zweiter Weihnachtstag", "2024-12-26"),
    ("Silvester", "2024-12-31"),
    ("Neujahr", "2025-01-01"),
    ("Karfreitag", "2025-04-18"),
    ("Ostern", "2025-04-20"),
    ("Ostermontag", "2025-04-21"),
    ("Christi Himmelfahrt", "2025-05-29"),
    ("Pfingsten", "2025-06-08"),
    ("Pfingstmontag", "2025-06-09"),
    ("Tag der Deutschen Einheit", "2024-10-03"),
    ("1. Mai", "2025-05-01"),
    ("Tag der Arbeit", "2025-05-01"),
    ("Ostern 2026", "2026-04-05"),
    ("Christmas", "2024-12-25"),
    ("by Christmas Eve", "2024-12-24"),
    ("New Year's Eve", "2024-12-31"),
    ("Easter", "2025-04-20"),
    ("Easter Monday", "2025-04-21"),
    ("Good Friday", "2025-04-18"),
]


@pytest.mark.parametrize(("phrase", "day"), HOLIDAYS)
def test_holidays_are_the_next_occurrence(phrase: str, day: str) -> None:
    assert parse_due_date(phrase, NOW) == due(day)


def test_easter_is_computed_for_any_year() -> None:
    assert parse_due_date("Ostersonntag", datetime(2038, 1, 1, tzinfo=BERLIN)) == due("2038-04-25")
    # On Easter Monday itself "Ostermontag" is today, not next year.
    assert parse_due_date("Ostermontag", datetime(2025, 4, 21, 9, tzinfo=BERLIN)) == due(
        "2025-04-21"
    )
    assert parse_due_date("Ostermontag", datetime(2025, 4, 22, 9, tzinfo=BERLIN)) == due(
        "2026-04-06"
    )


def test_holiday_with_a_time() -> None:
    assert parse_due_date("Heiligabend 14 Uhr", NOW) == due("2024-12-24", "14:00")
    assert parse_due_date("xmas at 6 pm", NOW) == due("2024-12-25", "18:00")


# Robustness: dates far ahead.
@pytest.mark.parametrize(
    "phrase",
    ["bis 31.12.9999", "31.12.2101", "in 20 Jahren", "in 999 years", "1.1.99", "KW 1 9999"],
)
def test_far_future_is_refused(phrase: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_due_date(phrase, NOW)
    assert caught.value.reason == "unknown"


def test_a_written_out_year_may_be_far_ahead() -> None:
    assert parse_due_date("31.12.2099", NOW) == due("2099-12-31")
    assert parse_due_date("in 9 Jahren", NOW) == due("2033-06-19")


# More everyday phrases that used to be refused.
EVERYDAY: list[tuple[str, str, str | None]] = [
    ("zirka 15 Uhr", "2024-06-20", "15:00"),
    ("so um 15 Uhr", "2024-06-20", "15:00"),
    ("gegen 18Uhr", "2024-06-20", "18:00"),
    ("pünktlich um 17 Uhr morgen", "2024-06-20", "17:00"),
    ("11 Uhr spätestens", "2024-06-20", "11:00"),
    ("vor 11 Uhr", "2024-06-20", "11:00"),
    ("17h10", "2024-06-20", "17:10"),
    ("erster Juli", "2024-07-01", None),
    ("am vierten Juli", "2024-07-04", None),
    ("am 15ten", "2024-07-15", None),
    ("dreißigster Juni", "2024-06-30", None),
    ("letzter Freitag im Juli", "2024-07-26", None),
    ("erster Montag im Juli", "2024-07-01", None),
    ("letzter Tag im Februar", "2025-02-28", None),
    ("Mittwoch in zwei Wochen", "2024-07-03", None),
    ("Freitag nach dem nächsten", "2024-06-28", None),
    ("nächstes Quartal", "2024-09-30", None),
    ("3. Quartal", "2024-09-30", None),
    ("nächstes Jahr", "2025-12-31", None),
    ("dieses Wochenende", "2024-06-23", None),
    ("binnen 2 Wochen", "2024-07-03", None),
    ("innerhalb von 3 Tagen", "2024-06-22", None),
    ("in einer halben Stunde", "2024-06-19", "20:30"),
    ("in 2,5 Stunden", "2024-06-19", "22:30"),
    ("in a fortnight", "2024-07-03", None),
    ("a week from now", "2024-06-26", None),
    ("3 days hence", "2024-06-22", None),
    ("a quarter past 9pm", "2024-06-19", "21:15"),
    ("half past 8 tomorrow", "2024-06-20", "08:30"),
    ("20 minutes to 2pm tomorrow", "2024-06-20", "13:40"),
    ("by EOM", "2024-06-30", None),
    ("by EOY", "2024-12-31", None),
    ("around next tuesday", "2024-06-25", None),
    ("3pm approximately", "2024-06-20", "15:00"),
    ("tomorrow afternoonish", "2024-06-20", "15:00"),
    ("the last friday of july", "2024-07-26", None),
    ("second wednesday of july", "2024-07-10", None),
    ("20th of next month", "2024-07-20", None),
    ("this weekend", "2024-06-23", None),
    ("Q4 2024", "2024-12-31", None),
    ("5 vor 12", "2024-06-20", "11:55"),
    ("20 to 2pm", "2024-06-20", "13:40"),
    ("nine fifty nine a m", "2024-06-20", "09:59"),
    ("eight tonight", "2024-06-19", "20:00"),  # now is not past
    ("in 1/4h", "2024-06-19", "20:15"),
    ("bis zum 15.", "2024-07-15", None),
    ("erste Woche im Juli", "2024-07-07", None),  # the first week starting in July, its Sunday
    ("letzte Woche im Juli", "2024-07-28", None),
    ("last week of august", "2024-08-25", None),
    ("bis 19.", "2024-06-19", None),
    ("Freitag, den 21.", "2024-06-21", None),
]


@pytest.mark.parametrize(("phrase", "day", "at"), EVERYDAY, ids=[row[0] for row in EVERYDAY])
def test_everyday_phrases(phrase: str, day: str, at: str | None) -> None:
    assert parse_due_date(phrase, NOW) == due(day, at)


@pytest.mark.parametrize(
    "phrase",
    ["vor 3 Tagen", "vor zwei Wochen", "3 days ago", "a fortnight ago", "letzten Freitag",
     "last week", "letztes Jahr", "yesterday evening", "vorvorgestern", "vor 10 Minuten",
     "Mittwoch vor 2 Wochen"],
)  # fmt: skip
def test_the_past_is_refused_as_past(phrase: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_due_date(phrase, NOW)
    assert caught.value.reason == "past"


@pytest.mark.parametrize(
    "phrase",
    ["so", "ein Hotel", "nächsten 5", "at a few", "4a", "jeden Werktag", "15", "2 to 3pm",
     "10 to 12", "3 till 5", "3 fridays from now"],
)  # fmt: skip
def test_text_that_is_no_date_is_refused(phrase: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_due_date(phrase, NOW)
    assert caught.value.reason == "unknown"


# --- properties -------------------------------------------------------------------------------

WORDS = [
    "bis", "am", "um", "so", "gegen", "zirka", "morgen", "heute", "Freitag", "nächsten",
    "übernächsten", "letzten", "März", "Juli", "Weihnachten", "Ostern", "Christmas", "Uhr", "h",
    "am", "pm", "a.m.", "nachts", "früh", "Abend", "Nachmittag", "evening", "halb", "viertel",
    "nach", "vor", "past", "to", "quarter", "in", "Jahren", "Wochen", "years", "ago", "hence",
    "Quartal", "Q4", "erster", "letzter", "im", "of", "Tag", "3", "12", "15", "16h00", "99",
    "9999", "2100", "2101", "30.6.", "31.12.", "10.12.", "12/1", "3:18", "15:20", "Jul", "18",
    "Fri", "this", "at", "midnight", "Mitternacht", ",", ".",
]  # fmt: skip
phrases = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
nows = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(BERLIN)
)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _check(phrase: str, now: datetime) -> None:
    try:
        result = parse_due_date(phrase, now)
    except DateParseError as error:
        assert error.reason in ("unknown", "past")
        return
    assert isinstance(result, DueDate)
    written = {int(year) for year in _FOUR_DIGITS.findall(phrase)}
    assert result.day.year <= now.year + MAX_YEARS_AHEAD or result.day.year in written
    assert result.day.year <= 2100


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(phrase=phrases, now=nows)
def test_word_salad_gives_a_date_or_the_refusal(phrase: str, now: datetime) -> None:
    _check(phrase, now)


@settings(max_examples=300, deadline=None)
@given(phrase=st.text(max_size=40), now=nows)
def test_any_text_gives_a_date_or_the_refusal(phrase: str, now: datetime) -> None:
    _check(phrase, now)
