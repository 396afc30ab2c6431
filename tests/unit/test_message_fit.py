"""The one path every message goes through (issue 12, part H): Telegram's count (the text
shown, in UTF-16 units), splitting a long reply, capping a message that must stay one; and the
reminder renderers that rely on it (one message per minute, what is true when sent)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.html_split import cap_message, fit_message, visible_length
from bot.render.reminders import (
    ReminderContent,
    current_kind,
    render_digest,
    render_reminder_batch,
)
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 20, 7, 1, tzinfo=UTC)  # Thu 20.06.2024 09:01 in Berlin


def more(count: int) -> str:
    return f"… +{count} weitere"


def test_visible_length_counts_what_telegram_shows() -> None:
    assert visible_length('<a href="tg://user?id=123456789">Vera</a>') == 4
    assert visible_length("&lt;b&gt; &amp;") == 5
    assert visible_length("<b>😀</b>") == 2  # an emoji is two UTF-16 units


def test_a_list_of_links_is_one_message_when_what_shows_fits() -> None:
    links = ", ".join(f'<a href="tg://user?id={10**9 + n}">M{n}</a>' for n in range(300))
    assert len(links) > 4096 and visible_length(links) < 4096
    assert fit_message(links) == [links]


def test_cap_keeps_the_first_lines_and_counts_the_rest() -> None:
    text = "\n".join(f"<b>Zeile {n}</b>" for n in range(10))
    capped = cap_message(text, more, limit=40)
    assert capped.splitlines()[:3] == ["<b>Zeile 0</b>", "<b>Zeile 1</b>", "<b>Zeile 2</b>"]
    assert capped.endswith("… +7 weitere") and visible_length(capped) <= 40
    check_telegram_html(capped)
    assert cap_message("kurz", more, limit=40) == "kurz"


def test_cap_cuts_one_long_line_between_tags() -> None:
    capped = cap_message("<i>" + "x" * 100 + "</i>\nzwei", more, limit=50)
    check_telegram_html(capped)
    assert visible_length(capped) <= 50 and capped.endswith("… +2 weitere")


line = st.lists(
    st.one_of(
        st.text(max_size=20).map(escape),
        st.sampled_from(['<a href="tg://user?id=1">Vera</a>', "<b>#1</b>", "😀", "&amp;"]),
    ),
    max_size=12,
).map(lambda parts: " ".join(parts).replace("\n", " "))


@settings(max_examples=300, deadline=None)
@given(st.lists(line, min_size=1, max_size=30), st.integers(30, 300))
def test_fit_and_cap_stay_within_the_limit_as_valid_html(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)
    for piece in fit_message(text, limit) if text.strip() else []:
        check_telegram_html(piece)
        assert visible_length(piece) <= limit
    capped = cap_message(text, more, limit)
    check_telegram_html(capped)
    assert visible_length(capped) <= limit
    if visible_length(text) <= limit:
        assert capped == text


@dataclass(frozen=True)
class FakeTask:
    number: int
    title: str
    due_at: datetime | None
    due_has_time: bool = False
    chat_id: int = -1
    kind: str = "task"
    status: str = "open"
    created_at: datetime = NOW
    created_by_name: str = "Vera"
    closed_at: datetime | None = None


@dataclass(frozen=True)
class FakeView:
    task: FakeTask
    owners: list[object] = field(default_factory=list)
    chat_title: str | None = None


def due_thursday(number: int = 1) -> FakeView:
    # date-only dues are stored as 23:59:59 local of the due day
    return FakeView(
        FakeTask(number, f"Punkt {number}", datetime(2024, 6, 20, 21, 59, 59, tzinfo=UTC))
    )


def test_a_reminder_says_what_is_true_when_it_is_sent() -> None:
    view = due_thursday()
    assert current_kind("before", view, BERLIN, NOW) == "due"  # planned Wednesday, sent Thursday
    assert current_kind("due", view, BERLIN, NOW + timedelta(days=1)) == "overdue"
    assert current_kind("due", view, BERLIN, NOW - timedelta(days=1)) == "before"
    assert current_kind("followup", view, BERLIN, NOW + timedelta(days=5)) == "followup"
    timed = FakeView(FakeTask(2, "Anruf", NOW + timedelta(hours=1), due_has_time=True))
    assert current_kind("due", timed, BERLIN, NOW) == "due"
    assert current_kind("due", timed, BERLIN, NOW + timedelta(hours=2)) == "overdue"


def content(view: FakeView, reminder_id: int, kind: str = "due") -> ReminderContent:
    return ReminderContent(reminder_id, kind, NOW, False, view)  # type: ignore[arg-type]


def test_reminders_of_one_minute_are_one_message_with_a_row_each() -> None:
    batch = [content(due_thursday(n), 10 + n) for n in range(1, 4)]
    text, rows = render_reminder_batch(batch, BERLIN, "de", NOW)
    assert [visible_text(text).count(f"Punkt {n}") for n in range(1, 4)] == [1, 1, 1]
    assert rows is not None
    assert [[b.callback_data for b in row] for row in rows][1] == [
        "r:12:done",
        "r:12:day",
        "r:12:week",
    ]
    assert [row[0].text for row in rows] == ["✅ #1", "✅ #2", "✅ #3"]
    late = [replace(c, late=True) for c in batch]
    text, _ = render_reminder_batch(late, BERLIN, "de", NOW)
    assert text.count("verspätet") == 1 and text.startswith("⏳")  # said once, at the top
    same_task = [content(due_thursday(), 1), content(due_thursday(), 2, "overdue")]
    text, rows = render_reminder_batch(same_task, BERLIN, "de", NOW)
    assert visible_text(text).count("Punkt 1") == 1 and rows is not None and len(rows) == 1


def test_the_digest_shows_titles_and_at_most_ten_lines_a_section() -> None:
    views = [due_thursday(n) for n in range(1, 41)]
    text = render_digest(views, [], [], BERLIN, "de", NOW - timedelta(days=2))
    assert "+ 30 weitere" in text  # due within 7 days: 10 shown
    assert "ohne Zuständige: #1 Punkt 1 · #2 Punkt 2" in text and "+ 30 weitere" in text
    assert visible_length(text) < 4096
