"""Pure builders of a circular resolution's record for the export: everything a vote needs to
be checked later — the motion, its rule and deadline, who was entitled to vote, every answer
to the poll with its time (retractions and answers from outside the board included), and the
outcome with its register number. As CSV (one row per answer, like `bot.render.exports`) and
as Markdown (one section per circular)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.i18n import Language, t
from bot.render.circulars import Circular, circular_ref, option_label
from bot.render.exports import _csv_bytes as csv_document
from bot.render.exports import _local as local_time
from bot.render.minutes import markdown_block, markdown_escape, register_ref, vote_text
from bot.render.views import Decision

RULE_KEYS = {"all": "min_circular_all", "majority": "min_circular_majority"}
STATUS_KEYS = {
    "open": "min_circular_open",
    "adopted": "min_circular_adopted",
    "rejected": "min_circular_rejected",
    "withdrawn": "min_circular_withdrawn",
}


class Voter(Protocol):
    @property
    def name(self) -> str: ...


class Vote(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def option(self) -> str | None: ...  # None: retracted
    @property
    def at(self) -> datetime: ...
    @property
    def voter_id(self) -> int | None: ...  # None: not on the board, does not count


@dataclass(frozen=True)
class CircularRecord:
    circular: Circular
    voters: Sequence[Voter]
    votes: Sequence[Vote]  # oldest first
    decision: Decision | None


def answer_label(vote: Vote, lang: Language) -> str:
    return option_label(vote.option, lang) if vote.option else t(lang, "min_circular_retracted")


def outcome_label(record: CircularRecord, lang: Language) -> str:
    label = t(lang, STATUS_KEYS[record.circular.status])
    if record.decision is None:
        return label
    return f"{label} – {register_ref(record.decision)}"


def circulars_csv(records: Sequence[CircularRecord], tz: ZoneInfo, lang: Language) -> bytes:
    """One row per answer (a circular nobody answered: one row without an answer)."""
    yes, no = t(lang, "csv_yes"), t(lang, "csv_no")
    rows: list[list[object]] = []
    for record in records:
        c = record.circular
        head: list[object] = [
            circular_ref(c),
            c.text,
            t(lang, RULE_KEYS.get(c.rule, "min_circular_all")),
            local_time(c.started_at, tz),
            c.created_by_name,
            local_time(c.deadline, tz),
            outcome_label(record, lang),
        ]
        rows += [
            [
                *head,
                vote.name,
                yes if vote.voter_id is not None else no,
                answer_label(vote, lang),
                local_time(vote.at, tz),
            ]
            for vote in record.votes
        ] or [[*head, None, None, None, None]]
    return csv_document(t(lang, "csv_circular_columns").split("|"), rows)


def item(text: str) -> str:
    return "- " + markdown_escape(text)


def answer_item(vote: Vote, tz: ZoneInfo, lang: Language) -> str:
    key = "min_circular_answer" if vote.voter_id is not None else "min_circular_answer_outside"
    at, answer = local_time(vote.at, tz), answer_label(vote, lang)
    return item(t(lang, key, at=at, name=vote.name, answer=answer))


def circular_markdown(record: CircularRecord, tz: ZoneInfo, lang: Language) -> str:
    c = record.circular
    electorate = ", ".join(voter.name for voter in record.voters)
    lines = [
        f"## {markdown_escape(t(lang, 'min_circular_heading', ref=circular_ref(c)))}",
        "",
        markdown_block(markdown_escape(c.text)),
        "",
        item(t(lang, "min_circular_rule", rule=t(lang, RULE_KEYS.get(c.rule, "min_circular_all")))),
        item(
            t(lang, "min_circular_put_by", day=local_time(c.started_at, tz), name=c.created_by_name)
        ),
        item(t(lang, "min_circular_deadline", day=local_time(c.deadline, tz))),
        item(t(lang, "min_circular_electorate", names=electorate)),
        item(t(lang, "min_circular_outcome", outcome=outcome_label(record, lang))),
    ]
    vote = vote_text(record.decision, lang) if record.decision is not None else None
    if vote:
        lines.append(item(vote))
    lines += ["", f"### {markdown_escape(t(lang, 'min_circular_answers'))}", ""]
    lines += [answer_item(answer, tz, lang) for answer in record.votes]
    if not record.votes:
        lines.append(item(t(lang, "min_circular_no_answers")))
    return "\n".join(lines) + "\n"


def circulars_markdown(records: Sequence[CircularRecord], tz: ZoneInfo, lang: Language) -> str:
    title = f"# {markdown_escape(t(lang, 'min_circulars_title'))}\n\n"
    return title + "\n".join(circular_markdown(record, tz, lang) for record in records)
