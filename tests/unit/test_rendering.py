"""Unit tests of bot/render/tasks.py and the date formatting in bot/i18n.py.

Expected strings are written out by hand (21.06.2024 is a Friday; Berlin is UTC+2 in
summer, UTC+1 in winter)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import Language, format_day, format_due
from bot.render.tasks import (
    render_grouped_task_list,
    render_task_created,
    render_task_line,
    render_task_list,
    split_message,
)
from storage.models import Task, TaskStatus
from storage.tasks import OwnerRef, TaskView
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)  # Wed 19.06.2024 20:00 in Berlin
FRIDAY_END = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)  # Fri 21.06. 23:59:59 Berlin
VERA = OwnerRef("Vera", 101, "vera")
NICOLE = OwnerRef("Nicole")


def make_view(
    number: int = 3,
    title: str = "Flyer drucken",
    *,
    status: TaskStatus = TaskStatus.OPEN,
    due_at: datetime | None = None,
    due_has_time: bool = False,
    owners: tuple[OwnerRef, ...] = (),
    chat_id: int = -100,
    chat_title: str | None = None,
) -> TaskView:
    task = Task(
        chat_id=chat_id,
        number=number,
        title=title,
        status=status.value,
        due_at=due_at,
        due_has_time=due_has_time,
    )
    return TaskView(task, list(owners), chat_title)


def line(view: TaskView, lang: Language = "de", now: datetime = NOW) -> str:
    return render_task_line(view, BERLIN, lang, now)


# --- task lines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "lang", "expected"),
    [
        (make_view(), "de", "▫️ <b>#3</b> Flyer drucken"),
        (
            make_view(owners=(VERA, NICOLE), due_at=FRIDAY_END),
            "de",
            '▫️ <b>#3</b> Flyer drucken · <a href="tg://user?id=101">Vera</a>, Nicole'
            " · bis Fr, 21.06.2024",
        ),
        (
            make_view(owners=(NICOLE,), due_at=FRIDAY_END),
            "en",
            "▫️ <b>#3</b> Flyer drucken · Nicole · due Fri, 21 Jun 2024",
        ),
        (
            make_view(due_at=datetime(2024, 6, 20, 16, 30, tzinfo=UTC), due_has_time=True),
            "de",
            "▫️ <b>#3</b> Flyer drucken · bis Do, 20.06.2024, 18:30 Uhr",
        ),
        (
            make_view(due_at=datetime(2024, 6, 20, 16, 30, tzinfo=UTC), due_has_time=True),
            "en",
            "▫️ <b>#3</b> Flyer drucken · due Thu, 20 Jun 2024, 18:30",
        ),
        (
            make_view(status=TaskStatus.DONE, owners=(NICOLE,), due_at=FRIDAY_END),
            "de",
            "✅ <b>#3</b> <s>Flyer drucken</s> · erledigt · Nicole",
        ),
        (
            make_view(status=TaskStatus.CANCELLED, due_at=FRIDAY_END),
            "en",
            "🗑 <b>#3</b> <s>Flyer drucken</s> · cancelled",
        ),
    ],
)
def test_task_line(view: TaskView, lang: Language, expected: str) -> None:
    assert line(view, lang) == expected


def test_overdue_marker() -> None:
    due = datetime(2024, 6, 19, 16, 0, tzinfo=UTC)  # 18:00 Berlin, two hours before NOW
    view = make_view(due_at=due, due_has_time=True)
    assert line(view) == "⚠️ <b>#3</b> Flyer drucken · bis Mi, 19.06.2024, 18:00 Uhr (überfällig)"
    assert line(view, "en").endswith("due Wed, 19 Jun 2024, 18:00 (overdue)")
    # exactly at the due time it is not yet overdue, a second later it is
    assert line(view, now=due).startswith("▫️ ")
    assert line(view, now=due + timedelta(seconds=1)).startswith("⚠️ ")


def test_closed_tasks_are_never_overdue() -> None:
    late = NOW + timedelta(days=30)
    for status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        rendered = line(make_view(status=status, due_at=FRIDAY_END), now=late)
        assert "⚠️" not in rendered
        assert "überfällig" not in rendered


def test_date_only_due_is_overdue_after_the_day() -> None:
    view = make_view(due_at=FRIDAY_END)
    assert line(view, now=datetime(2024, 6, 21, 21, 0, tzinfo=UTC)).startswith("▫️ ")
    assert line(view, now=datetime(2024, 6, 21, 22, 0, tzinfo=UTC)).startswith("⚠️ ")


def test_html_in_titles_and_names_is_escaped() -> None:
    owner = OwnerRef('Max "Mäx" <Müller>', 7)
    view = make_view(title="<b>Bier</b> & <Brezeln>", owners=(owner, OwnerRef("A&B")))
    rendered = line(view)
    check_telegram_html(rendered)
    assert "&lt;b&gt;Bier&lt;/b&gt; &amp; &lt;Brezeln&gt;" in rendered
    assert "<Müller>" not in rendered
    assert "A&amp;B" in rendered
    assert visible_text(rendered) == ('▫️ #3 <b>Bier</b> & <Brezeln> · Max "Mäx" <Müller>, A&B')


# --- whole replies ---------------------------------------------------------------------------


def test_task_created() -> None:
    view = make_view(title="Raum <buchen>", owners=(VERA,), due_at=FRIDAY_END)
    assert render_task_created(view, BERLIN, "de", NOW) == (
        "✅ Aufgabe <b>#3</b> angelegt: Raum &lt;buchen&gt;\n"
        '👤 <a href="tg://user?id=101">Vera</a>\n'
        "📅 bis Fr, 21.06.2024"
    )
    assert render_task_created(make_view(), BERLIN, "en", NOW) == (
        "✅ Task <b>#3</b> created: Flyer drucken"
    )


def test_task_list() -> None:
    views = [make_view(1, "Eins"), make_view(2, "Zwei", status=TaskStatus.DONE)]
    assert render_task_list("HEAD", views, BERLIN, "de", NOW) == (
        "HEAD\n▫️ <b>#1</b> Eins\n✅ <b>#2</b> <s>Zwei</s> · erledigt"
    )


def test_grouped_task_list() -> None:
    views = [
        make_view(1, "Nord eins", chat_id=-2, chat_title="Ortsverein <Nord>"),
        make_view(1, "Stadt eins", chat_id=-1, chat_title="Stadtvorstand"),
        make_view(2, "Nord zwei", chat_id=-2, chat_title="Ortsverein <Nord>"),
        make_view(2, "Stadt zwei", chat_id=-1, chat_title="Stadtvorstand"),
    ]
    rendered = render_grouped_task_list("HEAD", views, BERLIN, "de", NOW)
    assert rendered == (
        "HEAD\n"
        "\n<b>Ortsverein &lt;Nord&gt;</b>\n"
        "▫️ <b>#1</b> Nord eins\n"
        "▫️ <b>#2</b> Nord zwei\n"
        "\n<b>Stadtvorstand</b>\n"
        "▫️ <b>#1</b> Stadt eins\n"
        "▫️ <b>#2</b> Stadt zwei"
    )
    check_telegram_html(rendered)


# --- split_message ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, ["short"]),
        ("aaaa\nbbbb", 9, ["aaaa\nbbbb"]),
        ("aaaa\nbbbb", 8, ["aaaa", "bbbb"]),
        ("aa\nbb\ncc\ndd", 5, ["aa\nbb", "cc\ndd"]),
        ("<b>x</b>\n<b>y</b>", 10, ["<b>x</b>", "<b>y</b>"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),  # a single over-long line is cut hard
        ("a\n" + "x" * 12 + "\nb", 10, ["a", "x" * 10, "xx\nb"]),
        (" \n" + "x" * 10, 10, ["x" * 10]),  # never a blank message
        (" \n" + "x" * 12, 10, ["x" * 10, "xx"]),
        ("x" * 10 + "\n" + " " * 12, 10, ["x" * 10]),
        ("", 10, [""]),
    ],
)
def test_split_message(text: str, limit: int, expected: list[str]) -> None:
    assert split_message(text, limit) == expected


def test_split_long_task_list_at_telegram_limit() -> None:
    views = [make_view(n, f"Aufgabe Nummer {n} " + "x" * 80, owners=(VERA,)) for n in range(1, 201)]
    text = render_task_list("📋 <b>Offene Aufgaben</b> (200)", views, BERLIN, "de", NOW)
    assert len(text) > 3 * 4096
    chunks = split_message(text)
    assert len(chunks) >= 4
    assert all(len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks) == text
    for chunk in chunks:
        check_telegram_html(chunk)


html_line = st.builds(
    lambda tag, body: f"<{tag}>{body}</{tag}>",
    st.sampled_from(["b", "i", "s", "code"]),
    st.text(st.characters(max_codepoint=0xFFFF, exclude_characters="<>&\n"), max_size=60),
)
plain_line = st.text(st.characters(max_codepoint=0xFFFF, exclude_characters="\n"), max_size=80)
# no line is longer than the smallest limit (in UTF-16 units, as split_message counts; hence
# no characters beyond the BMP, which count two), so none may be cut


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(html_line, plain_line), max_size=60), st.integers(80, 400))
def test_split_message_properties(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)
    chunks = split_message(text, limit)
    assert chunks
    assert all(len(chunk) <= limit for chunk in chunks)
    # every line survives, whole and in order; the joins between chunks are the line breaks
    chunk_lines = [part for chunk in chunks for part in chunk.split("\n")]
    assert [x for x in chunk_lines if x.strip()] == [x for x in lines if x.strip()]
    if all(x.strip() for x in lines):
        assert "\n".join(chunks) == text
    if any(x.strip() for x in lines):
        assert all(chunk.strip() for chunk in chunks)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=120),
    st.lists(st.tuples(st.text(min_size=1, max_size=40), st.none() | st.integers(1, 2**40))),
    st.sampled_from(list(TaskStatus)),
)
def test_any_title_and_names_render_as_valid_html(
    title: str, owners: list[tuple[str, int | None]], status: TaskStatus
) -> None:
    refs = tuple(OwnerRef(name, user_id) for name, user_id in owners)
    rendered = line(make_view(title=title, status=status, owners=refs, due_at=FRIDAY_END))
    check_telegram_html(rendered)
    shown = visible_text(rendered)
    assert title in shown
    assert all(name in shown for name, _ in owners)


# --- i18n: days and due dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "de", "en"),
    [
        (datetime(2024, 6, 21, 12, tzinfo=UTC), "Fr, 21.06.2024", "Fri, 21 Jun 2024"),
        (datetime(2024, 6, 17, 12, tzinfo=UTC), "Mo, 17.06.2024", "Mon, 17 Jun 2024"),
        (datetime(2024, 6, 23, 12, tzinfo=UTC), "So, 23.06.2024", "Sun, 23 Jun 2024"),
        (datetime(2024, 3, 5, 12, tzinfo=UTC), "Di, 05.03.2024", "Tue, 5 Mar 2024"),
        (datetime(2025, 12, 31, 12, tzinfo=UTC), "Mi, 31.12.2025", "Wed, 31 Dec 2025"),
    ],
)
def test_format_day(moment: datetime, de: str, en: str) -> None:
    assert format_day(moment, "de") == de
    assert format_day(moment, "en") == en


@pytest.mark.parametrize(
    ("due_utc", "has_time", "de", "en"),
    [
        # summer (UTC+2) and winter (UTC+1): both are 18:00 on the wall clock
        (datetime(2024, 7, 15, 16, 0, tzinfo=UTC), True, "Mo, 15.07.2024, 18:00 Uhr", None),
        (datetime(2024, 1, 15, 17, 0, tzinfo=UTC), True, "Mo, 15.01.2024, 18:00 Uhr", None),
        (datetime(2024, 7, 15, 16, 0, tzinfo=UTC), True, None, "Mon, 15 Jul 2024, 18:00"),
        # late UTC evening is the next local day
        (datetime(2024, 6, 21, 22, 30, tzinfo=UTC), True, "Sa, 22.06.2024, 00:30 Uhr", None),
        # a date-only due date is stored as 23:59:59 local time
        (FRIDAY_END, False, "Fr, 21.06.2024", "Fri, 21 Jun 2024"),
        (datetime(2024, 1, 19, 22, 59, 59, tzinfo=UTC), False, "Fr, 19.01.2024", None),
        # around the DST changes: 31.03. 01:30 UTC is 03:30 CEST; 27.10. 01:30 UTC 02:30 CET
        (datetime(2024, 3, 31, 1, 30, tzinfo=UTC), True, "So, 31.03.2024, 03:30 Uhr", None),
        (datetime(2024, 10, 27, 1, 30, tzinfo=UTC), True, "So, 27.10.2024, 02:30 Uhr", None),
    ],
)
def test_format_due_in_local_time(
    due_utc: datetime, has_time: bool, de: str | None, en: str | None
) -> None:
    if de is not None:
        assert format_due(due_utc, has_time, BERLIN, "de") == de
    if en is not None:
        assert format_due(due_utc, has_time, BERLIN, "en") == en


def test_format_due_uses_the_given_zone() -> None:
    due = datetime(2024, 6, 21, 16, 0, tzinfo=UTC)
    assert format_due(due, True, ZoneInfo("America/New_York"), "en") == "Fri, 21 Jun 2024, 12:00"
    assert format_due(due, True, ZoneInfo("Asia/Tokyo"), "en") == "Sat, 22 Jun 2024, 01:00"


def test_format_day_keeps_each_language_apart_when_asked_again() -> None:
    # the day's text is remembered: asking again, in either order, must not mix the languages
    moment = datetime(2031, 2, 7, 9, tzinfo=UTC)
    asked = [format_day(moment, "en"), format_day(moment, "de"), format_day(moment, "en")]
    assert asked == ["Fri, 7 Feb 2031", "Fr, 07.02.2031", "Fri, 7 Feb 2031"]
    assert format_day(moment.replace(hour=23), "de") == "Fr, 07.02.2031"
