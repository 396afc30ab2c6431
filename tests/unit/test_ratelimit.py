"""The sliding-window flood control: never more than the limit in any window, no waiting
below it, and a 429 is waited out and retried."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.reminders.ratelimit import SlidingWindowRateLimiter, Window


def test_window_admits_up_to_the_limit_then_waits_for_the_oldest() -> None:
    window = Window(limit=3, span=1.0)
    for at in (0.0, 0.1, 0.2):
        assert window.wait(at) == 0
        window.take(at)
    assert window.wait(0.3) == pytest.approx(0.7)
    assert window.wait(1.0) == 0  # the stamp at 0.0 left the window


def test_no_window_ever_holds_more_than_the_limit() -> None:
    window, now, sent = Window(limit=30, span=1.0), 0.0, []
    while len(sent) < 200:
        wait = window.wait(now)
        if wait:
            now += wait
            continue
        window.take(now)
        sent.append(now)
    assert max(sum(1 for t in sent if start - 1.0 < t <= start) for start in sent) == 30
    assert sent[-1] == pytest.approx(6.0)  # and the full rate: 30 at 0 s, 1 s, …, 20 at 6 s


async def test_requests_to_a_group_are_spaced_and_others_pass() -> None:
    limiter = SlidingWindowRateLimiter(overall_per_second=3, margin=0.0)
    loop = asyncio.get_running_loop()
    times: list[float] = []

    async def call() -> bool:
        times.append(loop.time())
        return True

    start = loop.time()
    for _ in range(4):
        assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": -1}, None)
    assert times[2] - start < 0.1 and times[3] - start >= 0.95
    assert await limiter.process_request(call, (), {}, "getUpdates", {}, None)  # not limited


async def test_a_429_is_waited_out_and_retried() -> None:
    limiter = SlidingWindowRateLimiter(max_retries=2)
    attempts: list[float] = []
    loop = asyncio.get_running_loop()

    async def flaky() -> Any:
        attempts.append(loop.time())
        if len(attempts) == 1:
            raise RetryAfter(1)
        return {"ok": True}

    answer = await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": -5}, None)
    assert answer == {"ok": True}
    assert len(attempts) == 2 and attempts[1] - attempts[0] >= 1.0


async def test_retries_end_with_the_429() -> None:
    limiter = SlidingWindowRateLimiter(max_retries=0)

    async def refused() -> Any:
        raise RetryAfter(1)

    with pytest.raises(RetryAfter):
        await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": 7}, None)


def test_a_slot_counts_from_the_answer_of_its_request() -> None:
    window = Window(limit=1, span=1.0)
    slot = window.take(0.0)
    slot[0] = 0.4  # the request took 0.4 s: it may have reached Telegram just then
    assert window.wait(1.2) == pytest.approx(0.2)
