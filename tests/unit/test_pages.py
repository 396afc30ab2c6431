"""Unit tests of bot/render/pages.py (list pages) and bot/render/help.py (help sections)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Language, t
from bot.render.help import BUTTON_KEYS, HELP_SECTIONS, MAIN, full_help, render_help
from bot.render.html_split import visible_length
from bot.render.keyboards import Button, Keyboard
from bot.render.pages import (
    PAGE_SIZE,
    ListPage,
    ListSection,
    by_group,
    page_span,
    render_list_page,
)
from bot.render.tasks import render_task_list
from handlers.common.list_presses import ListPress, parse_help_press, parse_list_press
from handlers.common.task_lists import announces_private_changes
from storage.models import Chat, Task
from storage.tasks import OwnerRef, TaskView
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)


def views(
    count: int, title: str = "Aufgabe", chat_id: int = -100, chat_title: str | None = None
) -> list[TaskView]:
    made = []
    for number in range(1, count + 1):
        task = Task(id=1000 + number, chat_id=chat_id, number=number, title=f"{title} {number}")
        made.append(TaskView(task, [OwnerRef("Vera", 101)], chat_title))
    return made


def page_of(
    items: list[TaskView], page: int, lang: Language = "de", kind: str = "open"
) -> ListPage:
    header = t(lang, "list_open_header", count=len(items))
    return render_list_page(kind, [ListSection(header, items)], page, BERLIN, lang, NOW)


def data(keyboard: Keyboard) -> list[str]:
    return [button.callback_data for row in keyboard for button in row]


def labels(keyboard: Keyboard) -> list[str]:
    return [button.text for row in keyboard for button in row]


# --- page arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "wanted", "expected"),
    [
        (0, 1, (1, 1, 0, 0)),  # an empty list is one (empty) page
        (10, 1, (1, 1, 0, 10)),
        (11, 1, (1, 2, 0, 10)),
        (11, 2, (2, 2, 10, 11)),
        (11, 3, (2, 2, 10, 11)),  # past the end (the list got shorter): the last page
        (11, 0, (1, 2, 0, 10)),
        (250, 25, (25, 25, 240, 250)),
        (250, 9999, (25, 25, 240, 250)),
        (251, 26, (26, 26, 250, 251)),
    ],
)
def test_page_span(total: int, wanted: int, expected: tuple[int, int, int, int]) -> None:
    span = page_span(total, wanted)
    assert (span.number, span.count, span.start, span.stop) == expected


def test_every_item_is_on_exactly_one_page() -> None:
    for total in (1, 9, 10, 11, 19, 20, 21, 250):
        count = page_span(total, 1).count
        covered = [i for p in range(1, count + 1) for i in range(*_bounds(total, p))]
        assert covered == list(range(total))


def _bounds(total: int, page: int) -> tuple[int, int]:
    span = page_span(total, page)
    return span.start, span.stop


# --- rendering a page ------------------------------------------------------------------------


def test_exactly_ten_items_are_one_page_without_arrows() -> None:
    items = views(10)
    page = page_of(items, 1)
    assert page.text == render_task_list(
        t("de", "list_open_header", count=10), items, BERLIN, "de", NOW
    )
    assert labels(page.keyboard) == [f"#{n} ✅" for n in range(1, 11)]
    assert data(page.keyboard) == [f"i:{1000 + n}:open:1" for n in range(1, 11)]
    assert [len(row) for row in page.keyboard] == [5, 5]


def test_eleven_items_are_two_pages_with_arrows() -> None:
    items = views(11)
    first, second = page_of(items, 1), page_of(items, 2)
    assert "#10</b>" in first.text and "#11</b>" not in first.text
    assert "#11</b>" in second.text and "#10</b>" not in second.text
    assert "(11)" in second.text  # the header counts the whole list
    assert labels(first.keyboard)[-3:] == ["◀", "1/2", "▶"]
    assert data(first.keyboard)[-3:] == ["l:open:2", "l:open:1", "l:open:2"]
    assert data(second.keyboard) == ["i:1011:open:2", "l:open:1", "l:open:2", "l:open:1"]


def test_250_items_page_through_in_25_pages() -> None:
    items = views(250)
    last = page_of(items, 25)
    numbers = [int(n) for n in re.findall(r"#(\d+)</b>", last.text)]
    assert numbers == list(range(241, 251))
    assert labels(last.keyboard)[-3:] == ["◀", "25/25", "▶"]
    assert data(last.keyboard)[-3:] == ["l:open:24", "l:open:25", "l:open:1"]  # ▶ wraps
    middle = page_of(items, 13)
    assert data(middle.keyboard)[-3:] == ["l:open:12", "l:open:13", "l:open:14"]
    assert all(len(d.encode()) <= 64 for d in data(middle.keyboard))


def test_long_titles_keep_a_page_within_one_message() -> None:
    items = views(10, title="Sehr langer Titel " * 27)  # ~490 characters each
    page = page_of(items, 1)
    assert visible_length(page.text) <= 4096
    assert page.text.count("<b>#") == PAGE_SIZE  # every item is there, its title shortened
    assert "…" in page.text
    check_telegram_html(page.text)


def test_html_in_titles_is_escaped() -> None:
    items = views(2, title="<b>Kasse</b> & <i>Konto</i>")
    page = page_of(items, 1)
    check_telegram_html(page.text)
    assert "&lt;b&gt;Kasse&lt;/b&gt; &amp; &lt;i&gt;Konto&lt;/i&gt; 1" in page.text
    assert "<b>Kasse" in visible_text(page.text)


def test_english_page() -> None:
    page = page_of(views(12), 2, "en")
    assert page.text.startswith("📋 <b>Open tasks</b> (12)")
    assert labels(page.keyboard) == ["#11 ✅", "#12 ✅", "◀", "2/2", "▶"]


def test_an_empty_section_shows_its_text_on_the_first_page_only() -> None:
    followups = views(12, title="Wiedervorlage")
    sections = [
        ListSection("TASKS", [], "Keine offenen Aufgaben."),
        ListSection("FOLLOWUPS", followups),
    ]
    first = render_list_page("open", sections, 1, BERLIN, "de", NOW)
    second = render_list_page("open", sections, 2, BERLIN, "de", NOW)
    assert first.text.startswith("Keine offenen Aufgaben.\n\nFOLLOWUPS\n")
    assert second.text.startswith("FOLLOWUPS\n") and "Keine" not in second.text


def test_a_page_spanning_two_sections_shows_both_headers() -> None:
    sections = [ListSection("TASKS", views(8)), ListSection("FOLLOWUPS", views(5, "W"))]
    first = render_list_page("open", sections, 1, BERLIN, "de", NOW)
    assert "TASKS" in first.text and "FOLLOWUPS" in first.text
    assert first.text.count("<b>#") == 10
    second = render_list_page("open", sections, 2, BERLIN, "de", NOW)
    assert second.text.startswith("FOLLOWUPS\n") and second.text.count("<b>#") == 3


def test_private_pages_group_items_and_offer_a_due_date_button() -> None:
    north = views(3, "Nord", chat_id=-200, chat_title="Ortsverein Nord")
    board = views(2, "Vorstand", chat_title="Stadtvorstand")
    items = by_group([*board, *north])
    assert [v.chat_title for v in items] == ["Ortsverein Nord"] * 3 + ["Stadtvorstand"] * 2
    page = render_list_page(
        "my", [ListSection("MINE", items)], 1, BERLIN, "de", NOW, grouped=True, with_due=True
    )
    assert page.text.index("<b>Ortsverein Nord</b>") < page.text.index("<b>Stadtvorstand</b>")
    assert "i:1001:my:1" in data(page.keyboard) and "t:1001:due" in data(page.keyboard)
    assert labels(page.keyboard)[:2] == ["#1 ✅", "#1 📅"]
    assert all(len(row) <= 4 for row in page.keyboard)


# --- callback data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("l:open:1", ListPress("open", 1)),
        ("l:mine:9999", ListPress("mine", 9999)),
        ("i:42:my:3", ListPress("my", 3, 42)),
        ("i:2147483647:open:1", ListPress("open", 1, 2147483647)),
        ("l:open:0", None),
        ("l:open:10000", None),
        ("l:all:1", None),
        ("l:open:1 ", None),
        ("l:open:١", None),  # Arabic-Indic digit
        ("i:0:open:1", None),
        ("i:2147483648:open:1", None),
        ("i:42:open", None),
        ("i:42:open:1:x", None),
        ("", None),
        (None, None),
    ],
)
def test_list_data_is_parsed_strictly(raw: str | None, expected: ListPress | None) -> None:
    assert parse_list_press(raw) == expected


def test_rendered_data_parses_back() -> None:
    for button in [b for row in page_of(views(25), 2, kind="mine").keyboard for b in row]:
        parsed = parse_list_press(button.callback_data)
        assert parsed is not None and parsed.kind == "mine"


# --- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_short_help_has_a_button_per_section(lang: Language) -> None:
    page = render_help(MAIN, lang)
    assert data(page.keyboard) == [f"h:{section}" for section in BUTTON_KEYS]
    assert len(visible_text(page.text)) < len(visible_text(full_help(lang))) / 2
    for section in HELP_SECTIONS:
        assert parse_help_press(f"h:{section}") == section
        if section != MAIN:
            shown = render_help(section, lang)
            assert shown.keyboard == [[Button(t(lang, "help_button_back"), "h:main")]]


def test_help_data_is_parsed_strictly() -> None:
    for raw in ("h:", "h:unknown", "h:tasks ", "h:Tasks", "x:tasks", None):
        assert parse_help_press(raw) is None


def test_private_help_ends_with_the_private_welcome() -> None:
    assert render_help(MAIN, "de", private=True).text.endswith(t("de", "private_welcome"))


def test_overdue_first_order_is_kept_on_a_page() -> None:
    items = views(3)
    items[2].task.due_at = NOW - timedelta(days=1)
    page = page_of(list(reversed(items)), 1)
    assert page.text.split("\n")[1].startswith("⚠️")


def test_private_changes_are_announced_unless_the_group_turned_it_off() -> None:
    assert announces_private_changes(Chat(id=-1, type="supergroup"))  # no such setting: always
    assert not announces_private_changes(SimpleNamespace(announce_changes=False))  # type: ignore[arg-type]
    assert announces_private_changes(SimpleNamespace(announce_changes=True))  # type: ignore[arg-type]
