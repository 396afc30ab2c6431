"""Migration 0018: the roster table and the chat's board settings arrive with their defaults
(every chat: all must agree, term 1, no size), every attendee so far reads as present, and a
downgrade drops the excused (before 0018 every attendee row meant "was there")."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


def add_attendee(engine: Engine, user_id: int, status: str | None = None) -> None:
    column, value = (", status", f", '{status}'") if status else ("", "")
    insert(
        engine,
        f"INSERT INTO attendee (meeting_id, user_id, name, added_at, forgotten{column}) "
        f"VALUES (1, :user, 'Vera', '2024-06-19 18:00:00+00', :no{value})",
        user=user_id,
        no=False,
    )


def test_defaults_for_existing_rows_and_excused_go_on_downgrade(blank_engine: Engine) -> None:
    migrate(blank_engine, "0017")
    insert_group(blank_engine, CHAT)
    insert(
        blank_engine,
        "INSERT INTO meeting (id, chat_id, number, title, started_at, created_by_name) "
        "VALUES (1, :chat, 1, 'Juni', '2024-06-19 18:00:00+00', 'Vera')",
        chat=CHAT,
    )
    add_attendee(blank_engine, 101)
    migrate(blank_engine, "0018")
    with blank_engine.connect() as connection:
        chat = connection.execute(
            text("SELECT board_size, circular_rule, board_term FROM chat")
        ).one()
        assert tuple(chat) == (None, "all", 1)
        assert connection.execute(text("SELECT status FROM attendee")).scalar_one() == "present"
    add_attendee(blank_engine, 102, "excused")
    insert(
        blank_engine,
        "INSERT INTO board_seat (chat_id, term, user_id, name, role, since, added_by_name) "
        "VALUES (:chat, 1, 101, 'Vera', 'Vorsitzende', '2024-06-19 18:00:00+00', '')",
        chat=CHAT,
    )
    migrate(blank_engine, "0017", down=True)
    assert "board_seat" not in inspect(blank_engine).get_table_names()
    assert "status" not in {c["name"] for c in inspect(blank_engine).get_columns("attendee")}
    with blank_engine.connect() as connection:
        left = connection.execute(text("SELECT user_id FROM attendee")).scalars().all()
    assert list(left) == [101]
