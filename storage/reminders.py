"""Data access for reminders: schedule them for a task, claim the due ones, mark the outcome.

Claiming moves rows from `pending` to `sending` in one short transaction. On PostgreSQL the
rows are locked `FOR UPDATE SKIP LOCKED`, so two bot processes never claim the same row; on
SQLite `BEGIN IMMEDIATE` serializes the claim. A row left in `sending` by a crashed process is
claimed again after `CLAIM_LEASE` — or at once, at start-up, when its worker is known to be dead
(`release_claims_of`). Every claim carries a fresh token, and sending and marking happen only
while the row still carries it (`renew_claim`, `mark_*`), so a slow worker whose claim was
taken over cannot send it a second time. After a crash in the few milliseconds between
Telegram's answer and our mark, a reminder may come twice — we prefer that to never.

The functions that plan reminders (`sync_*`, `advance_recurring_task`, `resync_chat`,
`prepare_reminders`) take the `planner` that computes the times (`storage.planning`).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from storage import core
from storage.audit import BOT, record_event
from storage.models import (
    Chat,
    MeetingPlan,
    PlanStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Task,
    TaskKind,
    TaskStatus,
)
from storage.planning import FOLLOWUP_RECURRENCE, ReminderPlanner

CLAIM_LEASE = timedelta(minutes=2)
ERROR_TEXT_LIMIT = 500
NOT_SERVED = "not sent: the chat is not in ALLOWED_CHAT_IDS"


def zone_of(chat: Chat) -> ZoneInfo:
    return ZoneInfo(chat.timezone or "UTC")


def add_reminder(
    session: Session, chat_id: int, kind: ReminderKind, due_at: datetime, task_id: int | None
) -> Reminder:
    reminder = Reminder(chat_id=chat_id, task_id=task_id, kind=kind.value, due_at=due_at)
    session.add(reminder)
    return reminder


def cancel_pending(session: Session, *conditions: Any) -> None:
    """Cancel the pending reminders that match all `conditions`."""
    session.execute(
        update(Reminder)
        .where(col(Reminder.status) == ReminderStatus.PENDING.value, *conditions)
        .values(status=ReminderStatus.CANCELLED.value)
    )


def sync_task_reminders(
    session: Session, task: Task, now: datetime, *, planner: ReminderPlanner, new: bool = False
) -> None:
    """Make the pending reminders of `task` match its state, kind and due date.

    A task gets the day-before, due-day and overdue reminders; a follow-up or plain reminder
    gets one reminder at its next occurrence (`task.due_at`). A `new` task has none to cancel."""
    assert task.id is not None
    if not new:
        session.flush()
        cancel_pending(session, col(Reminder.task_id) == task.id)
    chat = session.get(Chat, task.chat_id)
    if chat is None or task.status != TaskStatus.OPEN or task.due_at is None:
        return
    if task.kind == TaskKind.TASK:
        times = planner.task_reminder_times(
            task.due_at, task.due_has_time, zone_of(chat), chat.reminder_hour, now
        )
        planned = [(ReminderKind(name), when) for name, when in times]
    else:
        kind = ReminderKind.FOLLOWUP if task.kind == TaskKind.FOLLOWUP else ReminderKind.PLAIN
        planned = [(kind, task.due_at)]
    rows = [
        {"chat_id": task.chat_id, "task_id": task.id, "kind": kind.value, "due_at": when}
        for kind, when in planned
    ]
    core.insert_rows(session, Reminder.__table__, rows)  # type: ignore[attr-defined]


def _finish_scheduled(session: Session, task: Task, now: datetime) -> None:
    """A one-off reminder that went out, or a rule that has ended: the task is done."""
    task.status, task.closed_at, task.updated_at = TaskStatus.DONE.value, now, now
    task.closed_by_name = BOT.name
    session.add(task)
    record_event(
        session,
        chat_id=task.chat_id,
        item_type="task",
        item_number=task.number,
        action="done",
        actor=BOT,
        now=now,
        before={"status": "open"},
        after={"status": "done"},
    )


def advance_recurring_task(
    session: Session, task: Task, now: datetime, *, planner: ReminderPlanner
) -> bool:
    """After a follow-up or plain reminder went out: move it to its next occurrence.

    Returns False when there is none (a one-off plain reminder, or a rule that has ended),
    which is then done."""
    chat = session.get(Chat, task.chat_id)
    if chat is None or task.due_at is None or task.status != TaskStatus.OPEN:
        return False
    if task.recurrence:
        recurrence = task.recurrence
    elif task.kind == TaskKind.FOLLOWUP:
        recurrence = FOLLOWUP_RECURRENCE
    else:
        _finish_scheduled(session, task, now)
        return False
    following = planner.next_occurrence(
        recurrence, task.due_at, zone_of(chat), chat.reminder_hour, now
    )
    if following is None:  # the rule's last occurrence (UNTIL) has gone out
        _finish_scheduled(session, task, now)
        return False
    task.due_at = following
    task.updated_at = now
    session.add(task)
    sync_task_reminders(session, task, now, planner=planner)
    return True


def settle(session: Session, reminder_id: int, now: datetime, *, planner: ReminderPlanner) -> None:
    """After a reminder was sent or failed for good: the next digest is planned, a follow-up
    or recurring reminder moves on to its next occurrence (a one-off plain reminder that was
    sent is done). A snoozed copy sent before the series' next occurrence moves nothing."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None:
        return
    if reminder.kind == ReminderKind.DIGEST:
        chat = session.get(Chat, reminder.chat_id)
        if chat is not None:
            sync_digest(session, chat, now, planner=planner)
        return
    if reminder.kind not in (ReminderKind.FOLLOWUP, ReminderKind.PLAIN):
        return
    task = session.get(Task, reminder.task_id) if reminder.task_id else None
    if task is None or task.due_at is None or task.due_at > now:
        return
    recurring = task.recurrence is not None or task.kind == TaskKind.FOLLOWUP
    if reminder.status == ReminderStatus.SENT or recurring:
        advance_recurring_task(session, task, now, planner=planner)


