"""Say a thing at most once in a while per chat: the answer to a group that is not allowed,
and similar notices that would otherwise let a flooding group make the bot flood back; and
the flood budgets of members and groups (`FloodBudget`).

The memory is per process and lost on a restart (one more notice after a restart is harmless).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable

PRUNE_ABOVE = 10_000


class Throttle:
    """`allow(key)` is True at most once per `every` seconds for each key."""

    def __init__(self, every: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self.last: dict[Hashable, float] = {}

    def allow(self, key: Hashable) -> bool:
        now = self.clock()
        last = self.last.get(key)
        if last is not None and now - last < self.every:
            return False
        if len(self.last) > PRUNE_ABOVE:  # a stream of new chats must not grow this forever
            self.last = {k: v for k, v in self.last.items() if now - v < self.every}
        self.last[key] = now
        return True


class FloodBudget:
    """At most `budget` events per `window` seconds for each key (a member, a chat).

    `spend(key)` says what to do with one more event: "ok" within the budget; "warn" for the
    first one over it (say "bitte langsamer" once); "ignore" from then on, until `pause`
    seconds have passed since the warning and the window has emptied again."""

    def __init__(
        self,
        budget: int,
        window: float,
        pause: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget, self.window, self.pause, self.clock = budget, window, pause, clock
        self.events: dict[Hashable, deque[float]] = {}
        self.warned_at: dict[Hashable, float] = {}

    def spend(self, key: Hashable) -> str:
        now = self.clock()
        warned = self.warned_at.get(key)
        if warned is not None:
            if now - warned < self.pause:
                return "ignore"
            del self.warned_at[key]
            self.events.pop(key, None)  # a fresh start after the pause
        events = self.events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.budget:
            self.warned_at[key] = now
            return "warn"
        events.append(now)
        if len(self.events) > PRUNE_ABOVE:
            self.events = {k: v for k, v in self.events.items() if v and now - v[-1] < self.window}
        return "ok"
