"""Data access for the next meeting: its plan, the answers to its invitation, its reminders,
and what a meeting that opens takes up from it.

The flow: `/sitzung nächste Mi 19 Uhr` plans (`plan_meeting`; a chat has at most one planned
meeting, so planning again moves it and counts `sequence` up for the calendar file); the
invitation's buttons and `/komme`, `/verhindert` record answers (`record_answer`, one per
member, a second press switches it); the reminders are rows of the reminder table with the
plan's id (`storage.reminders.sync_plan_reminders`, with the caller's planner); `/sitzung`
opened close to the planned time takes the plan up (`take_up_plan`): the plan is held, its
reminders are cancelled and whoever said they cannot come is listed as excused.

A plan whose time passed by more than `TAKE_UP_WINDOW` without a meeting is over: it is not
shown as the next meeting any more, and planning anew sets it aside (status "lapsed").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlmodel import Session, col, select

from storage.models import (
    NAME_MAX_LENGTH,
    Attendee,
    AttendeeStatus,
    InvitationAnswer,
    MeetingPlan,
    PlanStatus,
)
from storage.reminders import cancel_plan_reminders

# A meeting opened this close to the planned start (before or after) is the planned one.
TAKE_UP_WINDOW = timedelta(hours=12)
LAPSED = "lapsed"  # the planned time passed without a meeting (see the module docstring)

AnswerOutcome = Literal["new", "switched", "same"]


def current_plan(session: Session, chat_id: int, now: datetime) -> MeetingPlan | None:
    """The chat's planned meeting, unless its time is long past (`TAKE_UP_WINDOW`)."""
    plan = session.exec(
        select(MeetingPlan)
        .where(MeetingPlan.chat_id == chat_id, MeetingPlan.status == PlanStatus.PLANNED.value)
        .order_by(col(MeetingPlan.id).desc())
        .limit(1)
    ).first()
    if plan is None or is_over(plan, now):
        return None
    return plan


def is_over(plan: MeetingPlan, now: datetime) -> bool:
    return plan.starts_at + TAKE_UP_WINDOW < now


def get_plan(session: Session, plan_id: int) -> MeetingPlan | None:
    return session.get(MeetingPlan, plan_id)


@dataclass(frozen=True)
class Planned:
    """What `plan_meeting` did: the plan, and where it was before if it moved."""

    plan: MeetingPlan
    moved_from: datetime | None = None
    old_message_id: int | None = None


def plan_meeting(
    session: Session,
    *,
    chat_id: int,
    starts_at: datetime,
    place: str | None,
    by_id: int,
    by_name: str,
    thread_id: int | None,
    now: datetime,
) -> Planned:
    """Plan the chat's next meeting, or move the planned one (a place not given is kept; the
    answers are kept: whoever cannot make the new time presses again)."""
    _set_aside_lapsed(session, chat_id, now)
    plan = current_plan(session, chat_id, now)
    if plan is None:
        plan = MeetingPlan(
            chat_id=chat_id,
            starts_at=starts_at,
            place=place,
            message_thread_id=thread_id,
            created_by_id=by_id,
            created_by_name=by_name[:NAME_MAX_LENGTH],
            created_at=now,
            updated_at=now,
        )
        session.add(plan)
        session.flush()
        return Planned(plan)
    moved = Planned(plan, plan.starts_at, plan.message_id)
    plan.starts_at, plan.updated_at = starts_at, now
    plan.place = place if place is not None else plan.place
    plan.sequence += 1
    plan.message_thread_id = thread_id
    plan.message_id = None  # the new invitation is sent; `set_invitation_message` stores it
    session.add(plan)
    session.flush()
    return moved


def _set_aside_lapsed(session: Session, chat_id: int, now: datetime) -> None:
    for plan in session.exec(
        select(MeetingPlan).where(
            MeetingPlan.chat_id == chat_id, MeetingPlan.status == PlanStatus.PLANNED.value
        )
    ).all():
        if is_over(plan, now):
            plan.status = LAPSED
            session.add(plan)
            cancel_plan_reminders(session, plan)


