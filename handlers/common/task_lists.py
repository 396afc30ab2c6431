"""The paged task lists, read from storage: what `/aufgaben` and `/meine` show and what a press
on one of their buttons shows again (handlers.lists).

A list is named by its kind and where it is shown: `open` in a group is the group's open tasks
and follow-ups, `open` in a private chat the open tasks of all the member's groups, `mine` the
member's tasks in a group, `my` the member's tasks of all their groups in a private chat. Each
call reads the list anew, so a page always shows the data of that moment.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.i18n import Language, t
from bot.render.pages import PAGE_SIZE, ListPage, ListSection, by_group, render_list_page
from storage.chats import member_chats
from storage.models import Chat, TaskKind
from storage.tasks import TaskView, list_open_tasks_in_chats, open_task_page

GROUP_KINDS = ("open", "mine")
PRIVATE_KINDS = ("open", "my")


@dataclass(frozen=True)
class ListScope:
    """Whose list, where: the group (None in a private chat), the member whose tasks `mine` and
    `my` show, and in a private chat the member's groups (id → title)."""

    kind: str
    chat_id: int | None
    user_id: int
    groups: dict[int, str]

    def shows(self, chat_id: int) -> bool:
        """Whether the list shows this group's tasks."""
        return chat_id == self.chat_id if self.chat_id is not None else chat_id in self.groups


def member_groups(
    session: Session, user_id: int, allowed: Collection[int], withheld: Collection[int]
) -> dict[int, str]:
    """The groups the member is in (and the bot serves: `allowed`, empty for any), id → title;
    without those whose membership Telegram could not confirm just now (`withheld`)."""
    chats = member_chats(session, user_id, allowed or None)
    return {chat.id: chat.title for chat in chats if chat.id not in withheld}


def _sections(
    session: Session, scope: ListScope, page: int, lang: Language
) -> tuple[list[ListSection], str, int]:
    """The list's sections, the text shown when it has no items at all, and the page to show
    (moved into range). A group's list reads only that page's tasks (`open_task_page`)."""
    views: Sequence[TaskView]
    if scope.chat_id is None:
        owner = scope.user_id if scope.kind == "my" else None
        views = by_group(list_open_tasks_in_chats(session, scope.groups, owner_user_id=owner))
        header_key = "mine_header" if owner is not None else "list_open_header"
        empty = "mine_private_empty" if owner is not None else "private_list_empty"
        return [ListSection(t(lang, header_key, count=len(views)), views)], t(lang, empty), page
    if scope.kind == "mine":
        mine = open_task_page(session, scope.chat_id, page, PAGE_SIZE, owner_user_id=scope.user_id)
        views = mine.sections[TaskKind.TASK]
        header = t(lang, "mine_header", count=len(views))
        return [ListSection(header, views)], t(lang, "mine_empty"), mine.number
    # one query for both sections (this is the most used command); the order is kept
    kinds = (TaskKind.TASK, TaskKind.FOLLOWUP)
    both = open_task_page(session, scope.chat_id, page, PAGE_SIZE, kinds=kinds)
    tasks, followups = both.sections[TaskKind.TASK], both.sections[TaskKind.FOLLOWUP]
    empty = t(lang, "list_empty")
    sections = [
        ListSection(t(lang, "list_open_header", count=len(tasks)), tasks, empty),
        ListSection(t(lang, "list_followups_header", count=len(followups)), followups),
    ]
    return sections, empty, both.number


def list_page(
    session: Session, scope: ListScope, page: int, tz: ZoneInfo, lang: Language, now: datetime
) -> ListPage:
    """Page `page` of the list (the last one if the list got shorter); without buttons when
    the list is empty."""
    sections, empty, page = _sections(session, scope, page, lang)
    if not any(len(section.views) for section in sections):
        return ListPage(empty, [])
    private = scope.chat_id is None
    return render_list_page(
        scope.kind,
        sections,
        page,
        tz,
        lang,
        now,
        grouped=private,
        with_due=scope.kind == "my",
    )


def announces_private_changes(chat: Chat) -> bool:
    """Whether the group hears, in one line, of a change a member made in a private chat: the
    group's setting where the chat has one (`announce_changes`, /einstellungen), else always."""
    return bool(getattr(chat, "announce_changes", True))
