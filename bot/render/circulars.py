"""Pure rendering of circular resolutions (Umlaufbeschluss) as Telegram HTML: the status
message the bot edits while the poll runs (the count, who has voted and who has not), the
poll's question and options, the daily reminder of those who have not voted (only they are
mentioned), the announcement when it closes, and the list of open ones.

What it reads is described by the protocols below, which storage's rows meet; a `Ballot` is one
member of the electorate with their current vote, made by the caller from the stored answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_due, t
from bot.render.html_split import cap_message, more_marker
from bot.render.minutes import register_ref, vote_text
from bot.render.views import Decision

POLL_QUESTION_LIMIT = 300  # Telegram's limit for a poll's question
LIST_TEXT_LIMIT = 120
OPTION_KEYS = {
    "yes": "circular_option_yes",
    "no": "circular_option_no",
    "abstain": "circular_option_abstain",
}
STATUS_KEYS = {
    "adopted": "circular_result_adopted",
    "rejected": "circular_result_rejected",
    "withdrawn": "circular_result_withdrawn",
}


class Circular(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def rule(self) -> str: ...  # "all" or "majority"
    @property
    def started_at(self) -> datetime: ...
    @property
    def deadline(self) -> datetime: ...
    @property
    def status(self) -> str: ...  # open, adopted, rejected, withdrawn
    @property
    def created_by_name(self) -> str: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def closed_by_name(self) -> str | None: ...


@dataclass(frozen=True)
class Ballot:
    """A member of the electorate and their current vote (None: not voted)."""

    name: str
    user_id: int | None
    username: str | None
    option: str | None


def circular_ref(circular: Circular) -> str:
    return f"U {circular.number}"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def option_label(option: str, lang: Language) -> str:
    return t(lang, OPTION_KEYS[option])


def poll_options(lang: Language) -> list[str]:
    """Ja / Nein / Enthaltung, in the order `storage.circulars.POLL_OPTIONS` reads them."""
    return [option_label(option, lang) for option in ("yes", "no", "abstain")]


def poll_question(circular: Circular) -> str:
    """Plain text (a poll's question has no HTML), within Telegram's 300 characters."""
    return clip(f"{circular_ref(circular)}: {circular.text}", POLL_QUESTION_LIMIT)


def rule_text(rule: str, lang: Language) -> str:
    return t(lang, "circular_rule_majority" if rule == "majority" else "circular_rule_all")


def deadline_text(circular: Circular, tz: ZoneInfo, lang: Language) -> str:
    return format_due(circular.deadline, True, tz, lang)


def mention(ballot: Ballot) -> str:
    """A member link notifies the person; an @username too; a bare name is shown as typed."""
    if ballot.user_id is not None:
        return f'<a href="tg://user?id={ballot.user_id}">{escape(ballot.name)}</a>'
    if ballot.username:
        return "@" + escape(ballot.username)
    return escape(ballot.name)


def count_line(ballots: Sequence[Ballot], lang: Language) -> str:
    options = [b.option for b in ballots]
    return t(
        lang,
        "circular_count",
        cast=sum(option is not None for option in options),
        total=len(ballots),
        yes=options.count("yes"),
        no=options.count("no"),
        abstain=options.count("abstain"),
    )


def ballot_line(ballot: Ballot, lang: Language) -> str:
    if ballot.option is None:
        return t(lang, "circular_ballot_open", name=escape(ballot.name))
    label = option_label(ballot.option, lang)
    return t(lang, "circular_ballot_cast", name=escape(ballot.name), option=label)


def outcome_line(
    circular: Circular, decision: Decision | None, tz: ZoneInfo, lang: Language
) -> str:
    if circular.status == "open":
        return t(lang, "circular_vote_below")
    if circular.status == "withdrawn":
        day = format_due(circular.closed_at or circular.deadline, True, tz, lang)
        name = escape(circular.closed_by_name or "?")
        return t(lang, "circular_result_withdrawn", name=name, day=day)
    ref = register_ref(decision) if decision is not None else "?"
    return t(lang, STATUS_KEYS[circular.status], ref=ref)


def render_status(
    circular: Circular,
    ballots: Sequence[Ballot],
    decision: Decision | None,
    tz: ZoneInfo,
    lang: Language,
) -> str:
    """The message the bot edits while the poll runs, and once more when it closes."""
    lines = [
        t(lang, "circular_status_header", ref=circular_ref(circular)),
        escape(circular.text),
        "",
        rule_text(circular.rule, lang),
        t(lang, "circular_deadline", day=deadline_text(circular, tz, lang)),
        count_line(ballots, lang),
        *(ballot_line(ballot, lang) for ballot in ballots),
        "",
        outcome_line(circular, decision, tz, lang),
    ]
    unreachable = [escape(b.name) for b in ballots if b.user_id is None and not b.username]
    if unreachable and circular.status == "open":  # on the roster by name: no way to vote
        lines.append(t(lang, "circular_unreachable", names=", ".join(unreachable)))
    return cap_message("\n".join(lines), more_marker(lang))


def render_nudge(
    circular: Circular, ballots: Sequence[Ballot], tz: ZoneInfo, lang: Language
) -> str:
    """The daily reminder: it mentions only those who have not voted."""
    missing = [mention(ballot) for ballot in ballots if ballot.option is None]
    text = t(
        lang,
        "circular_nudge",
        ref=circular_ref(circular),
        text=escape(clip(circular.text, LIST_TEXT_LIMIT)),
        day=deadline_text(circular, tz, lang),
        names=", ".join(missing) or "–",
    )
    return cap_message(text, more_marker(lang))


def render_closed(circular: Circular, decision: Decision, lang: Language) -> str:
    """The announcement in the group when the circular closes with a decision."""
    key = "circular_closed_adopted" if decision.result == "adopted" else "circular_closed_rejected"
    lines = [
        t(lang, key, ref=circular_ref(circular), decision=register_ref(decision)),
        escape(clip(circular.text, 1000)),
    ]
    vote = vote_text(decision, lang, with_result=False)
    if vote:
        lines.append(t(lang, "decision_vote", vote=vote))
    return "\n".join(lines)


def render_open_list(
    circulars: Sequence[tuple[Circular, Sequence[Ballot]]], tz: ZoneInfo, lang: Language
) -> str:
    """`/umlauf` alone: the open circulars with their count, or how to start one."""
    if not circulars:
        return t(lang, "circular_none_open", usage=t(lang, "circular_usage"))
    lines = [t(lang, "circular_open_header", count=len(circulars))]
    for circular, ballots in circulars:
        lines.append(
            t(
                lang,
                "circular_open_line",
                ref=circular_ref(circular),
                text=escape(clip(circular.text, LIST_TEXT_LIMIT)),
                day=deadline_text(circular, tz, lang),
                count=count_line(ballots, lang),
            )
        )
    return cap_message("\n".join(lines), more_marker(lang))
