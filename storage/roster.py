"""Data access for the board's roster: who is on the board this term, with which role.

The roster is the electorate of a circular resolution and the base of a meeting's quorum
(`board_size`). Seats of a past term stay with their dates, as part of the record; the
commands that change the roster (`/vorstand`, `/rolle`, `/übergabe`) build on these functions.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import BoardSeat, Chat


def current_board(session: Session, chat_id: int) -> list[BoardSeat]:
    """The seats of the chat's current term that nobody has left, in the order they were taken."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        return []
    return list(
        session.exec(
            select(BoardSeat)
            .where(
                col(BoardSeat.chat_id) == chat_id,
                col(BoardSeat.term) == chat.board_term,
                col(BoardSeat.until).is_(None),
            )
            .order_by(col(BoardSeat.since), col(BoardSeat.id))
        )
    )


def board_seat_of(session: Session, chat_id: int, user_id: int) -> BoardSeat | None:
    """The member's seat on the current board, if they have one."""
    return next((seat for seat in current_board(session, chat_id) if seat.user_id == user_id), None)


def add_board_member(
    session: Session,
    chat_id: int,
    *,
    name: str,
    now: datetime,
    user_id: int | None = None,
    username: str | None = None,
    role: str | None = None,
    added_by_id: int | None = None,
    added_by_name: str = "",
) -> BoardSeat:
    """Put someone on the current board (a member of the chat by id, or a name alone). A member
    already on it keeps their seat; a role given replaces theirs."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        raise LookupError(f"unknown chat {chat_id}")
    seat = board_seat_of(session, chat_id, user_id) if user_id is not None else None
    if seat is None:
        seat = BoardSeat(
            chat_id=chat_id,
            term=chat.board_term,
            user_id=user_id,
            username=username,
            name=name,
            since=now,
            added_by_id=added_by_id,
            added_by_name=added_by_name,
        )
    if role is not None:
        seat.role = role
    session.add(seat)
    session.flush()
    return seat


def board_size(session: Session, chat: Chat) -> int | None:
    """How many seats the quorum counts against: the size the admins set by statute, else the
    current roster's, else None (no quorum line)."""
    if chat.board_size is not None:
        return chat.board_size
    return len(current_board(session, chat.id)) or None
