"""Issue 11: a date phrase at the end of a task title is the due date, with or without a keyword;
date-looking words that are text stay in the title."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.language.arguments import parse_task_text
from bot.language.dates import DateParseError

NOW = datetime(2024, 6, 19, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Wednesday

TRAILING: list[tuple[str, str, date, time | None]] = [
    ("Flyer drucken morgen", "Flyer drucken", date(2024, 6, 20), None),
    ("Flyer drucken übermorgen", "Flyer drucken", date(2024, 6, 21), None),
    ("Flyer drucken Freitag", "Flyer drucken", date(2024, 6, 21), None),
    ("Flyer drucken in zwei Wochen", "Flyer drucken", date(2024, 7, 3), None),
    ("Flyer drucken Mitte November", "Flyer drucken", date(2024, 11, 15), None),
    ("Raum buchen nächsten Freitag 18 Uhr", "Raum buchen", date(2024, 6, 21), time(18)),
    ("Raum buchen Freitag um 3", "Raum buchen", date(2024, 6, 21), time(15)),
    ("Geschenke kaufen Weihnachten", "Geschenke kaufen", date(2024, 12, 24), None),
    ("Print flyers tomorrow", "Print flyers", date(2024, 6, 20), None),
    ("Print flyers next Friday", "Print flyers", date(2024, 6, 21), None),
    ("Things to do tomorrow", "Things to do", date(2024, 6, 20), None),
    ("Treffen am Bahnhof morgen", "Treffen am Bahnhof", date(2024, 6, 20), None),
    ("Kassenbericht @vera morgen", "Kassenbericht", date(2024, 6, 20), None),
    ("Test bis 15:20 am Nachmittag", "Test", date(2024, 6, 20), time(15, 20)),
    ("Flyer 30.06.", "Flyer", date(2024, 6, 30), None),
]


@pytest.mark.parametrize(("text", "title", "day", "at"), TRAILING, ids=[r[0] for r in TRAILING])
def test_a_trailing_date_is_the_due_date(text: str, title: str, day: date, at: time | None) -> None:
    draft = parse_task_text(text, NOW)
    assert draft.title == title
    assert draft.due is not None and (draft.due.day, draft.due.at) == (day, at)


STAYS_TEXT = [
    "Einladung zum Stadtparteitag Mitte November verschicken",
    "Kapitel 3",
    "Kapitel 15.",
    "Release 1.2",
    "Sommerfest Juli",
    "Protest march",
    "Things to do",
    "Enjoy the sun",
    "Mach das so",
    "Treffen mit Mo",
    "Fotos von gestern",
    "Nachbereitung letzte Woche",
    "Stammtisch jeden 2. Dienstag",
    "Stammtisch every Monday",
    "morgen",
]


@pytest.mark.parametrize("text", STAYS_TEXT)
def test_date_looking_text_stays_in_the_title(text: str) -> None:
    draft = parse_task_text(text, NOW)
    assert (draft.title, draft.due) == (text, None)


def test_a_past_trailing_time_is_refused_rather_than_kept_as_text() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_task_text("Flyer drucken heute 14 Uhr", NOW)
    assert (caught.value.reason, caught.value.text) == ("past", "heute 14 Uhr")


def test_as_a_reply_the_whole_text_may_be_the_date() -> None:
    draft = parse_task_text("morgen 18 Uhr", NOW, fallback_title="Raum buchen")
    assert draft.title == "Raum buchen"
    assert draft.due is not None and (draft.due.day, draft.due.at) == (date(2024, 6, 20), time(18))
    # Without a replied-to message the one word stays the title.
    assert parse_task_text("morgen", NOW).due is None
