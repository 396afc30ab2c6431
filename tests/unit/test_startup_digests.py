"""At start-up every active group has exactly one pending weekly digest, planned in one query
for all groups (`prepare_reminders`): a restart leaves the planned ones alone and plans only
the missing ones, never for a private chat, a left group or a group that switched it off."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from bot.reminders.schedule import PLANNER
from storage.database import Database
from storage.models import Chat, Reminder, ReminderKind, ReminderStatus
from storage.reminders import prepare_reminders

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def pending_digests(session: Session) -> dict[int, list[int]]:
    rows = session.exec(
        select(Reminder.chat_id, Reminder.id).where(
            col(Reminder.kind) == ReminderKind.DIGEST.value,
            col(Reminder.status) == ReminderStatus.PENDING.value,
        )
    ).all()
    found: dict[int, list[int]] = {}
    for chat_id, reminder_id in rows:
        found.setdefault(chat_id, []).append(reminder_id or 0)
    return found


def test_a_restart_plans_only_the_missing_digests(db: Database) -> None:
    with db.transaction() as session:
        session.add(Chat(id=-1, type="supergroup", title="planned"))
        session.add(Chat(id=-2, type="supergroup", title="missing"))
        session.add(Chat(id=-3, type="group", title="missing too", digest_weekday=4))
        session.add(Chat(id=5, type="private", title="Vera"))
        session.add(Chat(id=-6, type="supergroup", title="switched off"))
        session.add(Chat(id=-7, type="supergroup", title="left", active=False))
    with db.transaction() as session:  # as /einstellungen does (an INSERT of None takes 0)
        switched_off = session.get(Chat, -6)
        assert switched_off is not None
        switched_off.digest_weekday = None
        session.add(switched_off)
    with db.transaction() as session:
        prepare_reminders(session, "Europe/Berlin", NOW, planner=PLANNER)
        first = pending_digests(session)
        assert sorted(first) == [-3, -2, -1]
        # the digest of -2 is sent: the next start plans its next one, and only that
        sent = session.get(Reminder, first[-2][0])
        assert sent is not None
        sent.status = ReminderStatus.SENT.value
        session.add(sent)
    with db.transaction() as session:
        prepare_reminders(session, "Europe/Berlin", NOW, planner=PLANNER)
        second = pending_digests(session)
    assert sorted(second) == [-3, -2, -1]
    assert all(len(ids) == 1 for ids in second.values())
    assert second[-1] == first[-1] and second[-3] == first[-3]  # left alone
    assert second[-2] != first[-2]
    with db.transaction() as session:
        friday = session.get(Reminder, second[-3][0])
        assert friday is not None
        assert friday.due_at.weekday() == 4
