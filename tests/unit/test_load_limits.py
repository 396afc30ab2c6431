"""The pure pieces of issue 12's load limits: the reply cap (at most three messages, ending
with how many more there are), the flood budget, and what the liveness check concludes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.reminders.liveness import liveness_problems
from bot.render.html_split import text_length
from bot.render.tasks import MAX_REPLY_MESSAGES, TELEGRAM_TEXT_LIMIT, cap_messages, split_message
from handlers.common.throttle import FloodBudget
from storage.heartbeat import Liveness

NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)


def task_lines(count: int) -> list[str]:
    return [
        f"▫️ <b>#{n}</b> Aufgabe Nummer {n} mit einem Titel · fällig Fr, 21.06."
        for n in range(1, count + 1)
    ]


def test_ten_thousand_lines_are_three_messages_with_the_rest_counted() -> None:
    lines = ["<b>Alle Aufgaben (10000)</b>", *task_lines(10_000)]
    text = "\n".join(lines)
    assert len(split_message(text)) > 100  # what the chat got before: hundreds of messages
    messages = cap_messages(text, "de")
    assert len(messages) == MAX_REPLY_MESSAGES
    assert all(text_length(m) <= TELEGRAM_TEXT_LIMIT for m in messages)
    shown = sum(m.count("▫️") for m in messages)
    footer = messages[-1].splitlines()[-1]
    assert footer == f"… und {10_000 - shown} weitere: /export"
    assert "#1 " in messages[0].replace("</b>", " ") and shown > 100


def test_a_reply_that_fits_is_not_touched() -> None:
    text = "\n".join(["<b>Offene Aufgaben</b>", *task_lines(40)])
    assert cap_messages(text, "de") == split_message(text)
    assert "weitere" not in "".join(cap_messages(text, "de"))


def test_the_cap_speaks_english_and_takes_another_limit() -> None:
    text = "\n".join(task_lines(300))
    messages = cap_messages(text, "en", max_messages=1)
    assert len(messages) == 1
    assert messages[0].endswith("more: /export") and "… and " in messages[0]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_gets_one_warning_then_silence_then_a_fresh_start() -> None:
    clock = Clock()
    budget = FloodBudget(3, window=60, pause=120, clock=clock)
    assert [budget.spend("vera") for _ in range(6)] == [
        "ok",
        "ok",
        "ok",
        "warn",
        "ignore",
        "ignore",
    ]
    assert budget.spend("nicole") == "ok"  # the others are not affected
    clock.now += 119
    assert budget.spend("vera") == "ignore"
    clock.now += 2
    assert [budget.spend("vera") for _ in range(4)] == ["ok", "ok", "ok", "warn"]


def test_a_steady_pace_within_the_window_is_never_a_flood() -> None:
    clock = Clock()
    budget = FloodBudget(3, window=60, pause=120, clock=clock)
    for _ in range(20):
        assert budget.spend("vera") == "ok"
        clock.now += 21  # three within any minute, never four


@pytest.mark.parametrize(
    ("state", "kinds"),
    [
        (Liveness(NOW - timedelta(seconds=5), "host:1", 0), set()),
        (Liveness(NOW - timedelta(seconds=61), "host:1", 0), {"silent"}),
        (Liveness(None, None, 0), {"silent"}),
        (Liveness(NOW - timedelta(seconds=1), "host:1", 3), {"overdue"}),
        (Liveness(NOW - timedelta(minutes=10), "host:1", 3), {"silent", "overdue"}),
    ],
)
def test_liveness_problems(state: Liveness, kinds: set[str]) -> None:
    problems = liveness_problems(state, NOW)
    assert set(problems) == kinds
    if "overdue" in problems:
        assert problems["overdue"].startswith("3 reminder(s) overdue by more than 5 minutes")
