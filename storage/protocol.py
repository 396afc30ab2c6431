"""Data access for what a meeting's Protokoll holds beyond its decisions and tasks: the notes
under its agenda items (TOP 1, 2, …; which is under discussion is storage.agenda's), the
minute-taker, the excused members and the quorum, and the agenda entries of the minutes.

The flow: a meeting takes up the pending agenda proposals when it opens (storage.meetings);
topics proposed while it runs join it. The first item is under discussion until `/top n`
switches (`meeting.current_item_id`). A note, a decision or a task recorded meanwhile stores
the item under discussion (`agenda_item_id`), so the minutes list it there however the agenda
changes later; without items a note goes under "Sonstiges" (None).

Who counts for the quorum: the board's size is `storage.roster.board_size`; present are the
board members on the roster that came (by user id, or by name for a seat without Telegram),
or, without a roster, every present member who is no guest. A majority of the seats present
makes the meeting quorate (beschlussfähig). It is counted against the roster of today, so
minutes rendered again after the board changed may count differently; the minutes stored at
the meeting's end keep what was true then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from storage.agenda import current_item
from storage.models import (
    NAME_MAX_LENGTH,
    AgendaItem,
    Attendee,
    AttendeeStatus,
    Chat,
    Decision,
    Meeting,
    MeetingNote,
)
from storage.roster import board_size, current_board
from storage.tasks import TaskView

# --- notes -------------------------------------------------------------------------------------


def add_note(
    session: Session,
    meeting: Meeting,
    *,
    text: str,
    author_id: int | None,
    author_name: str,
    now: datetime,
) -> tuple[MeetingNote, int | None]:
    """A note under the item under discussion; with the item's TOP number (None: Sonstiges)."""
    assert meeting.id is not None
    current = current_item(session, meeting)
    note = MeetingNote(
        meeting_id=meeting.id,
        agenda_item_id=current[1].id if current is not None else None,
        text=text,
        author_id=author_id,
        author_name=author_name[:NAME_MAX_LENGTH],
        created_at=now,
    )
    session.add(note)
    session.flush()
    return note, current[0] if current is not None else None


def meeting_notes(session: Session, meeting_id: int) -> list[MeetingNote]:
    return list(
        session.exec(
            select(MeetingNote)
            .where(MeetingNote.meeting_id == meeting_id)
            .order_by(col(MeetingNote.created_at), col(MeetingNote.id))
        ).all()
    )


# --- the minute-taker --------------------------------------------------------------------------


def set_minute_taker(session: Session, meeting: Meeting, user_id: int | None, name: str) -> None:
    meeting.minute_taker_id, meeting.minute_taker_name = user_id, name[:NAME_MAX_LENGTH]
    session.add(meeting)


def minute_taker_name(meeting: Meeting) -> str:
    """Who takes the minutes: the one `/protokollant` named, else the opener."""
    return meeting.minute_taker_name or meeting.created_by_name


def minute_taker_id(meeting: Meeting) -> int | None:
    return meeting.minute_taker_id if meeting.minute_taker_name else meeting.created_by_id


# --- excused -----------------------------------------------------------------------------------


def _attendee_row(
    session: Session, meeting_id: int, user_id: int | None, name: str
) -> Attendee | None:
    query = select(Attendee).where(Attendee.meeting_id == meeting_id)
    if user_id is not None:
        return session.exec(query.where(Attendee.user_id == user_id)).first()
    rows = session.exec(query.where(col(Attendee.user_id).is_(None))).all()
    return next((row for row in rows if row.name.casefold() == name.casefold()), None)


def mark_excused(
    session: Session,
    meeting_id: int,
    *,
    user_id: int | None,
    name: str,
    added_by_id: int | None,
    added_by_name: str | None,
    now: datetime,
) -> str:
    """Note that someone sent apologies: "excused" (new), "already" (they were), or "present"
    (they are listed as present: whoever is there is not excused, nothing changes)."""
    name = name[:NAME_MAX_LENGTH]
    row = _attendee_row(session, meeting_id, user_id, name)
    if row is not None:
        return "already" if row.status == AttendeeStatus.EXCUSED else "present"
    session.add(
        Attendee(
            meeting_id=meeting_id,
            user_id=user_id,
            name=name,
            added_at=now,
            added_by_id=added_by_id,
            added_by_name=added_by_name[:NAME_MAX_LENGTH] if added_by_name else None,
            status=AttendeeStatus.EXCUSED.value,
        )
    )
    session.flush()
    return "excused"


def name_only_seats(session: Session, chat_id: int) -> set[str]:
    """The casefolded names of the current board's members without Telegram."""
    return {
        seat.name.casefold() for seat in current_board(session, chat_id) if seat.user_id is None
    }


def status_for_name(session: Session, chat_id: int, name: str) -> AttendeeStatus:
    """A person listed by name alone: a board member without Telegram if the roster has a
    seat of that name, else a guest."""
    if name.casefold() in name_only_seats(session, chat_id):
        return AttendeeStatus.PRESENT
    return AttendeeStatus.GUEST


# --- the minutes' agenda ----------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    """One TOP of the minutes: the item with what was noted, decided and assigned under it."""

    number: int
    item: AgendaItem
    notes: list[MeetingNote] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    tasks: list[TaskView] = field(default_factory=list)


def agenda_entries(
    items: list[AgendaItem],
    notes: list[MeetingNote],
    decisions: list[Decision],
    tasks: list[TaskView],
) -> tuple[list[AgendaEntry], list[MeetingNote]]:
    """Each item with what was recorded under it, and the notes under no item. A decision or
    task whose item is not one of these (none, or recorded before items were stored) stays
    out of the entries; the minutes list it in its own section."""
    entries = {
        item.id: AgendaEntry(number, item)
        for number, item in enumerate(items, start=1)
        if item.id is not None
    }
    other: list[MeetingNote] = []
    for note in notes:
        entry = entries.get(note.agenda_item_id) if note.agenda_item_id is not None else None
        (entry.notes if entry is not None else other).append(note)
    for decision in decisions:
        if decision.agenda_item_id in entries:
            entries[decision.agenda_item_id].decisions.append(decision)
    for view in tasks:
        if view.task.agenda_item_id in entries:
            entries[view.task.agenda_item_id].tasks.append(view)
    return list(entries.values()), other


# --- quorum ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    """How many of the board's seats were present: a majority makes the meeting quorate."""

    present: int
    seats: int

    @property
    def quorate(self) -> bool:
        return 2 * self.present > self.seats


def counts_for_quorum(attendee: Attendee, board_ids: set[int], board_names: set[str]) -> bool:
    """A present board member: on the roster (when there is one), else any member no guest."""
    if attendee.status != AttendeeStatus.PRESENT:
        return False
    if not board_ids and not board_names:
        return True
    if attendee.user_id is not None:
        return attendee.user_id in board_ids
    return attendee.name.casefold() in board_names


def quorum(session: Session, chat: Chat, attendees: Sequence[Attendee]) -> Quorum | None:
    """The quorum line's numbers, or None when the board's size is unknown."""
    seats = board_size(session, chat)
    if seats is None:
        return None
    board = current_board(session, chat.id)
    ids = {seat.user_id for seat in board if seat.user_id is not None}
    names = {seat.name.casefold() for seat in board if seat.user_id is None}
    present = sum(1 for a in attendees if counts_for_quorum(a, ids, names))
    return Quorum(present, seats)
