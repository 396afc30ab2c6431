"""Data access for tasks: small functions that take a session and do one thing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, overload

from sqlalchemy import Executable, bindparam, case, or_, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from storage import core
from storage.agenda import current_item_id
from storage.audit import Actor, owner_entry, record_event
from storage.models import Counter, Task, TaskKind, TaskOwner, TaskStatus
from storage.planning import ReminderPlanner
from storage.reminders import sync_task_reminders


@dataclass(frozen=True)
class OwnerRef:
    """Someone a task belongs to: a known Telegram user, or a name typed in the chat."""

    name: str
    user_id: int | None = None
    username: str | None = None
    # named by a board role (`@kassierer`): the key the owner follows (storage.roster)
    role: str | None = None


@dataclass(frozen=True)
class TaskView:
    """A task with its owners, as the renderer needs it."""

    task: Task
    owners: list[OwnerRef] = field(default_factory=list)
    chat_title: str | None = None


@cache
def _next_number_statement() -> Executable:
    table = Counter.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(table.c.chat_id == bindparam("b_chat"), table.c.name == bindparam("b_name"))
        .values(value=table.c.value + 1)
        .returning(table.c.value)
    )


def next_number(session: Session, chat_id: int, name: str) -> int:
    """Hand out the next per-chat number; the row lock keeps two writers from sharing one."""
    statement = _next_number_statement()
    result = core.execute(session, statement, {"b_chat": chat_id, "b_name": name}).scalar()
    if result is not None:
        return int(result)
    session.add(Counter(chat_id=chat_id, name=name, value=1))
    session.flush()
    return 1


def create_task(
    session: Session,
    *,
    chat_id: int,
    title: str,
    owners: Sequence[OwnerRef],
    due_at: datetime | None,
    due_has_time: bool,
    created_by_id: int | None,
    created_by_name: str,
    now: datetime,
    planner: ReminderPlanner,
    kind: TaskKind = TaskKind.TASK,
    recurrence: str | None = None,
    meeting_id: int | None = None,
    decision_id: int | None = None,
    title_from_reply: bool = False,
    message_thread_id: int | None = None,
) -> TaskView:
    """Store a new task (or follow-up or plain reminder) and schedule its reminders;
    `message_thread_id` is the forum topic it was created in (its reminders go there)."""
    task = Task(
        chat_id=chat_id,
        number=next_number(session, chat_id, "task"),
        kind=kind.value,
        recurrence=recurrence,
        title=title,
        due_at=due_at,
        due_has_time=due_has_time,
        created_by_id=created_by_id,
        created_by_name=created_by_name,
        created_at=now,
        updated_at=now,
        meeting_id=meeting_id,
        agenda_item_id=current_item_id(session, meeting_id),
        decision_id=decision_id,
        title_from_reply=title_from_reply,
        message_thread_id=message_thread_id,
    )
    session.add(task)
    session.flush()
    _store_owners(session, task, owners)
    after = {
        "kind": task.kind,
        "title": title,
        "owners": owner_entries(owners),
        "due": due_value(due_at, due_has_time),
    }
    actor = Actor(created_by_id, created_by_name)
    log_task_change(session, task, "create", actor, now, None, after)
    sync_task_reminders(session, task, now, planner=planner, new=True)
    return TaskView(task, list(owners))


def owner_entries(owners: Iterable[OwnerRef]) -> list[dict[str, Any]]:
    return [owner_entry(owner.name, owner.user_id) for owner in owners]


def _store_owners(session: Session, task: Task, owners: Sequence[OwnerRef]) -> None:
    assert task.id is not None
    rows = [
        {
            "task_id": task.id,
            "position": position,
            "user_id": owner.user_id,
            "username": owner.username,
            "name": owner.name,
            "role": owner.role,
        }
        for position, owner in enumerate(owners)
    ]
    core.insert_rows(session, TaskOwner.__table__, rows)  # type: ignore[attr-defined]


def get_tasks(session: Session, chat_id: int, numbers: Iterable[int]) -> dict[int, Task]:
    """The chat's tasks with these numbers, keyed by number (missing numbers are absent)."""
    wanted = set(numbers)
    if not wanted:
        return {}
    rows = session.exec(
        select(Task).where(Task.chat_id == chat_id, col(Task.number).in_(wanted))
    ).all()
    return {task.number: task for task in rows}


@cache
def _owners_statement() -> Executable:
    table = TaskOwner.__table__  # type: ignore[attr-defined]
    columns = (table.c.task_id, table.c.name, table.c.user_id, table.c.username, table.c.role)
    return (
        select_columns(*columns)
        .where(table.c.task_id.in_(bindparam("ids", expanding=True)))
        .order_by(table.c.task_id, table.c.position)
    )