def sync_digest(session: Session, chat: Chat, now: datetime, *, planner: ReminderPlanner) -> None:
    """Keep exactly one pending weekly digest for the chat, or none when it is switched off."""
    cancel_pending(
        session,
        col(Reminder.chat_id) == chat.id,
        col(Reminder.kind) == ReminderKind.DIGEST.value,
    )
    if chat.digest_weekday is not None and chat.active and chat.type != "private":
        when = planner.next_digest_time(chat.digest_weekday, chat.reminder_hour, zone_of(chat), now)
        add_reminder(session, chat.id, ReminderKind.DIGEST, when, None)


def resync_chat(session: Session, chat: Chat, now: datetime, *, planner: ReminderPlanner) -> None:
    """After the chat's time zone or reminder hour changed: recompute its pending reminders."""
    open_tasks = session.exec(
        select(Task).where(Task.chat_id == chat.id, Task.status == TaskStatus.OPEN.value)
    ).all()
    for task in open_tasks:
        if task.kind == TaskKind.TASK:
            sync_task_reminders(session, task, now, planner=planner)
    sync_digest(session, chat, now, planner=planner)
    planned = session.exec(
        select(MeetingPlan).where(
            MeetingPlan.chat_id == chat.id, MeetingPlan.status == PlanStatus.PLANNED.value
        )
    ).all()
    for plan in planned:
        sync_plan_reminders(session, plan, now, planner=planner)


def sync_plan_reminders(
    session: Session, plan: MeetingPlan, now: datetime, *, planner: ReminderPlanner
) -> None:
    """A planned meeting's pending reminders (the day before at the chat's reminder hour, an
    hour before) match its time: a move, or a changed zone or hour, replans them."""
    assert plan.id is not None
    cancel_plan_reminders(session, plan)
    chat = session.get(Chat, plan.chat_id)
    if chat is None or plan.status != PlanStatus.PLANNED:
        return
    for kind, when in planner.meeting_reminder_times(
        plan.starts_at, zone_of(chat), chat.reminder_hour, now
    ):
        reminder = add_reminder(session, plan.chat_id, ReminderKind(kind), when, None)
        reminder.meeting_plan_id = plan.id


