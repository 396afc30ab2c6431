"""Liveness in the database: each reminder dispatcher records when it last looked for due
reminders (`beat`), and anyone can ask when that was and how many reminders are overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import DispatcherHeartbeat, Reminder, ReminderStatus

# A worker that has not beaten for a day has stopped (or was renamed by a restart: host:pid).
FORGET_AFTER = timedelta(days=1)
WAITING = (ReminderStatus.PENDING.value, ReminderStatus.SENDING.value)


@dataclass(frozen=True)
class Liveness:
    last_beat: datetime | None  # the newest beat of any dispatcher; None: none ever ran
    worker: str | None  # who beat last
    overdue: int  # reminders still waiting that fell due before `overdue_before`


def beat(session: Session, worker: str, now: datetime) -> None:
    """Record that `worker` is looking for due reminders now."""
    row = session.get(DispatcherHeartbeat, worker)
    if row is None:
        session.add(DispatcherHeartbeat(worker=worker, beat_at=now))
        session.execute(
            delete(DispatcherHeartbeat).where(col(DispatcherHeartbeat.beat_at) < now - FORGET_AFTER)
        )
    else:
        row.beat_at = now
        session.add(row)


def liveness(session: Session, overdue_before: datetime) -> Liveness:
    newest = session.exec(
        select(DispatcherHeartbeat).order_by(col(DispatcherHeartbeat.beat_at).desc()).limit(1)
    ).first()
    overdue = session.exec(
        select(func.count())
        .select_from(Reminder)
        .where(col(Reminder.status).in_(WAITING), col(Reminder.due_at) < overdue_before)
    ).one()
    return Liveness(
        newest.beat_at if newest else None, newest.worker if newest else None, int(overdue)
    )