def owners_by_task(session: Session, tasks: Sequence[Task]) -> dict[int, list[OwnerRef]]:
    ids = [t.id for t in tasks if t.id is not None]
    result: dict[int, list[OwnerRef]] = {task_id: [] for task_id in ids}
    if not ids:
        return result
    statement = _owners_statement()
    for task_id, name, user_id, username, role in core.execute(session, statement, {"ids": ids}):
        result[task_id].append(OwnerRef(name, user_id, username, role))
    return result


def view_tasks(
    session: Session, tasks: Sequence[Task], chat_titles: dict[int, str] | None = None
) -> list[TaskView]:
    owners = owners_by_task(session, tasks)
    titles = chat_titles or {}
    return [
        TaskView(task, owners.get(task.id or 0, []), titles.get(task.chat_id)) for task in tasks
    ]


def _display_order() -> tuple[Any, ...]:
    # Earliest due first puts the overdue ones on top; tasks without a date come last.
    return col(Task.due_at).is_(None), col(Task.due_at), col(Task.number)


def _ordered(query: SelectOfScalar[Task]) -> SelectOfScalar[Task]:
    return query.order_by(*_display_order())


def _list_conditions(
    chat_id: int,
    statuses: Sequence[TaskStatus],
    kinds: Sequence[TaskKind],
    overdue_before: datetime | None,
    owner_user_id: int | None,
    owner_name: str | None,
) -> list[Any]:
    conditions: list[Any] = [
        Task.chat_id == chat_id,
        col(Task.status).in_([s.value for s in statuses]),
        col(Task.kind).in_([k.value for k in kinds]),
    ]
    if overdue_before is not None:
        conditions.append(col(Task.due_at) < overdue_before)
    if owner_user_id is not None or owner_name is not None:
        owner_match = []
        if owner_user_id is not None:
            owner_match.append(col(TaskOwner.user_id) == owner_user_id)
        if owner_name is not None:
            owner_match.append(func.lower(TaskOwner.name) == owner_name.lower())
            owner_match.append(func.lower(TaskOwner.username) == owner_name.lower())
        conditions.append(col(Task.id).in_(select(TaskOwner.task_id).where(or_(*owner_match))))
    return conditions


def list_tasks(
    session: Session,
    chat_id: int,
    *,
    statuses: Sequence[TaskStatus] = (TaskStatus.OPEN,),
    kinds: Sequence[TaskKind] = (TaskKind.TASK,),
    overdue_before: datetime | None = None,
    owner_user_id: int | None = None,
    owner_name: str | None = None,
) -> list[TaskView]:
    """A chat's tasks in display order, filtered by status, lateness or owner."""
    conditions = _list_conditions(
        chat_id, statuses, kinds, overdue_before, owner_user_id, owner_name
    )
    return view_tasks(session, session.exec(_ordered(select(Task).where(*conditions))).all())


class TaskWindow(Sequence[TaskView]):
    """A list's tasks of which only one window was read: its length is the whole list's, and
    only the items from `offset` on that `views` holds can be asked for (a page of `/aufgaben`
    shows ten tasks of a list that may hold hundreds; reading every task and its owners as
    objects cost more than all the rest of the command, BENCHMARKS.md)."""

    def __init__(self, length: int, offset: int, views: Sequence[TaskView]) -> None:
        self.length, self.offset, self.views = length, offset, list(views)

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> TaskView: ...
    @overload
    def __getitem__(self, index: slice) -> list[TaskView]: ...
    def __getitem__(self, index: int | slice) -> TaskView | list[TaskView]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, step = index.indices(self.length)
        if step != 1 or (start < stop and not self._holds(start, stop)):
            raise IndexError(f"items {start}–{stop} of this list were not read")
        return self.views[start - self.offset : stop - self.offset]

    def _holds(self, start: int, stop: int) -> bool:
        return self.offset <= start and stop <= self.offset + len(self.views)


@dataclass(frozen=True)
class TaskPage:
    """One page of a chat's open tasks: per kind the whole list's length with the page's
    tasks (`TaskWindow`), and which page of how many it is (moved into range)."""

    sections: dict[TaskKind, TaskWindow]
    number: int


