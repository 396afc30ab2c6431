"""The next meeting's data access on both databases: one planned meeting per chat, the window
in which an opening meeting takes the plan up, a plan whose time passed long ago, and which
plan the minutes name as the following meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from storage.database import Database
from storage.models import Chat, Meeting, PlanStatus
from storage.next_meeting import (
    TAKE_UP_WINDOW,
    Planned,
    cancel_plan,
    current_plan,
    following_plan,
    plan_meeting,
    take_up_plan,
)

NOW = datetime(2026, 6, 19, 18, 0, tzinfo=UTC)
STARTS = NOW + timedelta(days=3)
CHAT = -1001
MINUTE = timedelta(minutes=1)


def a_chat(session: Session) -> None:
    session.add(Chat(id=CHAT, type="supergroup", title="Vorstand"))
    session.flush()


def a_meeting(session: Session, number: int, at: datetime) -> int:
    meeting = Meeting(chat_id=CHAT, number=number, started_at=at, created_by_name="Vera")
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    return meeting.id


def plan(
    session: Session, starts_at: datetime, now: datetime = NOW, place: str | None = None
) -> Planned:
    return plan_meeting(
        session,
        chat_id=CHAT,
        starts_at=starts_at,
        place=place,
        by_id=101,
        by_name="Vera",
        thread_id=None,
        now=now,
    )


def test_planning_twice_moves_the_one_plan(db: Database) -> None:
    with db.transaction() as session:
        a_chat(session)
        first = plan(session, STARTS, place="Rathaus")
        moved = plan(session, STARTS + timedelta(hours=2))
        assert moved.plan.id == first.plan.id and moved.moved_from == STARTS
        assert (moved.plan.sequence, moved.plan.place) == (1, "Rathaus")


@pytest.mark.parametrize(
    ("offset", "taken"),
    [
        (-TAKE_UP_WINDOW - MINUTE, False),
        (-TAKE_UP_WINDOW, True),
        (timedelta(0), True),
        (TAKE_UP_WINDOW, True),
        (TAKE_UP_WINDOW + MINUTE, False),
    ],
)
def test_a_meeting_takes_the_plan_up_only_close_to_its_time(
    db: Database, offset: timedelta, taken: bool
) -> None:
    with db.transaction() as session:
        a_chat(session)
        planned = plan(session, STARTS).plan
        meeting_id = a_meeting(session, 1, STARTS + offset)
        found = take_up_plan(session, CHAT, meeting_id, STARTS + offset)
        assert (found is not None) is taken
        assert planned.status == (PlanStatus.HELD if taken else PlanStatus.PLANNED)


def test_a_plan_long_past_is_set_aside_by_the_next_one(db: Database) -> None:
    later = STARTS + TAKE_UP_WINDOW + MINUTE
    with db.transaction() as session:
        a_chat(session)
        old = plan(session, STARTS).plan
        assert current_plan(session, CHAT, later) is None
        new = plan(session, later + timedelta(days=7), now=later)
        assert new.moved_from is None and new.plan.id != old.id
        assert (old.status, new.plan.status) == ("lapsed", "planned")


def test_the_minutes_name_the_plan_after_the_meeting_not_its_own_or_a_cancelled_one(
    db: Database,
) -> None:
    with db.transaction() as session:
        a_chat(session)
        plan(session, STARTS)
        meeting_id = a_meeting(session, 1, STARTS - timedelta(hours=1))
        own = take_up_plan(session, CHAT, meeting_id, STARTS - timedelta(hours=1))
        assert own is not None
        assert following_plan(session, CHAT, meeting_id, STARTS - timedelta(hours=1)) is None
        called_off = plan(session, STARTS + timedelta(days=7)).plan
        cancel_plan(session, called_off, NOW)
        assert following_plan(session, CHAT, meeting_id, STARTS - timedelta(hours=1)) is None
        nxt = plan(session, STARTS + timedelta(days=14)).plan
        found = following_plan(session, CHAT, meeting_id, STARTS - timedelta(hours=1))
        assert found is not None and found.id == nxt.id
