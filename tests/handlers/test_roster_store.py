"""The roster's data access on both databases: the current term only, one seat per member,
the quorum's base."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.database import Database
from storage.models import Chat
from storage.roster import add_board_member, board_size, current_board

NOW = datetime(2026, 6, 19, 18, 0, tzinfo=UTC)
CHAT = -1001


def test_current_board_is_this_terms_seats_in_order(db: Database) -> None:
    with db.transaction() as session:
        chat = Chat(id=CHAT, type="supergroup", title="Vorstand")
        session.add(chat)
        session.flush()
        assert current_board(session, CHAT) == [] and board_size(session, chat) is None
        add_board_member(session, CHAT, name="Vera", user_id=101, role="Vorsitzende", now=NOW)
        add_board_member(session, CHAT, name="Nicole", user_id=102, now=NOW + timedelta(minutes=1))
        again = add_board_member(
            session, CHAT, name="Vera", user_id=101, role="Kassiererin", now=NOW
        )
        assert again.role == "Kassiererin" and board_size(session, chat) == 2
    with db.transaction() as session:
        assert [(s.name, s.role) for s in current_board(session, CHAT)] == [
            ("Vera", "Kassiererin"),
            ("Nicole", None),
        ]
        chat = session.get(Chat, CHAT)
        assert chat is not None
        chat.board_term += 1
        session.add(chat)
        session.flush()
        assert current_board(session, CHAT) == [] and board_size(session, chat) is None
        chat.board_size = 7
        assert board_size(session, chat) == 7
