"""A page of `/aufgaben` reads only its own tasks (`storage.tasks.open_task_page`): checked
against the whole list as `list_tasks` reads it, page by page, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.reminders.schedule import PLANNER
from storage.audit import Actor
from storage.chats import ensure_chat
from storage.database import Database
from storage.models import TaskKind, TaskStatus
from storage.tasks import OwnerRef, TaskWindow, create_task, list_tasks, open_task_page, set_status
from tests.handlers.conftest import GROUP, VERA, ChatHarness

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
CHAT = -100424242


def new_board(session: Session) -> None:
    ensure_chat(
        session, CHAT, "supergroup", "Vorstand", timezone="Europe/Berlin", now=NOW, planner=PLANNER
    )


def board_with_tasks(db: Database) -> None:
    """27 open tasks (some without a date, dates out of order, two sharing one), 4 follow-ups,
    a plain reminder and a done task, which no page shows."""
    with db.transaction() as session:
        new_board(session)
        for n in range(32):
            kind = TaskKind.FOLLOWUP if n % 8 == 3 else TaskKind.TASK
            due = None if n % 5 == 0 else NOW + timedelta(days=(n * 7) % 11)
            owners = (
                [OwnerRef("Vera", 1)] if n % 3 == 0 else [OwnerRef("Nicole"), OwnerRef("Daniel")]
            )
            create_task(
                session,
                chat_id=CHAT,
                title=f"Aufgabe {n}",
                owners=owners,
                due_at=due,
                due_has_time=False,
                created_by_id=1,
                created_by_name="Vera",
                now=NOW,
                planner=PLANNER,
                kind=kind,
            )
        for kind in (TaskKind.REMINDER, TaskKind.TASK):
            view = create_task(
                session,
                chat_id=CHAT,
                title="nicht in der Liste",
                owners=[],
                due_at=NOW,
                due_has_time=False,
                created_by_id=1,
                created_by_name="Vera",
                now=NOW,
                planner=PLANNER,
                kind=kind,
            )
        set_status(session, view.task, TaskStatus.DONE, Actor(1, "Vera"), NOW, planner=PLANNER)


def numbers(window: TaskWindow) -> list[int]:
    return [view.task.number for view in window[window.offset : window.offset + len(window.views)]]


@pytest.mark.parametrize("owner", [None, 1])
def test_every_page_is_the_slice_of_the_whole_list(db: Database, owner: int | None) -> None:
    board_with_tasks(db)
    kinds = (TaskKind.TASK, TaskKind.FOLLOWUP) if owner is None else (TaskKind.TASK,)
    with db.transaction() as session:
        whole = {
            kind: list_tasks(session, CHAT, kinds=(kind,), owner_user_id=owner) for kind in kinds
        }
        order = [view for kind in kinds for view in whole[kind]]
        size = 10 if owner is None else 3
        pages = -(-len(order) // size)
        assert pages >= 2
        for page in range(1, pages + 1):
            read = open_task_page(session, CHAT, page, size, kinds=kinds, owner_user_id=owner)
            assert read.number == page
            shown = [n for kind in kinds for n in numbers(read.sections[kind])]
            expected = [v.task.number for v in order[(page - 1) * size : page * size]]
            assert shown == expected
            for kind in kinds:
                assert len(read.sections[kind]) == len(whole[kind])
                owners = {v.task.number: v.owners for v in whole[kind]}
                for view in read.sections[kind].views:
                    assert view.owners == owners[view.task.number]
        past_the_end = open_task_page(
            session, CHAT, pages + 5, size, kinds=kinds, owner_user_id=owner
        )
        assert past_the_end.number == pages
        last = [n for kind in kinds for n in numbers(past_the_end.sections[kind])]
        assert last == [v.task.number for v in order[(pages - 1) * size :]]


def test_an_empty_list_is_page_one_of_nothing(db: Database) -> None:
    with db.transaction() as session:
        new_board(session)
        read = open_task_page(session, CHAT, 3, 10, kinds=(TaskKind.TASK, TaskKind.FOLLOWUP))
    assert read.number == 1
    assert [len(window) for window in read.sections.values()] == [0, 0]


def test_a_window_refuses_items_it_did_not_read() -> None:
    window = TaskWindow(30, 10, [])
    assert window[10:10] == []
    with pytest.raises(IndexError):
        window[0:5]
    with pytest.raises(IndexError):
        window[12]


async def test_a_long_list_shows_its_counts_and_only_its_page(
    chat: ChatHarness, db: Database
) -> None:
    """Through the bot: 45 tasks, the header counts all of them, page 1 shows the first ten."""
    await chat.send(VERA, GROUP, "/hilfe")
    with db.transaction() as session:
        for n in range(45):
            create_task(
                session,
                chat_id=GROUP["id"],
                title=f"Punkt {n:02d}",
                owners=[],
                due_at=NOW + timedelta(days=n),
                due_has_time=False,
                created_by_id=VERA["id"],
                created_by_name="Vera",
                now=NOW,
                planner=PLANNER,
            )
    reply = await chat.say(VERA, GROUP, "/aufgaben")
    assert "45" in reply
    assert "Punkt 00" in reply and "Punkt 09" in reply and "Punkt 10" not in reply
