"""Pure rendering of the record's replies as Telegram HTML: decisions (confirmation, register,
single view, repeal), meetings (opening, attendance) and the agenda. User text goes through
`escape`; dates are shown in the chat's zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_day, format_due, t
from bot.language.votes import REJECTED
from bot.render.html_split import visible_length
from bot.render.minutes import is_tie, register_ref, vote_text
from bot.render.minutes_parts import attendee_name, clock, entered_by_lines, is_excused
from bot.render.tasks import render_task_line
from bot.render.views import Agenda, Attendee, Decision, Meeting, TaskView

LIST_TEXT_LIMIT = 300
# The names under the attendance button; the message must stay one (Telegram: 4,096).
ATTENDANCE_NAMES_LIMIT = 3500
EXCUSED_NAMES_LIMIT = 400  # the excused line after it, within 4,096 still


def short_ref(decision: Decision) -> str:
    return f"B {decision.number}"


def decided_day(decision: Decision, tz: ZoneInfo, lang: Language) -> str:
    return format_day(decision.decided_at.astimezone(tz), lang)


def _clip(text: str, limit: int = LIST_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _created_key(decision: Decision) -> str:
    """The confirmation's heading: "Beschluss … gefasst", or "Antrag … abgelehnt"."""
    if decision.result != REJECTED:
        return "decision_created"
    return "decision_rejected_tie" if is_tie(decision) else "decision_rejected"


def render_decision_created(
    decision: Decision,
    meeting: Meeting | None,
    amended: Decision | None,
    tz: ZoneInfo,
    lang: Language,
) -> str:
    rejected = decision.result == REJECTED
    lines = [
        t(
            lang,
            _created_key(decision),
            ref=register_ref(decision),
            day=decided_day(decision, tz, lang),
            text=escape(decision.text),
        )
    ]
    vote = vote_text(decision, lang, with_result=False)
    if vote:
        lines.append(t(lang, "decision_vote", vote=vote))
    if amended is not None:
        ref = register_ref(amended)
        lines.append(t(lang, "decision_amends", ref=ref, text=escape(_clip(amended.text, 120))))
    if meeting is not None:
        lines.append(t(lang, "decision_in_meeting", number=meeting.number))
    if not rejected:  # nothing to implement
        lines.append(t(lang, "decision_hint", short=short_ref(decision)))
    return "\n".join(lines)


def render_decision_line(decision: Decision, tz: ZoneInfo, lang: Language) -> str:
    """One register line: number, date, text, vote; a repealed one struck through."""
    text = escape(_clip(decision.text))
    parts = [f"<b>{register_ref(decision)}</b>", decided_day(decision, tz, lang)]
    if decision.repealed_at is not None:
        day = format_day(decision.repealed_at.astimezone(tz), lang)
        parts += [f"<s>{text}</s>", t(lang, "decision_repealed_mark", day=day)]
    else:
        parts.append(text)
        vote = vote_text(decision, lang)
        if vote:
            parts.append(vote)
    if decision.repealed_at:
        return "⛔ " + " · ".join(parts)
    return ("✖️ " if decision.result == REJECTED else "▫️ ") + " · ".join(parts)


def render_decision_list(
    header: str, decisions: Sequence[Decision], tz: ZoneInfo, lang: Language
) -> str:
    return "\n".join([header, *(render_decision_line(d, tz, lang) for d in decisions)])


def _view_header_key(decision: Decision) -> str:
    rejected = decision.result == REJECTED
    return "decision_view_header_rejected" if rejected else "decision_view_header"


def render_decision_view(
    decision: Decision,
    *,
    meeting: Meeting | None,
    amended: Decision | None,
    amendments: Sequence[Decision],
    tasks: Sequence[TaskView],
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
) -> str:
    """A decision with everything the register knows about it, and the tasks implementing it."""
    ref = register_ref(decision)
    lines = [
        t(lang, _view_header_key(decision), ref=ref, day=decided_day(decision, tz, lang)),
        escape(decision.text),
    ]
    vote = vote_text(decision, lang)
    if vote:
        lines.append(t(lang, "decision_vote", vote=vote))
    if meeting is not None:
        lines.append(t(lang, "decision_in_meeting", number=meeting.number))
    lines.append(t(lang, "decision_recorded_by", name=escape(decision.created_by_name)))
    if amended is not None:
        lines.append(
            t(
                lang,
                "decision_amends",
                ref=register_ref(amended),
                text=escape(_clip(amended.text, 120)),
            )
        )
    if amendments:
        refs = ", ".join(register_ref(a) for a in amendments)
        lines.append(t(lang, "decision_amended_by", refs=refs))
    if decision.repealed_at is not None:
        day = format_day(decision.repealed_at.astimezone(tz), lang)
        name = escape(decision.repealed_by_name or "")
        lines.append(t(lang, "decision_repealed_line", day=day, name=name))
        if decision.repealed_reason:
            lines.append(t(lang, "decision_reason", reason=escape(decision.repealed_reason)))
    lines.append("")
    if tasks:
        lines.append(t(lang, "decision_tasks_header", count=len(tasks)))
        lines += [render_task_line(view, tz, lang, now) for view in tasks]
    else:
        lines.append(t(lang, "decision_no_tasks", short=short_ref(decision)))
    return "\n".join(lines)


