"""The reminder dispatcher. The reminder table is the truth; the JobQueue only wakes us.

Every run claims the due rows (pending → sending, committed; the claim also records the
dispatcher's heartbeat), sends them, and marks each one
(sent, retry later, or failed) in its own short transaction. Chats are served concurrently, one
message after the other within a chat, so a busy chat waiting for Telegram's per-group limit
does not hold up the others. Every database call runs in a database thread (`Database.run`),
never on the event loop. Telegram errors decide what happens to a row:

- RetryAfter (429): back in the queue after the time Telegram asks for;
- network errors and 5xx: back in the queue with exponential back-off, failed after 6 tries;
- Forbidden / chat not found (the bot was removed): the chat is marked inactive, its pending
  reminders are cancelled, this one is kept as failed with the error;
- ChatMigrated (the group became a supergroup): the chat's data moves to the new id and the
  reminder is sent there at once;
- any other refusal: failed at once with the error, and logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session
from telegram import Bot, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.i18n import Language, language_or_default
from bot.keyboards import inline_markup
from bot.reminders.ratelimit import SlidingWindowRateLimiter
from bot.reminders.schedule import PLANNER
from bot.render.keyboards import Keyboard
from bot.render.reminders import ReminderContent, render_reminder_message
from storage.chat_migration import migrate_chat
from storage.database import Database
from storage.heartbeat import beat
from storage.models import Chat, Reminder, ReminderKind, Task, TaskKind
from storage.records import decisions_since
from storage.reminders import (
    CLAIM_LEASE,
    advance_recurring_task,
    claim_due,
    deactivate_chat,
    mark_failed,
    mark_retry,
    mark_sent,
    release_claim,
    renew_claim,
    sync_digest,
    zone_of,
)
from storage.tasks import list_tasks, view_tasks

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=10)
LATE_AFTER = timedelta(minutes=1)
# Telegram lets a group get 20 messages a minute: a claim holds no more for one chat, so every
# claimed reminder is sent well within CLAIM_LEASE and no other process takes it over meanwhile.
PER_CHAT_CLAIM = 20
DIGEST_PERIOD = timedelta(days=7)
# Connection trouble, not a bug: wait and try again (an IntegrityError is never retried).
DATABASE_DOWN = (OperationalError, InterfaceError)
OUTAGE_RETRY_FIRST, OUTAGE_RETRY_MAX = 0.5, 30.0
T = TypeVar("T")
CHAT_GONE = ("chat not found", "bot was kicked", "group chat was deactivated", "not a member")


@dataclass(frozen=True)
class Outgoing:
    reminder_id: int
    token: str  # the claim's fencing token: send and mark only while the row still has it
    chat_id: int
    text: str
    buttons: Keyboard | None


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
    ) -> None:
        self.db, self.clock, self.default_language = db, clock, default_language
        self.worker = worker or worker_name()
        self.batch_size = batch_size
        self.lease = lease
        self.database_down = False  # log an outage once, and its end
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
            handled += len(batch)

    def claim_batch(self) -> list[Outgoing]:
        """Claim and render the next batch (blocking: `run_once` calls it in a database thread);
        the claim is also this dispatcher's heartbeat (`storage.heartbeat`)."""
        now = self.clock()
        with self.db.transaction() as session:
            beat(session, self.worker, now)
            claimed = claim_due(
                session, now, self.worker, self.batch_size, PER_CHAT_CLAIM, lease=self.lease
            )
            return [self.compose(session, reminder, now) for reminder in claimed]

    def compose(self, session: Session, reminder: Reminder, now: datetime) -> Outgoing:
        """The message for one claimed reminder, rendered in the chat's language and zone."""
        assert reminder.id is not None
        chat = session.get(Chat, reminder.chat_id)
        assert chat is not None
        lang = language_or_default(chat.language, self.default_language)
        tz = zone_of(chat)
        task = session.get(Task, reminder.task_id) if reminder.task_id is not None else None
        is_digest = reminder.kind == ReminderKind.DIGEST
        content = ReminderContent(
            reminder_id=reminder.id,
            kind=ReminderKind(reminder.kind),
            scheduled_for=reminder.due_at,
            late=reminder.due_at < self.started_at or now - reminder.due_at > LATE_AFTER,
            task=view_tasks(session, [task])[0] if task is not None else None,
            open_tasks=list_tasks(session, chat.id) if is_digest else [],
            followups=list_tasks(session, chat.id, kinds=(TaskKind.FOLLOWUP,)) if is_digest else [],
            decisions=decisions_since(session, chat.id, now - DIGEST_PERIOD) if is_digest else [],
        )
        text, buttons = render_reminder_message(content, tz, lang, now)
        assert reminder.claim_token is not None
        return Outgoing(reminder.id, reminder.claim_token, chat.id, text, buttons)

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
        """Send one reminder; returns how long Telegram wants this chat to wait, if it does."""
        limiter = getattr(bot, "rate_limiter", None)
        if isinstance(limiter, SlidingWindowRateLimiter):  # wait first, then claim anew
            await limiter.wait_until_free(item.chat_id)
        if not await self.persist(
            lambda s: renew_claim(s, item.reminder_id, item.token, self.clock())
        ):
            log.warning("reminder %s was taken over by another worker; not sent", item.reminder_id)
            return None
        try:
            message = await send_reminder(bot, item)
        except RetryAfter as error:
            pause = timedelta(seconds=retry_seconds(error))
            await self.retry(item, str(error), pause, count=False)
            return pause
        except Forbidden as error:
            await self.chat_gone(item, error)
        except ChatMigrated as error:
            if moved:  # moved once already: do not follow a chain of moves
                await self.fail(item, f"group moved to {error.new_chat_id}: {error}")
            else:
                await self.follow_migration(item, error.new_chat_id)
                return await self.send_one(
                    bot, replace(item, chat_id=error.new_chat_id), moved=True
                )
        except BadRequest as error:
            if any(marker in str(error).lower() for marker in CHAT_GONE):
                await self.chat_gone(item, error)
            else:
                await self.fail(item, f"Telegram refused the reminder: {error}")
        except NetworkError as error:  # includes timeouts and 5xx answers
            await self.retry(item, str(error), None, count=True)
        except TelegramError as error:
            await self.fail(item, f"{error.__class__.__name__}: {error}")
        else:
            await self.sent(item, message.message_id)
        return None

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
        if not items:
            return

        def release(session: Session) -> None:
            for item in items:
                if due_at is None:
                    release_claim(session, item.reminder_id, item.token)
                else:
                    mark_retry(
                        session, item.reminder_id, item.token, "flood wait", due_at, count=False
                    )

        await self.persist(release)

    async def sent(self, item: Outgoing, message_id: int) -> None:
        def mark(session: Session) -> None:
            now = self.clock()
            if not mark_sent(session, item.reminder_id, item.token, message_id, now):
                log.warning("reminder %s sent, but its claim had been taken over", item.reminder_id)
                return
            reminder = session.get(Reminder, item.reminder_id)
            if reminder is None:
                return
            if reminder.kind == ReminderKind.DIGEST:
                chat = session.get(Chat, reminder.chat_id)
                if chat is not None:
                    sync_digest(session, chat, now, planner=PLANNER)
            elif reminder.kind in (ReminderKind.FOLLOWUP, ReminderKind.PLAIN):
                task = session.get(Task, reminder.task_id) if reminder.task_id else None
                if task is not None:
                    advance_recurring_task(session, task, now, planner=PLANNER)

        await self.persist(mark)

    async def retry(self, item: Outgoing, error: str, delay: timedelta | None, count: bool) -> None:
        def mark(session: Session) -> None:
            reminder = session.get(Reminder, item.reminder_id)
            if reminder is None:
                return
            if count and reminder.attempts + 1 >= MAX_ATTEMPTS:
                log.error("reminder %s failed for good: %s", item.reminder_id, error)
                mark_failed(session, item.reminder_id, item.token, error)
                return
            wait = delay if delay is not None else backoff(reminder.attempts)
            log.warning("reminder %s will be retried in %s: %s", item.reminder_id, wait, error)
            # flood control is not the reminder's fault: it uses no attempt
            mark_retry(
                session, item.reminder_id, item.token, error, self.clock() + wait, count=count
            )

        await self.persist(mark)

    async def fail(self, item: Outgoing, error: str) -> None:
        log.error("reminder %s failed: %s", item.reminder_id, error)
        await self.persist(lambda s: mark_failed(s, item.reminder_id, item.token, error))

    async def follow_migration(self, item: Outgoing, new_chat_id: int) -> None:
        log.info("chat %s became supergroup %s; its data moves along", item.chat_id, new_chat_id)
        await self.persist(
            lambda s: migrate_chat(s, item.chat_id, new_chat_id, self.clock(), planner=PLANNER)
        )

    async def chat_gone(self, item: Outgoing, error: TelegramError) -> None:
        log.warning("chat %s is gone (%s); its reminders stop", item.chat_id, error)

        def mark(session: Session) -> None:
            mark_failed(session, item.reminder_id, item.token, f"chat gone: {error}")
            deactivate_chat(session, item.chat_id)

        await self.persist(mark)


async def send_reminder(bot: Bot, item: Outgoing) -> Message:
    """Send without the rate limiter's own retries: a 429 comes back to us, and the chat's
    other claims are handed back rather than held while Telegram makes us wait."""
    markup = inline_markup(item.buttons) if item.buttons is not None else None
    if isinstance(bot, ExtBot):
        return await bot.send_message(
            item.chat_id, item.text, reply_markup=markup, rate_limit_args=0
        )
    return await bot.send_message(item.chat_id, item.text, reply_markup=markup)


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
