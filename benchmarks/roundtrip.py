"""Benchmark 6, round trip: what a member waits for, end to end through real processes.

The real `python -m bot` and the bare python-telegram-bot echo bot (`benchmarks.echo_bot`) run
side by side, each polling an emulator of its own (`tests/e2e/emulator.py`, one poller per
token as on Telegram). Samples alternate between the two, so both see the same machine load.
A sample is the time from a member's message being posted at the emulator (`send_text`, which
answers the bot's waiting long poll) to the bot's whole reply having arrived there: one message
for `/aufgabe <title>`, all the messages of the list for `/aufgaben` in a group with 200 open
tasks (the number learned from a warm-up call). The emulator's flood limits are off and so is
the bot's rate limiter (as in the end-to-end tests): 50 samples in one group would otherwise
wait, rightly, for Telegram's 20 messages a minute per group.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter, time
from typing import Any

from benchmarks.common import Row, median_row, percentile
from benchmarks.processes import BotRun, new_emulator
from tests.e2e.emulator import BotApiEmulator

BENCH = "6 round trip"
LISTED_TASKS = 200


@dataclass(frozen=True)
class RoundTripConfig:
    samples: int = 60  # per command and bot
    listed_tasks: int = LISTED_TASKS
    runs: int = 1  # the samples alternate between the bots already


class Side:
    """One bot process with its emulator, a member and two groups (one filled with tasks)."""

    def __init__(self, module: str, database_url: str, workdir: Path) -> None:
        self.emulator = new_emulator(rate_limits=False)
        self.process = BotRun(module, self.emulator, database_url, workdir / module)
        self.member = self.emulator.create_user("Vera", username="vera_k")
        self.adding = self.emulator.create_group("Vorstand", [self.member], supergroup=True)
        self.listing = self.emulator.create_group("Kasse", [self.member], supergroup=True)
        self.posted: list[tuple[int, float]] = []  # (chat id, epoch s) of each sample

    def start(self) -> None:
        self.process.start(TELEGRAM_RATE_LIMIT="false")
        self.process.wait_for_first_poll()
        self.emulator.wait_until_idle(timeout=30)  # the greetings of the two groups are out

    def replies_to(self, chat: dict[str, Any], text: str) -> int:
        """Send once and count the reply's messages (the bot is idle afterwards)."""
        mark = self.emulator.mark()
        self.emulator.send_text(self.member, chat, text)
        self.emulator.wait_for_bot_message(chat["id"], after=mark, timeout=30)
        self.emulator.wait_until_idle(timeout=30)
        return messages_after(self.emulator, int(chat["id"]), mark)

    def fill(self, count: int) -> None:
        for number in range(count):
            mark = self.emulator.mark()
            # due days spread over the year, as on a real board (not one day for all)
            day = f"{number % 28 + 1}.{number // 28 % 12 + 1}."
            text = f"/aufgabe Punkt {number} klären @vera_k bis {day}"
            self.emulator.send_text(self.member, self.listing, text)
            self.emulator.wait_for_bot_message(self.listing["id"], after=mark, timeout=30)

    def sample(self, chat: dict[str, Any], text: str, messages: int) -> float:
        """Seconds from posting `text` to the `messages`-th message of the reply."""
        chat_id = int(chat["id"])
        mark = self.emulator.mark()
        self.posted.append((chat_id, time()))
        begin = perf_counter()
        self.emulator.send_text(self.member, chat, text)
        wait_for_messages(self.emulator, chat_id, mark, messages)
        return perf_counter() - begin

    def in_bot(self) -> list[float]:
        """For each sample, the time inside the bot process: from the emulator answering the
        long poll with the update to the first sendMessage of the reply arriving (seconds).
        The rest of a round trip is the two HTTP legs and the emulator, alike for both bots."""
        log = self.emulator.requests
        answered = [
            e["time"] for e in log if e["method"] == "getUpdates" and e["response"].get("result")
        ]
        sends = [
            (e["time"] - e["duration"], e["params"].get("chat_id"))
            for e in log
            if e["method"] == "sendMessage"
        ]
        spans = []
        for chat_id, posted in self.posted:
            handed = next((at for at in answered if at >= posted), None)
            sent = next((at for at, c in sends if at >= posted and str(c) == str(chat_id)), None)
            if handed is not None and sent is not None:
                spans.append(sent - handed)
        self.posted.clear()
        return spans

    def stop(self) -> None:
        try:
            code = self.process.stop()
            if code != 0:
                raise RuntimeError(f"{self.process.module} exited with {code}")
        finally:
            self.emulator.stop()


