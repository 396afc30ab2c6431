"""Data access for the board's roster: who is on the board this term, with which role.

The roster is the electorate of a circular resolution and the base of a meeting's quorum
(`board_size`). Seats of a past term stay with their dates, as part of the record; the
commands that change the roster (`/vorstand`, `/rolle`, `/übergabe`: handlers.roster and
handlers.board_handover) build on these functions.

A task owner named by a role (`@kassierer`) keeps the role's key (`TaskOwner.role`, computed
above storage by bot.language.roster.role_key); when the role changes hands the open items'
owners with that key move to the new holder (`move_role_owners`). A handover moves one
person's open tasks and follow-ups to another (`hand_over_items`). Every change leaves an
audit entry: per item for the owners, `board` events for the roster itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, bindparam
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, func, select

from storage import core
from storage.audit import Actor, record_event
from storage.models import BoardSeat, Chat, Member, Task, TaskKind, TaskOwner, TaskStatus
from storage.tasks import OwnerRef, owners_by_task, replace_owners

BOARD_ITEM = "board"  # the audit trail's item type of a roster change
# what a handover moves: the open items someone answers for (a plain reminder stays theirs)
HANDED_OVER_KINDS = (TaskKind.TASK.value, TaskKind.FOLLOWUP.value)
ALL_KINDS = tuple(kind.value for kind in TaskKind)


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


def current_roles(session: Session, chat_id: int) -> list[str]:
    """The roles the current board's seats hold, without loading the seats (every `/task`
    with an @name asks whether the name is a role)."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        return []
    statement = _current_roles_statement()
    rows = core.execute(session, statement, {"chat": chat_id, "term": chat.board_term})
    return [role for (role,) in rows]


