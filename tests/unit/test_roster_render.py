"""Rendering the roster (bot/render/roster.py): the current board, a past term with dates,
escaped names and roles, capped item numbers, the CSV rows, in German and English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Language
from bot.render.html_split import visible_length
from bot.render.roster import (
    NUMBERS_SHOWN,
    item_numbers,
    moved_line,
    render_board,
    render_past_term,
    roster_rows,
    seat_line,
)
from tests.support.telegram_html import check_telegram_html

BERLIN = ZoneInfo("Europe/Berlin")
SINCE = datetime(2024, 6, 19, 22, 30, tzinfo=UTC)  # already the 20th in Berlin
UNTIL = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Seat:
    name: str
    username: str | None = None
    role: str | None = None
    since: datetime = SINCE
    until: datetime | None = None


def test_the_current_board() -> None:
    seats = [Seat("Vera Kraus", "vera", "Vorsitzende"), Seat("Nicole")]
    text = render_board(seats, 2, "de", BERLIN)
    assert text == (
        "<b>Vorstand</b> · Amtszeit 2 seit Do, 20.06.2024 · Mitglieder: 2\n"
        "• Vera Kraus (@vera) – Vorsitzende\n"
        "• Nicole"
    )
    assert "/vorstand alt" in render_board(seats, 2, "de", BERLIN, past_terms=1)
    assert "/vorstand alt" not in text
    empty = render_board([], 1, "de", BERLIN)
    assert "noch niemand" in empty and "Amtszeit 1" in empty
    assert render_board(seats, 1, "en", BERLIN).startswith("<b>Board</b> · term 1 since Thu")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_html_in_names_and_roles_is_escaped(lang: Language) -> None:
    seats = [Seat("<b>Vera</b> & Co", "vera", "Kasse <i>&</i>", until=UNTIL)]
    for text in (render_board(seats, 1, lang, BERLIN), render_past_term(seats, 1, lang, BERLIN)):
        check_telegram_html(text)
        assert (
            "&lt;b&gt;Vera&lt;/b&gt; &amp; Co" in text and "Kasse &lt;i&gt;&amp;&lt;/i&gt;" in text
        )


def test_a_past_term_shows_each_seats_dates() -> None:
    seats = [Seat("Vera", role="Kassiererin", until=UNTIL), Seat("Daniel", "dschaper")]
    text = render_past_term(seats, 1, "de", BERLIN)
    assert text.splitlines() == [
        "<b>Vorstand, Amtszeit 1</b> (wie im Verzeichnis)",
        "• Vera – Kassiererin (Do, 20.06.2024 bis Di, 30.06.2026)",
        "• Daniel (@dschaper) (seit Do, 20.06.2024)",
    ]
    assert "gibt es im Verzeichnis nicht" in render_past_term([], 4, "de", BERLIN)
    assert seat_line(seats[0], "en", BERLIN, dated=True).endswith(
        "(Thu, 20 Jun 2024 to Tue, 30 Jun 2026)"
    )


def test_item_numbers_are_capped() -> None:
    assert item_numbers([3, 7], "de") == "#3, #7"
    many = list(range(1, 101))
    capped = item_numbers(many, "de")
    assert capped.endswith(f"#{NUMBERS_SHOWN} und {100 - NUMBERS_SHOWN} weitere")
    assert f"#{NUMBERS_SHOWN + 1}," not in capped and visible_length(capped) < 200
    assert item_numbers(many, "en").endswith("and 80 more")
    assert moved_line("board_handover_items", [], "de") == ""
    assert moved_line("board_handover_items", [4, 5], "de") == (
        "Offene Aufgaben und Wiedervorlagen (2): #4, #5"
    )


def test_roster_rows_for_the_export() -> None:
    terms = [(1, [Seat("Vera", "vera", "Kassiererin", until=UNTIL)]), (2, [Seat("Nicole")])]
    assert roster_rows(terms, BERLIN) == [
        [1, "Vera", "vera", "Kassiererin", "2024-06-20", "2026-06-30"],
        [2, "Nicole", "", "", "2024-06-20", ""],
    ]