def cancel_plan_reminders(session: Session, plan: MeetingPlan) -> None:
    session.flush()
    cancel_pending(session, col(Reminder.meeting_plan_id) == plan.id)


def _claimable(now: datetime, lease: timedelta) -> Any:
    """Due and pending, or left in `sending` by a process that did not finish (the lease)."""
    stale = now - lease
    return or_(
        and_(col(Reminder.status) == ReminderStatus.PENDING.value, col(Reminder.due_at) <= now),
        and_(
            col(Reminder.status) == ReminderStatus.SENDING.value,
            col(Reminder.claimed_at) < stale,
        ),
    )


def claim_due(
    session: Session,
    now: datetime,
    worker: str,
    limit: int = 100,
    per_chat: int | None = None,
    chats: Collection[int] | None = None,
    *,
    lease: timedelta = CLAIM_LEASE,
) -> list[Reminder]:
    """Claim up to `limit` reminders that are due (oldest first) for this worker, at most
    `per_chat` of them for one chat (the rest stay pending for the next claim), only for
    `chats` when given.

    Each claimed row carries a fresh `claim_token`: whoever claims it after the lease ran out
    gets another one, and from then on only they can send and mark it (`renew_claim`)."""
    query = select(Reminder).where(_claimable(now, lease))
    if chats is not None:
        query = query.where(col(Reminder.chat_id).in_(chats))
    query = query.order_by(col(Reminder.due_at)).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed: list[Reminder] = []
    per_chat_count: dict[int, int] = {}
    token = secrets.token_hex(16)
    for row in session.exec(query).all():
        count = per_chat_count.get(row.chat_id, 0)
        if per_chat is not None and count >= per_chat:
            continue
        per_chat_count[row.chat_id] = count + 1
        row.status, row.claimed_at, row.claimed_by = ReminderStatus.SENDING.value, now, worker
        row.claim_token = token
        session.add(row)
        claimed.append(row)
    return claimed


def _ours(reminder_id: int, token: str) -> Any:
    return and_(
        col(Reminder.id) == reminder_id,
        col(Reminder.status) == ReminderStatus.SENDING.value,
        col(Reminder.claim_token) == token,
    )


def skip_unserved(
    session: Session, now: datetime, served: Collection[int], *, planner: ReminderPlanner
) -> int:
    """Cancel the due reminders of chats outside `served` (ALLOWED_CHAT_IDS) instead of
    sending them; returns how many. Kept pending they would all arrive at once, stale, when the
    chat is allowed again. A recurring follow-up or reminder moves on to its next occurrence as
    if it had been sent, so it is there again for a chat put back on the list."""
    skipped = session.exec(
        select(Reminder).where(_claimable(now, CLAIM_LEASE), col(Reminder.chat_id).not_in(served))
    ).all()
    for reminder in skipped:
        reminder.status, reminder.last_error = ReminderStatus.CANCELLED.value, NOT_SERVED
        session.add(reminder)
    session.flush()
    for reminder in skipped:
        task = session.get(Task, reminder.task_id) if reminder.task_id is not None else None
        if task is not None and (task.recurrence or task.kind == TaskKind.FOLLOWUP.value):
            advance_recurring_task(session, task, now, planner=planner)
    return len(skipped)


