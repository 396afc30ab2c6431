"""Is anybody sending the reminders? The dispatchers' heartbeat and the overdue reminders,
read by `boardbot check` and watched by the running bot (a log WARNING when it goes wrong).

A dispatcher beats every time it looks for due reminders (about every second), so a minute
without a beat means none runs; a reminder more than five minutes past its time means the
ones that run do not get through (a flood wait, an outage, a stuck send).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session

from storage.database import Database
from storage.heartbeat import Liveness, liveness

log = logging.getLogger(__name__)

SILENT_AFTER = timedelta(minutes=1)
OVERDUE_AFTER = timedelta(minutes=5)
WATCH_EVERY_SECONDS = 60.0


def read_liveness(session: Session, now: datetime) -> Liveness:
    return liveness(session, now - OVERDUE_AFTER)


def liveness_problems(state: Liveness, now: datetime) -> dict[str, str]:
    """What is wrong: a kind ("silent", "overdue") → one plain sentence. Empty: all is well."""
    problems = {}
    if state.last_beat is None:
        problems["silent"] = "no reminder dispatcher has ever run on this database"
    elif now - state.last_beat > SILENT_AFTER:
        silent = int((now - state.last_beat).total_seconds())
        problems["silent"] = (
            f"no reminder dispatcher has run for {silent} s (last: {state.worker}); "
            "start the bot or `python -m bot.worker`"
        )
    if state.overdue:
        problems["overdue"] = (
            f"{state.overdue} reminder(s) overdue by more than "
            f"{int(OVERDUE_AFTER.total_seconds() // 60)} minutes"
        )
    return problems


def liveness_summary(state: Liveness, now: datetime) -> str:
    """The good news, for `boardbot check`."""
    assert state.last_beat is not None
    ago = max(0, int((now - state.last_beat).total_seconds()))
    return f"reminders: the dispatcher {state.worker} ran {ago} s ago, none overdue"


class LivenessWatch:
    """Logs a WARNING when a problem appears (once, not every minute) and when it clears."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db, self.clock = db, clock
        self.reported: set[str] = set()  # the kinds of problem logged and not yet cleared

    async def check(self) -> dict[str, str]:
        now = self.clock()
        state = await self.db.run(lambda session: read_liveness(session, now))
        problems = liveness_problems(state, now)
        for kind, text in problems.items():
            if kind not in self.reported:
                log.warning("reminders: %s", text)
        if self.reported and not problems:
            log.warning("reminders: dispatching and on time again")
        self.reported = set(problems)
        return problems
