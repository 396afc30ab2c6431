"""Pure reading of `/umlauf` and pure rendering of a circular resolution: the motion and its
deadline, the status message, the daily reminder (only those who have not voted), the poll's
question within Telegram's limit, and when the reminders go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.language.circulars import parse_circular_request, parse_number
from bot.language.dates import DateParseError
from bot.reminders.schedule import circular_nudge_times
from bot.render.circulars import (
    Ballot,
    poll_options,
    poll_question,
    render_nudge,
    render_open_list,
    render_status,
)
from bot.render.html_split import visible_length
from tests.support.telegram_html import visible_text

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=BERLIN)  # Wednesday evening


@dataclass
class FakeCircular:
    number: int = 3
    text: str = "Wir kaufen einen Beamer"
    rule: str = "all"
    started_at: datetime = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
    deadline: datetime = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)
    status: str = "open"
    created_by_name: str = "Vera"
    closed_at: datetime | None = None
    closed_by_name: str | None = None


VERA = Ballot("Vera", 101, "vera", "yes")
NICOLE = Ballot("Nicole", 102, None, None)
GUEST_SEAT = Ballot("Daniel <Kasse>", None, None, None)  # on the roster by name only


def test_the_deadline_is_the_last_keyword_that_reads_as_a_date() -> None:
    request = parse_circular_request("Wir verschieben das Fest bis Juli bis Freitag 18 Uhr", NOW)
    assert request.action == "start" and request.text == "Wir verschieben das Fest bis Juli"
    assert request.deadline is not None
    assert (request.deadline.day, request.deadline.at) == (date(2024, 6, 21), time(18))


@pytest.mark.parametrize(
    "text", ["Sommerfest am 12. Juli feiern", "Beitrag bis 2026 einfrieren", "Kaufen by the way"]
)
def test_a_date_that_belongs_to_the_motion_stays_in_it(text: str) -> None:
    request = parse_circular_request(text, NOW)
    assert request.text == text and request.deadline is None


def test_a_deadline_in_the_past_is_refused() -> None:
    with pytest.raises(DateParseError):
        parse_circular_request("Beamer bis gestern", NOW)


@pytest.mark.parametrize(
    ("args", "number"),
    [
        ("abbrechen 3", 3),
        ("zurückziehen U 3", 3),
        ("zurueckziehen U3", 3),
        ("cancel #3", 3),
        ("withdraw 3", 3),
        ("abbrechen", None),
        ("abbrechen drei", None),
        ("abbrechen ３", None),  # a full-width digit is no ASCII number
        ("abbrechen 99999999999", None),  # beyond 32 bits
    ],
)
def test_withdrawing_names_a_number(args: str, number: int | None) -> None:
    request = parse_circular_request(args, NOW)
    assert request.action == "withdraw" and request.number == number


def test_nothing_asks_for_the_list() -> None:
    assert parse_circular_request("   ", NOW).action == "list"
    assert parse_number("0") is None


def test_the_status_message_shows_the_count_and_who_has_not_voted() -> None:
    text = render_status(FakeCircular(), [VERA, NICOLE, GUEST_SEAT], None, BERLIN, "de")
    shown = visible_text(text)
    assert "Umlaufbeschluss U 3" in shown
    assert "Abgestimmt: 1 von 3 (Ja 1 · Nein 0 · Enthaltung 0)" in shown
    assert "☑️ Vera: Ja" in shown and "⏳ Nicole" in shown
    assert "⏳ Daniel <Kasse>" in shown  # escaped in the HTML, shown as typed
    assert "Daniel &lt;Kasse&gt;" in text
    assert "Frist: Fr, 21.06.2024, 23:59" in shown
    assert "Ohne Telegram-Konto auf der Vorstandsliste: Daniel <Kasse>" in shown
    assert "Ohne Telegram-Konto" not in render_status(FakeCircular(), [VERA], None, BERLIN, "de")


def test_a_long_motion_keeps_the_status_within_one_message() -> None:
    long = FakeCircular(text="Beamer " * 400)
    text = render_status(long, [VERA, NICOLE], None, BERLIN, "de")
    assert visible_length(text) <= 4096
    assert len(poll_question(long)) <= 300 and poll_question(long).startswith("U 3: Beamer")


def test_the_poll_question_is_plain_text() -> None:
    question = poll_question(FakeCircular(text="<b>Beamer</b> & Leinwand"))
    assert question == "U 3: <b>Beamer</b> & Leinwand"  # a poll shows no HTML: nothing escaped


def test_the_reminder_mentions_only_those_who_have_not_voted() -> None:
    text = render_nudge(FakeCircular(), [VERA, NICOLE, GUEST_SEAT], BERLIN, "de")
    assert 'href="tg://user?id=102">Nicole</a>' in text
    assert "Daniel &lt;Kasse&gt;" in text
    assert "Vera" not in text


def test_english() -> None:
    assert poll_options("en") == ["Yes", "No", "Abstain"]
    assert poll_options("de") == ["Ja", "Nein", "Enthaltung"]
    majority = FakeCircular(rule="majority")
    shown = visible_text(render_status(majority, [VERA], None, BERLIN, "en"))
    assert "Rule: majority" in shown and "Voted: 1 of 1" in shown
    listed = visible_text(render_open_list([(majority, [VERA, NICOLE])], BERLIN, "en"))
    assert "Open circular resolutions (1)" in listed and "U 3" in listed


def test_a_withdrawn_one_says_by_whom() -> None:
    withdrawn = FakeCircular(
        status="withdrawn",
        closed_at=datetime(2024, 6, 20, 10, 0, tzinfo=UTC),
        closed_by_name="Vera",
    )
    shown = visible_text(render_status(withdrawn, [VERA, NICOLE], None, BERLIN, "de"))
    assert "Zurückgezogen von Vera" in shown and "Umfrage unter" not in shown


def test_reminders_go_once_a_day_until_the_deadline() -> None:
    started = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)  # Wed 20:00 Berlin
    deadline = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)  # Fri 23:59:59
    times = circular_nudge_times(started, deadline, 9, BERLIN)
    assert times == [
        datetime(2024, 6, 20, 7, 0, tzinfo=UTC),  # Thu 9:00 Berlin (summer time)
        datetime(2024, 6, 21, 7, 0, tzinfo=UTC),  # Fri 9:00
    ]
    # a deadline at 10:00 on Friday: 9:00 that day would come too close to it
    early = datetime(2024, 6, 21, 8, 0, tzinfo=UTC)
    assert circular_nudge_times(started, early, 9, BERLIN) == times[:1]
    assert circular_nudge_times(started, started, 9, BERLIN) == []
