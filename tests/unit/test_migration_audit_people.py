"""Migration 0006 (issue 13): the owner names in existing task events get the id the bot knows
for them, once, on SQLite and PostgreSQL; names it cannot attribute stay bare; the names of
known members are kept, a member who had left gets a leave time; downgrading gives the names
back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine, text

from storage.database import upgrade_database
from tests.support.migrations import insert, insert_group, migrate

CHAT = -1001
VERA, DANIEL, DANIEL_BERG, NICOLE = 101, 103, 105, 102
OLD_CREATE = {"kind": "task", "title": "Flyer", "owners": ["Vera", "Daniel", "Gerd"], "due": None}
OLD_ASSIGN_BEFORE = {"owners": ["Vera", "Daniel", "Gerd"]}
OLD_ASSIGN_AFTER = {"owners": ["nicole"]}


@pytest.fixture
def engine(blank_engine: Engine) -> Engine:
    """An empty database of each kind (tests/conftest.py)."""
    return blank_engine


def seed_revision_0005(engine: Engine) -> None:
    """A board as 0005 stored it: two Daniels, Vera as the task's linked owner, a bare Gerd."""
    insert_group(engine, CHAT)
    members = [
        (VERA, "Vera", "Kraus", "vera", True),
        (DANIEL, "Daniel", None, "dschaper", True),
        (DANIEL_BERG, "Daniel", "Berg", None, True),
        (NICOLE, "Nicole", None, "nicole", False),
    ]
    for user_id, first, last, username, is_member in members:
        insert(
            engine,
            "INSERT INTO member (chat_id, user_id, username, first_name, last_name, is_member, "
            "last_seen_at) VALUES (:chat, :user, :username, :first, :last, :member, "
            "'2024-06-19 18:00:00+00')",
            chat=CHAT,
            user=user_id,
            username=username,
            first=first,
            last=last,
            member=is_member,
        )
    insert(
        engine,
        "INSERT INTO task (id, chat_id, number, kind, title, status, due_has_time, "
        "created_by_name, created_at, updated_at) VALUES (1, :chat, 1, 'task', 'Flyer', 'open', "
        ":no, 'Daniel', '2024-06-19 18:00:00+00', '2024-06-19 18:00:00+00')",
        chat=CHAT,
        no=False,
    )
    insert(
        engine,
        "INSERT INTO taskowner (task_id, position, user_id, username, name) "
        "VALUES (1, 0, :vera, 'vera', 'Vera')",
        vera=VERA,
    )
    for event_id, action, before, after in (
        (1, "create", None, OLD_CREATE),
        (2, "assign", OLD_ASSIGN_BEFORE, OLD_ASSIGN_AFTER),
        (3, "done", {"status": "open"}, {"status": "done"}),
    ):
        insert(
            engine,
            "INSERT INTO event (id, chat_id, item_type, item_number, action, actor_id, "
            "actor_name, at, before, after) VALUES (:id, :chat, 'task', 1, :action, :actor, "
            "'Daniel', '2024-06-19 18:00:00+00', :before, :after)",
            id=event_id,
            chat=CHAT,
            action=action,
            actor=DANIEL,
            before=json.dumps(before) if before else None,
            after=json.dumps(after),
        )


def events(engine: Engine) -> dict[int, tuple[Any, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, before, after FROM event")).all()
    return {row[0]: (json.loads(row[1]) if row[1] else None, json.loads(row[2])) for row in rows}


def test_upgrade_links_owner_names_once_and_downgrade_gives_them_back(engine: Engine) -> None:
    migrate(engine, "0005")
    seed_revision_0005(engine)
    upgrade_database(engine)
    after = events(engine)
    vera = {"name": "Vera", "user_id": VERA}
    # Vera is the task's stored owner; "Daniel" fits two members and Gerd nobody: bare
    assert after[1][1]["owners"] == [vera, {"name": "Daniel"}, {"name": "Gerd"}]
    assert after[2] == (
        {"owners": [vera, {"name": "Daniel"}, {"name": "Gerd"}]},
        {"owners": [{"name": "nicole", "user_id": NICOLE}]},  # her username, one member
    )
    assert after[3] == ({"status": "open"}, {"status": "done"})  # no owners: untouched
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT kind, name FROM knownname WHERE user_id = :vera ORDER BY kind"),
            {"vera": VERA},
        ).all()
        left = connection.execute(
            text("SELECT user_id FROM member WHERE left_at IS NOT NULL")
        ).all()
    assert [tuple(row) for row in names] == [
        ("first", "Vera"),
        ("full", "Vera Kraus"),
        ("username", "vera"),
    ]
    assert [row[0] for row in left] == [NICOLE]
    upgrade_database(engine)  # a second run changes nothing
    assert events(engine) == after
    migrate(engine, "0005", down=True)
    assert events(engine)[1][1] == OLD_CREATE
    assert events(engine)[2] == (OLD_ASSIGN_BEFORE, OLD_ASSIGN_AFTER)
