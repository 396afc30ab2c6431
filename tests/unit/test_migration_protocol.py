"""Migration 0020: an attendee without a user id who is no forgotten member was a guest and
says so now; members, the forgotten and the excused keep their status; the new columns start
empty and the notes table is there. A downgrade turns guests back into the plain rows of
before (an attendee without a user id) and drops the notes."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001


def add_attendee(engine: Engine, user_id: int | None, name: str, **flags: object) -> None:
    insert(
        engine,
        "INSERT INTO attendee (meeting_id, user_id, name, added_at, forgotten, status) "
        "VALUES (1, :user, :name, '2024-06-19 18:00:00+00', :forgotten, :status)",
        user=user_id,
        name=name,
        forgotten=flags.get("forgotten", False),
        status=flags.get("status", "present"),
    )


def statuses(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, status FROM attendee ORDER BY id")).all()
    return [(row[0], row[1]) for row in rows]


def test_guests_become_explicit_and_the_new_columns_start_empty(blank_engine: Engine) -> None:
    migrate(blank_engine, "0023")
    insert_group(blank_engine, CHAT)
    insert(
        blank_engine,
        "INSERT INTO meeting (id, chat_id, number, title, started_at, created_by_name) "
        "VALUES (1, :chat, 1, 'Juni', '2024-06-19 18:00:00+00', 'Vera')",
        chat=CHAT,
    )
    add_attendee(blank_engine, 101, "Vera")
    add_attendee(blank_engine, None, "Daniel Schaper")
    add_attendee(blank_engine, None, "ehemaliges Mitglied", forgotten=True)
    add_attendee(blank_engine, 102, "Nicole", status="excused")
    migrate(blank_engine, "0020")
    assert statuses(blank_engine) == [
        ("Vera", "present"),
        ("Daniel Schaper", "guest"),
        ("ehemaliges Mitglied", "present"),
        ("Nicole", "excused"),
    ]
    with blank_engine.connect() as connection:
        meeting = connection.execute(
            text("SELECT minute_taker_id, minute_taker_name, current_item_id FROM meeting")
        ).one()
    assert tuple(meeting) == (None, None, None)
    columns = {c["name"] for c in inspect(blank_engine).get_columns("meeting_note")}
    assert columns == {
        "id",
        "meeting_id",
        "agenda_item_id",
        "text",
        "author_id",
        "author_name",
        "created_at",
    }
    insert(
        blank_engine,
        "INSERT INTO meeting_note (meeting_id, text, author_name, created_at) "
        "VALUES (1, 'Kasse geprüft', 'Vera', '2024-06-19 18:10:00+00')",
    )
    migrate(blank_engine, "0023", down=True)
    assert "meeting_note" not in inspect(blank_engine).get_table_names()
    for table in ("decision", "task"):
        assert "agenda_item_id" not in {c["name"] for c in inspect(blank_engine).get_columns(table)}
    assert statuses(blank_engine) == [
        ("Vera", "present"),
        ("Daniel Schaper", "present"),
        ("ehemaliges Mitglied", "present"),
        ("Nicole", "excused"),
    ]
