"""Pure rendering of the next meeting (bot.render.invitation, bot.render.invitation_ics): the
invitation in both languages, escaped and capped; its buttons; the reminders; and the calendar
file (time zone, stable UID, SEQUENCE, METHOD)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.i18n import Language
from bot.render.html_split import TELEGRAM_TEXT_LIMIT, visible_length
from bot.render.invitation import (
    AGENDA_LINES,
    invitation_keyboard,
    render_invitation,
    render_plan_reminder,
)
from bot.render.invitation_ics import invitation_filename, invitation_ics
from handlers.common.callbacks import InvitationPress, parse_invitation_press
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
STARTS = datetime(2024, 6, 26, 17, 0, tzinfo=UTC)  # Wed 19:00 in Berlin (summer time)
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Plan:
    id: int | None = 7
    chat_id: int = -1001
    starts_at: datetime = STARTS
    place: str | None = "Vereinsheim"
    status: str = "planned"
    sequence: int = 0


@dataclass(frozen=True)
class Answer:
    name: str
    coming: bool


@dataclass(frozen=True)
class Proposal:
    text: str


def test_the_invitation_in_german() -> None:
    text = render_invitation(
        Plan(),
        [Answer("Vera", True), Answer("Nicole", False), Answer("Daniel", True)],
        [Proposal("Haushalt 2025"), Proposal("Sommerfest")],
        BERLIN,
        "de",
    )
    assert text == (
        "📅 <b>Nächste Sitzung</b>: Mi, 26.06.2024, 19:00 Uhr\n"
        "📍 Vereinsheim\n\n"
        "<b>Tagesordnung bisher</b> (2):\n1. Haushalt 2025\n2. Sommerfest\n\n"
        "✅ Kommen (2): Vera, Daniel\n🙁 Verhindert (1): Nicole\n\n"
        "Antworten mit den Knöpfen oder /komme, /verhindert."
    )


def test_the_invitation_in_english_without_place_agenda_or_answers() -> None:
    text = render_invitation(Plan(place=None), [], [], BERLIN, "en")
    assert text.startswith("📅 <b>Next meeting</b>: Wed, 26 Jun 2024, 19:00\n\nNo topics yet.")
    assert "No answers yet." in text and "📍" not in text


def test_html_in_names_places_and_topics_is_shown_not_interpreted() -> None:
    text = render_invitation(
        Plan(place="<b>Raum</b> & Co"),
        [Answer("<i>Eve</i>", True)],
        [Proposal("<a href='x'>Klick</a>")],
        BERLIN,
        "de",
    )
    check_telegram_html(text)
    assert "&lt;b&gt;Raum&lt;/b&gt; &amp; Co" in text and "&lt;i&gt;Eve&lt;/i&gt;" in text
    assert "&lt;a href=&#x27;x&#x27;&gt;" in text


def test_a_big_board_and_a_long_agenda_stay_one_message() -> None:
    answers = [Answer(f"Mitglied {n} " + "x" * 60, n % 3 != 0) for n in range(300)]
    agenda = [Proposal("Thema " + "y" * 300) for _ in range(40)]
    text = render_invitation(Plan(), answers, agenda, BERLIN, "de")
    assert visible_length(text) <= TELEGRAM_TEXT_LIMIT
    assert "✅ Kommen (200):" in text and "🙁 Verhindert (100):" in text
    assert f"{AGENDA_LINES}. Thema" in text and f"{AGENDA_LINES + 1}. Thema" not in text
    assert "+25 weitere" in text  # the proposals not listed
    assert "…" in text  # a long topic is cut
    check_telegram_html(text)


@pytest.mark.parametrize(
    ("status", "start"),
    [
        ("cancelled", "❌ <b>Abgesagt</b>: die Sitzung am Mi, 26.06.2024, 19:00 Uhr fällt aus."),
        ("held", "🏛 <b>Sitzung Nr. 4</b> (geplant für Mi, 26.06.2024, 19:00 Uhr) hat begonnen."),
    ],
)
def test_a_cancelled_or_held_plan_says_so_and_asks_for_no_answers(status: str, start: str) -> None:
    text = render_invitation(Plan(status=status), [], [], BERLIN, "de", meeting_number=4)
    assert text.startswith(start)
    assert "/komme" not in text


def test_a_moved_plan_says_where_it_was() -> None:
    before = datetime(2024, 6, 25, 17, 0, tzinfo=UTC)
    text = render_invitation(Plan(), [], [], BERLIN, "de", moved_from=before)
    assert "\n⏩ Verschoben – vorher Di, 25.06.2024, 19:00 Uhr." in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_buttons_carry_only_the_plan_and_the_answer(lang: Language) -> None:
    [[coming, excused]] = invitation_keyboard(2147483647, lang)
    assert parse_invitation_press(coming.callback_data) == InvitationPress(2147483647, True)
    assert parse_invitation_press(excused.callback_data) == InvitationPress(2147483647, False)
    assert len(coming.callback_data.encode()) <= 64


@pytest.mark.parametrize(
    "data",
    [None, "", "n:", "n:1", "n:1:", "n:1:Yes", "n:1:yes ", "n:0:yes", "n:2147483648:no",
     "n:٣:yes", "n:1:no:1", "i:1:yes", "m:1", "n:-1:no"],
)  # fmt: skip
def test_anything_else_is_no_invitation_press(data: str | None) -> None:
    assert parse_invitation_press(data) is None


def test_the_reminders() -> None:
    answers = [Answer("Vera", True), Answer("Nicole", False)]
    eve = render_plan_reminder("meeting_eve", Plan(), answers, BERLIN, "de", NOW)
    assert eve == (
        "📅 Morgen ist Sitzung: Mi, 26.06.2024, 19:00 Uhr\n📍 Vereinsheim\n"
        "Zusagen: 1, verhindert: 1.\nAntworten mit den Knöpfen oder /komme, /verhindert."
    )
    soon = render_plan_reminder("meeting_soon", Plan(place=None), [], BERLIN, "en", NOW)
    assert soon.startswith("⏰ The meeting begins in an hour: Wed, 26 Jun 2024, 19:00\nComing: 0")
    # a day-before reminder sent late, on the day itself, does not say "tomorrow"
    on_the_day = datetime(2024, 6, 26, 8, 0, tzinfo=UTC)
    late = render_plan_reminder("meeting_eve", Plan(), answers, BERLIN, "de", on_the_day)
    assert late.startswith("📅 Heute ist Sitzung: Mi, 26.06.2024, 19:00 Uhr\n")
    just_before_midnight = datetime(2024, 6, 25, 21, 59, tzinfo=UTC)  # 23:59 the day before
    eve = render_plan_reminder("meeting_eve", Plan(), answers, BERLIN, "de", just_before_midnight)
    assert eve.startswith("📅 Morgen ist Sitzung")


def event_of(data: bytes) -> tuple[Calendar, Calendar]:
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_calendar_file_is_in_the_chats_zone_with_a_stable_uid() -> None:
    data = invitation_ics(
        Plan(), [Proposal("Haushalt; 2025")], chat_title="Stadt\nvorstand", tz=BERLIN,
        lang="de", now=NOW,
    )  # fmt: skip
    calendar, event = event_of(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["UID"]) == "chat--1001@boardbot"  # the same in every file, no random id
    assert str(event["UID"]) == "meeting-plan--1001-7@boardbot"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == STARTS
    assert event.decoded("DTEND") - event.decoded("DTSTART") == (
        datetime(2024, 1, 1, 2) - datetime(2024, 1, 1)
    )
    assert str(event["SUMMARY"]) == "Vorstandssitzung – Stadt vorstand"
    assert str(event["LOCATION"]) == "Vereinsheim"
    assert str(event["DESCRIPTION"]) == "1. Haushalt; 2025"
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"\r\n" in data  # RFC 5545 line endings


def test_a_moved_plan_keeps_its_uid_and_counts_up_and_a_cancelled_one_cancels() -> None:
    first = event_of(invitation_ics(Plan(), [], chat_title="V", tz=BERLIN, lang="de", now=NOW))
    moved = event_of(
        invitation_ics(Plan(sequence=1), [], chat_title="V", tz=BERLIN, lang="de", now=NOW)
    )
    gone = event_of(
        invitation_ics(
            Plan(sequence=2, status="cancelled"), [], chat_title="V", tz=BERLIN, lang="en", now=NOW
        )
    )
    assert first[1]["UID"] == moved[1]["UID"] == gone[1]["UID"]
    assert [int(e["SEQUENCE"]) for _, e in (first, moved, gone)] == [0, 1, 2]
    assert str(gone[0]["METHOD"]) == "CANCEL" and str(gone[1]["STATUS"]) == "CANCELLED"
    assert str(gone[1]["SUMMARY"]) == "Board meeting – V"


def test_the_calendar_files_name_has_the_local_date() -> None:
    late = Plan(starts_at=datetime(2024, 6, 26, 22, 30, tzinfo=UTC))  # 00:30 on the 27th
    assert invitation_filename(late, BERLIN, "de") == "einladung-2024-06-27.ics"
    assert invitation_filename(late, BERLIN, "en") == "invitation-2024-06-27.ics"


def test_readme_shows_the_invitation_as_rendered() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Die nächste Sitzung")[1]
    sample = section.split("```\n")[1]
    text = render_invitation(
        Plan(),
        [Answer("Vera Kraus", True), Answer("Nicole", False), Answer("Daniel", True)],
        [Proposal("Haushalt 2025"), Proposal("Sommerfest")],
        BERLIN,
        "de",
    )
    buttons = " ".join(f"[ {b.text} ]" for b in invitation_keyboard(1, "de")[0])
    assert sample == f"{visible_text(text)}\n{buttons}\n"
