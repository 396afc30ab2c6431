"""The roster's storage functions for terms and handovers on both databases: a new term ends
every open seat and keeps it, a handover by a plain name moves only that name's open items
(done ones and other people's stay), and a role move touches only owners named by the role."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from bot.reminders.schedule import PLANNER
from storage.audit import Actor
from storage.database import Database
from storage.models import Chat, TaskStatus
from storage.roster import (
    add_board_member,
    all_terms,
    current_board,
    hand_over_items,
    known_people,
    move_role_owners,
    start_term,
)
from storage.tasks import OwnerRef, create_task, get_tasks, owners_by_task, set_status

NOW = datetime(2026, 6, 19, 18, 0, tzinfo=UTC)
CHAT = -1001
ADMIN = Actor(101, "Vera")


def task(session: Session, title: str, *owners: OwnerRef) -> int:
    view = create_task(
        session,
        chat_id=CHAT,
        title=title,
        owners=owners,
        due_at=None,
        due_has_time=False,
        created_by_id=101,
        created_by_name="Vera",
        now=NOW,
        planner=PLANNER,
    )
    return view.task.number


def test_a_new_term_ends_every_open_seat_and_keeps_it(db: Database) -> None:
    with db.transaction() as session:
        chat = Chat(id=CHAT, type="supergroup", title="Vorstand")
        session.add(chat)
        session.flush()
        add_board_member(session, CHAT, name="Vera", user_id=101, role="Vorsitzende", now=NOW)
        later = NOW + timedelta(days=365)
        assert start_term(session, chat, later) == 2
        add_board_member(session, CHAT, name="Nicole", user_id=102, now=later)
        terms = all_terms(session, CHAT)
        assert [(term, [(s.name, s.until) for s in seats]) for term, seats in terms] == [
            (1, [("Vera", later)]),
            (2, [("Nicole", None)]),
        ]
        assert [seat.name for seat in current_board(session, CHAT)] == ["Nicole"]


def test_handover_by_a_plain_name_and_a_role_move(db: Database) -> None:
    hausmeister, vera = OwnerRef("Hausmeister"), OwnerRef("Vera", 101, "vera")
    with db.transaction() as session:
        session.add(Chat(id=CHAT, type="supergroup", title="Vorstand"))
        session.flush()
        first = task(session, "Schlüssel", OwnerRef("hausmeister"), vera)
        done = task(session, "Alt", hausmeister)
        other = task(session, "Fremd", vera)
        role = task(session, "Kasse", OwnerRef("Vera", 101, "vera", "treasurer"))
        found = get_tasks(session, CHAT, [done])
        set_status(session, found[done], TaskStatus.DONE, ADMIN, NOW, planner=PLANNER)
        assert known_people(session, CHAT, "HAUSMEISTER") == [OwnerRef("hausmeister")]
        nicole = OwnerRef("Nicole", 102, None)
        assert hand_over_items(session, CHAT, hausmeister, nicole, ADMIN, NOW) == [first]
        daniel = OwnerRef("Daniel", 103, "dschaper")
        assert move_role_owners(session, CHAT, "treasurer", daniel, ADMIN, NOW) == [role]
        rows = get_tasks(session, CHAT, [first, done, other, role])
        owners = owners_by_task(session, list(rows.values()))
        named = {n: [(o.name, o.role) for o in owners[rows[n].id or 0]] for n in rows}
    assert named == {
        first: [("Nicole", None), ("Vera", None)],
        done: [("Hausmeister", None)],
        other: [("Vera", None)],
        role: [("Daniel", "treasurer")],
    }
