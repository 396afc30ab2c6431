"""Several bot processes starting at once on one fresh PostgreSQL database: the advisory lock
in storage/migrations/env.py makes them migrate one after the other, so all succeed and the
schema is at head exactly once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage.database import create_db_engine, current_revision, head_revision
from tests.unit.test_migrations import schema_differences

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATE = (
    "import sys; from storage.database import create_db_engine, upgrade_database; "
    "engine = create_db_engine(sys.argv[1]); upgrade_database(engine); engine.dispose()"
)


@pytest.mark.timeout(120)
def test_concurrent_upgrades_of_a_fresh_database_all_succeed(postgres_server: Any) -> None:
    url = postgres_server.create_database()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE, url],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    outputs = [
        process.communicate(timeout=100)[0].decode(errors="replace") for process in processes
    ]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    engine = create_db_engine(url)
    try:
        assert current_revision(engine) == head_revision(engine)
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert len(versions) == 1
        assert schema_differences(engine) == []
    finally:
        engine.dispose()
