"""Issue 11: the ICS export carries the stored RRULE for recurring follow-ups and plain
reminders, starts them in the chat's zone (so the calendar keeps 18:00 across DST), writes
UNTIL in UTC, and an export without events is still valid iCalendar."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar, vRecur

from bot.render.exports import due_dates_ics
from storage.models import Task, TaskKind, TaskStatus
from storage.tasks import TaskView

BERLIN = ZoneInfo("Europe/Berlin")
CHAT = -1001234567890
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)


def view(number: int, kind: TaskKind, due_at: datetime, recurrence: str | None) -> TaskView:
    task = Task(
        id=number,
        chat_id=CHAT,
        number=number,
        title=f"Termin {number}",
        kind=kind.value,
        due_at=due_at,
        due_has_time=True,
        recurrence=recurrence,
        status=TaskStatus.OPEN.value,
    )
    return TaskView(task, [])


def export(*views: TaskView) -> Calendar:
    data = due_dates_ics(
        list(views), chat_id=CHAT, chat_title="Vorstand", tz=BERLIN, lang="de", now=NOW
    )
    return Calendar.from_ical(data)


def test_recurring_reminders_and_followups_carry_their_rule() -> None:
    calendar = export(
        view(1, TaskKind.REMINDER, datetime(2024, 7, 9, 17, 0, tzinfo=UTC),
             "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0"),
        view(2, TaskKind.FOLLOWUP, datetime(2024, 6, 20, 16, 0, tzinfo=UTC),
             "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0;UNTIL=20241221T235959"),
        view(3, TaskKind.REMINDER, datetime(2024, 6, 30, 7, 0, tzinfo=UTC), None),
    )  # fmt: skip
    first, second, once = calendar.walk("VEVENT")
    # the same rule (icalendar writes the parts in its own order)
    assert first["RRULE"] == vRecur.from_ical("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0")
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and str(first["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert start.replace(tzinfo=None) == datetime(2024, 7, 9, 19, 0)
    # UNTIL in UTC with a TZID start (RFC 5545 3.3.10): the end of 21.12. in Berlin
    assert second["RRULE"]["UNTIL"] == [datetime(2024, 12, 21, 22, 59, 59, tzinfo=UTC)]
    assert "RRULE" not in once and once.decoded("DTSTART") == datetime(
        2024, 6, 30, 7, 0, tzinfo=UTC
    )
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_calendar_app_repeats_the_event_at_the_same_wall_time() -> None:
    calendar = export(
        view(1, TaskKind.REMINDER, datetime(2024, 10, 22, 16, 0, tzinfo=UTC),
             "FREQ=WEEKLY;BYDAY=TU;BYHOUR=18;BYMINUTE=0;UNTIL=20241105T235959"),
    )  # fmt: skip
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    occurrences = list(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
    assert [moment.astimezone(UTC).hour for moment in occurrences] == [16, 17, 17]  # CEST, CET
    assert {moment.astimezone(BERLIN).hour for moment in occurrences} == {18}


def test_an_unreadable_stored_rule_is_exported_as_its_next_occurrence() -> None:
    calendar = export(view(1, TaskKind.REMINDER, NOW, "week/1/0/18:00"))
    [event] = calendar.walk("VEVENT")
    assert "RRULE" not in event


def test_an_empty_export_is_valid_icalendar() -> None:
    data = due_dates_ics([], chat_id=CHAT, chat_title="", tz=BERLIN, lang="de", now=NOW)
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
