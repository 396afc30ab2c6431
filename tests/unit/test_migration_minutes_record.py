"""Migration 0019: the table of stored minutes arrives empty (meetings ended before it get their
version 1 when first shown, see handlers.common.minutes_record), takes a version with its
defaults, keeps one row per meeting and version, and goes on downgrade, the meetings staying."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001
VERSION = (
    "INSERT INTO minutes_version (meeting_id, version, html, markdown, created_at, "
    "created_by_name) VALUES (1, :version, '<b>Protokoll</b>', '# Protokoll', "
    "'2024-06-19 20:00:00+00', 'Vera')"
)


def test_stored_minutes_table_up_and_down(blank_engine: Engine) -> None:
    migrate(blank_engine, "0018")
    insert_group(blank_engine, CHAT)
    insert(
        blank_engine,
        "INSERT INTO meeting (id, chat_id, number, title, started_at, ended_at, created_by_name) "
        "VALUES (1, :chat, 1, 'Juni', '2024-06-19 18:00:00+00', '2024-06-19 20:00:00+00', 'Vera')",
        chat=CHAT,
    )
    migrate(blank_engine, "0019")
    with blank_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM minutes_version")).scalar_one() == 0
    insert(blank_engine, VERSION, version=1)
    with blank_engine.connect() as connection:
        row = connection.execute(
            text("SELECT backfilled, correction, approved_at FROM minutes_version")
        ).one()
    assert (bool(row[0]), row[1], row[2]) == (False, None, None)
    with pytest.raises(IntegrityError):
        insert(blank_engine, VERSION, version=1)  # one row per meeting and version
    migrate(blank_engine, "0018", down=True)
    assert "minutes_version" not in inspect(blank_engine).get_table_names()
    with blank_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM meeting")).scalar_one() == 1
