"""Task lists as pages: one message of at most `PAGE_SIZE` items with a button per item that
ticks it off, and `◀ n/m ▶` when the list has more than one page.

The flow: a handler reads the list (`ListSection`s: a heading and its items, in display
order, overdue first as storage orders them), `render_list_page` cuts out the wanted page and
returns its text and buttons. A press re-renders the same page from the data of that moment,
so a page is always as long as one page: an old list can never grow past Telegram's limit
(`cap_message` guards the rest, e.g. ten titles of 500 characters).

The callback data (handlers.common.list_presses parses it):

    l:<kind>:<page>              show page <page> (1-based) of a list
    i:<task id>:<kind>:<page>    tick the task off, then show that page again
    t:<task id>:due              the due-date picker (handlers of part C), private `my` lists

List kinds: `open` (/aufgaben; in a private chat: all my groups), `mine` (/meine in a group),
`my` (/meine in a private chat: my tasks of all my groups).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Protocol, TypeVar
from zoneinfo import ZoneInfo

from bot.i18n import Language, t
from bot.render.html_split import cap_message, more_marker
from bot.render.keyboards import Button, Keyboard
from bot.render.tasks import grouped_lines, render_task_line
from bot.render.views import Owner, Task

PAGE_SIZE: Final = 10
LIST_KINDS: Final = ("open", "mine", "my")
MAX_PAGE: Final = 9999  # the data carries at most four digits
TICKS_PER_ROW: Final = 5  # `#12 ✅` fits five times across a phone
ITEMS_PER_ROW_WITH_DUE: Final = 2  # `#12 ✅` `#12 📅` twice
LIST_TITLE_LIMIT: Final = 150  # characters of a title a page line shows


class ListedTask(Task, Protocol):
    """A stored task: the renderers' `Task` with its database id (the buttons carry it)."""

    @property
    def id(self) -> int | None: ...


class ListedView(Protocol):
    """A task of a list with its owners and, in a private chat's lists, its group's title."""

    @property
    def task(self) -> ListedTask: ...
    @property
    def owners(self) -> Sequence[Owner]: ...
    @property
    def chat_title(self) -> str | None: ...


ViewT = TypeVar("ViewT", bound=ListedView)


@dataclass(frozen=True)
class ListSection:
    """A heading and its items; `empty` (if given) stands on the first page when it has none."""

    header: str
    views: Sequence[ListedView]
    empty: str | None = None


@dataclass(frozen=True)
class PageSpan:
    """Which items a page shows: `number` of `count` pages (1-based), items [start, stop)."""

    number: int
    count: int
    start: int
    stop: int


@dataclass(frozen=True)
class ListPage:
    text: str
    keyboard: Keyboard


def page_span(total: int, wanted: int, size: int = PAGE_SIZE) -> PageSpan:
    """The page `wanted` of a list of `total` items, moved into range: a page past the end
    (the list got shorter since) is the last one, anything below 1 the first."""
    count = max(1, -(-total // size))
    number = min(max(wanted, 1), count)
    start = (number - 1) * size
    return PageSpan(number, count, start, min(start + size, total))


def list_data(kind: str, page: int) -> str:
    return f"l:{kind}:{page}"


def item_data(task_id: int, kind: str, page: int) -> str:
    return f"i:{task_id}:{kind}:{page}"


def due_data(task_id: int) -> str:
    return f"t:{task_id}:due"


def _section_lines(
    views: Sequence[ListedView], grouped: bool, tz: ZoneInfo, lang: Language, now: datetime
) -> list[str]:
    """The page's lines of one section; in a private chat under a heading per group."""
    if grouped:
        return grouped_lines(views, tz, lang, now, LIST_TITLE_LIMIT)
    return [render_task_line(view, tz, lang, now, LIST_TITLE_LIMIT) for view in views]


def _page_views(
    sections: Sequence[ListSection], span: PageSpan
) -> list[tuple[ListSection, Sequence[ListedView]]]:
    """Each section with the items of it the page shows (only those are read: a section's
    views may be read lazily, slice by slice)."""
    shown: list[tuple[ListSection, Sequence[ListedView]]] = []
    offset = 0
    for section in sections:
        size = len(section.views)
        first, last = max(span.start - offset, 0), min(span.stop - offset, size)
        offset += size
        shown.append((section, section.views[first:last] if first < last else []))
    return shown


def _page_text(
    shown: Sequence[tuple[ListSection, Sequence[ListedView]]],
    span: PageSpan,
    grouped: bool,
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
) -> str:
    blocks: list[str] = []
    for section, views in shown:
        if views:
            lines = _section_lines(views, grouped, tz, lang, now)
            blocks.append("\n".join([section.header, *lines]))
        elif not section.views and section.empty is not None and span.number == 1:
            blocks.append(section.empty)
    return "\n\n".join(blocks)


def _item_rows(
    views: Sequence[ListedView], kind: str, page: int, lang: Language, with_due: bool
) -> list[list[Button]]:
    buttons: list[Button] = []
    for view in views:
        task_id, number = view.task.id or 0, view.task.number
        buttons.append(
            Button(t(lang, "list_tick_button", number=number), item_data(task_id, kind, page))
        )
        if with_due:
            buttons.append(Button(t(lang, "list_due_button", number=number), due_data(task_id)))
    per_row = ITEMS_PER_ROW_WITH_DUE * 2 if with_due else TICKS_PER_ROW
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _nav_row(kind: str, span: PageSpan) -> list[Button]:
    """◀ n/m ▶; the arrows wrap around, the middle shows the page again (a refresh)."""
    previous = span.number - 1 if span.number > 1 else span.count
    following = span.number + 1 if span.number < span.count else 1
    return [
        Button("◀", list_data(kind, previous)),
        Button(f"{span.number}/{span.count}", list_data(kind, span.number)),
        Button("▶", list_data(kind, following)),
    ]


def render_list_page(
    kind: str,
    sections: Sequence[ListSection],
    wanted: int,
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
    *,
    grouped: bool = False,
    with_due: bool = False,
) -> ListPage:
    """Page `wanted` of the list (moved into range, `page_span`): its text and its buttons.
    `grouped` puts the items under their group's title (private chats, items sorted by
    group); `with_due` adds a `📅` button per item (the private `my` list)."""
    span = page_span(sum(len(section.views) for section in sections), wanted)
    shown = _page_views(sections, span)
    text = cap_message(_page_text(shown, span, grouped, tz, lang, now), more_marker(lang))
    rows = _item_rows(
        [view for _, views in shown for view in views], kind, span.number, lang, with_due
    )
    if span.count > 1:
        rows.append(_nav_row(kind, span))
    return ListPage(text, rows)


def by_group(views: Sequence[ViewT]) -> list[ViewT]:
    """A private chat's list in the order its pages show it: by group title, then as given."""
    return sorted(views, key=lambda v: (v.chat_title or "", v.task.chat_id))
