"""Storage plans reminders with the planner its caller passes in (`storage.planning`): the
times stored are the planner's, and a recurrence reaches it as the text storage keeps."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from storage.chats import ensure_chat
from storage.database import Database
from storage.models import Reminder, ReminderStatus, Task, TaskKind
from storage.planning import (
    FOLLOWUP_RECURRENCE,
    MeetingReminderKind,
    ReminderPlanner,
    TaskReminderKind,
)
from storage.reminders import advance_recurring_task
from storage.tasks import create_task

NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
# Times no real arithmetic would give for these inputs, so only the planner can be their source.
TASK_TIME = datetime(2031, 1, 2, 3, 4, tzinfo=UTC)
NEXT_TIME = datetime(2032, 5, 6, 7, 8, tzinfo=UTC)
DIGEST_TIME = datetime(2033, 9, 10, 11, 12, tzinfo=UTC)
GROUP = -1001


class RecordingPlanner:
    """A `ReminderPlanner` with fixed answers that remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[object, ...]] = []

    def task_reminder_times(
        self, due_at: datetime, has_time: bool, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[TaskReminderKind, datetime]]:
        self.asked.append(("task", due_at, has_time, tz.key, reminder_hour, now))
        return [("due", TASK_TIME)]

    def next_occurrence(
        self, recurrence: str, previous: datetime, tz: ZoneInfo, reminder_hour: int, after: datetime
    ) -> datetime:
        self.asked.append(("next", recurrence, previous, tz.key, reminder_hour, after))
        return NEXT_TIME

    def next_digest_time(
        self, weekday: int, reminder_hour: int, tz: ZoneInfo, now: datetime
    ) -> datetime:
        self.asked.append(("digest", weekday, reminder_hour, tz.key, now))
        return DIGEST_TIME

    def meeting_reminder_times(
        self, starts_at: datetime, tz: ZoneInfo, reminder_hour: int, now: datetime
    ) -> list[tuple[MeetingReminderKind, datetime]]:
        self.asked.append(("meeting", starts_at, tz.key, reminder_hour, now))
        return [("meeting_soon", TASK_TIME)]


def pending(db: Database) -> list[tuple[str, datetime]]:
    with db.transaction() as session:
        rows = session.exec(
            select(Reminder).where(Reminder.status == ReminderStatus.PENDING.value)
        ).all()
        return sorted((row.kind, row.due_at.astimezone(UTC)) for row in rows)


def test_a_new_chat_and_task_are_planned_with_the_given_planner(db: Database) -> None:
    planner = RecordingPlanner()
    checked: ReminderPlanner = planner  # what storage expects, structurally
    due = datetime(2024, 6, 21, 16, 0, tzinfo=UTC)
    with db.transaction() as session:
        ensure_chat(
            session,
            GROUP,
            "supergroup",
            "Vorstand",
            timezone="Europe/Berlin",
            now=NOW,
            planner=checked,
        )
        create_task(
            session,
            chat_id=GROUP,
            title="Kasse prüfen",
            owners=[],
            due_at=due,
            due_has_time=True,
            created_by_id=None,
            created_by_name="Vera",
            now=NOW,
            planner=checked,
        )
    assert pending(db) == [("digest", DIGEST_TIME), ("due", TASK_TIME)]
    assert planner.asked == [
        ("digest", 0, 9, "Europe/Berlin", NOW),
        ("task", due, True, "Europe/Berlin", 9, NOW),
    ]


def test_a_followup_moves_on_with_the_planner_and_its_stored_rhythm(db: Database) -> None:
    planner = RecordingPlanner()
    first = datetime(2024, 6, 19, 17, 0, tzinfo=UTC)
    with db.transaction() as session:
        ensure_chat(
            session,
            GROUP,
            "supergroup",
            "Vorstand",
            timezone="Europe/Berlin",
            now=NOW,
            planner=planner,
        )
        for kind, recurrence in (
            (TaskKind.FOLLOWUP, None),
            (TaskKind.REMINDER, "FREQ=DAILY;INTERVAL=3"),
        ):
            create_task(
                session,
                chat_id=GROUP,
                title=kind.value,
                owners=[],
                due_at=first,
                due_has_time=True,
                created_by_id=None,
                created_by_name="Vera",
                now=NOW,
                planner=planner,
                kind=kind,
                recurrence=recurrence,
            )
    planner.asked.clear()
    with db.transaction() as session:
        for task in session.exec(select(Task).order_by(Task.number)).all():
            assert advance_recurring_task(session, task, NOW, planner=planner)
            assert task.due_at is not None and task.due_at.astimezone(UTC) == NEXT_TIME
    assert [entry[:2] for entry in planner.asked] == [
        ("next", FOLLOWUP_RECURRENCE),  # a follow-up without a rhythm: weekly
        ("next", "FREQ=DAILY;INTERVAL=3"),
    ]
    assert all(entry[2:] == (first, "Europe/Berlin", 9, NOW) for entry in planner.asked)
    assert pending(db) == [("digest", DIGEST_TIME), ("followup", NEXT_TIME), ("plain", NEXT_TIME)]
