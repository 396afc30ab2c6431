"""What the renderers read, described as structural types: exactly the attributes they use of a
task, its owners, a decision, a meeting, its attendees, an agenda item, a meeting's minutes,
the agenda and an audit event.

Every member is a read-only property, so a stored row (a SQLModel class) and a frozen dataclass
both satisfy the protocols without naming them, and collections are `Sequence` / `Mapping`, so
a `list[storage.models.Decision]` is a `Sequence[Decision]` here. mypy checks the fit at every
call site; render never imports storage.

A status or kind is a plain string (storage's enums are `StrEnum`s, equal to their values); the
values render compares with live here, once, and a unit test holds them equal to storage's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Protocol

# A task's status (storage.models.TaskStatus).
STATUS_OPEN: Final = "open"
STATUS_DONE: Final = "done"
STATUS_CANCELLED: Final = "cancelled"
TASK_STATUSES: Final = (STATUS_OPEN, STATUS_DONE, STATUS_CANCELLED)

# What a task row is (storage.models.TaskKind).
KIND_TASK: Final = "task"
KIND_FOLLOWUP: Final = "followup"
KIND_REMINDER: Final = "reminder"
TASK_KINDS: Final = (KIND_TASK, KIND_FOLLOWUP, KIND_REMINDER)

# Who an attendee of a meeting is (storage.models.AttendeeStatus).
ATTENDEE_PRESENT: Final = "present"
ATTENDEE_EXCUSED: Final = "excused"
ATTENDEE_GUEST: Final = "guest"
ATTENDEE_STATUSES: Final = (ATTENDEE_PRESENT, ATTENDEE_EXCUSED, ATTENDEE_GUEST)

# Which reminder message is due (storage.models.ReminderKind).
REMINDER_BEFORE: Final = "before"
REMINDER_DUE: Final = "due"
REMINDER_OVERDUE: Final = "overdue"
REMINDER_FOLLOWUP: Final = "followup"
REMINDER_PLAIN: Final = "plain"
REMINDER_DIGEST: Final = "digest"
REMINDER_MEETING_EVE: Final = "meeting_eve"  # a planned meeting's (bot.render.invitation)
REMINDER_MEETING_SOON: Final = "meeting_soon"
# a circular resolution's reminders: composed by bot.render.circulars, not as task reminders
REMINDER_CIRCULAR_NUDGE: Final = "circular_nudge"
REMINDER_CIRCULAR_CLOSE: Final = "circular_close"
REMINDER_KINDS: Final = (
    REMINDER_BEFORE,
    REMINDER_DUE,
    REMINDER_OVERDUE,
    REMINDER_FOLLOWUP,
    REMINDER_PLAIN,
    REMINDER_DIGEST,
    REMINDER_MEETING_EVE,
    REMINDER_MEETING_SOON,
    REMINDER_CIRCULAR_NUDGE,
    REMINDER_CIRCULAR_CLOSE,
)


class Owner(Protocol):
    """Someone a task belongs to: a member (with a user id) or a name typed in the chat."""

    @property
    def name(self) -> str: ...
    @property
    def user_id(self) -> int | None: ...


class Task(Protocol):
    """A task, follow-up or plain reminder; datetimes are UTC."""

    @property
    def chat_id(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def due_has_time(self) -> bool: ...
    @property
    def recurrence(self) -> str | None: ...  # RRULE text (bot.language.recurrence)
    @property
    def created_at(self) -> datetime: ...
    @property
    def created_by_name(self) -> str: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def closed_by_name(self) -> str | None: ...
    @property
    def meeting_id(self) -> int | None: ...
    @property
    def decision_id(self) -> int | None: ...


class TaskView(Protocol):
    """A task with its owners and, in a private chat's lists, the title of its group."""

    @property
    def task(self) -> Task: ...
    @property
    def owners(self) -> Sequence[Owner]: ...
    @property
    def chat_title(self) -> str | None: ...


