"""Unit tests of the Protokoll's parts (bot/render/minutes_parts.py and the agenda sections of
bot/render/minutes.py), German and English: present, excused and guests, a forgotten member,
the quorum line, the minute-taker, notes under items and under "Sonstiges", decisions with
their result, the next meeting; and `/top`'s argument (bot/language/meeting_items.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Language
from bot.language.meeting_items import NEXT, ItemChoiceInvalidError, parse_item_choice
from bot.render import views
from bot.render.minutes import minutes_markdown, minutes_result, render_minutes
from bot.render.minutes_parts import quorum_line, split_attendance
from bot.render.records import render_attendance_list
from bot.render.tasks import split_message
from storage.meetings import MinutesData
from storage.models import AgendaItem, Attendee, AttendeeStatus, Decision, Meeting, MeetingNote
from storage.protocol import AgendaEntry, Quorum, agenda_entries
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
MEETING = Meeting(id=3, chat_id=-1, number=3, started_at=START, created_by_name="Daniel")


def person(name: str, user_id: int | None, status: str = "present", **fields: object) -> Attendee:
    return Attendee(meeting_id=3, user_id=user_id, name=name, status=status, **fields)


def minutes(**fields: object) -> MinutesData:
    values: dict[str, object] = {
        "chat_title": "Vorstand",
        "meeting": MEETING,
        "attendees": [],
        "decisions": [],
        "new_tasks": [],
        "completed": [],
        "followups": [],
    }
    values.update(fields)
    return MinutesData(**values)  # type: ignore[arg-type]


def text_of(data: MinutesData, lang: Language = "de") -> str:
    html = render_minutes(data, BERLIN, lang)
    check_telegram_html(html)
    return visible_text(html)


@pytest.mark.parametrize(
    ("render_value", "stored"),
    [
        (views.ATTENDEE_PRESENT, AttendeeStatus.PRESENT),
        (views.ATTENDEE_EXCUSED, AttendeeStatus.EXCUSED),
        (views.ATTENDEE_GUEST, AttendeeStatus.GUEST),
    ],
)
def test_render_reads_the_statuses_storage_stores(render_value: str, stored: str) -> None:
    assert render_value == stored
    assert set(views.ATTENDEE_STATUSES) == {s.value for s in AttendeeStatus}


def test_present_excused_guests_and_a_forgotten_member() -> None:
    people = [
        person("Vera", 101),
        person("Gast", None, "guest"),
        person("ehemaliges Mitglied", None, "guest", forgotten=True),  # matched as a guest once
        person("Jonas", 104, "excused"),
        person("ehemaliges Mitglied", None, "excused", forgotten=True),
    ]
    present, excused, guests = split_attendance(people)
    assert [a.name for a in present] == ["Vera", "ehemaliges Mitglied"]
    assert [a.name for a in excused] == ["Jonas", "ehemaliges Mitglied"]
    assert [a.name for a in guests] == ["Gast"]
    text = text_of(minutes(attendees=people))
    assert (
        "Anwesend (2)\nVera, ehemaliges Mitglied\n"
        "Entschuldigt (2): Jonas, ehemaliges Mitglied\nGäste (1): Gast\n"
    ) in text
    assert "Present (2)\nVera, ehemaliges Mitglied\nExcused (2): " in text_of(
        minutes(attendees=people), "en"
    )
    under_button = visible_text(render_attendance_list(people, "de"))
    assert under_button == (
        "Anwesend (3): Vera, Gast (Gast), ehemaliges Mitglied\n"
        "Entschuldigt (2): Jonas, ehemaliges Mitglied"
    )
    only_excused = visible_text(render_attendance_list([person("Jonas", 104, "excused")], "en"))
    assert only_excused.endswith("\nExcused (1): Jonas")


@pytest.mark.parametrize(
    ("present", "seats", "german", "english"),
    [
        (5, 7, "beschlussfähig: 5 von 7 anwesend", "quorate: 5 of 7 present"),
        (4, 7, "beschlussfähig: 4 von 7 anwesend", "quorate: 4 of 7 present"),
        (3, 7, "nicht beschlussfähig: 3 von 7 anwesend", "not quorate: 3 of 7 present"),
        (3, 6, "nicht beschlussfähig: 3 von 6 anwesend", "not quorate: 3 of 6 present"),
        (0, 1, "nicht beschlussfähig: 0 von 1 anwesend", "not quorate: 0 of 1 present"),
    ],
)
def test_quorum_is_a_majority_of_the_seats(
    present: int, seats: int, german: str, english: str
) -> None:
    assert quorum_line(Quorum(present, seats), "de") == german
    assert quorum_line(Quorum(present, seats), "en") == english
    assert german in text_of(minutes(quorum=Quorum(present, seats)))


def test_the_minute_taker_is_the_opener_unless_named() -> None:
    assert "\nProtokoll: Daniel\n" in text_of(minutes())
    assert "\nMinutes taken by Vera\n" in text_of(minutes(minute_taker="Vera"), "en")


def decision(number: int, **fields: object) -> Decision:
    return Decision(
        id=number, chat_id=-1, number=number, year=2024, text=f"Antrag {number}", **fields
    )


@pytest.mark.parametrize(
    ("fields", "german", "english"),
    [
        ({}, None, None),
        ({"result": "adopted"}, "angenommen", "adopted"),
        ({"unanimous": True, "result": "adopted"}, "einstimmig angenommen", "adopted unanimously"),
        ({"unanimous": True, "result": "rejected"}, "einstimmig abgelehnt", "unanimously rejected"),
        (
            {"votes_yes": 2, "votes_no": 4, "votes_abstain": 1, "result": "rejected"},
            "abgelehnt (2 dafür, 4 dagegen, 1 Enthaltung)",
            "rejected (2 in favour, 4 against, 1 abstention)",
        ),
        (
            {"votes_yes": 3, "votes_no": 3, "votes_abstain": 0, "result": "rejected"},
            "abgelehnt bei Stimmengleichheit (3 dafür, 3 dagegen, 0 Enthaltungen)",
            "rejected on a tie (3 in favour, 3 against, 0 abstentions)",
        ),
    ],
)
def test_each_decision_states_its_result(
    fields: dict[str, object], german: str | None, english: str | None
) -> None:
    assert minutes_result(decision(1, **fields), "de") == german
    assert minutes_result(decision(1, **fields), "en") == english


def test_notes_under_items_and_under_sonstiges_in_both_formats() -> None:
    first = AgendaItem(id=11, chat_id=-1, text="Kasse", created_by_name="Vera")
    second = AgendaItem(id=12, chat_id=-1, text="Fest <2024>", created_by_name="Nicole")
    late = datetime(2024, 6, 19, 19, 5, tzinfo=UTC)
    notes = [
        MeetingNote(agenda_item_id=12, text="Termin steht", author_name="Nicole", created_at=START),
        MeetingNote(agenda_item_id=None, text="Nachtrag", author_name="Vera", created_at=late),
    ]
    rejected = decision(2, votes_yes=1, votes_no=3, votes_abstain=0, result="rejected")
    rejected.agenda_item_id = 12
    entries, other = agenda_entries([first, second], notes, [rejected], [])
    assert [(e.number, [n.text for n in e.notes]) for e in entries] == [
        (1, []),
        (2, ["Termin steht"]),
    ]
    data = minutes(entries=entries, other_notes=other, decisions=[rejected])
    text = text_of(data)
    assert (
        "TOP 1: Kasse\nvorgeschlagen von Vera\n\n"
        "TOP 2: Fest <2024>\nvorgeschlagen von Nicole\n• Termin steht – Nicole, 20:00 Uhr\n"
        "• B 2024/2 Antrag 2 – abgelehnt (1 dafür, 3 dagegen, 0 Enthaltungen)\n\n"
        "Sonstiges\n• Nachtrag – Vera, 21:05 Uhr\n\n"
        "Aufgaben\nKeine.\n"
    ) in text
    assert "Beschlüsse" not in text and "gefasst" not in text
    english = text_of(data, "en")
    assert "Item 2: Fest <2024>\nproposed by Nicole\n• Termin steht – Nicole, 20:00\n" in english
    assert "Other business\n• Nachtrag – Vera, 21:05\n" in english
    markdown = minutes_markdown(data, BERLIN, "de")
    assert "## TOP 2: Fest \\<2024\\>\n\nvorgeschlagen von Nicole\n\n- Termin steht" in markdown
    assert "## TOP 1: Kasse\n\nvorgeschlagen von Vera\n\n## TOP 2" in markdown


def test_a_long_note_and_a_long_item_split_into_valid_messages() -> None:
    item = AgendaItem(id=1, chat_id=-1, text="Sehr langer Punkt " * 27, created_by_name="V")
    note = MeetingNote(agenda_item_id=1, text="<Notiz> " * 120, author_name="V", created_at=START)
    data = minutes(entries=[AgendaEntry(1, item, [note] * 8)])
    chunks = split_message(render_minutes(data, BERLIN, "de"))
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= 4096
        check_telegram_html(chunk)


def test_the_next_meeting_when_one_is_planned() -> None:
    assert "Nächste Sitzung" not in text_of(minutes())
    at = datetime(2024, 7, 3, 17, 0, tzinfo=UTC)
    text = text_of(minutes(next_meeting_at=at))
    assert "\nNächste Sitzung: Mittwoch, 3. Juli 2024, 19:00 Uhr\n" in text
    english = text_of(minutes(next_meeting_at=at, next_meeting_place="Café <Eck>"), "en")
    assert "\nNext meeting: Wednesday, 3 July 2024, 19:00, Café <Eck>\n" in english
    markdown = minutes_markdown(minutes(next_meeting_at=at, next_meeting_place="<b>"), BERLIN, "de")
    assert (
        "\n\nNächste Sitzung: Mittwoch, 3. Juli 2024, 19:00 Uhr, \\<b\\>\n\n*Eröffnet" in markdown
    )


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("", None),
        ("  ", None),
        ("2", 2),
        ("TOP 2", 2),
        ("top2", 2),
        ("#3", 3),
        ("3.", 3),
        ("weiter", NEXT),
        ("Nächster", NEXT),
        ("naechste", NEXT),
        ("next", NEXT),
    ],
)
def test_item_choice(typed: str, choice: object) -> None:
    assert parse_item_choice(typed) == choice


@pytest.mark.parametrize("typed", ["erste", "2 3", "-1", "٢", "12345", "top", "2a"])
def test_item_choice_refuses_anything_else(typed: str) -> None:
    with pytest.raises(ItemChoiceInvalidError):
        parse_item_choice(typed)