def render_decision_repealed(
    decision: Decision, open_tasks: Sequence[TaskView], lang: Language
) -> str:
    lines = [
        t(lang, "decision_repealed", ref=register_ref(decision), text=escape(_clip(decision.text)))
    ]
    if decision.repealed_reason:
        lines.append(t(lang, "decision_reason", reason=escape(decision.repealed_reason)))
    if open_tasks:
        numbers = ", ".join(f"#{v.task.number}" for v in open_tasks)
        first = open_tasks[0].task.number
        lines.append(t(lang, "decision_repeal_open_tasks", numbers=numbers, first=first))
    return "\n".join(lines)


# --- meetings ----------------------------------------------------------------------------------


def render_meeting_opened(meeting: Meeting, proposals: int, tz: ZoneInfo, lang: Language) -> str:
    start = meeting.started_at.astimezone(tz)
    lines = [
        t(
            lang,
            "meeting_opened",
            number=meeting.number,
            day=format_day(start, lang),
            time=clock(start),
        )
    ]
    if meeting.title:
        lines.append(t(lang, "meeting_title", title=escape(meeting.title)))
    lines.append(t(lang, "meeting_opened_hint"))
    lines.append(t(lang, "meeting_protocol_hint"))
    if proposals:
        lines.append(t(lang, "meeting_agenda_taken_up", count=proposals))
    return "\n".join(lines)


def render_attendance_list(listed: Sequence[Attendee], lang: Language) -> str:
    """`Anwesend (n): A, B, …` and `Entschuldigt (n): …`; past ATTENDANCE_NAMES_LIMIT
    characters of names the rest are counted ("… +N weitere"), so the message under the
    button stays one message."""
    attendees = [a for a in listed if not is_excused(a)]
    excused = [a for a in listed if is_excused(a)]
    names = _names_within(excused, lang, EXCUSED_NAMES_LIMIT)
    excused_line = (
        [t(lang, "attendance_excused", count=len(excused), names=names)] if excused else []
    )
    if not attendees:
        return "\n".join([t(lang, "attendance_none"), *excused_line])
    names = _names_within(attendees, lang, ATTENDANCE_NAMES_LIMIT)
    listed_line = t(lang, "attendance_list", count=len(attendees), names=names)
    entered = (escape(line) for line in entered_by_lines(listed, lang))
    return "\n".join([listed_line, *excused_line, *entered])


def _names_within(attendees: Sequence[Attendee], lang: Language, limit: int) -> str:
    """The names, escaped, cut past `limit` characters with "+N weitere"."""
    names = [escape(attendee_name(a, lang)) for a in attendees]
    shown: list[str] = []
    for index, name in enumerate(names):
        if visible_length(", ".join([*shown, name])) > limit:
            shown.append(t(lang, "message_more", count=len(names) - index))
            break
        shown.append(name)
    return ", ".join(shown)


def render_attendance(meeting: Meeting, attendees: Sequence[Attendee], lang: Language) -> str:
    """The text of the message with the "I'm here" button (the list under it grows)."""
    key = "attendance" if meeting.ended_at is None else "attendance_closed"
    return f"{t(lang, key, number=meeting.number)}\n\n{render_attendance_list(attendees, lang)}"


def render_meeting_since(meeting: Meeting, tz: ZoneInfo, lang: Language) -> str:
    return format_due(meeting.started_at, True, tz, lang)


# --- agenda ------------------------------------------------------------------------------------


def _task_block(
    header: str, views: Sequence[TaskView], tz: ZoneInfo, lang: Language, now: datetime
) -> list[str]:
    return ["", header, *(render_task_line(view, tz, lang, now) for view in views)]


def render_agenda(data: Agenda, tz: ZoneInfo, lang: Language, now: datetime) -> str:
    """Overdue and due-soon tasks, open follow-ups, decisions to report on, proposals."""
    lines = [t(lang, "agenda_header")]
    if data.open_meeting is not None:
        lines.append(t(lang, "agenda_running", number=data.open_meeting.number))
    elif data.last_meeting is not None:
        day = format_day(data.last_meeting.started_at.astimezone(tz), lang)
        lines.append(t(lang, "agenda_last_meeting", number=data.last_meeting.number, day=day))
    blocks = (
        ("agenda_overdue", data.overdue),
        ("agenda_due_soon", data.due_soon),
        ("agenda_followups", data.followups),
    )
    for key, views in blocks:
        if views:
            lines += _task_block(t(lang, key, count=len(views)), views, tz, lang, now)
    if data.decisions:
        lines += ["", t(lang, "agenda_decisions", count=len(data.decisions))]
        for progress in data.decisions:
            state = "agenda_decision_overdue" if progress.overdue else "agenda_decision_done"
            numbers = ", ".join(f"#{v.task.number}" for v in progress.tasks)
            text = escape(_clip(progress.decision.text, 120))
            ref = register_ref(progress.decision)
            lines.append(f"▫️ <b>{ref}</b> {text} · {t(lang, state)} ({numbers})")
    if data.proposals:
        lines += ["", t(lang, "agenda_proposals", count=len(data.proposals))]
        for item in data.proposals:
            by = t(lang, "agenda_proposed_by", name=escape(item.created_by_name))
            lines.append(f"▫️ {escape(item.text)} · {by}")
    if len(lines) <= 2:
        lines.append(t(lang, "agenda_empty", usage=t(lang, "records_usage_agenda")))
    return "\n".join(lines)
