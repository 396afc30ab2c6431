"""A claim takes at most `per_chat` due reminders of one chat (what Telegram lets a group
receive in a minute), so every claimed reminder is sent long before its claim lease ends and
no other process takes it over; the rest stay pending for the next claim."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.reminders.dispatcher import PER_CHAT_CLAIM
from storage.database import Database
from storage.models import Chat, Reminder, ReminderKind, ReminderStatus
from storage.reminders import add_reminder, claim_due

NOW = datetime(2024, 6, 24, 7, 0, tzinfo=UTC)


def test_a_claim_takes_at_most_per_chat_reminders_of_one_chat(db: Database) -> None:
    busy, quiet = -1001, -1002
    with db.transaction() as session:
        for chat_id in (busy, quiet):
            session.add(Chat(id=chat_id, type="supergroup", title="Vorstand", digest_weekday=None))
        session.flush()
        for n in range(PER_CHAT_CLAIM + 5):
            add_reminder(session, busy, ReminderKind.PLAIN, NOW - timedelta(minutes=n), None)
        for n in range(3):
            add_reminder(session, quiet, ReminderKind.PLAIN, NOW - timedelta(seconds=n), None)
    with db.transaction() as session:
        claimed = claim_due(session, NOW, "w1", limit=100, per_chat=PER_CHAT_CLAIM)
    assert Counter(r.chat_id for r in claimed) == {busy: PER_CHAT_CLAIM, quiet: 3}
    with db.transaction() as session:
        rows = session.exec(select(Reminder)).all()
        pending = [r for r in rows if r.status == ReminderStatus.PENDING.value]
        assert len(pending) == 5 and {r.chat_id for r in pending} == {busy}
        again = claim_due(session, NOW, "w2", limit=100, per_chat=PER_CHAT_CLAIM)
    assert len(again) == 5
