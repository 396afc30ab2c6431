"""Formula injection in the CSV exports and the calendar's name (issue 13, finding 11).

A spreadsheet may split our `;` file at `,` or tabs instead (many locales, Google Sheets,
LibreOffice's auto-detection): then every separator inside a cell starts a new cell. Read back
with each dialect, no cell may start with a formula trigger."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.render.exports import decisions_csv, due_dates_ics, neutralise_formulas, tasks_csv
from storage.models import Decision, Task
from storage.tasks import OwnerRef, TaskView

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
HOSTILE = [
    "Flyer,=1+1",
    'Flyer;=HYPERLINK("http://evil")',
    "Miete\t+49 30 1234",
    "Notiz, @SUM(A1)",
    'Text,"=1+1"',
    "＝1+1",
    "Vorstand，＋1",
    "Zeile 1\n-2+3",
    "Zeile 1\r\n@x",
    "\t=1",
]


def cells(data: bytes, delimiter: str) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def starts_a_formula(cell: str) -> bool:
    return cell.lstrip(' "').startswith(TRIGGERS)


def task_views(*titles: str) -> list[TaskView]:
    return [
        TaskView(
            Task(id=n, chat_id=-1, number=n, title=title, created_at=NOW, created_by_name=title),
            [OwnerRef(title)],
        )
        for n, title in enumerate(titles, start=1)
    ]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_no_cell_starts_a_formula_in_any_dialect(delimiter: str) -> None:
    data = tasks_csv(task_views(*HOSTILE), {}, {}, BERLIN, "de")
    found = cells(data, delimiter)
    assert any("1+1" in cell for cell in found)  # the text is there …
    assert [cell for cell in found if starts_a_formula(cell)] == []  # … but never a formula


def test_decision_texts_are_guarded_too() -> None:
    decisions = [
        Decision(id=1, chat_id=-1, number=1, year=2024, text=text, decided_at=NOW)
        for text in HOSTILE
    ]
    for delimiter in (";", ",", "\t"):
        data = decisions_csv(decisions, {}, BERLIN, "de")
        assert [c for c in cells(data, delimiter) if starts_a_formula(c)] == []


def test_a_leading_minus_stays_text_with_its_minus() -> None:
    assert neutralise_formulas("-5 % Beitrag") == "'-5 % Beitrag"
    assert neutralise_formulas("Flyer,=1+1") == "'Flyer,'=1+1"
    assert neutralise_formulas("＠Vera") == "'＠Vera"
    for harmless in ("Flyer drucken", "2024-06-19", "Vera, Nicole", "a - b", "x=1"):
        assert neutralise_formulas(harmless) == harmless


def test_every_text_cell_is_quoted_and_numbers_are_numbers() -> None:
    data = tasks_csv(task_views("Flyer drucken"), {}, {}, BERLIN, "de").decode("utf-8-sig")
    header, row = data.splitlines()
    assert header.startswith('"Nummer";"Art";"Titel"')
    assert row.startswith('1;"Aufgabe";"Flyer drucken";"offen";"Flyer drucken";""')


def test_the_calendar_name_is_one_escaped_line() -> None:
    title = "Vorstand\nNord; Süd, \\Ost\r\n"
    data = due_dates_ics([], chat_id=-1, chat_title=title, tz=BERLIN, lang="de", now=NOW)
    lines = data.decode().splitlines()
    [name] = [line for line in lines if line.startswith("NAME:")]
    assert name == "NAME:Vorstand Nord\\; Süd\\, \\\\Ost – Fristen"
    assert "X-WR-CALNAME:Vorstand Nord\\; Süd\\, \\\\Ost – Fristen" in lines
    Calendar.from_ical(data)  # reads back
