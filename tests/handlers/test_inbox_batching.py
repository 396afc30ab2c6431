"""Handled updates leave the inbox after their chat's lock is released, and those that finish
while a delete runs go together in the next one (`bot.inbox.DurableUpdateQueue.finish_soon`).
Both databases."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from telegram import Update

from bot.inbox import DurableUpdateQueue, PerChatUpdateProcessor
from storage.database import Database
from storage.inbox import inbox_size

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)


def message_update(update_id: int, chat_id: int) -> Update:
    raw = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(NOW.timestamp()),
            "chat": {"id": chat_id, "type": "supergroup", "title": "Vorstand"},
            "from": {"id": 7, "is_bot": False, "first_name": "Vera"},
            "text": "/aufgaben",
        },
    }
    return Update.de_json(raw, None)


def inbox_deletes(db: Database) -> list[str]:
    """Every DELETE of inbox rows the engine runs from now on."""
    seen: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _record(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("DELETE FROM inbox_update"):
            seen.append(statement)

    return seen


def size(db: Database) -> int:
    with db.transaction() as session:
        return inbox_size(session)


async def handled() -> None:
    """A handler that has nothing to do."""


def setup(db: Database) -> tuple[DurableUpdateQueue, PerChatUpdateProcessor]:
    queue = DurableUpdateQueue(db, lambda: NOW)
    return queue, PerChatUpdateProcessor(queue)


async def test_updates_finished_together_leave_in_one_delete(db: Database) -> None:
    queue, processor = setup(db)
    updates = [message_update(100 + n, -1000 - n) for n in range(5)]  # five chats
    for update in updates:
        await queue.put(update)
    assert size(db) == 5
    deletes = inbox_deletes(db)
    await asyncio.gather(*(processor.do_process_update(u, handled()) for u in updates))
    await processor.shutdown()  # waits for the delete
    assert size(db) == 0
    assert len(deletes) == 1  # one statement for the five (one each before)
    assert queue.in_flight == set()


async def test_a_chats_next_update_does_not_wait_for_the_delete(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue, processor = setup(db)
    first, second = message_update(201, -2000), message_update(202, -2000)  # one chat
    for update in (first, second):
        await queue.put(update)
    release = threading.Event()
    delete = queue.finished

    def slow_delete(ids: list[int]) -> None:
        release.wait(10)
        delete(ids)

    monkeypatch.setattr(queue, "finished", slow_delete)
    ran: list[int] = []

    async def handler(update_id: int) -> None:
        ran.append(update_id)

    await processor.do_process_update(first, handler(201))
    # the delete of the first is still waiting; the chat's second update runs all the same
    await asyncio.wait_for(processor.do_process_update(second, handler(202)), 5)
    assert ran == [201, 202]
    assert size(db) == 2
    release.set()
    await processor.shutdown()
    assert size(db) == 0


async def test_a_failed_delete_is_tried_again_with_the_next(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    queue, processor = setup(db)
    first, second = message_update(301, -3001), message_update(302, -3002)
    for update in (first, second):
        await queue.put(update)
    delete: Callable[[list[int]], None] = queue.finished
    failures = [RuntimeError("database away")]

    def flaky_delete(ids: list[int]) -> None:
        if failures:
            raise failures.pop()
        delete(ids)

    monkeypatch.setattr(queue, "finished", flaky_delete)
    with caplog.at_level(logging.WARNING, logger="bot.inbox"):
        await processor.do_process_update(first, handled())
        await processor.shutdown()
    assert size(db) == 2  # still there: a restart now would replay it, and the guard refuse it
    assert "could not delete 1 handled update" in caplog.text
    assert 301 in queue.in_flight  # a redelivery meanwhile is not queued again
    await processor.do_process_update(second, handled())
    await processor.shutdown()
    assert size(db) == 0
    assert queue.in_flight == set()
