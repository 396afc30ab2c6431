"""The due-date parser measured against an outside corpus: Duckling's German and English time
corpora (github.com/facebook/duckling, BSD licence), extracted as JSON into `shared/dates_corpus/`
beside the repository (or the folder named by $BOARDBOT_DATES_CORPUS).

Scoring, item by item, with the item's reference time passed as `now`:
- "correct": the parser's due date is the corpus's value - the same day (plus the same clock time
  for a "time" item), a day inside a "days" range (a deadline parser names one day of "next
  week"), or an instant inside a "span" (date-only due dates count as 23:59:59). Items marked
  `"past": "refuse"` are correct only when refused as "past"; `roll_day` / `roll_year` items also
  accept the next day / the next year, because a deadline is never in the past.
- "refused": the parser raised `DateParseError` - the clear "I did not understand" reply.
- "misread": the parser returned any other date. That is the silent misreading the bot must never
  produce, so the test demands zero of them, and zero for the corpus's negative phrases.
The in-scope items are the corpus's `items`; its `skipped` list (ranges, holidays abroad,
durations) is not scored. `DISPUTED` below lists the few items where we believe the corpus is
wrong for a deadline parser: they are scored against our documented reading instead.
"""

import json
import os
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest

from bot.language.dates import DateParseError, DueDate, parse_due_date

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("BOARDBOT_DATES_CORPUS", ROOT.parent / "shared" / "dates_corpus"))
# What the figures must reach (issue 11).
REQUIRED = {"de": 0.90, "en": 0.75}
TIME_LIMIT_SECONDS = 30.0

Outcome = Literal["correct", "refused", "misread"]

# Items where the corpus's value is wrong for a board's deadline parser: id -> (the item's fields
# as we read them, why). Scored against our reading, so the test still fails if we drift.
DISPUTED: dict[str, tuple[dict[str, Any], str]] = {
    "de-043": (
        {"expect": {"kind": "days", "from": "2013-02-18", "to": "2013-02-24"}},
        "'kommende Woche' is next week in German (the corpus flags its own value DOUBTFUL)",
    ),
    "de-167": (
        {"expect": {"kind": "day", "day": "2013-12-24"}},
        "'bis Weihnachten' means before the holidays start: Christmas Eve, the 24th (issue 11); "
        "'Weihnachtstag' stays the 25th",
    ),
    "en-128": (
        {"expect": {"kind": "day", "day": "2013-02-13"}},
        "CONVENTION: 'next <weekday>' is the next one after today, like German 'nächsten "
        "Mittwoch', which the German corpus itself reads as 2013-02-13 (de-063)",
    ),
    "en-520": (
        {"expect": {"kind": "day", "day": "2013-02-16"}},
        "CONVENTION: 'next saturday' on a Tuesday is this coming Saturday (see en-128)",
    ),
    "en-216": (
        {"expect": {"kind": "time", "day": "2013-02-13", "time": "03:30"}},
        "a clock time with a colon means what it says; only a bare hour ('um 3') is the "
        "afternoon. The German corpus reads the same '3:30' as 03:30 (de-130)",
    ),
    "en-417": (
        {"expect": {"kind": "time", "day": "2013-02-12", "time": "12:00"}},
        "DOUBTFUL in the corpus: 12 in the morning is noon, the end of the morning",
    ),
    "en-419": (
        {"expect": {"kind": "time", "day": "2013-02-12", "time": "12:00"}},
        "DOUBTFUL in the corpus: 12 in the afternoon is noon, not midnight",
    ),
}


@dataclass
class Score:
    counts: dict[Outcome, int] = field(
        default_factory=lambda: {"correct": 0, "refused": 0, "misread": 0}
    )
    misread: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share(self) -> float:
        return self.counts["correct"] / self.total if self.total else 0.0


def load(language: str) -> dict[str, Any]:
    path = CORPUS / f"{language}.json"
    if not path.is_file():
        pytest.skip(f"the Duckling corpus is not at {CORPUS} (set BOARDBOT_DATES_CORPUS)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _instant(due: DueDate, now: datetime) -> datetime:
    return datetime.combine(due.day, due.at or time(23, 59, 59), tzinfo=now.tzinfo)


def _accepted_days(expect: dict[str, Any], past: str | None) -> set[date]:
    days = {date.fromisoformat(expect["day"])}
    days |= {date.fromisoformat(day) for day in expect.get("accept_days", [])}
    if past == "roll_day":
        days |= {day + timedelta(days=1) for day in days}
    if past == "roll_year":
        days |= {day.replace(year=day.year + 1) for day in days}
    return days


def matches(due: DueDate, expect: dict[str, Any], past: str | None, now: datetime) -> bool:
    kind = expect["kind"]
    if kind == "day":
        return due.day in _accepted_days(expect, past)
    if kind == "time":
        wanted = time.fromisoformat(expect["time"])
        return due.at == wanted and due.day in _accepted_days(expect, past)
    if kind == "days":
        return date.fromisoformat(expect["from"]) <= due.day <= date.fromisoformat(expect["to"])
    if kind == "span":
        start, end = (datetime.fromisoformat(expect[key]) for key in ("from", "to"))
        return start <= _instant(due, now) < end
    raise AssertionError(f"unknown expectation kind {kind!r}")


def judge(item: dict[str, Any]) -> Outcome:
    if item["id"] in DISPUTED:
        item = item | DISPUTED[item["id"]][0]
    now = datetime.fromisoformat(item["ref"])
    expect, past = item["expect"], item.get("past")
    try:
        due = parse_due_date(item["phrase"], now)
    except DateParseError as error:
        return "correct" if past == "refuse" and error.reason == "past" else "refused"
    if past == "refuse":
        return "misread"
    return "correct" if matches(due, expect, past, now) else "misread"


def score(data: dict[str, Any]) -> tuple[Score, list[str]]:
    result = Score()
    for item in data["items"]:
        outcome = judge(item)
        result.counts[outcome] += 1
        if outcome != "correct":
            getattr(result, outcome).append(f"{item['id']} {item['phrase']!r}")
    wrongly_read: list[str] = []
    for negative in data["negative"]:
        try:
            parse_due_date(negative["phrase"], datetime.fromisoformat(negative["ref"]))
        except DateParseError:
            continue
        wrongly_read.append(negative["phrase"])
    return result, wrongly_read


@pytest.mark.parametrize("language", ["de", "en"])
def test_corpus_figures(language: str) -> None:
    data = load(language)
    started = clock.perf_counter()
    result, wrongly_read = score(data)
    elapsed = clock.perf_counter() - started
    print(
        f"\n{language}: {result.counts['correct']}/{result.total} correct "
        f"({result.share:.1%}), {result.counts['refused']} refused, "
        f"{result.counts['misread']} misread, {len(data['negative'])} negatives "
        f"({len(wrongly_read)} read as a date), {len(data['skipped'])} skipped, {elapsed:.2f} s"
    )
    print("refused:", ", ".join(result.refused) or "none")
    assert result.misread == [], "silent misreadings"
    assert wrongly_read == [], "negative phrases read as a date"
    assert result.share >= REQUIRED[language]
    assert elapsed < TIME_LIMIT_SECONDS


def test_disputed_items_exist_in_the_corpus() -> None:
    ids = {item["id"]: item for item in load("de")["items"] + load("en")["items"]}
    for item_id, (_, reason) in DISPUTED.items():
        assert item_id in ids, item_id
        assert reason
