"""Pure builders of the export files: the decisions register and the tasks as CSV, and the
open due dates as an iCalendar file.

CSV: UTF-8 with a byte order mark (so Excel reads umlauts), `;` as separator (what German
Excel expects), every text cell in double quotes, dates as ISO 8601 in the chat's time zone.
Formula injection (OWASP "CSV Injection"): a spreadsheet may open the file with `,` or tab as
separator (many locales, Google Sheets, LibreOffice's auto-detection), so a cell can begin at
the start of ours and after every `,` `;` tab or line break in it. Wherever one could begin
with a formula trigger (= + - @ tab CR, also the full-width ＝ ＋ － ＠ that some spreadsheets
fold to them), a `'` is put before the trigger, and one at the very start of the cell (which
the sheet does not show): it shows the text, `-5 %` included, instead of running it.

ICS (RFC 5545, written by the `icalendar` library): the calendar's name is the chat title on
one line, escaped as RFC 5545 text; one VEVENT per open task, follow-up or plain reminder with
a due date; a date-only due date is an all-day event (DTSTART;VALUE=DATE), one with a time a
30-minute event in UTC. A recurring follow-up or reminder (and a follow-up without a rhythm of
its own, which is asked weekly) carries the stored rule as its RRULE, starting at its next
occurrence in the chat's zone (DTSTART;TZID=…, with the VTIMEZONE), so 18:00 stays 18:00 in the
calendar across DST; its UNTIL is written in UTC, as RFC 5545 requires with a TZID. The UID
`task-<chat>-<number>@boardbot` stays the same across exports, so a calendar app updates the
event instead of adding a copy.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur, vText

from bot.i18n import Language, t
from bot.language.recurrence import UNTIL_TIME, Recurrence
from bot.render.minutes import plain_owners, register_ref, result_label
from bot.render.roster import Seat, roster_rows
from bot.render.views import (
    KIND_FOLLOWUP,
    KIND_TASK,
    STATUS_CANCELLED,
    STATUS_DONE,
    STATUS_OPEN,
    Decision,
    Meeting,
    TaskView,
)

CSV_SEPARATOR = ";"
CSV_ENCODING = "utf-8-sig"
FORMULA_TRIGGERS = "=+\\-@\t\r＝＋－＠"
CELL_SEPARATORS = ",;\t\r\n"
# Where a cell could begin (the start, or after a separator of any dialect), past blanks and
# quotes a reader skips, followed by a trigger: a `'` goes before the trigger.
FORMULA_AT_CELL_START = re.compile(
    rf"(?:^|(?<=[{CELL_SEPARATORS}]))([ \"]*)(?=[{FORMULA_TRIGGERS}])"
)
LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
TIMED_EVENT_LENGTH = timedelta(minutes=30)
PRODUCT_ID = "-//boardbot//boardbot//DE"
KIND_KEYS = {KIND_TASK: "csv_kind_task", KIND_FOLLOWUP: "csv_kind_followup"}
STATUS_KEYS = {
    STATUS_OPEN: "csv_status_open",
    STATUS_DONE: "csv_status_done",
    STATUS_CANCELLED: "csv_status_cancelled",
}


def neutralise_formulas(text: str) -> str:
    """`text` with a `'` before every formula trigger that could start a spreadsheet cell,
    and (OWASP) a leading `'` when there was any, which a spreadsheet does not show."""
    safe = FORMULA_AT_CELL_START.sub(r"\1'", text)
    return safe if safe == text or safe.startswith("'") else "'" + safe


def _cell(value: object) -> object:
    """Numbers stay numbers; everything else is text, neutralised."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise_formulas(str(value))


def _csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writerow([_cell(name) for name in header])
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode(CSV_ENCODING)


def calendar_name(text: str) -> vText:
    """The chat title as a calendar name: one line (a title may contain line breaks, which
    an iCalendar content line cannot), escaped as RFC 5545 text (`;` `,` `\\`)."""
    return vText(" ".join(LINE_BREAKS.sub(" ", text).split()))


def _local(moment: datetime | None, tz: ZoneInfo, with_time: bool = True) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M") if with_time else local.date().isoformat()


def decisions_csv(
    decisions: Sequence[Decision],
    meetings: Mapping[int, Meeting],
    tz: ZoneInfo,
    lang: Language,
) -> bytes:
    """The register, oldest first, one row per decision (repealed ones included)."""
    by_id = {d.id: d for d in decisions if d.id is not None}
    yes, no = t(lang, "csv_yes"), t(lang, "csv_no")
    rows: list[list[object]] = []
    for d in sorted(decisions, key=lambda d: d.number):
        meeting = meetings.get(d.meeting_id) if d.meeting_id is not None else None
        amended = by_id.get(d.amends_id) if d.amends_id is not None else None
        rows.append(
            [
                register_ref(d),
                d.number,
                d.year,
                _local(d.decided_at, tz),
                d.text,
                d.votes_yes,
                d.votes_no,
                d.votes_abstain,
                _unanimous_cell(d, yes, no),
                meeting.number if meeting else None,
                register_ref(amended) if amended else None,
                d.created_by_name,
                _local(d.repealed_at, tz),
                d.repealed_reason,
                result_label(d, lang),
            ]
        )
    header = [*t(lang, "csv_decision_columns").split("|"), t(lang, "csv_result_column")]
    return _csv_bytes(header, rows)