class Decision(Protocol):
    """An entry of the decisions register; datetimes are UTC."""

    @property
    def id(self) -> int | None: ...
    @property
    def number(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def decided_at(self) -> datetime: ...
    @property
    def votes_yes(self) -> int | None: ...
    @property
    def votes_no(self) -> int | None: ...
    @property
    def votes_abstain(self) -> int | None: ...
    @property
    def unanimous(self) -> bool: ...
    @property
    def result(self) -> str | None: ...  # "adopted", "rejected", or None: no vote recorded
    @property
    def meeting_id(self) -> int | None: ...
    @property
    def amends_id(self) -> int | None: ...
    @property
    def created_by_name(self) -> str: ...
    @property
    def repealed_at(self) -> datetime | None: ...
    @property
    def repealed_reason(self) -> str | None: ...
    @property
    def repealed_by_name(self) -> str | None: ...
    @property
    def by_circular(self) -> bool: ...  # taken by a circular resolution (Umlaufverfahren)


class Meeting(Protocol):
    """A board meeting; it runs while `ended_at` is None."""

    @property
    def number(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def created_by_name(self) -> str: ...
    @property
    def ended_by_name(self) -> str | None: ...


class Attendee(Protocol):
    """Someone listed for a meeting: present, excused or a guest (`status`)."""

    @property
    def name(self) -> str: ...
    @property
    def user_id(self) -> int | None: ...
    @property
    def added_by_name(self) -> str | None: ...  # who listed them, when not they themself
    @property
    def forgotten(self) -> bool: ...  # asked to be forgotten: "ehemaliges Mitglied", no guest
    @property
    def status(self) -> str: ...  # ATTENDEE_PRESENT, ATTENDEE_EXCUSED or ATTENDEE_GUEST


class AgendaItem(Protocol):
    """A topic proposed for a meeting."""

    @property
    def text(self) -> str: ...
    @property
    def created_by_name(self) -> str: ...


class Note(Protocol):
    """A short note of the minutes (`/notiz`); `created_at` is UTC."""

    @property
    def text(self) -> str: ...
    @property
    def author_name(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


class AgendaEntry(Protocol):
    """One TOP of the minutes with what was noted, decided and assigned under it."""

    @property
    def number(self) -> int: ...
    @property
    def item(self) -> AgendaItem: ...
    @property
    def notes(self) -> Sequence[Note]: ...
    @property
    def decisions(self) -> Sequence[Decision]: ...
    @property
    def tasks(self) -> Sequence[TaskView]: ...


class Quorum(Protocol):
    """How many of the board's seats were present; a majority is quorate."""

    @property
    def present(self) -> int: ...
    @property
    def seats(self) -> int: ...
    @property
    def quorate(self) -> bool: ...


class Minutes(Protocol):
    """Everything the minutes of one meeting show. A decision or task in no entry has its own
    section; `other_notes` are those under no item ("Sonstiges")."""

    @property
    def chat_title(self) -> str: ...
    @property
    def meeting(self) -> Meeting: ...
    @property
    def attendees(self) -> Sequence[Attendee]: ...
    @property
    def decisions(self) -> Sequence[Decision]: ...
    @property
    def new_tasks(self) -> Sequence[TaskView]: ...
    @property
    def completed(self) -> Sequence[TaskView]: ...
    @property
    def followups(self) -> Sequence[TaskView]: ...
    @property
    def referenced(self) -> Mapping[int, Decision]: ...  # decisions named above, by id
    @property
    def minute_taker(self) -> str: ...  # empty: the opener
    @property
    def entries(self) -> Sequence[AgendaEntry]: ...
    @property
    def other_notes(self) -> Sequence[Note]: ...
    @property
    def quorum(self) -> Quorum | None: ...  # None: the board's size is unknown
    @property
    def next_meeting_at(self) -> datetime | None: ...
    @property
    def next_meeting_place(self) -> str | None: ...


class DecisionProgress(Protocol):
    """A decision whose tasks are all done or overdue: something to report on."""

    @property
    def decision(self) -> Decision: ...
    @property
    def tasks(self) -> Sequence[TaskView]: ...
    @property
    def overdue(self) -> bool: ...


class Agenda(Protocol):
    """What the next meeting should talk about."""

    @property
    def last_meeting(self) -> Meeting | None: ...
    @property
    def open_meeting(self) -> Meeting | None: ...
    @property
    def overdue(self) -> Sequence[TaskView]: ...
    @property
    def due_soon(self) -> Sequence[TaskView]: ...
    @property
    def followups(self) -> Sequence[TaskView]: ...
    @property
    def decisions(self) -> Sequence[DecisionProgress]: ...
    @property
    def proposals(self) -> Sequence[AgendaItem]: ...


class AuditEvent(Protocol):
    """One entry of an item's audit trail: who did what when, and the fields before and after."""

    @property
    def action(self) -> str: ...
    @property
    def actor_name(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def before(self) -> Mapping[str, Any]: ...
    @property
    def after(self) -> Mapping[str, Any]: ...
