"""Migration 0016 (issue 14, part P): the table of private-chat links, with unique tokens that
go with their group; downgrading removes it and keeps everything else."""

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
        "INSERT INTO pending_prompt (chat_id, message_id, user_id, kind, created_at) "
        "VALUES (:chat, 77, 101, 'task_title', '2024-06-19 18:00:00+00')",
        chat=CHAT,
    )


def handover(engine: Engine, token: str) -> None:
    insert(
        engine,
        "INSERT INTO private_handover (token, chat_id, user_id, kind, created_at) "
        "VALUES (:token, :chat, 101, 'task_title', '2024-06-19 18:00:00+00')",
        token=token,
        chat=CHAT,
    )


def test_upgrade_adds_the_links(engine: Engine) -> None:
    migrate(engine, "0015")
    seed(engine)
    migrate(engine, "0016")
    handover(engine, "Ab3_-xYz0123456789QRSt")
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT used_at, question_message_id, message_thread_id FROM private_handover")
        ).one()
        prompts = connection.execute(text("SELECT count(*) FROM pending_prompt")).scalar_one()
    assert tuple(row) == (None, None, None)
    assert prompts == 1  # nothing was copied and dropped on the way
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        handover(engine, "Ab3_-xYz0123456789QRSt")


def test_downgrade_removes_them_and_keeps_the_rest(engine: Engine) -> None:
    migrate(engine, "0016")
    seed(engine)
    handover(engine, "Ab3_-xYz0123456789QRSt")
    migrate(engine, "0015", down=True)
    assert "private_handover" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT title FROM chat")).scalar_one() == "Vorstand"
        assert connection.execute(text("SELECT count(*) FROM pending_prompt")).scalar_one() == 1