@cache
def _current_roles_statement() -> Executable:
    table = BoardSeat.__table__  # type: ignore[attr-defined]
    return select_columns(table.c.role).where(
        table.c.chat_id == bindparam("chat"),
        table.c.term == bindparam("term"),
        table.c.until.is_(None),
        table.c.role.is_not(None),
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


def term_seats(session: Session, chat_id: int, term: int) -> list[BoardSeat]:
    """Every seat of a term, also those left during it, in the order they were taken."""
    return list(
        session.exec(
            select(BoardSeat)
            .where(col(BoardSeat.chat_id) == chat_id, col(BoardSeat.term) == term)
            .order_by(col(BoardSeat.since), col(BoardSeat.id))
        )
    )


def last_term(session: Session, chat_id: int) -> int | None:
    """The highest term with any seat (None: the roster was never filled)."""
    found = session.exec(
        select(func.max(BoardSeat.term)).where(col(BoardSeat.chat_id) == chat_id)
    ).one()
    return int(found) if found is not None else None


def record_board_change(
    session: Session,
    chat: Chat,
    action: str,
    actor: Actor,
    now: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """One audit entry for a roster change (item: the board's term)."""
    record_event(
        session,
        chat_id=chat.id,
        item_type=BOARD_ITEM,
        item_number=chat.board_term,
        action=action,
        actor=actor,
        now=now,
        before=before,
        after=after,
    )


def seat_entry(seat: BoardSeat) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": seat.name, "role": seat.role}
    if seat.user_id is not None:
        entry["user_id"] = seat.user_id
    return entry


def leave_board(session: Session, seat: BoardSeat, now: datetime) -> None:
    """The member leaves the current board; the seat stays in the record with its dates."""
    seat.until = now
    session.add(seat)


def start_term(session: Session, chat: Chat, now: datetime) -> int:
    """End the current term (its open seats get `until`) and start the next; its number."""
    for seat in current_board(session, chat.id):
        leave_board(session, seat, now)
    chat.board_term += 1
    session.add(chat)
    session.flush()
    return chat.board_term


def holders(seats: Sequence[BoardSeat], key: str, key_of: Callable[[str], str]) -> list[BoardSeat]:
    """The seats holding the role with this key (`key_of`: bot.language.roster.role_key)."""
    return [seat for seat in seats if seat.role and key_of(seat.role) == key]


def seat_owner(seat: BoardSeat, key: str | None = None) -> OwnerRef:
    """The seat's holder as a task owner (named by the role `key`, when given)."""
    return OwnerRef(seat.name, seat.user_id, seat.username, key)


@dataclass(frozen=True)
class OpenItem:
    """An open task or follow-up with its owners, as a handover or a role move changes them."""

    task: Task
    owners: list[OwnerRef]


def open_items(
    session: Session, chat_id: int, kinds: Sequence[str] = HANDED_OVER_KINDS
) -> list[OpenItem]:
    """The chat's open items of these kinds that have owners, by number."""
    tasks = list(
        session.exec(
            select(Task)
            .where(
                col(Task.chat_id) == chat_id,
                col(Task.status) == TaskStatus.OPEN.value,
                col(Task.kind).in_(kinds),
                col(Task.id).in_(select(TaskOwner.task_id)),
            )
            .order_by(col(Task.number))
        )
    )
    owners = owners_by_task(session, tasks)
    return [OpenItem(task, owners.get(task.id or 0, [])) for task in tasks]


def _deduped(owners: Sequence[OwnerRef]) -> list[OwnerRef]:
    unique: dict[object, OwnerRef] = {}
    for owner in owners:
        unique.setdefault(owner.user_id if owner.user_id is not None else owner.name.lower(), owner)
    return list(unique.values())


def _reassign(
    session: Session,
    items: Sequence[OpenItem],
    moves: Callable[[OwnerRef], OwnerRef | None],
    actor: Actor,
    now: datetime,
    action: str,
) -> list[int]:
    """Give every item whose owners `moves` changes its new owners (one audit entry each);
    the numbers of the items changed."""
    changed: list[int] = []
    for item in items:
        new = [moves(owner) or owner for owner in item.owners]
        if all(moves(owner) is None for owner in item.owners):
            continue
        replace_owners(session, item.task, _deduped(new), actor, now, action=action)
        changed.append(item.task.number)
    return changed


def move_role_owners(
    session: Session, chat_id: int, key: str, holder: OwnerRef, actor: Actor, now: datetime
) -> list[int]:
    """The open items' owners named by the role `key` move to its new holder; the numbers."""

    def moves(owner: OwnerRef) -> OwnerRef | None:
        if owner.role != key or (owner.user_id, owner.name) == (holder.user_id, holder.name):
            return None
        return OwnerRef(holder.name, holder.user_id, holder.username, key)

    # every kind: a plain reminder for the treasurer reminds whoever is treasurer now
    items = open_items(session, chat_id, ALL_KINDS)
    return _reassign(session, items, moves, actor, now, "role_moved")


def is_person(owner: OwnerRef, person: OwnerRef) -> bool:
    """Whether `owner` is `person`: by id when the bot knows one, else by the name alone."""
    if person.user_id is not None:
        return owner.user_id == person.user_id
    return owner.user_id is None and owner.name.casefold() == person.name.casefold()


def hand_over_items(
    session: Session, chat_id: int, old: OwnerRef, new: OwnerRef, actor: Actor, now: datetime
) -> list[int]:
    """Move `old`'s open tasks and follow-ups to `new` (an owner named by a role keeps the
    role); the numbers of the items moved."""

    def moves(owner: OwnerRef) -> OwnerRef | None:
        if not is_person(owner, old):
            return None
        return OwnerRef(new.name, new.user_id, new.username, owner.role)

    return _reassign(session, open_items(session, chat_id), moves, actor, now, "handover")


def member_ref(member: Member) -> OwnerRef:
    """A member as a person of the roster: the full name, id and username."""
    name = " ".join(part for part in (member.first_name, member.last_name) if part)
    return OwnerRef(name or member.first_name, member.user_id, member.username)


def known_people(session: Session, chat_id: int, name: str) -> list[OwnerRef]:
    """Who `name` can mean when their work is handed over: a member past or present (by
    username, else by first name), else a seat of any term (by username or name), else a plain
    name an open item is owned by. Several when a first name is ambiguous; [] for nobody."""
    lowered = name.casefold()
    members = session.exec(
        select(Member).where(col(Member.chat_id) == chat_id).order_by(col(Member.user_id))
    ).all()
    for member in members:
        if member.username and member.username.casefold() == lowered:
            return [member_ref(member)]
    by_first_name = [member_ref(m) for m in members if m.first_name.casefold() == lowered]
    if by_first_name:
        return by_first_name
    seats = session.exec(select(BoardSeat).where(col(BoardSeat.chat_id) == chat_id)).all()
    for seat in seats:
        if lowered in {(seat.username or "").casefold(), seat.name.casefold()}:
            return [OwnerRef(seat.name, seat.user_id, seat.username)]
    for item in open_items(session, chat_id):
        for owner in item.owners:
            if owner.user_id is None and owner.name.casefold() == lowered:
                return [OwnerRef(owner.name)]
    return []


def person_seat(session: Session, chat_id: int, person: OwnerRef) -> BoardSeat | None:
    """The person's seat on the current board: by id, else (a name alone) by the name."""
    for seat in current_board(session, chat_id):
        if is_person(OwnerRef(seat.name, seat.user_id, seat.username), person):
            return seat
    return None


def all_terms(session: Session, chat_id: int) -> list[tuple[int, list[BoardSeat]]]:
    """Every term with seats, oldest first, each with all its seats (for the export)."""
    seats = session.exec(
        select(BoardSeat)
        .where(col(BoardSeat.chat_id) == chat_id)
        .order_by(col(BoardSeat.term), col(BoardSeat.since), col(BoardSeat.id))
    ).all()
    terms: dict[int, list[BoardSeat]] = {}
    for seat in seats:
        terms.setdefault(seat.term, []).append(seat)
    return list(terms.items())
