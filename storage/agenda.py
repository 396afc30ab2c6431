"""Which agenda item (TOP) of a meeting is under discussion: the bottom of the protocol's
data access, read where decisions and tasks are recorded (storage.records, storage.tasks)
and by storage.protocol.

A meeting's items are its taken-up proposals and the topics proposed while it runs, in the
order they were proposed; TOP n is the n-th. The first is under discussion until `/top`
switches (`meeting.current_item_id`).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import AgendaItem, Meeting


def meeting_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda items in their order: TOP 1 is the first."""
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.created_at), col(AgendaItem.id))
        ).all()
    )


def current_item(session: Session, meeting: Meeting) -> tuple[int, AgendaItem] | None:
    """The item under discussion with its TOP number: the one `/top` chose, else the first;
    None while the meeting has no items."""
    assert meeting.id is not None
    items = meeting_items(session, meeting.id)
    for number, item in enumerate(items, start=1):
        if item.id == meeting.current_item_id:
            return number, item
    return (1, items[0]) if items else None


def current_item_id(session: Session, meeting_id: int | None) -> int | None:
    """The id of the item a decision or task recorded now in this meeting belongs to."""
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None or meeting.ended_at is not None:
        return None
    current = current_item(session, meeting)
    return current[1].id if current is not None else None


def switch_item(session: Session, meeting: Meeting, number: int) -> AgendaItem | None:
    """Make TOP `number` the item under discussion; None if the meeting has no such item."""
    assert meeting.id is not None
    items = meeting_items(session, meeting.id)
    if not 1 <= number <= len(items):
        return None
    meeting.current_item_id = items[number - 1].id
    session.add(meeting)
    return items[number - 1]
