"""The cards' buttons (bot.render.cards), their strict callback data
(handlers.common.callbacks.parse_card_press) and the quick due dates
(bot.language.quick_dates). 19.06.2024 is a Wednesday."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.language.quick_dates import QUICK_CHOICES, QUICK_PHRASES, quick_due
from bot.render.cards import (
    Candidate,
    card_keyboard,
    decision_keyboard,
    due_keyboard,
    owner_keyboard,
    render_card,
)
from bot.render.keyboards import Keyboard
from handlers.common.callbacks import CardPress, parse_card_press
from storage.models import Task, TaskKind, TaskStatus
from storage.tasks import OwnerRef, TaskView
from tests.support.telegram_html import check_telegram_html

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)  # Wed 19.06.2024 20:00 in Berlin
BIG_ID = 2**31 - 1


def data(keyboard: Keyboard) -> list[list[str]]:
    return [[button.callback_data for button in row] for row in keyboard]


def texts(keyboard: Keyboard) -> list[list[str]]:
    return [[button.text for button in row] for row in keyboard]


def every_button_data(keyboard: Keyboard) -> list[str]:
    return [d for row in data(keyboard) for d in row]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("t:3:done", CardPress("t", 3, "done")),
        ("t:3:due", CardPress("t", 3, "due")),
        ("t:3:own", CardPress("t", 3, "own")),
        (f"t:{BIG_ID}:undo", CardPress("t", BIG_ID, "undo")),
        ("f:3:today", CardPress("f", 3, "today")),
        ("f:3:2w", CardPress("f", 3, "2w")),
        ("f:3:other", CardPress("f", 3, "other")),
        ("o:3:101", CardPress("o", 3, "toggle", user_id=101)),
        ("o:3:4503599627370495", CardPress("o", 3, "toggle", user_id=4503599627370495)),
        ("o:3:p0", CardPress("o", 3, "page", page=0)),
        ("o:3:p12", CardPress("o", 3, "page", page=12)),
        ("o:3:other", CardPress("o", 3, "other")),
        ("o:3:ok", CardPress("o", 3, "ok")),
        ("k:7", CardPress("k", 7, "task")),
    ],
)
def test_the_data_the_cards_carry(raw: str, expected: CardPress) -> None:
    assert parse_card_press(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "t:",
        "t:3",
        "t:3:",
        "t:3:DONE",
        "t:3:delete",
        "t:0:done",
        "t:-3:done",
        "t:2147483648:done",
        "t:3:done ",
        "t:3:done\n",
        "t:٣:done",
        "f:3:yesterday",
        "f:3:today:1",
        "o:3:0",
        "o:3:9007199254740993",  # beyond any Telegram user id
        "o:3:p",
        "o:3:p1234",
        "o:3:pp1",
        "o:3:OK",
        "o:0:ok",
        "k:",
        "k:0",
        "k:7:x",
        "r:1:done",
        "m:1",
    ],
)
def test_anything_else_is_no_card_press(raw: str | None) -> None:
    assert parse_card_press(raw) is None


def test_every_button_the_cards_make_parses_back_and_fits_telegram() -> None:
    keyboards = [
        card_keyboard(BIG_ID, "open", "de"),
        card_keyboard(BIG_ID, "done", "en"),
        due_keyboard(BIG_ID, "de"),
        owner_keyboard(BIG_ID, [Candidate(2**52 - 1, "Vera")] * 20, set(), 1, "de"),
        decision_keyboard(BIG_ID, "en"),
    ]
    for keyboard in keyboards:
        for raw in every_button_data(keyboard):
            assert len(raw.encode()) <= 64
            assert parse_card_press(raw) is not None, raw


def test_the_card_row_by_status() -> None:
    assert texts(card_keyboard(3, "open", "de")) == [
        ["✅ Erledigt", "📅 Frist", "👤 Zuständig", "↩️ Rückgängig"]
    ]
    assert texts(card_keyboard(3, "open", "en")) == [["✅ Done", "📅 Due", "👤 Owner", "↩️ Undo"]]
    assert data(card_keyboard(3, "open", "de")) == [["t:3:done", "t:3:due", "t:3:own", "t:3:undo"]]
    assert data(card_keyboard(3, "open", "de", undo=False)) == [["t:3:done", "t:3:due", "t:3:own"]]
    assert data(card_keyboard(3, "done", "de")) == [["t:3:undo"]]  # reopens
    assert card_keyboard(3, "cancelled", "de") == []


def test_the_due_choices() -> None:
    assert texts(due_keyboard(3, "de")) == [
        ["Heute", "Morgen", "Freitag"],
        ["Nächste Woche", "In 2 Wochen", "Ende des Monats"],
        ["Keine", "andere …"],
        ["↩️ Zurück"],
    ]
    assert every_button_data(due_keyboard(3, "de")) == [
        *(f"f:3:{choice}" for choice in QUICK_CHOICES),
        "o:3:ok",
    ]
    private = every_button_data(due_keyboard(3, "en", private=True))
    assert "f:3:other" not in private and "o:3:ok" not in private and "f:3:none" in private


def test_the_owner_picker_pages_and_marks_the_owners() -> None:
    people = [Candidate(100 + i, f"P{i}") for i in range(19)]
    first = owner_keyboard(3, people, {101, 118}, 0, "de")
    assert texts(first)[0] == ["P0", "✓ P1"]
    assert len([b for row in first[:4] for b in row]) == 8
    assert data(first)[4] == ["o:3:p1"]  # only ▶ on the first page
    assert texts(first)[-1] == ["jemand anderes …", "fertig"]
    assert data(first)[-1] == ["o:3:other", "o:3:ok"]
    middle = owner_keyboard(3, people, set(), 1, "en")
    assert data(middle)[4] == ["o:3:p0", "o:3:p2"] and texts(middle)[4] == ["◀", "▶"]
    last = owner_keyboard(3, people, {118}, 2, "en")
    assert texts(last)[:2] == [["P16", "P17"], ["✓ P18"]]
    assert data(last)[2] == ["o:3:p1"]
    assert texts(last)[-1] == ["someone else …", "done"]
    # a page beyond the last (stale data) shows the last
    assert owner_keyboard(3, people, set(), 99, "de") == owner_keyboard(3, people, set(), 2, "de")
    # nobody known yet: only the two buttons
    assert data(owner_keyboard(3, [], set(), 0, "de")) == [["o:3:other", "o:3:ok"]]


def view(
    status: TaskStatus = TaskStatus.OPEN, title: str = "Flyer drucken", **kw: object
) -> TaskView:
    task = Task(chat_id=-100, number=3, title=title, status=status.value, **kw)  # type: ignore[arg-type]
    return TaskView(task, [OwnerRef("Vera", 101, "vera")])


def test_the_card_text_follows_the_task() -> None:
    friday = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)
    opened = render_card(view(due_at=friday), BERLIN, "de", NOW, created=True)
    assert opened.startswith("✅ Aufgabe <b>#3</b> angelegt: Flyer drucken")
    # shown again (`/frist 3`) or edited later: what the task is, not that it is new
    again = render_card(view(due_at=friday), BERLIN, "de", NOW)
    assert again.startswith("📌 Aufgabe <b>#3</b>: Flyer drucken") and "angelegt" not in again
    assert "Vera" in again and "Fr, 21.06.2024" in again
    english = render_card(view(kind=TaskKind.FOLLOWUP.value), BERLIN, "en", NOW)
    assert english.startswith("🔁 Follow-up <b>#3</b>: Flyer drucken")
    assert "Vera" in opened and "Fr, 21.06.2024" in opened
    done = render_card(view(TaskStatus.DONE, closed_by_name="Nicole"), BERLIN, "de", NOW)
    assert done.startswith("✅ Erledigt: <b>#3</b> <s>Flyer drucken</s> (von Nicole)")
    undone = render_card(view(TaskStatus.CANCELLED, closed_by_name="Vera"), BERLIN, "en", NOW)
    assert undone == "↩️ Undone: <b>#3</b> <s>Flyer drucken</s> (by Vera)"
    followup = render_card(view(kind=TaskKind.FOLLOWUP.value), BERLIN, "de", NOW)
    assert followup.startswith("🔁 Wiedervorlage <b>#3</b>")


def test_html_in_titles_and_names_is_escaped_on_the_card() -> None:
    for status in TaskStatus:
        text = render_card(
            view(status, title="<b>x</b> & <script>", closed_by_name="<i>Eve</i>"),
            BERLIN,
            "de",
            NOW,
        )
        check_telegram_html(text)
        assert "<script>" not in text and "<i>Eve</i>" not in text


@pytest.mark.parametrize(
    ("choice", "day"),
    [
        ("today", date(2024, 6, 19)),
        ("tomorrow", date(2024, 6, 20)),
        ("fri", date(2024, 6, 21)),
        ("eom", date(2024, 6, 30)),
    ],
)
def test_quick_choices_are_read_as_frist_reads_them(choice: str, day: date) -> None:
    due = quick_due(choice, NOW.astimezone(BERLIN))
    assert due.day == day and due.at is None


def test_every_quick_choice_reads_at_any_time() -> None:
    # the last minute of a month and a Friday night: no choice falls in the past or fails
    for now in (
        datetime(2024, 6, 30, 21, 59, tzinfo=UTC),
        datetime(2024, 6, 21, 21, 30, tzinfo=UTC),
    ):
        local = now.astimezone(BERLIN)
        for choice in QUICK_PHRASES:
            assert quick_due(choice, local).day >= local.date()
