"""Tests for bot.language.schedule: reading schedule phrases (the grammar, first occurrences,
splitting off the free text) and the Recurrence value, with properties."""

from datetime import datetime, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.language.dates import DateParseError
from bot.language.schedule import Recurrence, Schedule, parse_schedule, split_schedule
from bot.render.recurrence import describe_recurrence
from tests.support.schedule import (
    BERLIN,
    HOUR,
    NEW_YORK,
    NOW,
    PROPERTY_SETTINGS,
    ZONES,
    berlin,
    recurrences,
    utc,
)

# (phrase, first occurrence in Berlin local time, Recurrence.to_text() or None for once)
PARSED: list[tuple[str, str, str | None]] = [
    # Once: whatever parse_due_date reads; date only -> the reminder hour that day.
    ("am 22.06.", "2024-06-22 09:00", None),
    ("morgen 18 Uhr", "2024-06-20 18:00", None),
    ("in 2 Wochen", "2024-07-03 09:00", None),
    ("nächsten Montag", "2024-06-24 09:00", None),
    ("tomorrow 9am", "2024-06-20 09:00", None),
    ("heute 21 Uhr", "2024-06-19 21:00", None),
    ("in 30 Minuten", "2024-06-19 20:30", None),
    ("in 2 Stunden", "2024-06-19 22:00", None),
    ("bis Freitag", "2024-06-21 09:00", None),
    # Weekly on a weekday.
    ("jeden Montag", "2024-06-24 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("Jeden Montag um 18 Uhr", "2024-06-24 18:00", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0"),
    ("jeden Montag 18:00", "2024-06-24 18:00", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0"),
    ("jeden Mo 18:30", "2024-06-24 18:30", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=30"),
    ("jeden Montag 18.30", "2024-06-24 18:30", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=30"),
    ("ab 22.06 jeden Montag", "2024-06-24 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("montags", "2024-06-24 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("immer freitags um 19 Uhr", "2024-06-21 19:00", "FREQ=WEEKLY;BYDAY=FR;BYHOUR=19;BYMINUTE=0"),
    ("jeden Montagabend", "2024-06-24 19:00", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=19;BYMINUTE=0"),
    ("every monday at 6pm", "2024-06-24 18:00", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0"),
    ("Every Thursday", "2024-06-20 09:00", "FREQ=WEEKLY;BYDAY=TH"),
    ("jeden zweiten Montag", "2024-06-24 09:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
    ("alle 2 Wochen montags", "2024-06-24 09:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
    (
        "alle zwei Wochen am Freitag um 17 Uhr",
        "2024-06-21 17:00",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=17;BYMINUTE=0",
    ),
    ("every 2 weeks on friday", "2024-06-21 09:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    ("wöchentlich am Dienstag", "2024-06-25 09:00", "FREQ=WEEKLY;BYDAY=TU"),
    ("weekly on sunday", "2024-06-23 09:00", "FREQ=WEEKLY;BYDAY=SU"),
    # Without a weekday: anchored on today, so the next one is one interval away after 09:00.
    ("jeden Tag", "2024-06-20 09:00", "FREQ=DAILY"),
    ("täglich um 8 Uhr", "2024-06-20 08:00", "FREQ=DAILY;BYHOUR=8;BYMINUTE=0"),
    ("taeglich 21 Uhr", "2024-06-19 21:00", "FREQ=DAILY;BYHOUR=21;BYMINUTE=0"),
    ("daily at 7am", "2024-06-20 07:00", "FREQ=DAILY;BYHOUR=7;BYMINUTE=0"),
    ("alle 3 Tage", "2024-06-22 09:00", "FREQ=DAILY;INTERVAL=3"),
    ("jeden Abend", "2024-06-20 19:00", "FREQ=DAILY;BYHOUR=19;BYMINUTE=0"),
    ("jeden Morgen", "2024-06-20 08:00", "FREQ=DAILY;BYHOUR=8;BYMINUTE=0"),
    ("jede Woche", "2024-06-26 09:00", "FREQ=WEEKLY"),
    ("woechentlich", "2024-06-26 09:00", "FREQ=WEEKLY"),
    ("weekly", "2024-06-26 09:00", "FREQ=WEEKLY"),
    ("alle 2 Wochen", "2024-07-03 09:00", "FREQ=WEEKLY;INTERVAL=2"),
    ("every other week", "2024-07-03 09:00", "FREQ=WEEKLY;INTERVAL=2"),
    ("zweiwöchentlich", "2024-07-03 09:00", "FREQ=WEEKLY;INTERVAL=2"),
    ("jeden Monat", "2024-07-19 09:00", "FREQ=MONTHLY;BYMONTHDAY=19"),
    ("monatlich", "2024-07-19 09:00", "FREQ=MONTHLY;BYMONTHDAY=19"),
    ("every month", "2024-07-19 09:00", "FREQ=MONTHLY;BYMONTHDAY=19"),
    ("alle 3 Monate", "2024-09-19 09:00", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=19"),
    ("monatlich am 15.", "2024-07-15 09:00", "FREQ=MONTHLY;BYMONTHDAY=15"),
    # the 31st keeps to the month's end: June has 30 days
    ("monthly on the 31st", "2024-06-30 09:00", "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
    (
        "jeden Monat am 20. um 10 Uhr",
        "2024-06-20 10:00",
        "FREQ=MONTHLY;BYMONTHDAY=20;BYHOUR=10;BYMINUTE=0",
    ),
    # A start date: the first matching day on or after it.
    ("ab 1. Juli jeden Montag", "2024-07-01 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("ab 2. Juli jeden Montag", "2024-07-08 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("jeden Montag ab 1. Juli", "2024-07-01 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("ab morgen täglich", "2024-06-20 09:00", "FREQ=DAILY"),
    ("jeden Tag ab morgen um 7 Uhr", "2024-06-20 07:00", "FREQ=DAILY;BYHOUR=7;BYMINUTE=0"),
    (
        "ab 24.06. alle 2 Wochen 18 Uhr",
        "2024-06-24 18:00",
        "FREQ=WEEKLY;INTERVAL=2;BYHOUR=18;BYMINUTE=0",
    ),
    ("every 2 weeks from 2024-07-05", "2024-07-05 09:00", "FREQ=WEEKLY;INTERVAL=2"),
]


@pytest.mark.parametrize(("phrase", "first", "rule"), PARSED)
def test_parse_schedule(phrase: str, first: str, rule: str | None) -> None:
    schedule = parse_schedule(phrase, NOW, HOUR)
    assert schedule.first == berlin(first)
    assert schedule.first.utcoffset() == timedelta(0)
    assert (schedule.recurrence.to_text() if schedule.recurrence else None) == rule


UNKNOWN = [
    "irgendwann", "jeden Blubbertag", "alle 99 Wochen", "alle 0 Tage",
    "jeden Tag am Montag", "jeden Montag 25 Uhr", "", "   ", "jeden Montag " * 30,
    "jeden Tag ab Blubb", "jeden Tag ab", "ab in 2 Stunden jeden Tag",
]  # fmt: skip
PAST = ["heute", "gestern", "ab gestern jeden Tag"]  # "heute": 09:00 is over at 20:00
PARSE_ERRORS = [(phrase, "unknown") for phrase in UNKNOWN] + [(phrase, "past") for phrase in PAST]


@pytest.mark.parametrize(("phrase", "reason"), PARSE_ERRORS)
def test_parse_schedule_errors(phrase: str, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_schedule(phrase, NOW, HOUR)
    assert caught.value.reason == reason


# (local now in Berlin, phrase, expected first occurrence in Berlin local time)
FIRST_BY_NOW = [
    ("2024-06-24 17:00", "jeden Montag 18 Uhr", "2024-06-24 18:00"),  # a Monday, still ahead
    ("2024-06-24 19:00", "jeden Montag 18 Uhr", "2024-07-01 18:00"),
    ("2024-06-24 18:00", "jeden Montag 18 Uhr", "2024-07-01 18:00"),  # strictly after now
    ("2024-06-24 19:00", "alle 2 Wochen am Montag 18 Uhr", "2024-07-08 18:00"),
    ("2024-06-19 07:00", "jeden Tag", "2024-06-19 09:00"),
    ("2024-06-19 07:00", "jede Woche", "2024-06-19 09:00"),
    ("2024-06-19 07:00", "heute", "2024-06-19 09:00"),
    ("2024-01-31 20:00", "monatlich", "2024-02-29 09:00"),
]


@pytest.mark.parametrize(("now", "phrase", "first"), FIRST_BY_NOW)
def test_first_occurrence_depends_on_now(now: str, phrase: str, first: str) -> None:
    local_now = datetime.fromisoformat(now).replace(tzinfo=BERLIN)
    assert parse_schedule(phrase, local_now, HOUR).first == berlin(first)


def test_parse_schedule_in_another_zone() -> None:
    now = datetime(2024, 6, 19, 20, 0, tzinfo=NEW_YORK)
    schedule = parse_schedule("every monday at 6pm", now, HOUR)
    assert schedule.first == utc("2024-06-24 22:00")  # 18:00 EDT


SPLIT = [
    ("Umlage 2024 festgelegt? jeden Montag", "Umlage 2024 festgelegt?", "2024-06-24 09:00"),
    ("Kasse prüfen: täglich", "Kasse prüfen", "2024-06-20 09:00"),
    ("Müll rausstellen montags 19 Uhr", "Müll rausstellen", "2024-06-24 19:00"),
    ("Treffen am Bahnhof vorbereiten morgen 18 Uhr", "Treffen am Bahnhof vorbereiten", None),
    ("Beitrag einsammeln - alle 2 Wochen am Freitag", "Beitrag einsammeln", "2024-06-21 09:00"),
    ("Newsletter every 2 weeks on friday", "Newsletter", "2024-06-21 09:00"),
    ("Protokoll am 22.06.", "Protokoll", "2024-06-22 09:00"),
]


@pytest.mark.parametrize(("text", "free", "first"), SPLIT)
def test_split_schedule(text: str, free: str, first: str | None) -> None:
    got_free, schedule = split_schedule(text, NOW, HOUR)
    assert got_free == free
    assert schedule.first == berlin(first or "2024-06-20 18:00")


def test_split_schedule_keeps_the_rule() -> None:
    _, schedule = split_schedule("Umlage 2024 festgelegt? jeden Montag", NOW, HOUR)
    assert schedule == Schedule(utc("2024-06-24 07:00"), Recurrence("week", 1, 0))


SPLIT_ERRORS = [
    ("Bericht jeden Blubbertag", "unknown", "Blubbertag"),
    ("Bericht jeden", "unknown", "jeden"),
    ("Kassenprüfung am Bahnhof irgendwann", "unknown", "Bahnhof irgendwann"),
    ("Bericht irgendwann", "unknown", "Bericht irgendwann"),
    ("jeden Montag", "unknown", "jeden Montag"),  # no free text left
    ("", "unknown", ""),
    ("Bericht heute", "past", "heute"),
]


@pytest.mark.parametrize(("text", "reason", "quoted"), SPLIT_ERRORS)
def test_split_schedule_errors(text: str, reason: str, quoted: str) -> None:
    with pytest.raises(DateParseError) as caught:
        split_schedule(text, NOW, HOUR)
    assert (caught.value.reason, caught.value.text) == (reason, quoted)


@pytest.mark.parametrize(
    "junk",
    ["", "week", "week/1/0", "year/1/-/-", "week/0/-/-", "week/53/-/-", "week/01/-/-",
     "day/1/0/-", "week/1/7/-", "week/1/-/24:00", "week/1/-/9:00", " day/1/-/-", "day/1/-/-/",
     # the old format is migrated (0013), not read; RRULE text that is not ours is refused
     "week/1/0/18:00", "FREQ=WEEKLY;INTERVAL=53", "FREQ=DAILY;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=1",
     "FREQ=WEEKLY;BYDAY=TH,TU", "FREQ=HOURLY", "FREQ=WEEKLY;COUNT=3", "FREQ=MONTHLY;BYDAY=5MO",
     "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYHOUR=18", "freq=weekly"],
)  # fmt: skip
def test_recurrence_from_text_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        Recurrence.from_text(junk)


def test_recurrence_fields() -> None:
    rule = Recurrence("week", 1, 0, time(18))
    assert (rule.to_text(), Recurrence.from_text("FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0")) == (
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0",
        rule,
    )
    assert Recurrence("day").to_text() == "FREQ=DAILY"
    with pytest.raises(ValueError, match="whole minutes"):
        Recurrence("day", 1, None, time(9, 0, 30))
    with pytest.raises(ValueError, match="weekly rule"):
        Recurrence("month", 1, 0)
    with pytest.raises(ValueError, match="interval"):
        Recurrence("week", True)


DESCRIBED = [
    ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0", "jeden Montag um 18:00", "every Monday at 18:00"),
    ("FREQ=WEEKLY;INTERVAL=2", "alle 2 Wochen", "every 2 weeks"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "alle 2 Wochen am Freitag", "every 2 weeks on Friday"),
    ("FREQ=WEEKLY", "jede Woche", "every week"),
    ("FREQ=DAILY", "jeden Tag", "every day"),
    ("FREQ=DAILY;INTERVAL=3;BYHOUR=8;BYMINUTE=30", "alle 3 Tage um 08:30", "every 3 days at 08:30"),
    ("FREQ=MONTHLY", "jeden Monat", "every month"),
    ("FREQ=MONTHLY;INTERVAL=6", "alle 6 Monate", "every 6 months"),
    (
        "FREQ=WEEKLY;INTERVAL=52;BYDAY=SU;BYHOUR=23;BYMINUTE=59",
        "alle 52 Wochen am Sonntag um 23:59",
        "every 52 weeks on Sunday at 23:59",
    ),
]


@pytest.mark.parametrize(("text", "german", "english"), DESCRIBED)
def test_describe(text: str, german: str, english: str) -> None:
    rule = Recurrence.from_text(text)
    assert rule.to_text() == text
    assert (
        describe_recurrence(rule, "de"),
        describe_recurrence(rule, "de-AT"),
        describe_recurrence(rule, "en"),
    ) == (german,) * 2 + (english,)


def test_first_occurrence_on_a_skipped_wall_time() -> None:
    now = datetime(2024, 3, 30, 20, 0, tzinfo=BERLIN)
    assert parse_schedule("täglich um 02:30", now, HOUR).first == utc("2024-03-31 01:30")


# --- properties -------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(rule=recurrences())
def test_recurrence_text_round_trip_property(rule: Recurrence) -> None:
    text = rule.to_text()
    assert len(text) <= 64
    assert Recurrence.from_text(text) == rule
    assert describe_recurrence(rule, "de") and describe_recurrence(rule, "en")


VOCABULARY = [
    "jeden", "jede", "alle", "every", "on", "am", "um", "at", "ab", "from", "Montag", "montags",
    "Mo", "monday", "mondays", "Tag", "Tage", "Woche", "Wochen", "Monat", "Monate", "day",
    "weeks", "month", "täglich", "daily", "wöchentlich", "monthly", "zweiten", "other", "2", "0",
    "99", "zwei", "18", "Uhr", "18:30", "6pm", "25:00", "abends", "morgen", "heute", "gestern",
    "in", "Minuten", "Stunden", "15.", "31st", "1.", "Juli", "22.06.", "2024-07-01", "Werktag",
    "irgendwann", ",", "-", "?",
]  # fmt: skip
phrases = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join),
)
nows = st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31), timezones=st.sampled_from(ZONES))


@PROPERTY_SETTINGS
@given(phrase=phrases, now=nows, hour=st.integers(0, 23))
def test_parse_schedule_raises_only_date_parse_error(phrase: str, now: datetime, hour: int) -> None:
    try:
        schedule = parse_schedule(phrase, now, hour)
    except DateParseError as error:
        assert error.reason in ("unknown", "past")
        return
    assert schedule.first > now and schedule.first.utcoffset() == timedelta(0)
    if schedule.recurrence is not None:
        assert Recurrence.from_text(schedule.recurrence.to_text()) == schedule.recurrence


@PROPERTY_SETTINGS
@given(phrase=phrases, now=nows)
def test_split_schedule_raises_only_date_parse_error(phrase: str, now: datetime) -> None:
    assume(phrase.strip())
    try:
        free, schedule = split_schedule("Kasse prüfen " + phrase, now, 9)
    except DateParseError:
        return
    assert free.startswith("Kasse prüfen") and schedule.first > now
