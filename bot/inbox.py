"""How updates travel from Telegram to the handlers without being lost or holding each other up.

1. `DurableUpdateQueue` is python-telegram-bot's update queue with one change: `put` stores the
   update in the inbox table (`storage.inbox`) before it queues it. PTB's poller confirms a batch
   to Telegram only with its next `getUpdates` (after every `put` of the batch has returned), and
   its webhook answers 200 only after `put`; so Telegram never forgets an update we have not
   stored. Before, a `kill -9` during a burst lost every update of the confirmed batches.
2. `PerChatUpdateProcessor` runs the updates of different chats concurrently and those of one
   chat in order, and deletes each from the inbox once its handlers have run. A reply waiting
   for its group's flood window (20 messages a minute) no longer holds up every other group.
   The delete runs after the chat's lock is released, and what finishes while one delete runs
   is deleted by the next in one statement (`DurableUpdateQueue.finish_soon`): one transaction
   for many updates when many are in flight. A crash before it replays those updates, and the
   once-only guard refuses them, as for a crash between handling and the delete before.
3. `replay_inbox` (at start-up, before polling) queues what a crash left in the inbox, oldest
   first. An update whose handlers already committed is refused by the once-only guard
   (`storage.updates.claim_update`); one that crashed the bot on every attempt is given up and
   logged at ERROR instead of crashing it forever.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from storage.database import Database
from storage.inbox import finish_updates, store_update, take_for_replay

log = logging.getLogger(__name__)

# No global cap: one chat's backlog must never take the places of other chats' updates. The
# per-chat locks bound the work in flight to one update per chat.
MAX_CONCURRENT_UPDATES = 100_000


def chat_key(update: object) -> int | None:
    """Which updates must wait for each other: those of one chat (or of one user, for updates
    without a chat, such as poll answers)."""
    if not isinstance(update, Update):
        return None
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id is not None:
        # the old group's announcement of its upgrade waits with the new supergroup's updates,
        # which would otherwise store the new chat while the migration moves the old one there
        return message.migrate_to_chat_id
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class DurableUpdateQueue(asyncio.Queue[object]):
    """The Application's update queue; an `Update` is in the database before it is queued."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.in_flight: set[int] = set()  # queued, being handled or deleted in this process
        self.to_finish: list[int] = []  # handled, waiting for the next delete
        self._deleting: asyncio.Task[None] | None = None

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            if item.update_id in self.in_flight:
                return  # Telegram redelivered what a replay already queued
            await self.db.call(self._store, item)
            self.in_flight.add(item.update_id)
        await super().put(item)

    def _store(self, update: Update) -> None:
        chat_id = update.effective_chat.id if update.effective_chat else None
        payload = json.dumps(update.to_dict(), ensure_ascii=False)
        with self.db.transaction() as session:
            store_update(session, update.update_id, chat_id, payload, self.clock())

    async def requeue(self, update: Update) -> None:
        """Queue an update that is in the inbox already (a replay)."""
        self.in_flight.add(update.update_id)
        await super().put(update)

    def finish_soon(self, update_id: int) -> None:
        """The update is handled: delete it from the inbox with the next delete, which starts
        now unless one is running (what finishes meanwhile waits for it and goes together)."""
        self.to_finish.append(update_id)
        if self._deleting is None or self._deleting.done():
            self._deleting = asyncio.get_running_loop().create_task(self._delete_finished())

    async def _delete_finished(self) -> None:
        while self.to_finish:
            ids, self.to_finish = self.to_finish, []
            try:
                await self.db.call(self.finished, ids)
            except Exception:  # the database is away: retried with the next finished update
                log.warning("could not delete %d handled update(s) from the inbox", len(ids))
                self.to_finish[:0] = ids
                return

    async def drain(self) -> None:
        """Wait until every handled update is deleted (or the delete failed)."""
        while self._deleting is not None and not self._deleting.done():
            await self._deleting

    def finished(self, update_ids: list[int]) -> None:
        with self.db.transaction() as session:
            finish_updates(session, update_ids)
        self.in_flight.difference_update(update_ids)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat; an update leaves the inbox when done."""

    def __init__(self, queue: DurableUpdateQueue) -> None:
        super().__init__(MAX_CONCURRENT_UPDATES)
        self.queue = queue
        self.locks: dict[int | None, asyncio.Lock] = {}
        self.waiting: dict[int | None, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        lock = self.locks.setdefault(key, asyncio.Lock())
        self.waiting[key] = self.waiting.get(key, 0) + 1
        try:
            async with lock:  # asyncio.Lock is fair: a chat's updates run in arrival order
                await coroutine
            if isinstance(update, Update):
                self.queue.finish_soon(update.update_id)
        finally:
            self.waiting[key] -= 1
            if not self.waiting[key]:  # forget idle chats, so the dicts stay small
                del self.waiting[key]
                self.locks.pop(key, None)

    async def initialize(self) -> None:
        """Nothing to set up: the locks are made as chats appear."""

    async def shutdown(self) -> None:
        """Delete what was handled; what was not stays in the inbox for the next start."""
        await self.queue.drain()


async def replay_inbox(application: Application) -> None:  # type: ignore[type-arg]
    """Queue what the last run left unhandled, before any new update arrives."""
    queue = application.update_queue
    if not isinstance(queue, DurableUpdateQueue):
        return
    replay, given_up = await queue.db.call(_take_for_replay, queue.db)
    for update_id, chat_id in given_up:
        log.error("gave up update %s (chat %s): it crashed the bot every time", update_id, chat_id)
    for payload in replay:
        update = Update.de_json(json.loads(payload), application.bot)
        await queue.requeue(update)
    if replay:
        log.warning("replaying %d update(s) left unhandled by the last run", len(replay))


def _take_for_replay(db: Database) -> tuple[list[str], list[tuple[int, int | None]]]:
    with db.transaction() as session:
        replay, given_up = take_for_replay(session)
        return [row.payload for row in replay], [
            (row.update_id, row.telegram_chat_id) for row in given_up
        ]
