"""Migration 0015 (issue 14, part C): existing groups announce private changes, existing tasks
and decisions have no card yet, questions can be stored; downgrading keeps the rows."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


@pytest.fixture
def engine(blank_engine: Engine) -> Engine:
    """An empty database of each kind (tests/conftest.py)."""
    return blank_engine


def seed(engine: Engine) -> None:
    insert_group(engine, CHAT)
    insert(
        engine,
        "INSERT INTO task (id, chat_id, number, kind, title, status, due_has_time, "
        "created_by_name, created_at, updated_at) VALUES (1, :chat, 1, 'task', 'Flyer', 'open', "
        ":no, 'Vera', '2024-06-19 18:00:00+00', '2024-06-19 18:00:00+00')",
        chat=CHAT,
        no=False,
    )
    insert(engine, "INSERT INTO taskowner (task_id, position, name) VALUES (1, 0, 'Vera')")


def test_upgrade_adds_cards_prompts_and_announcing(engine: Engine) -> None:
    migrate(engine, "0012")
    seed(engine)
    migrate(engine, "0015")
    with engine.connect() as connection:
        announce = connection.execute(text("SELECT announce_changes FROM chat")).scalar_one()
        card = connection.execute(text("SELECT card_message_id FROM task")).scalar_one()
        owner = connection.execute(text("SELECT name FROM taskowner")).scalar_one()
    assert bool(announce) is True
    assert card is None
    assert owner == "Vera"  # nothing was copied and dropped on the way
    insert(
        engine,
        "INSERT INTO pending_prompt (chat_id, message_id, user_id, kind, task_id, created_at) "
        "VALUES (:chat, 77, 101, 'due', 1, '2024-06-19 18:00:00+00')",
        chat=CHAT,
    )
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        insert(
            engine,
            "INSERT INTO pending_prompt (chat_id, message_id, user_id, kind, created_at) "
            "VALUES (:chat, 77, 102, 'owner', '2024-06-19 18:00:00+00')",
            chat=CHAT,
        )


def test_downgrade_removes_them_and_keeps_the_rows(engine: Engine) -> None:
    migrate(engine, "0015")
    seed(engine)
    migrate(engine, "0012", down=True)
    inspector = inspect(engine)
    assert "pending_prompt" not in inspector.get_table_names()
    assert "card_message_id" not in {c["name"] for c in inspector.get_columns("task")}
    assert "announce_changes" not in {c["name"] for c in inspector.get_columns("chat")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT title FROM task")).scalar_one() == "Flyer"
        assert connection.execute(text("SELECT name FROM taskowner")).scalar_one() == "Vera"
