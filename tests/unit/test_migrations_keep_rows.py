"""Every migration step, up and down, keeps the rows that refer to a changed table.

On SQLite, Alembic's batch mode rebuilds a table (copy, drop, rename). With foreign keys on,
dropping the original deleted every row pointing at it through `ON DELETE CASCADE`: upgrading
through 0013 (which rebuilds `task`) silently deleted every task owner and every reminder.
The data set here is written once at 0006 and read after each single step."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from storage.database import alembic_config, current_revision, head_revision, upgrade_database
from tests.support.migrations import insert, migrate

SEEDED_AT = "0006"
STAMP = "2024-06-19 18:00:00+00"
COUNTED = ("chat", "member", "task", "taskowner", "reminder", "decision", "meeting", "attendee")


def revisions_after(engine: Engine, first: str) -> list[str]:
    """The revisions from `first` (exclusive) to head, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    chain = [revision.revision for revision in script.walk_revisions()][::-1]
    return chain[chain.index(first) + 1 :]


def seed(engine: Engine) -> None:
    """A group with a member, a task with an owner and a reminder, a decision and a meeting
    with an attendee, as revision 0006 stores them."""
    insert(
        engine,
        "INSERT INTO chat (id, type, title, reminder_hour, digest_weekday, active, created_at) "
        "VALUES (-1, 'group', 'Vorstand', 9, 0, :yes, :at)",
        yes=True,
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO member (chat_id, user_id, username, first_name, is_member, last_seen_at) "
        "VALUES (-1, 101, 'vera', 'Vera', :yes, :at)",
        yes=True,
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO meeting (id, chat_id, number, title, started_at, created_by_name) "
        "VALUES (1, -1, 1, 'Juni', :at, 'Vera')",
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO attendee (meeting_id, user_id, name, added_at, forgotten) "
        "VALUES (1, 101, 'Vera', :at, :no)",
        at=STAMP,
        no=False,
    )
    insert(
        engine,
        "INSERT INTO decision (id, chat_id, number, year, text, decided_at, unanimous, "
        "created_by_name) VALUES (1, -1, 1, 2024, 'Sommerfest', :at, :no, 'Vera')",
        at=STAMP,
        no=False,
    )
    insert(
        engine,
        "INSERT INTO task (id, chat_id, number, kind, title, status, due_has_time, "
        "created_by_name, created_at, updated_at, title_from_reply, meeting_id, decision_id) "
        "VALUES (1, -1, 1, 'task', 'Flyer', 'open', :no, 'Vera', :at, :at, :no, 1, 1)",
        no=False,
        at=STAMP,
    )
    insert(
        engine,
        "INSERT INTO taskowner (task_id, position, name, user_id) VALUES (1, 0, 'Vera', 101)",
    )
    insert(
        engine,
        "INSERT INTO reminder (id, chat_id, task_id, kind, due_at, status, attempts, created_at) "
        "VALUES (1, -1, 1, 'due', :at, 'pending', 0, :at)",
        at=STAMP,
    )


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in COUNTED
        }


def links(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as connection:
        return tuple(connection.execute(text("SELECT meeting_id, decision_id FROM task")).one())


def test_each_step_up_and_down_keeps_every_row(blank_engine: Engine) -> None:
    migrate(blank_engine, SEEDED_AT)
    seed(blank_engine)
    seeded = counts(blank_engine)
    assert set(seeded.values()) == {1}
    steps = revisions_after(blank_engine, SEEDED_AT)
    for revision in steps:
        migrate(blank_engine, revision)
        assert counts(blank_engine) == seeded, f"upgrading to {revision}"
        assert links(blank_engine) == (1, 1), f"upgrading to {revision}"
    for revision in [*steps[-2::-1], SEEDED_AT]:
        migrate(blank_engine, revision, down=True)
        assert counts(blank_engine) == seeded, f"downgrading to {revision}"


def test_sqlite_foreign_keys_are_on_again_after_migrating(blank_engine: Engine) -> None:
    if blank_engine.dialect.name != "sqlite":
        pytest.skip("a SQLite pragma")
    migrate(blank_engine, "head")
    with blank_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def dangling_member(engine: Engine) -> None:
    """A membership of a group that does not exist, written with foreign keys off."""
    driver = engine.raw_connection()
    try:
        driver.execute("PRAGMA foreign_keys=OFF")
        driver.execute(
            "INSERT INTO member (chat_id, user_id, first_name, is_member, last_seen_at) "
            "VALUES (-99, 101, 'Vera', 1, '2024-06-19 18:00:00+00')"
        )
        driver.commit()
    finally:
        driver.close()


def test_an_upgrade_that_leaves_broken_references_is_refused(blank_engine: Engine) -> None:
    if blank_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL never lets such a row in")
    previous = revisions_after(blank_engine, SEEDED_AT)[-2]
    migrate(blank_engine, previous)
    dangling_member(blank_engine)
    # env.py's ForeignKeysBroken (the module runs only inside Alembic, so not imported here)
    with pytest.raises(RuntimeError, match="refer to missing rows"):
        upgrade_database(blank_engine)
    assert current_revision(blank_engine) == previous  # rolled back


def test_a_current_database_is_not_read_row_by_row_at_start(blank_engine: Engine) -> None:
    """The check reads every row (seconds at 1,000,000 tasks): a start that migrates nothing
    skips it, so the row written behind its back goes unnoticed there, by design."""
    if blank_engine.dialect.name != "sqlite":
        pytest.skip("a SQLite check")
    upgrade_database(blank_engine)
    dangling_member(blank_engine)
    upgrade_database(blank_engine)
    assert current_revision(blank_engine) == head_revision(blank_engine)
