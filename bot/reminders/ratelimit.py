"""Telegram's flood limits as sliding windows: at most 30 requests to chats in any second and
at most 20 messages to one group in any minute.

python-telegram-bot's `AIORateLimiter` uses leaky buckets: a full bucket lets 30 requests
through at once and then 30 more per second, so a burst of reminders sends up to 60 in its
first second and Telegram answers 429 (our dispatch benchmark counted 63 of them for 300
reminders, and the 429 pause cost 13 % of the allowed rate). A sliding window never exceeds
the limit in any window, so a burst runs at the full allowed rate without a single 429. The
slot of a request counts from its answer (not from when it was let through), and the windows
are a little longer than Telegram's (`margin`), so requests that leave late or arrive
unevenly still never crowd one of Telegram's windows.

After a 429 anyway (another bot process on the same token, a stricter limit), the request is
retried after `retry_after` up to `max_retries` times; meanwhile nothing is sent to that group
(or, for a 429 outside groups, to anybody).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

JSON = bool | dict[str, Any] | list[dict[str, Any]]
OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
PRUNE_ABOVE = 1024  # group windows kept before idle ones are dropped


class Window:
    """At most `limit` requests in any `span` seconds. A request holds its slot from the
    moment it is let through until `span` after its answer came back: it reached Telegram
    somewhere in between, so however late it left (a busy event loop), no window there can
    see more than `limit`."""

    def __init__(self, limit: int, span: float) -> None:
        self.limit, self.span = limit, span
        self.slots: list[list[float]] = []  # [time] of each request, updated when it is done
        self.blocked_until = 0.0

    def wait(self, now: float) -> float:
        """Seconds until one more request fits (0 = now)."""
        self.slots = [slot for slot in self.slots if slot[0] > now - self.span]
        wait = self.blocked_until - now
        if len(self.slots) >= self.limit:
            oldest = sorted(slot[0] for slot in self.slots)[len(self.slots) - self.limit]
            wait = max(wait, oldest + self.span - now)
        return max(wait, 0.0)

    def take(self, now: float) -> list[float]:
        slot = [now]
        self.slots.append(slot)
        return slot

    def idle(self, now: float) -> bool:
        return self.wait(now) == 0 and not self.slots


# `rate_limit_args` is the number of retries after a 429; python-telegram-bot drops a falsy
# value, so "no retries" is spelled -1.
NO_RETRIES = -1


class SlidingWindowRateLimiter(BaseRateLimiter[int]):
    """Sliding-window flood control for every request addressed to a chat."""

    def __init__(
        self,
        overall_per_second: int = OVERALL_PER_SECOND,
        group_per_minute: int = GROUP_PER_MINUTE,
        max_retries: int = 0,
        margin: float = 0.02,
    ) -> None:
        self.overall = Window(overall_per_second, 1.0 + margin)
        self.group_limit, self.group_span = group_per_minute, 60.0 + 10 * margin
        self.groups: dict[int | str, Window] = {}
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _group(self, key: int | str) -> Window:
        window = self.groups.get(key)
        if window is None:
            if len(self.groups) > PRUNE_ABOVE:
                now = asyncio.get_running_loop().time()
                for idle in [k for k, w in self.groups.items() if w.idle(now)]:
                    del self.groups[idle]
            window = self.groups[key] = Window(self.group_limit, self.group_span)
        return window

    def _group_of(self, chat_id: object) -> Window | None:
        """The per-group window for a group or channel (negative id or @name), else None."""
        key: int | str = str(chat_id)
        with contextlib.suppress(TypeError, ValueError):
            key = int(str(chat_id))
        return self._group(key) if isinstance(key, str) or key < 0 else None

    def _wait(self, group: Window | None, now: float) -> float:
        wait = self.overall.wait(now)
        return max(wait, group.wait(now)) if group is not None else wait

    async def _acquire(self, group: Window | None) -> list[list[float]]:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            wait = self._wait(group, now)
            if wait <= 0:
                slots = [self.overall.take(now)]
                if group is not None:
                    slots.append(group.take(now))
                return slots
            await asyncio.sleep(wait)

    async def wait_until_free(self, chat_id: int) -> None:
        """Until a message to `chat_id` could go out at once (takes no slot): the dispatcher
        waits here before it renews a claim, so the claim's lease covers only the send."""
        group = self._group_of(chat_id)
        loop = asyncio.get_running_loop()
        while (wait := self._wait(group, loop.time())) > 0:
            await asyncio.sleep(wait)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        chat_id = data.get("chat_id")
        if chat_id is None:  # getUpdates, answerCallbackQuery, …: not flood-limited
            return await callback(*args, **kwargs)
        key = chat_id
        group = self._group_of(chat_id)
        retries = self.max_retries if rate_limit_args is None else max(0, rate_limit_args)
        for attempt in range(retries + 1):
            slots = await self._acquire(group)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    raise
                pause = retry_seconds(error) + 0.1
                until = asyncio.get_running_loop().time() + pause
                blocked = group if group is not None else self.overall
                blocked.blocked_until = max(blocked.blocked_until, until)
                log.info("flood limit hit for %s (%s); retrying in %.1f s", key, endpoint, pause)
            finally:
                done = asyncio.get_running_loop().time()
                for slot in slots:
                    slot[0] = max(slot[0], done)
        raise AssertionError("unreachable")  # the loop returns or raises


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the type will become timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
