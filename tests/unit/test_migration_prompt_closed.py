"""Migration 0017: answered questions are kept (closed) instead of deleted; the column comes
empty for the questions already open, and a downgrade drops the closed ones (before 0017 an
answered question was deleted) and keeps the open ones."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


def seed(engine: Engine, message_id: int, closed: bool = False) -> None:
    column, value = (", closed_at", ", '2024-06-19 19:00:00+00'") if closed else ("", "")
    insert(
        engine,
        f"INSERT INTO pending_prompt (chat_id, message_id, user_id, kind, created_at{column}) "
        f"VALUES (:chat, :message, 101, 'task_title', '2024-06-19 18:00:00+00'{value})",
        chat=CHAT,
        message=message_id,
    )


def messages(engine: Engine) -> list[tuple[int, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT message_id, closed_at IS NULL FROM pending_prompt ORDER BY message_id")
        )
        return [(int(message), bool(open_)) for message, open_ in rows]


def test_open_questions_stay_open_and_closed_ones_go_on_downgrade(blank_engine: Engine) -> None:
    migrate(blank_engine, "0016")
    insert_group(blank_engine, CHAT)
    seed(blank_engine, 77)
    migrate(blank_engine, "0017")
    assert messages(blank_engine) == [(77, True)]
    seed(blank_engine, 78, closed=True)
    assert messages(blank_engine) == [(77, True), (78, False)]
    migrate(blank_engine, "0016", down=True)
    assert "closed_at" not in {
        c["name"] for c in inspect(blank_engine).get_columns("pending_prompt")
    }
    with blank_engine.connect() as connection:
        left = connection.execute(text("SELECT message_id FROM pending_prompt")).scalars().all()
    assert list(left) == [77]