def _unanimous_cell(decision: Decision, yes: str, no: str) -> str:
    """ja / nein, or empty when no vote was recorded (which is not "not unanimous")."""
    if decision.result is None and decision.votes_yes is None and not decision.unanimous:
        return ""
    return yes if decision.unanimous else no


def tasks_csv(
    views: Sequence[TaskView],
    decisions: Mapping[int, Decision],
    meetings: Mapping[int, Meeting],
    tz: ZoneInfo,
    lang: Language,
) -> bytes:
    """Every task and follow-up (open, done, cancelled), by number."""
    rows: list[list[object]] = []
    for view in sorted(views, key=lambda v: v.task.number):
        task = view.task
        decision = decisions.get(task.decision_id) if task.decision_id is not None else None
        meeting = meetings.get(task.meeting_id) if task.meeting_id is not None else None
        rows.append(
            [
                task.number,
                t(lang, KIND_KEYS[task.kind]) if task.kind in KIND_KEYS else task.kind,
                task.title,
                t(lang, STATUS_KEYS[task.status]) if task.status in STATUS_KEYS else task.status,
                plain_owners(view.owners),
                _local(task.due_at, tz, with_time=task.due_has_time),
                _local(task.created_at, tz),
                task.created_by_name,
                _local(task.closed_at, tz) if task.status == STATUS_DONE else "",
                register_ref(decision) if decision else None,
                meeting.number if meeting else None,
            ]
        )
    return _csv_bytes(t(lang, "csv_task_columns").split("|"), rows)


def due_dates_ics(
    views: Sequence[TaskView],
    *,
    chat_id: int,
    chat_title: str,
    tz: ZoneInfo,
    lang: Language,
    now: datetime,
) -> bytes:
    """An iCalendar file with the open tasks' and follow-ups' due dates."""
    calendar = Calendar.new(prodid=PRODUCT_ID, uid=f"chat-{chat_id}@boardbot")
    name = calendar_name(t(lang, "ics_calendar_name", title=chat_title or "boardbot"))
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    for view in sorted(views, key=lambda v: v.task.number):
        if view.task.status == STATUS_OPEN and view.task.due_at is not None:
            calendar.add_component(_event(view, chat_id, tz, lang, now))
    calendar.add_missing_timezones()  # the VTIMEZONE of every TZID used, none when empty
    return bytes(calendar.to_ical())


def _event(view: TaskView, chat_id: int, tz: ZoneInfo, lang: Language, now: datetime) -> Event:
    task = view.task
    assert task.due_at is not None
    rule = _recurrence(task.recurrence, task.kind)
    start: date
    end: date
    if rule is not None:
        start = task.due_at.astimezone(tz)
        end = start + TIMED_EVENT_LENGTH
    elif task.due_has_time:
        start, end = task.due_at, task.due_at + TIMED_EVENT_LENGTH
    else:
        day = task.due_at.astimezone(tz).date()
        start, end = day, day + timedelta(days=1)
    event = Event.new(
        uid=f"task-{chat_id}-{task.number}@boardbot",
        stamp=now,
        start=start,
        end=end,
        summary=f"#{task.number} {task.title}",
        description=t(lang, "ics_owners", owners=plain_owners(view.owners))
        if view.owners
        else None,
    )
    if rule is not None:
        event.add("RRULE", _rrule(rule, tz))
    return event


def _recurrence(text: str | None, kind: str) -> Recurrence | None:
    """The stored rule; a follow-up without one is asked weekly (storage's FOLLOWUP_RECURRENCE).
    A rule that does not read is exported as the single next occurrence."""
    if not text:
        return Recurrence(unit="week") if kind == KIND_FOLLOWUP else None
    try:
        return Recurrence.from_text(text)
    except ValueError:
        return None


def _rrule(rule: Recurrence, tz: ZoneInfo) -> vRecur:
    """The stored RRULE as the export writes it: UNTIL as the UTC instant of the local day's end."""
    recur: vRecur = vRecur.from_ical(rule.to_text())
    if rule.until is not None:
        recur["UNTIL"] = [datetime.combine(rule.until, UNTIL_TIME, tzinfo=tz).astimezone(UTC)]
    return recur


def roster_csv(terms: Sequence[tuple[int, Sequence[Seat]]], tz: ZoneInfo, lang: Language) -> bytes:
    """The board's roster, every term (current and past) with each seat's dates."""
    return _csv_bytes(t(lang, "csv_roster_columns").split("|"), roster_rows(terms, tz))