def messages_after(emulator: BotApiEmulator, chat_id: int, mark: int) -> int:
    """New bot messages in the chat since `mark` (edits of older ones not counted)."""
    with emulator._state.lock:
        return sum(
            1
            for record in emulator._state.records.values()
            if record["chat_id"] == chat_id and record["seq"] > mark
        )


def wait_for_messages(emulator: BotApiEmulator, chat_id: int, mark: int, count: int) -> None:
    """Until the chat has `count` new bot messages; woken by the emulator on every send (no
    sleeping poll, so the wait adds the same few microseconds to both bots)."""
    state = emulator._state
    with state.changed:
        ok = state.changed.wait_for(
            lambda: (
                sum(
                    1 for r in state.records.values() if r["chat_id"] == chat_id and r["seq"] > mark
                )
                >= count
            ),
            timeout=30,
        )
    if not ok:
        raise AssertionError(emulator.dump(chat_id, mark, f"no {count} replies in chat {chat_id}"))


def figures(latencies: list[float]) -> dict[str, float]:
    return {
        "median ms": percentile(latencies, 50) * 1000,
        "p99 ms": percentile(latencies, 99) * 1000,
        "samples": float(len(latencies)),
    }


def run_roundtrip(
    database: str, database_url: Callable[[], str], config: RoundTripConfig
) -> list[Row]:
    """Rows for `/aufgabe` and `/aufgaben` (200 tasks): boardbot, the echo bot, the ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="boardbot-bench-"))
    bot = Side("bot", database_url(), workdir)
    echo = Side("benchmarks.echo_bot", "sqlite:///unused.db", workdir)
    results: dict[tuple[str, str], list[float]] = {}
    try:
        bot.start()
        echo.start()
        bot.fill(config.listed_tasks)
        cases = {
            "/aufgabe <title>": (
                lambda side: side.adding,
                lambda n: f"/aufgabe Runde {n} vorbereiten @vera_k bis Freitag",
            ),
            f"/aufgaben ({config.listed_tasks} tasks)": (
                lambda side: side.listing,
                lambda _n: "/aufgaben",
            ),
        }
        for case, (chat_of, text_of) in cases.items():
            counts = {
                side: side.replies_to(chat_of(side), text_of(-1)) for side in (bot, echo)
            }  # warm-up, and how many messages a reply has
            for number in range(config.samples):
                for name, side in (("boardbot", bot), ("bare PTB", echo)):
                    latency = side.sample(chat_of(side), text_of(number), counts[side])
                    results.setdefault((case, name), []).append(latency)
            results[(case, "boardbot in bot")] = bot.in_bot()
            results[(case, "bare PTB in bot")] = echo.in_bot()
    finally:
        bot.stop()
        echo.stop()
    return rows_of(database, results, config)


def rows_of(
    database: str, results: dict[tuple[str, str], list[float]], config: RoundTripConfig
) -> list[Row]:
    rows = []
    for case in dict.fromkeys(case for case, _ in results):
        ours, bare = figures(results[(case, "boardbot")]), figures(results[(case, "bare PTB")])
        inside = percentile(results[(case, "boardbot in bot")], 50) * 1000
        bare_inside = percentile(results[(case, "bare PTB in bot")], 50) * 1000
        measured = {
            "median ms": ours["median ms"],
            "p99 ms": ours["p99 ms"],
            "bare PTB median ms": bare["median ms"],
            "bare PTB p99 ms": bare["p99 ms"],
            "median / bare": ours["median ms"] / bare["median ms"] if bare["median ms"] else 0.0,
            "in bot median ms": inside,
            "bare PTB in bot median ms": bare_inside,
            "samples": ours["samples"],
        }
        rows.append(median_row(BENCH, case, database, [measured]))
    rows[0].note = (
        f"python -m bot and a bare PTB echo bot, each polling its own emulator, samples "
        f"alternating; posted → whole reply at the emulator; {config.samples} samples each; "
        "in bot: the emulator answering the long poll → the reply's first sendMessage arriving"
    )
    return rows
