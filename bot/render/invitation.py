"""Pure rendering of the next meeting: the invitation message with its two buttons, the plan as
`/sitzung nächste` shows it, the line a group reads when the plan moves or is cancelled, and
the reminders the day before and an hour before.

The invitation is one message that is edited as answers come in and proposals are added, so
everything in it is capped: the agenda at `AGENDA_LINES` items, each list of names at
`NAMES_LIMIT` characters ("… +N weitere"); the sender caps the whole to Telegram's limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Final, Protocol
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_due, t
from bot.render.html_split import visible_length
from bot.render.keyboards import Button, Keyboard

# The plan's status (storage.models.PlanStatus).
PLAN_PLANNED: Final = "planned"
PLAN_CANCELLED: Final = "cancelled"
PLAN_HELD: Final = "held"
AGENDA_LINES = 15
AGENDA_TEXT_LENGTH = 80
NAMES_LIMIT = 1100  # characters of names per list: both lists and the agenda fit in one message
INVITATION_PREFIX: Final = "n:"
ANSWER_ACTIONS: Final = ("yes", "no")


class Plan(Protocol):
    """A planned meeting."""

    @property
    def id(self) -> int | None: ...
    @property
    def chat_id(self) -> int: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def place(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def sequence(self) -> int: ...


class Answer(Protocol):
    """A member's answer to the invitation."""

    @property
    def name(self) -> str: ...
    @property
    def coming(self) -> bool: ...


class Proposal(Protocol):
    """An agenda item proposed for the next meeting."""

    @property
    def text(self) -> str: ...


def when(plan: Plan, tz: ZoneInfo, lang: Language) -> str:
    return format_due(plan.starts_at, True, tz, lang)


def invitation_keyboard(plan_id: int, lang: Language) -> Keyboard:
    """✅ Ich komme / 🙁 Ich bin verhindert; the data carries only the plan's id and the answer."""
    return [
        [
            Button(t(lang, "invite_button_coming"), f"{INVITATION_PREFIX}{plan_id}:yes"),
            Button(t(lang, "invite_button_excused"), f"{INVITATION_PREFIX}{plan_id}:no"),
        ]
    ]


def render_invitation(
    plan: Plan,
    answers: Sequence[Answer],
    agenda: Sequence[Proposal],
    tz: ZoneInfo,
    lang: Language,
    *,
    moved_from: datetime | None = None,
    meeting_number: int | None = None,
) -> str:
    """The invitation (HTML): when, where, the agenda so far, who comes, who is excused, and
    how to answer; a cancelled or held plan says so at the top and takes no more answers."""
    lines = [_status_line(plan, tz, lang, meeting_number)]
    if moved_from is not None:
        lines.append(t(lang, "invite_moved", before=format_due(moved_from, True, tz, lang)))
    if plan.place:
        lines.append(t(lang, "invite_place", place=escape(plan.place)))
    lines += ["", *render_agenda_lines(agenda, lang), "", *render_answer_lines(answers, lang)]
    if plan.status == PLAN_PLANNED:
        lines += ["", t(lang, "invite_how")]
    return "\n".join(lines)


def _status_line(plan: Plan, tz: ZoneInfo, lang: Language, meeting_number: int | None) -> str:
    if plan.status == PLAN_CANCELLED:
        return t(lang, "invite_cancelled", when=when(plan, tz, lang))
    if plan.status == PLAN_HELD:
        return t(lang, "invite_held", when=when(plan, tz, lang), number=meeting_number or "?")
    return t(lang, "invite_header", when=when(plan, tz, lang))


def render_agenda_lines(agenda: Sequence[Proposal], lang: Language) -> list[str]:
    if not agenda:
        return [t(lang, "invite_agenda_empty")]
    lines = [t(lang, "invite_agenda", count=len(agenda))]
    for number, item in enumerate(agenda[:AGENDA_LINES], start=1):
        lines.append(f"{number}. {escape(clip(item.text, AGENDA_TEXT_LENGTH))}")
    if len(agenda) > AGENDA_LINES:
        lines.append(t(lang, "message_more", count=len(agenda) - AGENDA_LINES))
    return lines


def render_answer_lines(answers: Sequence[Answer], lang: Language) -> list[str]:
    coming = [a.name for a in answers if a.coming]
    excused = [a.name for a in answers if not a.coming]
    if not coming and not excused:
        return [t(lang, "invite_no_answers")]
    lines = []
    if coming:
        lines.append(t(lang, "invite_coming", count=len(coming), names=capped(coming, lang)))
    if excused:
        lines.append(t(lang, "invite_excused", count=len(excused), names=capped(excused, lang)))
    return lines


def capped(names: Sequence[str], lang: Language, limit: int = NAMES_LIMIT) -> str:
    """The names joined (escaped); past `limit` characters the rest are counted."""
    shown: list[str] = []
    for index, name in enumerate(names):
        candidate = ", ".join([*shown, escape(name)])
        if visible_length(candidate) > limit:
            shown.append(t(lang, "message_more", count=len(names) - index))
            break
        shown.append(escape(name))
    return ", ".join(shown)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_moved_away(plan: Plan, tz: ZoneInfo, lang: Language) -> str:
    """What the superseded invitation says once the meeting moved (its buttons go)."""
    return t(lang, "invite_superseded", when=when(plan, tz, lang))


def render_plan_reminder(
    kind: str, plan: Plan, answers: Sequence[Answer], tz: ZoneInfo, lang: Language, now: datetime
) -> str:
    """The reminder the day before (`meeting_eve`) or an hour before (`meeting_soon`), saying
    what is true when it is sent: a day-before reminder sent late, on the day, says "today"."""
    lines = [t(lang, reminder_key(kind, plan, tz, now), when=when(plan, tz, lang))]
    if plan.place:
        lines.append(t(lang, "invite_place", place=escape(plan.place)))
    coming = sum(1 for a in answers if a.coming)
    lines.append(t(lang, "reminder_meeting_answers", coming=coming, excused=len(answers) - coming))
    lines.append(t(lang, "invite_how"))
    return "\n".join(lines)


def reminder_key(kind: str, plan: Plan, tz: ZoneInfo, now: datetime) -> str:
    if kind == "meeting_soon":
        return "reminder_meeting_soon"
    same_day = plan.starts_at.astimezone(tz).date() <= now.astimezone(tz).date()
    return "reminder_meeting_today" if same_day else "reminder_meeting_eve"