def _update_claimed(session: Session, reminder_id: int, token: str, **values: Any) -> bool:
    """Change the row only while it is still claimed with `token`; False if it is not."""
    result = session.execute(update(Reminder).where(_ours(reminder_id, token)).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def renew_claim(session: Session, reminder_id: int, token: str, now: datetime) -> bool:
    """Right before sending: is the claim still ours? If so, its lease starts again, so a send
    that waits for Telegram's flood window is not taken over meanwhile."""
    return _update_claimed(session, reminder_id, token, claimed_at=now)


def mark_sent(
    session: Session, reminder_id: int, token: str, message_id: int | None, now: datetime
) -> bool:
    return _update_claimed(
        session,
        reminder_id,
        token,
        status=ReminderStatus.SENT.value,
        sent_at=now,
        message_id=message_id,
        last_error=None,
    )


def mark_retry(
    session: Session, reminder_id: int, token: str, error: str, retry_at: datetime, *, count: bool
) -> bool:
    """Put a reminder back in the queue after a temporary failure (`count`: as an attempt)."""
    return _update_claimed(
        session,
        reminder_id,
        token,
        status=ReminderStatus.PENDING.value,
        due_at=retry_at,
        attempts=Reminder.attempts + (1 if count else 0),
        last_error=error[:ERROR_TEXT_LIMIT],
    )


def release_claim(session: Session, reminder_id: int, token: str) -> bool:
    """Hand an unsent claim back (on shutdown): pending again, due as it was, no attempt used."""
    return _update_claimed(session, reminder_id, token, status=ReminderStatus.PENDING.value)


def mark_failed(session: Session, reminder_id: int, token: str, error: str) -> bool:
    """Give up on a reminder; it stays in the table with its error for the logs and admins."""
    return _update_claimed(
        session,
        reminder_id,
        token,
        status=ReminderStatus.FAILED.value,
        attempts=Reminder.attempts + 1,
        last_error=error[:ERROR_TEXT_LIMIT],
    )


def claim_holders(session: Session) -> list[str]:
    """The workers (`host:pid`) that hold claims now."""
    query = select(Reminder.claimed_by).where(col(Reminder.status) == ReminderStatus.SENDING.value)
    return sorted({holder for holder in session.exec(query.distinct()) if holder})


def release_claims_of(session: Session, workers: list[str]) -> int:
    """Give back every claim of `workers` known to be dead: sent again at once, not after the
    lease. Returns how many."""
    if not workers:
        return 0
    result = session.execute(
        update(Reminder)
        .where(
            col(Reminder.status) == ReminderStatus.SENDING.value,
            col(Reminder.claimed_by).in_(workers),
        )
        .values(status=ReminderStatus.PENDING.value, claim_token=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def deactivate_chat(session: Session, chat_id: int) -> None:
    """The bot was removed: stop the chat's reminders (kept as cancelled, not deleted)."""
    chat = session.get(Chat, chat_id)
    if chat is not None:
        chat.active = False
        session.add(chat)
    cancel_pending(session, col(Reminder.chat_id) == chat_id)


def snooze(
    session: Session,
    reminder: Reminder,
    task: Task,
    until: datetime,
    now: datetime,
    *,
    planner: ReminderPlanner,
) -> bool:
    """Send this reminder again at `until` (once per reminder); False if it was snoozed before.

    A follow-up asks one question, so snoozing it moves the question itself (its rhythm goes
    on from `until`); otherwise a copy of this reminder is planned at `until`."""
    if reminder.snoozed_at is not None:
        return False
    reminder.snoozed_at = now
    session.add(reminder)
    if task.kind == TaskKind.FOLLOWUP:
        task.due_at, task.updated_at = until, now
        session.add(task)
        sync_task_reminders(session, task, now, planner=planner)
        return True
    add_reminder(session, reminder.chat_id, ReminderKind(reminder.kind), until, reminder.task_id)
    return True


def prepare_reminders(
    session: Session, default_timezone: str, now: datetime, *, planner: ReminderPlanner
) -> None:
    """At start-up: every group has a time zone and, unless switched off, a pending digest."""
    session.execute(
        update(Chat).where(col(Chat.timezone).is_(None)).values(timezone=default_timezone)
    )
    pending_digest = (
        select(Reminder.id)
        .where(
            Reminder.chat_id == Chat.id,
            Reminder.kind == ReminderKind.DIGEST.value,
            Reminder.status == ReminderStatus.PENDING.value,
        )
        .exists()
    )
    # The groups without one in a single query: asking group by group cost about 0.8 s of every
    # start with 1,000 groups, though a restart finds every digest planned.
    chats = session.exec(
        select(Chat).where(
            col(Chat.active).is_(True),
            Chat.type != "private",
            col(Chat.digest_weekday).is_not(None),
            ~pending_digest,
        )
    ).all()
    for chat in chats:
        sync_digest(session, chat, now, planner=planner)
