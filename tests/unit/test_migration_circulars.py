"""Migration 0022: the circular tables arrive empty, every decision so far reads as taken
outside a circular and every reminder as about no circular; a downgrade drops the tables and
the reminders that were about a circular (their kind means nothing before 0022), and keeps the
others."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


def add_reminder(engine: Engine, kind: str, circular: str = "") -> None:
    column, value = (", circular_id", f", {circular}") if circular else ("", "")
    insert(
        engine,
        f"INSERT INTO reminder (chat_id, kind, due_at, status, attempts, created_at{column}) "
        f"VALUES (:chat, '{kind}', '2024-06-20 07:00:00+00', 'pending', 0, "
        f"'2024-06-19 18:00:00+00'{value})",
        chat=CHAT,
    )


def test_defaults_for_existing_rows_and_circular_reminders_go_on_downgrade(
    blank_engine: Engine,
) -> None:
    migrate(blank_engine, "0021")
    insert_group(blank_engine, CHAT)
    insert(
        blank_engine,
        "INSERT INTO decision (chat_id, number, year, text, decided_at, unanimous, "
        "created_by_name) VALUES (:chat, 1, 2024, 'Beamer', '2024-06-19 18:00:00+00', :no, 'V')",
        chat=CHAT,
        no=False,
    )
    add_reminder(blank_engine, "digest")
    migrate(blank_engine, "0022")
    with blank_engine.connect() as connection:
        by_circular = connection.execute(text("SELECT by_circular FROM decision")).scalar_one()
        assert not by_circular
        circular = connection.execute(text("SELECT circular_id FROM reminder")).scalar_one()
        assert circular is None
    insert(
        blank_engine,
        "INSERT INTO circular (id, chat_id, number, text, rule, started_at, deadline, "
        "created_by_name, status) VALUES (1, :chat, 1, 'Leinwand', 'all', "
        "'2024-06-19 18:00:00+00', '2024-06-26 21:59:59+00', 'Vera', 'open')",
        chat=CHAT,
    )
    insert(
        blank_engine,
        "INSERT INTO circular_voter (id, circular_id, position, user_id, name) "
        "VALUES (1, 1, 0, 101, 'Vera')",
    )
    insert(
        blank_engine,
        "INSERT INTO circular_vote (circular_id, voter_id, user_id, name, option, at) "
        "VALUES (1, 1, 101, 'Vera', 'yes', '2024-06-19 19:00:00+00')",
    )
    add_reminder(blank_engine, "circular_nudge", circular="1")
    migrate(blank_engine, "0021", down=True)
    tables = set(inspect(blank_engine).get_table_names())
    assert not tables & {"circular", "circular_voter", "circular_vote"}
    assert "by_circular" not in {c["name"] for c in inspect(blank_engine).get_columns("decision")}
    with blank_engine.connect() as connection:
        kinds = connection.execute(text("SELECT kind FROM reminder")).scalars().all()
    assert list(kinds) == ["digest"]
