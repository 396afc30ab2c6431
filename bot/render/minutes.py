"""Pure rendering of a meeting's minutes, as Telegram HTML and as Markdown, from one outline.

`minutes_outline` turns the stored data (`views.Minutes`) into headings and lines of
plain-text spans (bot.render.outline); `outline_html` and `outline_markdown` escape and mark
them up. So both formats always say the same, and user text is escaped once, at the edge.
Owners are shown as plain names (a published report should not notify anyone).

The minutes read as a German Protokoll: the minute-taker, present, excused, guests and the
quorum (bot.render.minutes_parts), then each agenda item (TOP 1, 2, …) with its notes and the
decisions (with their result) and tasks recorded under it, then what belongs to no item,
what was completed since the previous meeting, the open follow-ups and the next meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_day, format_due, t, tn
from bot.language.votes import REJECTED
from bot.render.minutes_parts import (
    SEPARATOR,
    attendance_section,
    clock,
    item_heading,
    long_date,
    minute_taker_line,
    next_meeting_line,
    note_line,
)
from bot.render.outline import Line, Outline, Section, Span, outline_html, outline_markdown
from bot.render.outline import markdown_block as markdown_block
from bot.render.outline import markdown_escape as markdown_escape
from bot.render.views import AgendaEntry, Decision, Meeting, Minutes, Owner, TaskView

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


def minutes_result(decision: Decision, lang: Language) -> str | None:
    """The result as the minutes state it: `angenommen (5 dafür, 0 dagegen, 1 Enthaltung)`,
    `einstimmig angenommen`, `abgelehnt (2 dafür, 4 dagegen, …)`; None when no vote was
    recorded (the register's "keine Abstimmung erfasst": nothing is made up)."""
    rejected = decision.result == REJECTED
    counts = _counts_text(decision, lang)
    if decision.unanimous:
        key = "vote_unanimous_rejected" if rejected else "min_result_unanimous"
    elif rejected:
        key = "min_result_tie" if is_tie(decision) else "vote_result_rejected"
    elif decision.result is not None or counts is not None:
        key = "vote_result_adopted"
    else:
        return None
    result = t(lang, key)
    return t(lang, "min_result_counts", result=result, counts=counts) if counts else result


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
    result = minutes_result(decision, lang)
    if result is not None:
        line.append(Span(SEPARATOR + result))
    amended = referenced.get(decision.amends_id) if decision.amends_id is not None else None
    if amended is not None:
        line.append(Span(SEPARATOR + t(lang, "min_amends", ref=register_ref(amended))))
    if decision.repealed_at is not None:
        day = format_day(decision.repealed_at.astimezone(tz), lang)
        line.append(Span(SEPARATOR + t(lang, "min_repealed", day=day)))
    return line


def _item_section(
    entry: AgendaEntry, tz: ZoneInfo, lang: Language, referenced: Mapping[int, Decision]
) -> Section:
    """TOP n: who proposed it, then its notes, decisions and tasks."""
    proposed = t(lang, "min_proposed_by", name=entry.item.created_by_name)
    lines = [note_line(note, tz, lang) for note in entry.notes]
    lines += [_decision_line(d, tz, lang, referenced) for d in entry.decisions]
    lines += [_task_line(v, tz, lang, referenced) for v in entry.tasks]
    return Section(item_heading(entry.number, entry.item, lang), lines, intro=[[Span(proposed)]])


def _unplaced(
    entries: Sequence[AgendaEntry], decisions: Sequence[Decision], tasks: Sequence[TaskView]
) -> tuple[list[Decision], list[TaskView]]:
    """The decisions and tasks recorded under no agenda item: they keep their own sections."""
    placed_decisions = {d.number for entry in entries for d in entry.decisions}
    placed_tasks = {v.task.number for entry in entries for v in entry.tasks}
    return (
        [d for d in decisions if d.number not in placed_decisions],
        [v for v in tasks if v.task.number not in placed_tasks],
    )


def _record_sections(data: Minutes, tz: ZoneInfo, lang: Language) -> list[Section]:
    """The agenda items, "Sonstiges", then decisions and tasks of no item: a section of them
    when there are some, or to say there were none."""
    refs = data.referenced
    sections = [_item_section(entry, tz, lang, refs) for entry in data.entries]
    if data.other_notes:
        lines = [note_line(note, tz, lang) for note in data.other_notes]
        sections.append(Section(t(lang, "min_other"), lines))
    decisions, tasks = _unplaced(data.entries, data.decisions, data.new_tasks)
    if decisions or not data.decisions:
        lines = [_decision_line(d, tz, lang, refs) for d in decisions]
        sections.append(Section(t(lang, "min_decisions"), lines))
    if tasks or not data.new_tasks:
        sections.append(
            Section(t(lang, "min_tasks"), [_task_line(v, tz, lang, refs) for v in tasks])
        )
    return sections


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
    sections = [attendance_section(data, lang), *_record_sections(data, tz, lang)]
    refs = data.referenced
    if data.completed:
        lines = [_task_line(v, tz, lang, refs, done=True) for v in data.completed]
        sections.append(Section(t(lang, "min_completed"), lines))
    if data.followups:
        lines = [_task_line(v, tz, lang, refs, due_key="min_followup_due") for v in data.followups]
        sections.append(Section(t(lang, "min_followups"), lines))
    for section in sections:
        if not section.lines and not section.intro:
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
    subtitle = [" · ".join(part for part in heading if part), when, minute_taker_line(data, lang)]
    next_meeting = next_meeting_line(data, tz, lang)
    closing = [next_meeting] if next_meeting else []
    return Outline(title, subtitle, sections, footer, closing)


def render_minutes(data: Minutes, tz: ZoneInfo, lang: Language) -> str:
    return outline_html(minutes_outline(data, tz, lang))


def minutes_markdown(data: Minutes, tz: ZoneInfo, lang: Language) -> str:
    return outline_markdown(minutes_outline(data, tz, lang))
