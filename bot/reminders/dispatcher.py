"""The reminder dispatcher. The reminder table is the truth; the JobQueue only wakes us.

Every run claims the due rows (pending → sending, committed; the claim also records the
dispatcher's heartbeat), sends them — what falls due for one chat and topic in the same minute
as one message (`bot.reminders.compose`) — and marks each one (sent, retry later, or failed)
in its own short transaction. A message goes to its forum topic; when Telegram says the topic
is gone (deleted or closed), it is sent to General instead and the chat is told once
(`bot.topics`): marking is the same either way. Chats are served concurrently, one message
after the other within a chat, so a busy chat waiting for Telegram's per-group limit does not
hold up the others. Every database call runs in a database thread (`Database.run`), never on
the event loop. Telegram errors decide what happens to a row:

- RetryAfter (429): back in the queue after the time Telegram asks for;
- network errors and 5xx: back in the queue with exponential back-off, failed after 6 tries;
- Forbidden / chat not found (the bot was removed): the chat is marked inactive, its pending
  reminders are cancelled, this one is kept as failed with the error;
- ChatMigrated (the group became a supergroup): the chat's data moves to the new id and the
  reminder is sent there at once;
- any other refusal: failed at once with the error, and logged.

With an allow-list (ALLOWED_CHAT_IDS), reminders that fall due for a chat outside it are not
sent: they are cancelled (`storage.reminders.skip_unserved`), so a chat put back on the list
gets its future reminders but not a flood of stale ones.

A reminder that fails for good is reported in its group in one short line (or, when the group
is gone, logged at ERROR). Whatever happens to a digest or to an occurrence of a recurring
reminder, the next one is planned (`settle`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import warnings
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session
from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.i18n import Language
from bot.reminders.compose import Claim, Outgoing, compose_batch
from bot.reminders.ratelimit import SlidingWindowRateLimiter
from bot.reminders.schedule import PLANNER
from bot.reminders.sending import report_failure, send_reminder
from bot.topics import TopicNotices
from storage.cards import set_decision_card
from storage.chat_migration import migrate_chat
from storage.database import Database
from storage.heartbeat import beat
from storage.models import Reminder
from storage.reminders import (
    CLAIM_LEASE,
    claim_due,
    deactivate_chat,
    mark_failed,
    mark_retry,
    mark_sent,
    release_claim,
    renew_claim,
    settle,
    skip_unserved,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=10)
# Telegram lets a group get 20 messages a minute: a claim holds no more for one chat, so every
# claimed reminder is sent well within CLAIM_LEASE and no other process takes it over meanwhile.
PER_CHAT_CLAIM = 20
# Connection trouble, not a bug: wait and try again (an IntegrityError is never retried).
DATABASE_DOWN = (OperationalError, InterfaceError)
OUTAGE_RETRY_FIRST, OUTAGE_RETRY_MAX = 0.5, 30.0
T = TypeVar("T")
CHAT_GONE = ("chat not found", "bot was kicked", "group chat was deactivated", "not a member")

__all__ = ["Claim", "Outgoing", "ReminderDispatcher", "dead_workers", "worker_name"]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def backoff(attempts: int) -> timedelta:
    delay: timedelta = BACKOFF_BASE * (2**attempts)
    return min(delay, BACKOFF_CAP)


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the type will become timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ReminderDispatcher:
    """Claims due reminders, sends them through `bot`, and records what happened."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        default_language: Language,
        worker: str | None = None,
        batch_size: int = 100,
        lease: timedelta = CLAIM_LEASE,
        served_chats: Collection[int] = frozenset(),
    ) -> None:
        self.db, self.clock, self.default_language = db, clock, default_language
        # ALLOWED_CHAT_IDS: reminders for other chats are skipped (empty: every chat is served).
        self.served_chats = frozenset(served_chats)
        self.worker = worker or worker_name()
        self.batch_size = batch_size
        self.lease = lease
        self.database_down = False  # log an outage once, and its end
        self.topic_notices = TopicNotices(db, clock, default_language)
        # What fell due before this process started was missed during downtime: "late".
        self.started_at = clock()

    async def run_once(self, bot: Bot) -> int:
        """Send everything that is due now; returns how many reminders were handled."""
        handled = 0
        while True:
            try:
                batch = await self.db.call(self.claim_batch)
            except DATABASE_DOWN as error:
                self.note_outage(error)
                return handled
            self.note_recovery()
            if not batch:
                return handled
            by_chat: dict[int, list[Outgoing]] = {}
            for item in batch:
                by_chat.setdefault(item.chat_id, []).append(item)
            await asyncio.gather(*(self.send_chat(bot, items) for items in by_chat.values()))
            handled += sum(len(item.claims) for item in batch)

    def claim_batch(self) -> list[Outgoing]:
        """Claim what is due and compose it into messages (several reminders may share one);
        blocking: `run_once` calls it in a database thread. The claim is also this
        dispatcher's heartbeat (`storage.heartbeat`)."""
        now = self.clock()
        served = self.served_chats or None
        with self.db.transaction() as session:
            beat(session, self.worker, now)
            if served is not None and (
                skipped := skip_unserved(session, now, served, planner=PLANNER)
            ):
                log.info("%s due reminders skipped: their chats are not allowed", skipped)
            claimed = claim_due(
                session,
                now,
                self.worker,
                self.batch_size,
                PER_CHAT_CLAIM,
                chats=served,
                lease=self.lease,
            )
            return compose_batch(session, claimed, now, self.started_at, self.default_language)

    async def send_chat(self, bot: Bot, items: list[Outgoing]) -> None:
        """One chat's reminders in order. When Telegram asks the chat to wait, the rest are
        handed back due after the wait instead of being held (and perhaps taken over)."""
        for index, item in enumerate(items):
            try:
                pause = await self.send_one(bot, item)
            except asyncio.CancelledError:  # shutting down: what is unsent goes back at once
                await asyncio.shield(self.hand_back(items[index:], None))
                raise
            if pause is not None:
                await self.hand_back(items[index + 1 :], self.clock() + pause)
                return

    async def send_one(self, bot: Bot, item: Outgoing, *, moved: bool = False) -> timedelta | None:
        """Send one message; returns how long Telegram wants this chat to wait, if it does."""
        limiter = getattr(bot, "rate_limiter", None)
        if isinstance(limiter, SlidingWindowRateLimiter):  # wait first, then claim anew
            await limiter.wait_until_free(item.chat_id)
        item = await self.still_ours(item)
        if not item.claims:
            return None
        try:
            message, lost_topic = await send_reminder(bot, item)
        except RetryAfter as error:
            pause = timedelta(seconds=retry_seconds(error))
            await self.retry(bot, item, str(error), pause, count=False)
            return pause
        except Forbidden as error:
            await self.chat_gone(item, error)
        except ChatMigrated as error:
            if moved:  # moved once already: do not follow a chain of moves
                await self.fail(bot, item, f"group moved to {error.new_chat_id}: {error}")
            else:
                await self.follow_migration(item, error.new_chat_id)
                return await self.send_one(
                    bot, replace(item, chat_id=error.new_chat_id), moved=True
                )
        except BadRequest as error:
            if any(marker in str(error).lower() for marker in CHAT_GONE):
                await self.chat_gone(item, error)
            else:
                await self.fail(bot, item, f"Telegram refused the reminder: {error}")
        except NetworkError as error:  # includes timeouts and 5xx answers
            await self.retry(bot, item, str(error), None, count=True)
        except TelegramError as error:
            await self.fail(bot, item, f"{error.__class__.__name__}: {error}")
        else:
            await self.sent(item, message.message_id)
            if lost_topic is not None:
                await self.topic_notices.topic_lost(bot, item.chat_id, lost_topic)
        return None

    async def still_ours(self, item: Outgoing) -> Outgoing:
        """Renew every claim of the message; what another worker took over is left out (it
        sends that one), so no reminder goes out twice."""

        def renew(session: Session) -> set[int]:
            now = self.clock()
            return {
                claim.reminder_id
                for claim in item.claims
                if renew_claim(session, claim.reminder_id, claim.token, now)
            }

        held = await self.persist(renew)
        for claim in item.claims:
            if claim.reminder_id not in held:
                log.warning(
                    "reminder %s was taken over by another worker; not sent", claim.reminder_id
                )
        return item.keeping(held)

    async def persist(self, action: Callable[[Session], T]) -> T:
        """Run `action` in a transaction, waiting out a database outage of any length: after
        a send, losing the mark would send the reminder again."""
        delay = OUTAGE_RETRY_FIRST
        while True:
            try:
                result = await self.db.run(action)  # in a database thread, off the event loop
            except DATABASE_DOWN as error:
                self.note_outage(error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, OUTAGE_RETRY_MAX)
            else:
                self.note_recovery()
                return result

    def note_outage(self, error: Exception) -> None:
        if not self.database_down:
            log.error("database unreachable (%s); reminders wait until it is back", error)
            self.database_down = True

    def note_recovery(self) -> None:
        if self.database_down:
            log.warning("database reachable again; reminders resume")
            self.database_down = False

    async def hand_back(self, items: list[Outgoing], due_at: datetime | None) -> None:
        """Give unsent claims back: due at `due_at` (Telegram asked to wait), or as they were."""
        claims = [claim for item in items for claim in item.claims]
        if not claims:
            return

        def release(session: Session) -> None:
            for claim in claims:
                if due_at is None:
                    release_claim(session, claim.reminder_id, claim.token)
                else:
                    mark_retry(
                        session, claim.reminder_id, claim.token, "flood wait", due_at, count=False
                    )

        await self.persist(release)

    async def sent(self, item: Outgoing, message_id: int) -> None:
        """Each reminder of the message is marked sent with its id, then settled."""

        def mark(session: Session) -> None:
            now = self.clock()
            if item.circular is not None and item.circular.decision_id is not None:
                set_decision_card(session, item.circular.decision_id, message_id)
            for claim in item.claims:
                if mark_sent(session, claim.reminder_id, claim.token, message_id, now):
                    settle(session, claim.reminder_id, now, planner=PLANNER)
                else:
                    log.warning(
                        "reminder %s sent, but its claim had been taken over", claim.reminder_id
                    )

        await self.persist(mark)

    async def retry(
        self, bot: Bot, item: Outgoing, error: str, delay: timedelta | None, count: bool
    ) -> None:
        """Back in the queue after `delay` (or the back-off); failed for good after
        MAX_ATTEMPTS counted tries."""

        def mark(session: Session) -> list[Claim]:
            exhausted = []
            for claim in item.claims:
                reminder = session.get(Reminder, claim.reminder_id)
                if reminder is None:
                    continue
                if count and reminder.attempts + 1 >= MAX_ATTEMPTS:
                    exhausted.append(claim)
                    continue
                wait = delay if delay is not None else backoff(reminder.attempts)
                log.warning("reminder %s will be retried in %s: %s", claim.reminder_id, wait, error)
                # flood control is not the reminder's fault: it uses no attempt
                mark_retry(
                    session, claim.reminder_id, claim.token, error, self.clock() + wait, count=count
                )
            return exhausted

        exhausted = await self.persist(mark)
        if exhausted:
            await self.fail(bot, item.keeping({claim.reminder_id for claim in exhausted}), error)

    async def fail(self, bot: Bot, item: Outgoing, error: str) -> None:
        """Give up on the message's reminders for good, and say so in the group."""
        for claim in item.claims:
            log.error("reminder %s failed for good: %s", claim.reminder_id, error)

        def mark(session: Session) -> None:
            now = self.clock()
            for claim in item.claims:
                if mark_failed(session, claim.reminder_id, claim.token, error):
                    settle(session, claim.reminder_id, now, planner=PLANNER)

        await self.persist(mark)
        await report_failure(bot, item)

    async def follow_migration(self, item: Outgoing, new_chat_id: int) -> None:
        log.info("chat %s became supergroup %s; its data moves along", item.chat_id, new_chat_id)
        await self.persist(
            lambda s: migrate_chat(s, item.chat_id, new_chat_id, self.clock(), planner=PLANNER)
        )

    async def chat_gone(self, item: Outgoing, error: TelegramError) -> None:
        ids = ", ".join(str(claim.reminder_id) for claim in item.claims)
        log.error(
            "chat %s is gone (%s); reminders %s not sent, its reminders stop",
            item.chat_id,
            error,
            ids,
        )

        def mark(session: Session) -> None:
            for claim in item.claims:
                mark_failed(session, claim.reminder_id, claim.token, f"chat gone: {error}")
            deactivate_chat(session, item.chat_id)

        await self.persist(mark)


def dead_workers(holders: list[str], host: str | None = None) -> list[str]:
    """Of the workers holding claims (`host:pid`), those on this host that no longer run."""
    host = host or socket.gethostname()
    dead = []
    for holder in holders:
        name, _, pid_text = holder.rpartition(":")
        if name != host[: len(name)] or not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid == os.getpid() or not process_exists(pid):
            dead.append(holder)
    return dead


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True
