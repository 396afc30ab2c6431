"""The once-only guard's table is pruned while the bot runs, not only at start-up (issue 13,
finding 13): it stays bounded, and a redelivered update within the window is still rejected."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import select

from storage.database import Database
from storage.models import ProcessedUpdate
from storage.updates import KEEP_PROCESSED_UPDATES, PRUNE_EVERY, claim_update
from tests.handlers.conftest import GROUP, REFERENCE_NOW, VERA, ChatHarness

DAY = timedelta(days=1)


def stored_ids(db: Database) -> list[int]:
    with db.transaction() as session:
        return sorted(session.exec(select(ProcessedUpdate.update_id)).all())


def claim(db: Database, update_id: int, days: float) -> bool:
    with db.transaction() as session:
        return claim_update(session, update_id, REFERENCE_NOW + days * DAY)


def test_old_ids_go_while_running_and_recent_ones_still_guard(db: Database) -> None:
    first = PRUNE_EVERY * 10
    assert all(claim(db, first + n, 0) for n in range(1, 50))  # one day's traffic
    assert claim(db, first + 100, 6)  # shortly before the week is over
    assert not claim(db, first + 7, 6)  # a redelivery inside the window is refused
    assert claim(db, first + 101, 8)  # no prune on this id: the old ones are still there
    assert len(stored_ids(db)) == 51
    assert claim(db, first + PRUNE_EVERY, 8)  # this one prunes
    assert stored_ids(db) == [first + 100, first + 101, first + PRUNE_EVERY]
    assert not claim(db, first + 100, 8)  # still inside its window: still refused
    assert not claim(db, first + 101, 8)


def test_the_table_stays_bounded_over_months(db: Database) -> None:
    # one update an hour for 40 days, numbered as Telegram numbers them
    per_day = 24
    for n in range(40 * per_day):
        claim(db, 1000 + n, n / per_day)
    with db.transaction() as session:
        count = session.exec(select(func.count()).select_from(ProcessedUpdate)).one()
    window = KEEP_PROCESSED_UPDATES / DAY * per_day
    assert window <= count <= window + PRUNE_EVERY


async def test_a_redelivered_command_after_a_prune_is_ignored(chat: ChatHarness) -> None:
    message = chat.message(VERA, GROUP, "/aufgabe Flyer drucken")
    assert len(await chat.process(message, update_id=PRUNE_EVERY * 4 - 1)) == 1
    chat.clock.advance(days=2)
    later = chat.message(VERA, GROUP, "/aufgaben")
    assert len(await chat.process(later, update_id=PRUNE_EVERY * 4)) == 1  # prunes
    assert await chat.process(message, update_id=PRUNE_EVERY * 4 - 1) == []  # still guarded
    assert "#2" not in await chat.say(VERA, GROUP, "/aufgaben")