def cancel_plan(session: Session, plan: MeetingPlan, now: datetime) -> None:
    """`/sitzung nächste absagen`: the plan is cancelled, its reminders with it."""
    plan.status, plan.updated_at = PlanStatus.CANCELLED.value, now
    plan.sequence += 1  # the cancelling calendar file supersedes the invitation's
    session.add(plan)
    cancel_plan_reminders(session, plan)


def set_invitation_message(session: Session, plan_id: int, message_id: int) -> None:
    plan = session.get(MeetingPlan, plan_id)
    if plan is not None:
        plan.message_id = message_id
        session.add(plan)


def answers(session: Session, plan_id: int) -> list[InvitationAnswer]:
    """The answers in the order they were first given."""
    return list(
        session.exec(
            select(InvitationAnswer)
            .where(InvitationAnswer.plan_id == plan_id)
            .order_by(col(InvitationAnswer.id))
        ).all()
    )


def record_answer(
    session: Session, plan_id: int, *, user_id: int, name: str, coming: bool, now: datetime
) -> AnswerOutcome:
    """Store a member's answer: new, switched (the other answer before) or the same again."""
    known = session.exec(
        select(InvitationAnswer).where(
            InvitationAnswer.plan_id == plan_id, InvitationAnswer.user_id == user_id
        )
    ).first()
    if known is not None and known.coming == coming:
        return "same"
    if known is None:
        known = InvitationAnswer(plan_id=plan_id, user_id=user_id, name="", coming=coming)
        outcome: AnswerOutcome = "new"
    else:
        outcome = "switched"
    known.name, known.coming, known.answered_at = name[:NAME_MAX_LENGTH], coming, now
    session.add(known)
    session.flush()
    return outcome


def take_up_plan(
    session: Session, chat_id: int, meeting_id: int, now: datetime
) -> MeetingPlan | None:
    """A meeting opened within `TAKE_UP_WINDOW` of the planned start is the planned one: the
    plan is held, its reminders go, and who said they cannot come is listed as excused (unless
    already listed, e.g. the opener). Returns the plan, or None when there is none that close."""
    plan = current_plan(session, chat_id, now)
    if plan is None or abs(plan.starts_at - now) > TAKE_UP_WINDOW:
        return None
    assert plan.id is not None
    plan.status, plan.meeting_id, plan.updated_at = PlanStatus.HELD.value, meeting_id, now
    session.add(plan)
    cancel_plan_reminders(session, plan)
    listed = set(
        session.exec(select(Attendee.user_id).where(Attendee.meeting_id == meeting_id)).all()
    )
    for answer in answers(session, plan.id):
        if not answer.coming and answer.user_id not in listed:
            session.add(
                Attendee(
                    meeting_id=meeting_id,
                    user_id=answer.user_id,
                    name=answer.name,
                    added_at=answer.answered_at,
                    added_by_id=answer.user_id,
                    status=AttendeeStatus.EXCUSED.value,
                )
            )
    session.flush()
    return plan


def plan_of_meeting(session: Session, meeting_id: int) -> MeetingPlan | None:
    return session.exec(select(MeetingPlan).where(MeetingPlan.meeting_id == meeting_id)).first()


def following_plan(
    session: Session, chat_id: int, meeting_id: int, after: datetime
) -> MeetingPlan | None:
    """The meeting planned after the one with `meeting_id` (started at `after`), for its
    minutes: the earliest plan after that start, planned or held since, not its own."""
    return session.exec(
        select(MeetingPlan)
        .where(
            MeetingPlan.chat_id == chat_id,
            col(MeetingPlan.status).in_((PlanStatus.PLANNED.value, PlanStatus.HELD.value)),
            col(MeetingPlan.starts_at) > after,
            (col(MeetingPlan.meeting_id).is_(None)) | (col(MeetingPlan.meeting_id) != meeting_id),
        )
        .order_by(col(MeetingPlan.starts_at))
        .limit(1)
    ).first()
