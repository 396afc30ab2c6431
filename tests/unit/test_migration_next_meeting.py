"""Migration 0021: the plan and answer tables arrive empty, every reminder so far has no plan,
and a downgrade drops the meeting reminders (before 0021 a reminder without a task was a
digest) and the tables, keeping every other reminder."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


def add_reminder(engine: Engine, kind: str, plan: int | None = None) -> None:
    column, value = (", meeting_plan_id", ", :plan") if plan is not None else ("", "")
    insert(
        engine,
        "INSERT INTO reminder (chat_id, kind, due_at, status, attempts, created_at"
        f"{column}) VALUES (:chat, :kind, '2024-06-25 07:00:00+00', 'pending', 0, "
        f"'2024-06-19 18:00:00+00'{value})",
        chat=CHAT,
        kind=kind,
        plan=plan,
    )


def test_plans_arrive_empty_and_their_reminders_go_on_downgrade(blank_engine: Engine) -> None:
    migrate(blank_engine, "0020")
    insert_group(blank_engine, CHAT)
    add_reminder(blank_engine, "digest")
    migrate(blank_engine, "0021")
    with blank_engine.connect() as connection:
        assert connection.execute(text("SELECT meeting_plan_id FROM reminder")).all() == [(None,)]
        assert connection.execute(text("SELECT count(*) FROM meeting_plan")).scalar_one() == 0
    insert(
        blank_engine,
        "INSERT INTO meeting_plan (id, chat_id, starts_at, status, sequence, created_by_name, "
        "created_at, updated_at) VALUES (1, :chat, '2024-06-26 17:00:00+00', 'planned', 0, "
        "'Vera', '2024-06-19 18:00:00+00', '2024-06-19 18:00:00+00')",
        chat=CHAT,
    )
    insert(
        blank_engine,
        "INSERT INTO invitation_answer (plan_id, user_id, name, coming, answered_at) "
        "VALUES (1, 102, 'Nicole', :no, '2024-06-19 18:00:00+00')",
        no=False,
    )
    add_reminder(blank_engine, "meeting_eve", plan=1)
    migrate(blank_engine, "0020", down=True)
    tables = inspect(blank_engine).get_table_names()
    assert "meeting_plan" not in tables and "invitation_answer" not in tables
    assert "meeting_plan_id" not in {
        c["name"] for c in inspect(blank_engine).get_columns("reminder")
    }
    with blank_engine.connect() as connection:
        kinds = connection.execute(text("SELECT kind FROM reminder")).scalars().all()
    assert list(kinds) == ["digest"]
