"""Unit tests of bot/render/exports.py: CSV files a spreadsheet opens correctly and an
iCalendar file
that `icalendar` (and so calendar apps) reads back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.render.exports import decisions_csv, due_dates_ics, tasks_csv
from storage.models import Decision, Meeting, Task, TaskKind, TaskStatus
from storage.tasks import OwnerRef, TaskView

BERLIN = ZoneInfo("Europe/Berlin")
CHAT = -1001234567890
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
MEETING = Meeting(id=1, chat_id=CHAT, number=3, started_at=NOW)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def make_decision(number: int, text: str, **fields: object) -> Decision:
    return Decision(
        id=number,
        chat_id=CHAT,
        number=number,
        year=2024,
        text=text,
        decided_at=NOW,
        created_by_name="Daniel",
        **fields,
    )


def view(number: int, title: str, owners: tuple[OwnerRef, ...] = (), **fields: object) -> TaskView:
    return TaskView(
        Task(id=number, chat_id=CHAT, number=number, title=title, **fields), list(owners)
    )


def test_decisions_csv_has_bom_umlauts_and_quoting() -> None:
    decisions = [
        make_decision(
            2,
            'Straße sperren; Anwohner informieren\nzweite Zeile mit „Zitat“ und "quotes"',
            votes_yes=5,
            votes_no=0,
            votes_abstain=1,
            meeting_id=1,
            amends_id=1,
        ),
        make_decision(1, "Übergabe", unanimous=True, repealed_at=NOW, repealed_reason="überholt"),
    ]
    rows = read_csv(decisions_csv(decisions, {1: MEETING}, BERLIN, "de"))
    assert rows[0][:5] == ["Register", "Nummer", "Jahr", "Datum", "Beschluss"]
    assert rows[0][5:9] == ["Dafür", "Dagegen", "Enthaltungen", "Einstimmig"]
    first, second = rows[1], rows[2]
    assert first[:4] == ["B 2024/1", "1", "2024", "2024-06-19 20:00"]
    assert first[4] == "Übergabe" and first[8] == "ja"
    assert first[12:14] == ["2024-06-19 20:00", "überholt"]
    assert second[4] == decisions[0].text  # the ; and the line break survive, quoted
    assert second[5:11] == ["5", "0", "1", "nein", "3", "B 2024/1"]
    raw = decisions_csv(decisions, {1: MEETING}, BERLIN, "de").decode("utf-8-sig")
    assert '"Straße sperren; Anwohner informieren\nzweite Zeile' in raw
    assert '""quotes""' in raw


def test_english_headers() -> None:
    rows = read_csv(decisions_csv([], {}, BERLIN, "en"))
    assert rows == [
        [
            "Register",
            "Number",
            "Year",
            "Date",
            "Decision",
            "For",
            "Against",
            "Abstentions",
            "Unanimous",
            "Meeting",
            "Amends",
            "Recorded by",
            "Repealed on",
            "Reason for repeal",
            "Result",
        ]
    ]


def test_tasks_csv() -> None:
    views = [
        view(
            2,
            "Landesgremien vertreten",
            (OwnerRef("Vera", 101), OwnerRef("Nicole")),
            due_at=datetime(2024, 6, 22, 21, 59, 59, tzinfo=UTC),
            created_at=NOW,
            created_by_name="Daniel",
            decision_id=7,
            meeting_id=1,
        ),
        view(
            1,
            '=HYPERLINK("http://evil")',
            status=TaskStatus.DONE.value,
            kind=TaskKind.FOLLOWUP.value,
            due_at=datetime(2024, 6, 20, 7, 0, tzinfo=UTC),
            due_has_time=True,
            created_at=NOW,
            closed_at=NOW + timedelta(hours=1),
        ),
    ]
    decisions = {7: make_decision(7, "Empfehlung")}
    rows = read_csv(tasks_csv(views, decisions, {1: MEETING}, BERLIN, "de"))
    assert rows[0] == [
        "Nummer",
        "Art",
        "Titel",
        "Status",
        "Verantwortlich",
        "Fällig",
        "Erstellt am",
        "Erstellt von",
        "Erledigt am",
        "Beschluss",
        "Sitzung",
    ]
    assert rows[1][:4] == ["1", "Wiedervorlage", '\'=HYPERLINK("http://evil")', "erledigt"]
    assert rows[1][5] == "2024-06-20 09:00" and rows[1][8] == "2024-06-19 21:00"
    assert rows[2] == [
        "2",
        "Aufgabe",
        "Landesgremien vertreten",
        "offen",
        "Vera, Nicole",
        "2024-06-22",
        "2024-06-19 20:00",
        "Daniel",
        "",
        "B 2024/7",
        "3",
    ]


def test_formula_like_cells_are_neutralised() -> None:
    for dangerous in ("=1+1", "+49 30 1234", "-5 €", "@SUM(A1)"):
        rows = read_csv(decisions_csv([make_decision(1, dangerous)], {}, BERLIN, "de"))
        assert rows[1][4] == "'" + dangerous


def test_ics_reads_back_with_required_properties() -> None:
    views = [
        view(
            12,
            "Treffen für Neumitglieder vorbereiten; mit, Kommas",
            (OwnerRef("Vera", 101),),
            due_at=datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC),
        ),
        view(
            13,
            "Landesfinanzrat fragen",
            kind=TaskKind.FOLLOWUP.value,
            due_at=datetime(2024, 6, 24, 7, 0, tzinfo=UTC),
            due_has_time=True,
        ),
        view(14, "Ohne Datum"),
        view(15, "Erledigt", status=TaskStatus.DONE.value, due_at=NOW),
        view(16, "Erinnerung", kind=TaskKind.REMINDER.value, due_at=NOW),
    ]
    data = due_dates_ics(
        views, chat_id=CHAT, chat_title="Stadtvorstand", tz=BERLIN, lang="de", now=NOW
    )
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"DTSTART;VALUE=DATE:20240621\r\n" in data
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"task-{CHAT}-12@boardbot",
        f"task-{CHAT}-13@boardbot",
        f"task-{CHAT}-16@boardbot",  # plain reminders are in the calendar, too (issue 11)
    ]
    all_day, timed, reminder = events
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in event
        assert event.decoded("DTSTAMP") == NOW
    assert str(all_day["SUMMARY"]) == "#12 Treffen für Neumitglieder vorbereiten; mit, Kommas"
    assert all_day.decoded("DTSTART") == date(2024, 6, 21)
    assert all_day.decoded("DTEND") == date(2024, 6, 22)
    assert str(all_day["DESCRIPTION"]) == "Verantwortlich: Vera"
    assert timed.decoded("DTSTART") == datetime(2024, 6, 24, 7, 0, tzinfo=UTC)
    assert timed.decoded("DTEND") - timed.decoded("DTSTART") == timedelta(minutes=30)
    # a follow-up is asked weekly: a repeating event in the chat's zone (issue 11)
    assert b"DTSTART;TZID=Europe/Berlin:20240624T090000" in data
    assert timed["RRULE"].to_ical() == b"FREQ=WEEKLY"
    assert "RRULE" not in all_day and "RRULE" not in reminder


def test_ics_is_stable_and_valid_when_empty() -> None:
    first = due_dates_ics([], chat_id=CHAT, chat_title="", tz=BERLIN, lang="en", now=NOW)
    second = due_dates_ics([], chat_id=CHAT, chat_title="", tz=BERLIN, lang="en", now=NOW)
    assert first == second
    assert Calendar.from_ical(first).walk("VEVENT") == []
