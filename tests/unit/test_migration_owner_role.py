"""Migration 0023: task owners so far were named as people (no role), a role stored after the
upgrade is read back, and a downgrade keeps the owners (only the link to the role goes)."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


def add_task_with_owner(engine: Engine, number: int, role: str | None = None) -> None:
    insert(
        engine,
        "INSERT INTO task (id, chat_id, number, kind, title, status, due_has_time, "
        "created_by_name, created_at, updated_at, title_from_reply) VALUES (:id, :chat, :id, "
        "'task', 'Kasse', 'open', :no, 'Vera', '2024-06-19 18:00:00+00', "
        "'2024-06-19 18:00:00+00', :no)",
        id=number,
        chat=CHAT,
        no=False,
    )
    column, value = (", role", ", :role") if role else ("", "")
    insert(
        engine,
        f"INSERT INTO taskowner (task_id, position, user_id, name{column}) "
        f"VALUES (:id, 0, 103, 'Daniel'{value})",
        id=number,
        role=role,
    )


def test_owners_keep_their_rows_and_roles_are_optional(blank_engine: Engine) -> None:
    migrate(blank_engine, "0019")
    insert_group(blank_engine, CHAT)
    add_task_with_owner(blank_engine, 1)
    migrate(blank_engine, "0023")
    add_task_with_owner(blank_engine, 2, role="treasurer")
    with blank_engine.connect() as connection:
        rows = connection.execute(text("SELECT task_id, role FROM taskowner ORDER BY task_id"))
        assert [tuple(row) for row in rows] == [(1, None), (2, "treasurer")]
    migrate(blank_engine, "0019", down=True)
    assert "role" not in {c["name"] for c in inspect(blank_engine).get_columns("taskowner")}
    with blank_engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM taskowner")).scalars().all()
    assert list(names) == ["Daniel", "Daniel"]
