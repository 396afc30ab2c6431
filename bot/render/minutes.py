"""Pure rendering of a meeting's minutes, as Telegram HTML and as Markdown, from one outline.

`minutes_outline` turns the stored data (`views.Minutes`) into headings and lines of
plain-text spans; `outline_html` and `outline_markdown` escape and mark them up. So both
formats always say the same, and user text is escaped once, at the edge. Owners are shown as
plain names (a published report should not notify anyone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.i18n import Language, format_day, format_due, t, tn
from bot.language.votes import REJECTED
from bot.render.views import Attendee, Decision, Meeting, Minutes, Owner, TaskView

SEPARATOR = " – "


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


Line = list[Span]


@dataclass
class Section:
    heading: str
    lines: list[Line] = field(default_factory=list)
    bullets: bool = True


@dataclass
class Outline:
    title: str
    subtitle: list[str]
    sections: list[Section]
    footer: str


# --- small shared formatters --------------------------------------------------------------------


def register_ref(decision: Decision) -> str:
    """The register number as shown everywhere: `B 2024/7`."""
    return f"B {decision.year}/{decision.number}"


def is_tie(decision: Decision) -> bool:
    """As many yes as no votes (a motion that is then rejected)."""
    return decision.votes_yes is not None and decision.votes_yes == (decision.votes_no or 0)


def result_text(decision: Decision, lang: Language) -> str | None:
    """`abgelehnt` / `abgelehnt (Stimmengleichheit)` for a motion that did not pass; None for
    an adopted one (a decision in the register is adopted unless it says otherwise) and when
    no vote was recorded."""
    if decision.result != REJECTED:
        return None
    return t(lang, "vote_result_tie" if is_tie(decision) else "vote_result_rejected")


def result_label(decision: Decision, lang: Language) -> str:
    """The result in words, always: for the CSV's result column (with "im Umlaufverfahren"
    for a decision taken by a circular resolution)."""
    if decision.result is None:
        return t(lang, "vote_result_none")
    label = result_text(decision, lang) or t(lang, "vote_result_adopted")
    return t(lang, "min_by_circular", vote=label) if decision.by_circular else label


def _counts_text(decision: Decision, lang: Language) -> str | None:
    if decision.votes_yes is None:
        return None
    abstain = decision.votes_abstain or 0
    abstain_text = tn(lang, "vote_abstain", abstain, count=abstain)
    return t(
        lang, "vote_counts", yes=decision.votes_yes, no=decision.votes_no, abstain=abstain_text
    )


def vote_text(decision: Decision, lang: Language, *, with_result: bool = True) -> str | None:
    """`5 dafür, 0 dagegen, 1 Enthaltung`, `einstimmig`, `2 dafür, 4 dagegen, … – abgelehnt`,
    `angenommen`, or None when no vote was recorded. `with_result=False` leaves a rejection
    to a heading that already says it. A decision taken by a circular resolution says so:
    `… · im Umlaufverfahren` (the register, the decision card, the minutes, the exports)."""
    text = _vote_text(decision, lang, with_result=with_result)
    if text is None or not decision.by_circular:
        return text
    return t(lang, "min_by_circular", vote=text)


def _vote_text(decision: Decision, lang: Language, *, with_result: bool) -> str | None:
    counts = _counts_text(decision, lang)
    rejected = decision.result == REJECTED
    if decision.unanimous and rejected:
        if counts:
            return t(lang, "vote_unanimous_rejected_counts", counts=counts)
        return t(lang, "vote_unanimous_rejected")
    if decision.unanimous:
        if counts:
            return t(lang, "vote_unanimous_counts", counts=counts)
        return t(lang, "vote_unanimous")
    result = result_text(decision, lang) if with_result else None
    if counts:
        return t(lang, "vote_with_result", vote=counts, result=result) if result else counts
    if decision.result is None or not with_result:
        return None
    return result or t(lang, "vote_result_adopted")


def long_date(moment: datetime, lang: Language) -> str:
    """`Mittwoch, 19. Juni 2024` / `Wednesday, 19 June 2024`."""
    pattern = "EEEE, d. MMMM y" if lang == "de" else "EEEE, d MMMM y"
    return str(format_date(moment.date(), pattern, locale=lang))


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def attendee_name(attendee: Attendee, lang: Language) -> str:
    """Plain text; a guest is marked as one (a forgotten member is no guest)."""
    if attendee.user_id is None and not attendee.forgotten:
        return t(lang, "guest_name", name=attendee.name)
    return attendee.name


def entered_by_lines(attendees: Iterable[Attendee], lang: Language) -> list[str]:
    """Plain text: who listed whom (someone other than themself), one line per person who did,
    in the order they first did; rows from before this was stored say nothing."""
    listed: dict[str, list[str]] = {}
    for attendee in attendees:
        if attendee.added_by_name:
            listed.setdefault(attendee.added_by_name, []).append(attendee_name(attendee, lang))
    return [
        t(lang, "min_entered_by", by=by, names=", ".join(names)) for by, names in listed.items()
    ]


def plain_owners(owners: Iterable[Owner]) -> str:
    return ", ".join(owner.name for owner in owners)


def minutes_filename(meeting: Meeting, tz: ZoneInfo, lang: Language) -> str:
    day = meeting.started_at.astimezone(tz).date().isoformat()
    return f"{t(lang, 'file_minutes_one')}-{day}.md"


# --- the outline --------------------------------------------------------------------------------


def _task_line(
    view: TaskView,
    tz: ZoneInfo,
    lang: Language,
    referenced: Mapping[int, Decision],
    *,
    due_key: str = "min_due",
    done: bool = False,
) -> Line:
    task = view.task
    parts = [Span(f"#{task.number}", bold=True), Span(f" {task.title}")]
    details: list[str] = []
    if view.owners:
        details.append(plain_owners(view.owners))
    if done and task.closed_at is not None:
        details.append(t(lang, "min_done_on", day=format_day(task.closed_at.astimezone(tz), lang)))
    elif task.due_at is not None:
        details.append(t(lang, due_key, due=format_due(task.due_at, task.due_has_time, tz, lang)))
    decision = referenced.get(task.decision_id) if task.decision_id is not None else None
    if decision is not None:
        details.append(t(lang, "min_for_decision", ref=register_ref(decision)))
    parts += [Span(SEPARATOR + detail) for detail in details]
    return parts


def _decision_line(
    decision: Decision, tz: ZoneInfo, lang: Language, referenced: Mapping[int, Decision]
) -> Line:
    line = [Span(register_ref(decision), bold=True), Span(f" {decision.text}")]
    vote = vote_text(decision, lang)
    if vote:
        line.append(Span(SEPARATOR + t(lang, "min_vote", vote=vote)))
    amended = referenced.get(decision.amends_id) if decision.amends_id is not None else None
    if amended is not None:
        line.append(Span(SEPARATOR + t(lang, "min_amends", ref=register_ref(amended))))
    if decision.repealed_at is not None:
        day = format_day(decision.repealed_at.astimezone(tz), lang)
        line.append(Span(SEPARATOR + t(lang, "min_repealed", day=day)))
    return line


def minutes_outline(data: Minutes, tz: ZoneInfo, lang: Language) -> Outline:
    """The minutes as a secretary would publish them; an open meeting gives an interim version."""
    meeting = data.meeting
    start = meeting.started_at.astimezone(tz)
    running = meeting.ended_at is None
    title = t(lang, "min_title_running" if running else "min_title", date=long_date(start, lang))
    heading = [data.chat_title, t(lang, "min_number", number=meeting.number), meeting.title]
    if running:
        when = t(lang, "min_time_running", start=clock(start))
    else:
        assert meeting.ended_at is not None
        when = t(lang, "min_time", start=clock(start), end=clock(meeting.ended_at.astimezone(tz)))
    present = [attendee_name(a, lang) for a in data.attendees]
    sections = [
        Section(
            t(lang, "min_present", count=len(present)),
            [
                [Span(", ".join(present) if present else t(lang, "min_nobody"))],
                *([Span(line)] for line in entered_by_lines(data.attendees, lang)),
            ],
            bullets=False,
        )
    ]
    if data.agenda:
        lines = [
            [
                Span(item.text),
                Span(SEPARATOR + t(lang, "min_proposed_by", name=item.created_by_name)),
            ]
            for item in data.agenda
        ]
        sections.append(Section(t(lang, "min_agenda"), lines))
    refs = data.referenced
    sections.append(
        Section(
            t(lang, "min_decisions"), [_decision_line(d, tz, lang, refs) for d in data.decisions]
        )
    )
    sections.append(
        Section(t(lang, "min_tasks"), [_task_line(v, tz, lang, refs) for v in data.new_tasks])
    )
    if data.completed:
        lines = [_task_line(v, tz, lang, refs, done=True) for v in data.completed]
        sections.append(Section(t(lang, "min_completed"), lines))
    if data.followups:
        lines = [_task_line(v, tz, lang, refs, due_key="min_followup_due") for v in data.followups]
        sections.append(Section(t(lang, "min_followups"), lines))
    for section in sections:
        if not section.lines:
            section.lines.append([Span(t(lang, "min_none"))])
            section.bullets = False
    footer = (
        t(lang, "min_footer_running", opened_by=meeting.created_by_name)
        if running
        else t(
            lang,
            "min_footer",
            opened_by=meeting.created_by_name,
            closed_by=meeting.ended_by_name or meeting.created_by_name,
        )
    )
    subtitle = [" · ".join(part for part in heading if part), when]
    return Outline(title, subtitle, sections, footer)


# --- serialisers --------------------------------------------------------------------------------


def outline_html(outline: Outline) -> str:
    """Telegram HTML; every line is closed markup, so `split_message` may cut between lines."""
    lines = [f"📝 <b>{escape(outline.title)}</b>", *(escape(s) for s in outline.subtitle)]
    for section in outline.sections:
        lines += ["", f"<b>{escape(section.heading)}</b>"]
        for line in section.lines:
            body = "".join(f"<b>{escape(s.text)}</b>" if s.bold else escape(s.text) for s in line)
            lines.append(f"• {body}" if section.bullets else body)
    lines += ["", f"<i>{escape(outline.footer)}</i>"]
    return "\n".join(lines)


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\s*\d*)([#>+=.)-])")


def markdown_escape(text: str) -> str:
    """Backslash-escape what Markdown (CommonMark) would read as inline markup or raw HTML."""
    return _MARKDOWN_INLINE.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def markdown_block(text: str) -> str:
    """A line's content that must not start a heading, quote or list: `# x`, `1. x`, `- x`."""
    match = _MARKDOWN_BLOCK_START.match(text)
    if match is None or (match.group(1).strip() and match.group(2) not in ".)"):
        return text
    return f"{match.group(1)}\\{text[match.end(1) :]}"


def outline_markdown(outline: Outline) -> str:
    """Markdown for a report or website: `#` title, `##` sections, `-` lists."""
    lines = [f"# {markdown_escape(outline.title)}", ""]
    for subtitle in outline.subtitle:  # paragraphs: hard line breaks differ between flavours
        lines += [markdown_block(markdown_escape(subtitle)), ""]
    lines.pop()
    for section in outline.sections:
        lines += ["", f"## {markdown_escape(section.heading)}", ""]
        for line in section.lines:
            body = markdown_block(
                "".join(
                    f"**{markdown_escape(s.text)}**" if s.bold else markdown_escape(s.text)
                    for s in line
                )
            )
            lines.append(f"- {body}" if section.bullets else body)
    lines += ["", f"*{markdown_escape(outline.footer)}*", ""]
    return "\n".join(lines)


def render_minutes(data: Minutes, tz: ZoneInfo, lang: Language) -> str:
    return outline_html(minutes_outline(data, tz, lang))


def minutes_markdown(data: Minutes, tz: ZoneInfo, lang: Language) -> str:
    return outline_markdown(minutes_outline(data, tz, lang))
