"""Issue 11, recurrences as RFC 5545 rules: every phrase of the issue (German and English) read
into the right RRULE and first occurrence, the refusals, the descriptions, the text as dateutil
and icalendar read it, and the arithmetic across both DST switches and month ends."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import assume, given
from hypothesis import strategies as st
from icalendar import vRecur

from bot.language.dates import DateParseError
from bot.language.recurrence import NTH_WEEKDAYS, Recurrence
from bot.language.schedule import parse_schedule, split_schedule
from bot.reminders.schedule import next_occurrence
from bot.render.recurrence import describe_recurrence
from tests.support.schedule import BERLIN, HOUR, NOW, PROPERTY_SETTINGS, berlin

# NOW is Wednesday, 19 June 2024, 20:00 in Berlin; the reminder hour is 9.
# (phrase, first occurrence in Berlin local time, stored RRULE text or None for once)
PHRASES: list[tuple[str, str, str | None]] = [
    ("jeden Dienstag und Donnerstag", "2024-06-20 09:00", "FREQ=WEEKLY;BYDAY=TU,TH"),
    ("jeden Dienstag und Donnerstag 18 Uhr", "2024-06-20 18:00",
     "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0"),
    ("every Monday and Thursday", "2024-06-20 09:00", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("montags und donnerstags", "2024-06-20 09:00", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("jeden Mo, Mi und Fr um 8:30", "2024-06-21 08:30",
     "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=8;BYMINUTE=30"),
    # every other week; counted from the first such day
    ("jeden zweiten Dienstag", "2024-06-25 09:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("every other Tuesday", "2024-06-25 09:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    # the n-th weekday of the month (3 June is over: the first Monday of July)
    ("jeden ersten Montag im Monat", "2024-07-01 09:00", "FREQ=MONTHLY;BYDAY=1MO"),
    ("am ersten Montag jedes Monats", "2024-07-01 09:00", "FREQ=MONTHLY;BYDAY=1MO"),
    ("monatlich am ersten Montag", "2024-07-01 09:00", "FREQ=MONTHLY;BYDAY=1MO"),
    ("every first Monday of the month", "2024-07-01 09:00", "FREQ=MONTHLY;BYDAY=1MO"),
    ("on the first Monday of every month", "2024-07-01 09:00", "FREQ=MONTHLY;BYDAY=1MO"),
    ("jeden letzten Freitag im Monat", "2024-06-28 09:00", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("every last Friday of the month", "2024-06-28 09:00", "FREQ=MONTHLY;BYDAY=-1FR"),
    # today is the third Wednesday, but 09:00 is over
    ("jeden 3. Mittwoch", "2024-07-17 09:00", "FREQ=MONTHLY;BYDAY=3WE"),
    ("every 3rd Wednesday", "2024-07-17 09:00", "FREQ=MONTHLY;BYDAY=3WE"),
    ("jeden 2. Dienstag 19 Uhr", "2024-07-09 19:00", "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0"),
    ("jeden zweiten Dienstag im Monat", "2024-07-09 09:00", "FREQ=MONTHLY;BYDAY=2TU"),
    ("jeden Werktag", "2024-06-20 09:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("every weekday", "2024-06-20 09:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("werktags um 7 Uhr", "2024-06-20 07:00",
     "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=0"),
    ("alle 3 Wochen", "2024-07-10 09:00", "FREQ=WEEKLY;INTERVAL=3"),
    ("every 3 weeks", "2024-07-10 09:00", "FREQ=WEEKLY;INTERVAL=3"),
    ("monatlich am 15.", "2024-07-15 09:00", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("monthly on the 15th", "2024-07-15 09:00", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("jedes Jahr am 1. März", "2025-03-01 09:00", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"),
    ("jährlich am 1.3.", "2025-03-01 09:00", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"),
    ("every year on March 1", "2025-03-01 09:00", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"),
    ("yearly on March 1 at 10am", "2025-03-01 10:00",
     "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1;BYHOUR=10;BYMINUTE=0"),
    # an end: the last day an occurrence may fall on
    ("jeden Montag bis 21.12.", "2024-06-24 09:00", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20241221T235959"),
    ("jeden Montag bis Ende Juni", "2024-06-24 09:00",
     "FREQ=WEEKLY;BYDAY=MO;UNTIL=20240630T235959"),
    ("jeden Dienstag und Donnerstag 18 Uhr bis 21.12.", "2024-06-20 18:00",
     "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0;UNTIL=20241221T235959"),
    ("every Monday until December 21", "2024-06-24 09:00",
     "FREQ=WEEKLY;BYDAY=MO;UNTIL=20241221T235959"),
    ("jeden ersten Montag im Monat bis Ende Juni 2025", "2024-07-01 09:00",
     "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20250630T235959"),
    ("jeden Montag bis auf Weiteres", "2024-06-24 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("every Monday until further notice", "2024-06-24 09:00", "FREQ=WEEKLY;BYDAY=MO"),
    # a one-off date, 14 days on
    ("in a fortnight", "2024-07-03 09:00", None),
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "first", "rule"), PHRASES)
def test_issue_phrases_become_rules(phrase: str, first: str, rule: str | None) -> None:
    schedule = parse_schedule(phrase, NOW, HOUR)
    assert schedule.first == berlin(first)
    assert (schedule.recurrence.to_text() if schedule.recurrence else None) == rule


# Each used to be a one-off titled "Stammtisch jeden 2." or the like, or refused.
SPLIT = [
    ("Stammtisch jeden 2. Dienstag 19 Uhr", "Stammtisch",
     "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0"),
    ("Stammtisch jeden 3. Mittwoch", "Stammtisch", "FREQ=MONTHLY;BYDAY=3WE"),
    ("Training jeden Dienstag und Donnerstag", "Training", "FREQ=WEEKLY;BYDAY=TU,TH"),
    ("Kasse prüfen jeden Montag bis 21.12.", "Kasse prüfen",
     "FREQ=WEEKLY;BYDAY=MO;UNTIL=20241221T235959"),
    ("Stammtisch every 3rd Wednesday", "Stammtisch", "FREQ=MONTHLY;BYDAY=3WE"),
    ("Post holen jeden Werktag", "Post holen", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "title", "rule"), SPLIT)
def test_the_title_keeps_no_part_of_the_rule(text: str, title: str, rule: str) -> None:
    free, schedule = split_schedule(text, NOW, HOUR)
    assert (free, schedule.recurrence.to_text() if schedule.recurrence else None) == (title, rule)


# Looks like a rule but cannot be read: refused, never a silent one-off.
REFUSED = [
    ("jeden 5. Montag", "unknown"),
    ("every 5th Monday", "unknown"),
    ("jeden Montag bis Blubb", "unknown"),
    ("jeden Montag bis gestern", "past"),
    ("jedes Jahr am 30. Februar", "unknown"),
    ("jeden Montag bis 21.12. 18 Uhr um 9", "unknown"),
]


@pytest.mark.parametrize(("phrase", "reason"), REFUSED)
def test_unreadable_rules_are_refused(phrase: str, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_schedule(phrase, NOW, HOUR)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "Stammtisch jeden 5. Montag",
        "Stammtisch jeden 2. Blubbertag 19 Uhr",
        "Stammtisch every 5th Monday",
        "Treffen alle 3 Wochen am 35.",
        "Treffen jedes Jahr am 30. Februar",
        "Bericht monatlich am 35.",
    ],
)
def test_a_started_rule_is_not_left_in_the_title(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        split_schedule(text, NOW, HOUR)
    assert caught.value.reason == "unknown"


@pytest.mark.parametrize(
    ("text", "title"),
    [("Flyer für alle morgen", "Flyer für alle"),
     ("Brief an jeden Kandidaten morgen", "Brief an jeden Kandidaten")],
)  # fmt: skip
def test_every_word_in_a_title_is_no_rule(text: str, title: str) -> None:
    assert split_schedule(text, NOW, HOUR)[0] == title


DESCRIBED = [
    ("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0", "jeden Dienstag und Donnerstag um 18:00",
     "every Tuesday and Thursday at 18:00"),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "jeden Montag, Mittwoch und Freitag",
     "every Monday, Wednesday and Friday"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "alle 2 Wochen am Dienstag und Donnerstag",
     "every 2 weeks on Tuesday and Thursday"),
    ("FREQ=MONTHLY;BYDAY=1MO", "jeden ersten Montag im Monat", "every first Monday of the month"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "jeden letzten Freitag im Monat", "every last Friday of the month"),
    ("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0", "jeden zweiten Dienstag im Monat um 19:00",
     "every second Tuesday of the month at 19:00"),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "jeden Werktag", "every weekday"),
    ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261221T235959", "jeden Montag bis 21.12.2026",
     "every Monday until 21 Dec 2026"),
    ("FREQ=MONTHLY;BYMONTHDAY=15", "jeden Monat am 15.", "every month on the 15th"),
    ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "jeden Monat am 31.",
     "every month on the 31st"),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=22", "alle 3 Monate am 22.", "every 3 months on the 22nd"),
    ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "jedes Jahr am 1. März", "every year on March 1"),
    ("FREQ=YEARLY;INTERVAL=2", "alle 2 Jahre", "every 2 years"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "german", "english"), DESCRIBED)
def test_every_rule_is_described(text: str, german: str, english: str) -> None:
    rule = Recurrence.from_text(text)
    assert (describe_recurrence(rule, "de"), describe_recurrence(rule, "en")) == (german, english)


# --- the stored text is RFC 5545 as others read it ----------------------------------------------

RULES = sorted({rule for _, _, rule in PHRASES if rule} | {text for text, _, _ in DESCRIBED})


@pytest.mark.parametrize("text", RULES)
def test_dateutil_and_icalendar_read_the_stored_text_alike(text: str) -> None:
    rule = Recurrence.from_text(text)
    start = datetime.combine(date(2024, 1, 1), rule.at or time(HOUR))
    ours = list(rule.anchored(start.date()).rrule(start.date(), HOUR)[:12])
    theirs = list(rrulestr(rule.anchored(start.date()).to_text(), dtstart=start)[:12])
    assert ours == theirs and ours
    assert vRecur.from_ical(text).to_ical().decode().count(";") == text.count(";")


# --- arithmetic: DST switches, month ends, leap years, ends ---------------------------------------

# (rule, first occurrence, the following ones), Berlin local times
SEQUENCES = [
    # spring (31.03.2024) and autumn (27.10.2024) switches: 18:00 stays 18:00
    ("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0", "2024-03-26 18:00",
     ["2024-03-28 18:00", "2024-04-02 18:00", "2024-04-04 18:00"]),
    ("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0", "2024-10-24 18:00",
     ["2024-10-29 18:00", "2024-10-31 18:00"]),
    ("FREQ=MONTHLY;BYDAY=1MO", "2024-03-04 09:00", ["2024-04-01 09:00", "2024-05-06 09:00"]),
    ("FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=10;BYMINUTE=0", "2024-09-29 10:00",
     ["2024-10-27 10:00", "2024-11-24 10:00"]),  # the autumn switch is itself a last Sunday
    # a skipped wall time moves forward by the jump, then returns
    ("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", "2024-03-30 02:30",
     ["2024-03-31 03:30", "2024-04-01 02:30"]),
    # month ends: the 31st keeps to the end, February in leap and common years
    ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "2024-01-31 09:00",
     ["2024-02-29 09:00", "2024-03-31 09:00", "2024-04-30 09:00"]),
    ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "2025-01-31 09:00",
     ["2025-02-28 09:00", "2025-03-31 09:00"]),
    ("FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1", "2024-01-30 09:00",
     ["2024-02-29 09:00", "2024-03-30 09:00"]),
    # without a day of its own (the reader always stores one): counted from the previous one
    ("FREQ=MONTHLY", "2024-01-31 09:00", ["2024-02-29 09:00", "2024-03-29 09:00"]),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1", "2024-02-29 09:00",
     ["2025-02-28 09:00", "2026-02-28 09:00", "2027-02-28 09:00", "2028-02-29 09:00"]),
    ("FREQ=YEARLY", "2024-03-01 09:00", ["2025-03-01 09:00"]),
    ("FREQ=MONTHLY;BYDAY=-1FR", "2026-12-25 09:00", ["2027-01-29 09:00", "2027-02-26 09:00"]),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "2024-06-25 09:00",
     ["2024-06-27 09:00", "2024-07-09 09:00", "2024-07-11 09:00"]),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2024-06-21 09:00",
     ["2024-06-24 09:00", "2024-06-25 09:00"]),
    # an end: the last Monday on or before 21.12., then none
    ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20241221T235959", "2024-12-09 09:00", ["2024-12-16 09:00"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "first", "following"), SEQUENCES)
def test_occurrences_follow_the_rule(text: str, first: str, following: list[str]) -> None:
    rule, moment, got = Recurrence.from_text(text), berlin(first), []
    for _ in following:
        following_moment = next_occurrence(rule, moment, BERLIN, HOUR, moment)
        assert following_moment is not None
        got.append(following_moment)
        moment = following_moment
    assert got == [berlin(text) for text in following]


def test_a_rule_that_has_ended_has_no_next_occurrence() -> None:
    rule = Recurrence.from_text("FREQ=WEEKLY;BYDAY=MO;UNTIL=20241221T235959")
    last = berlin("2024-12-16 09:00")
    assert next_occurrence(rule, last, BERLIN, HOUR, last) is None
    # after downtime past the end, too
    earlier = berlin("2024-12-02 09:00")
    assert next_occurrence(rule, earlier, BERLIN, HOUR, berlin("2025-01-05 12:00")) is None


def test_after_downtime_the_rhythm_is_kept() -> None:
    rule = Recurrence.from_text("FREQ=MONTHLY;BYDAY=1MO")
    got = next_occurrence(
        rule, berlin("2020-01-06 09:00"), BERLIN, HOUR, berlin("2024-06-19 20:00")
    )
    assert got == berlin("2024-07-01 09:00")
    fortnightly = Recurrence.from_text("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
    got = next_occurrence(
        fortnightly, berlin("2024-01-02 09:00"), BERLIN, HOUR, berlin("2024-06-19 20:00")
    )
    assert got == berlin("2024-07-02 09:00")  # 2 January + 13 fortnights


# --- properties of the value ------------------------------------------------------------------


@st.composite
def rules(draw: st.DrawFn) -> Recurrence:
    unit = draw(st.sampled_from(["day", "week", "month", "year"]))
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7)) if unit != "day" else []
    nth = draw(st.sampled_from(NTH_WEEKDAYS)) if unit == "month" and draw(st.booleans()) else None
    month = draw(st.integers(1, 12)) if unit == "year" else None
    month_day = draw(st.integers(1, 31)) if unit in ("month", "year") and nth is None else None
    try:
        return Recurrence(
            unit,  # type: ignore[arg-type]
            draw(st.integers(1, 52)),
            tuple(days) if unit == "week" or nth is not None else None,
            draw(st.none() | st.builds(time, st.integers(0, 23), st.integers(0, 59))),
            nth=nth,
            month_day=month_day,
            month=month,
            until=draw(st.none() | st.dates(date(2024, 1, 1), date(2030, 12, 31))),
        )
    except ValueError:
        assume(False)
        raise


@PROPERTY_SETTINGS
@given(rule=rules())
def test_stored_text_reads_back_as_the_same_rule(rule: Recurrence) -> None:
    assert Recurrence.from_text(rule.to_text()) == rule
    assert len(rule.to_text()) <= 160  # the column's width (migration 0013)


@PROPERTY_SETTINGS
@given(rule=rules(), start=st.dates(date(2024, 1, 1), date(2027, 12, 31)), hour=st.integers(0, 23))
def test_next_occurrence_is_later_and_in_the_rule(rule: Recurrence, start: date, hour: int) -> None:
    previous = datetime.combine(start, time(hour), tzinfo=BERLIN)
    got = next_occurrence(rule, previous, BERLIN, hour, previous)
    if got is None:
        assert rule.until is not None
        return
    assert got > previous and got.utcoffset() == timedelta(0)
    local = got.astimezone(BERLIN)
    assert rule.until is None or local.date() <= rule.until
    if rule.days and rule.unit == "week":
        assert local.weekday() in rule.days
