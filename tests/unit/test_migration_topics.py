"""Migration 0014 (issue 14, forum topics), on SQLite and PostgreSQL: tasks, decisions and
meetings stored before it keep every value and get no topic (they were posted to General);
a chat gets no chosen topic; a topic id above 32 bits fits; downgrading drops the columns and
the notices and keeps the rows, also the ones that refer to a chat or task."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, migrate

CHAT = -1005550001111
STAMP = "2024-06-19 18:00:00+00"
BIG_TOPIC = 2**40  # Telegram's ids exceed 32 bits
ITEMS = ("task", "decision", "meeting")


@pytest.fixture
def engine(blank_engine: Engine) -> Engine:
    """An empty database of each kind (tests/conftest.py)."""
    return blank_engine


def seed(engine: Engine) -> None:
    insert(
        engine,
        "INSERT INTO chat (id, type, title, timezone, reminder_hour, active, created_at) "
        "VALUES (:id, 'supergroup', 'Vorstand', 'Europe/Berlin', 9, :yes, :at)",
        id=CHAT,
        yes=True,
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO task (id, chat_id, number, kind, title, status, due_has_time, "
        "created_by_name, created_at, updated_at) VALUES (1, :chat, 1, 'task', 'Flyer drucken', "
        "'open', :no, 'Vera', :at, :at)",
        chat=CHAT,
        no=False,
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO meeting (id, chat_id, number, title, started_at, created_by_name) "
        "VALUES (1, :chat, 1, 'Juni', :at, 'Vera')",
        chat=CHAT,
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO decision (id, chat_id, number, year, text, decided_at, unanimous, "
        "created_by_name) VALUES (1, :chat, 1, 2024, 'Sommerfest', :at, :yes, 'Vera')",
        chat=CHAT,
        at=STAMP,
        yes=True,
    )
    insert(
        engine,
        "INSERT INTO reminder (id, chat_id, task_id, kind, due_at, status, attempts, created_at) "
        "VALUES (1, :chat, 1, 'due', :at, 'pending', 0, :at)",
        chat=CHAT,
        at=STAMP,
    )


def columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def scalar(engine: Engine, sql: str) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def test_upgrade_keeps_the_rows_without_a_topic_and_downgrade_drops_the_columns(
    engine: Engine,
) -> None:
    migrate(engine, "0012")
    seed(engine)
    migrate(engine, "0014")
    for table in ITEMS:
        assert scalar(engine, f"SELECT count(*) FROM {table} WHERE message_thread_id IS NULL") == 1
    assert scalar(engine, "SELECT title FROM task WHERE id = 1") == "Flyer drucken"
    assert scalar(engine, "SELECT text FROM decision WHERE id = 1") == "Sommerfest"
    assert scalar(engine, "SELECT bot_thread_id FROM chat") is None
    with engine.begin() as connection:
        connection.execute(text("UPDATE task SET message_thread_id = :t"), {"t": BIG_TOPIC})
        connection.execute(text("UPDATE chat SET bot_thread_id = :t"), {"t": BIG_TOPIC})
        connection.execute(
            text("INSERT INTO topic_notice (chat_id, thread_id, noticed_at) VALUES (:c, :t, :a)"),
            {"c": CHAT, "t": BIG_TOPIC, "a": STAMP},
        )
    assert scalar(engine, "SELECT message_thread_id FROM task") == BIG_TOPIC
    migrate(engine, "0012", down=True)
    for table in ITEMS:
        assert "message_thread_id" not in columns(engine, table)
    assert "bot_thread_id" not in columns(engine, "chat")
    assert "topic_notice" not in inspect(engine).get_table_names()
    assert scalar(engine, "SELECT title FROM task WHERE id = 1") == "Flyer drucken"
    assert scalar(engine, "SELECT count(*) FROM meeting") == 1
    # nothing cascaded away with a rebuilt table (SQLite's batch copy would drop `chat`)
    assert scalar(engine, "SELECT count(*) FROM reminder") == 1


def test_a_notice_goes_with_its_chat(engine: Engine) -> None:
    migrate(engine, "0014")
    seed(engine)
    insert(
        engine,
        "INSERT INTO topic_notice (chat_id, thread_id, noticed_at) VALUES (:c, 7, :a)",
        c=CHAT,
        a=STAMP,
    )
    with engine.begin() as connection:  # foreign keys are on for SQLite too (storage.database)
        for table in ("task", "meeting", "decision", "chat"):
            connection.execute(text(f"DELETE FROM {table}"))
    assert scalar(engine, "SELECT count(*) FROM topic_notice") == 0
