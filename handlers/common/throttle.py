"""Say a thing at most once in a while per chat: the answer to a group that is not allowed,
and similar notices that would otherwise let a flooding group make the bot flood back.

The memory is per process and lost on a restart (one more notice after a restart is harmless).
"""

from __future__ import annotations

import time
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
