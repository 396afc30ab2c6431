"""Migration 0013 (issue 11): stored recurrences `unit/interval/weekday/HH:MM|-` become RRULE
text once, on SQLite and PostgreSQL; a monthly rule gets the day of its next occurrence in the
chat's zone; what is neither format stays; downgrading gives the old format back."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.language.recurrence import Recurrence
from tests.support.migrations import insert, migrate

BERLIN_CHAT, UTC_CHAT = -1001, -1002
# (task id, chat, stored before, due_at (UTC), RRULE after 0013, legacy after downgrading)
ROWS: list[tuple[int, int, str | None, str | None, str | None, str | None]] = [
    (1, BERLIN_CHAT, "week/1/0/18:00", "2024-06-24 16:00:00+00",
     "FREQ=WEEKLY;BYDAY=MO;BYHOUR=18;BYMINUTE=0", "week/1/0/18:00"),
    (2, BERLIN_CHAT, "week/2/-/-", "2024-06-26 07:00:00+00", "FREQ=WEEKLY;INTERVAL=2",
     "week/2/-/-"),
    (3, BERLIN_CHAT, "day/3/-/08:30", "2024-06-20 06:30:00+00",
     "FREQ=DAILY;INTERVAL=3;BYHOUR=8;BYMINUTE=30", "day/3/-/08:30"),
    # 30 June 22:30 UTC is 1 July in Berlin: the day of the month is the chat's
    (4, BERLIN_CHAT, "month/1/-/-", "2024-06-30 22:30:00+00", "FREQ=MONTHLY;BYMONTHDAY=1",
     "month/1/-/-"),
    (5, UTC_CHAT, "month/1/-/-", "2024-06-30 22:30:00+00",
     "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1", "month/1/-/-"),
    (6, BERLIN_CHAT, "month/2/-/09:00", "2024-01-31 08:00:00+00",
     "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;BYHOUR=9;BYMINUTE=0",
     "month/2/-/09:00"),
    (7, BERLIN_CHAT, None, "2024-06-24 07:00:00+00", None, None),
    (8, BERLIN_CHAT, "irgendwas", None, "irgendwas", "irgendwas"),
]  # fmt: skip


@pytest.fixture
def engine(blank_engine: Engine) -> Engine:
    """An empty database of each kind (tests/conftest.py)."""
    return blank_engine


def seed(engine: Engine) -> None:
    for chat, zone in ((BERLIN_CHAT, "Europe/Berlin"), (UTC_CHAT, None)):
        insert(
            engine,
            "INSERT INTO chat (id, type, title, timezone, reminder_hour, active, created_at) "
            "VALUES (:id, 'supergroup', 'Vorstand', :zone, 9, :yes, '2024-06-19 18:00:00+00')",
            id=chat,
            zone=zone,
            yes=True,
        )
    for task_id, chat, recurrence, due_at, _, _ in ROWS:
        insert(
            engine,
            "INSERT INTO task (id, chat_id, number, kind, title, status, due_at, due_has_time, "
            "recurrence, created_by_name, created_at, updated_at) VALUES (:id, :chat, :id, "
            "'reminder', 'Stammtisch', 'open', :due, :yes, :recurrence, 'Vera', "
            "'2024-06-19 18:00:00+00', '2024-06-19 18:00:00+00')",
            id=task_id,
            chat=chat,
            due=due_at,
            yes=True,
            recurrence=recurrence,
        )


def stored(engine: Engine) -> dict[int, str | None]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, recurrence FROM task ORDER BY id")).all()
    return {row[0]: row[1] for row in rows}


def test_upgrade_converts_once_and_downgrade_gives_the_old_format_back(engine: Engine) -> None:
    migrate(engine, "0006")
    seed(engine)
    migrate(engine, "0013")
    after = stored(engine)
    assert after == {row[0]: row[4] for row in ROWS}
    for value in after.values():
        if value is not None and value.startswith("FREQ="):
            assert Recurrence.from_text(value).to_text() == value  # the bot reads every one
    migrate(engine, "0006", down=True)
    assert stored(engine) == {row[0]: row[5] for row in ROWS}


def test_the_column_holds_a_long_rule(engine: Engine) -> None:
    migrate(engine, "0013")
    seed(engine)
    longest = Recurrence.from_text(
        "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;BYHOUR=23;BYMINUTE=59;"
        "UNTIL=20301231T235959"
    ).to_text()
    with engine.begin() as connection:
        connection.execute(text("UPDATE task SET recurrence = :r WHERE id = 1"), {"r": longest})
    assert stored(engine)[1] == longest


def test_downgrading_says_the_nearest_old_rule() -> None:
    path = Path(__file__).parents[2] / "storage/migrations/versions/0013_rrule.py"
    spec = importlib.util.spec_from_file_location("migration_0013", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.rrule_to_legacy("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0") == (
        "week/1/1/18:00"
    )
    assert module.rrule_to_legacy("FREQ=MONTHLY;BYDAY=1MO") == "month/1/-/-"
    assert module.rrule_to_legacy("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1") == "month/12/-/-"
    assert module.rrule_to_legacy("FREQ=WEEKLY;UNTIL=20241221T235959") == "week/1/-/-"
    assert module.rrule_to_legacy("week/1/0/-") is None