def open_task_page(
    session: Session,
    chat_id: int,
    page: int,
    size: int,
    *,
    kinds: Sequence[TaskKind] = (TaskKind.TASK,),
    owner_user_id: int | None = None,
) -> TaskPage:
    """Page `page` (1-based; past the end: the last) of a chat's open tasks of `kinds`, the
    kinds one after the other, each in display order (`list_tasks`), optionally one member's.
    One query reads the page's tasks and every kind's count (window functions): the list may
    hold hundreds of tasks, of which a page shows `size`."""
    conditions = _list_conditions(chat_id, (TaskStatus.OPEN,), kinds, None, owner_user_id, None)
    counts = [func.sum(case((col(Task.kind) == kind.value, 1), else_=0)).over() for kind in kinds]
    rank = case({kind.value: position for position, kind in enumerate(kinds)}, value=Task.kind)
    number = max(page, 1)
    while True:
        query = (
            select_columns(Task, *counts)
            .where(*conditions)
            .order_by(rank, *_display_order())
            .offset((number - 1) * size)
            .limit(size)
        )
        rows = session.execute(query).all()
        if rows or number == 1:
            break
        total = session.exec(select(func.count()).select_from(Task).where(*conditions)).one()
        number = max(1, -(-total // size))  # the list got shorter: its last page
    found = [row[0] for row in rows]
    lengths = [int(value or 0) for value in rows[0][1:]] if rows else [0 for _ in kinds]
    views = view_tasks(session, found)
    sections: dict[TaskKind, TaskWindow] = {}
    before, start = 0, (number - 1) * size
    for kind, length in zip(kinds, lengths, strict=True):
        mine = [view for view in views if view.task.kind == kind.value]
        sections[kind] = TaskWindow(length, max(start - before, 0), mine)
        before += length
    return TaskPage(sections, number)


def list_open_tasks_in_chats(
    session: Session, chats: dict[int, str], owner_user_id: int | None = None
) -> list[TaskView]:
    """Open tasks in several chats (chat id → title), optionally only this user's."""
    if not chats:
        return []
    query = select(Task).where(
        col(Task.chat_id).in_(list(chats)),
        Task.status == TaskStatus.OPEN.value,
        Task.kind != TaskKind.REMINDER.value,
    )
    if owner_user_id is not None:
        query = query.where(
            col(Task.id).in_(select(TaskOwner.task_id).where(TaskOwner.user_id == owner_user_id))
        )
    return view_tasks(session, session.exec(_ordered(query)).all(), chats)


STATUS_ACTIONS = {
    TaskStatus.DONE: "done",
    TaskStatus.OPEN: "reopen",
    TaskStatus.CANCELLED: "cancel",
}


def due_value(due_at: datetime | None, has_time: bool) -> str | None:
    """A due date as the audit trail keeps it: ISO UTC, date-only marked by `~date`."""
    if due_at is None:
        return None
    return due_at.isoformat() if has_time else due_at.isoformat() + "~date"


def log_task_change(
    session: Session,
    task: Task,
    action: str,
    actor: Actor,
    now: datetime,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    record_event(
        session,
        chat_id=task.chat_id,
        item_type="task",
        item_number=task.number,
        action=action,
        actor=actor,
        now=now,
        before=before,
        after=after,
    )


def set_status(
    session: Session,
    task: Task,
    status: TaskStatus,
    actor: Actor,
    now: datetime,
    *,
    planner: ReminderPlanner,
) -> None:
    """Done, reopened or cancelled; pending reminders follow."""
    before = {"status": task.status}
    task.status = status.value
    task.updated_at = now
    if status is TaskStatus.OPEN:
        task.closed_at, task.closed_by_id, task.closed_by_name = None, None, None
    else:
        task.closed_at, task.closed_by_id, task.closed_by_name = now, actor.id, actor.name
    session.add(task)
    log_task_change(session, task, STATUS_ACTIONS[status], actor, now, before, {"status": status})
    sync_task_reminders(session, task, now, planner=planner)


def replace_owners(
    session: Session,
    task: Task,
    owners: Sequence[OwnerRef],
    actor: Actor,
    now: datetime,
    *,
    action: str = "assign",
) -> None:
    """The task's owners become `owners`; the audit entry says `action` (`assign`, or
    `handover` and `role_moved` for the board's roster: storage.roster)."""
    old = session.exec(
        select(TaskOwner).where(TaskOwner.task_id == task.id).order_by(col(TaskOwner.position))
    ).all()
    before = {"owners": [owner_entry(row.name, row.user_id) for row in old]}
    for row in old:
        session.delete(row)
    session.flush()
    _store_owners(session, task, owners)
    task.updated_at = now
    session.add(task)
    after = {"owners": owner_entries(owners)}
    log_task_change(session, task, action, actor, now, before, after)


def set_due(
    session: Session,
    task: Task,
    due_at: datetime | None,
    has_time: bool,
    actor: Actor,
    now: datetime,
    *,
    planner: ReminderPlanner,
) -> None:
    """A new due date (or none); the task's reminders are rescheduled."""
    before = {"due": due_value(task.due_at, task.due_has_time)}
    task.due_at, task.due_has_time, task.updated_at = due_at, has_time, now
    session.add(task)
    log_task_change(session, task, "due", actor, now, before, {"due": due_value(due_at, has_time)})
    sync_task_reminders(session, task, now, planner=planner)


def set_title(session: Session, task: Task, title: str, actor: Actor, now: datetime) -> None:
    before = {"title": task.title}
    task.title, task.updated_at = title, now
    session.add(task)
    log_task_change(session, task, "edit", actor, now, before, {"title": title})
