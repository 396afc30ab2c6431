"""The federation data set: `chats` groups with `tasks_per_chat` tasks each, their owners,
members, decisions, meetings and reminders, written directly with SQL (`INSERT … SELECT` over
a number series: `generate_series` on PostgreSQL, a recursive CTE on SQLite), never through the
handlers, so a million tasks take seconds and no Python memory.

Shape of every group (numbers scale with `tasks_per_chat` = T):
- 8 members; each member is in about 4 groups (the same person sits on several boards);
- tasks #1…#T, one owner each (every fifth task two), a due date on four in five; the newest
  5 % are open (due dates spread around now, some overdue), of the rest 1 in 20 cancelled and
  the others done; every 25th is a follow-up;
- reminders as the bot leaves them: one sent reminder per closed task with a due date, and
  the day-before, due-day and overdue reminders of every open task (pending when in the
  future, sent when past); one pending weekly digest per group;
- T/10 decisions (texts about the budget, the statutes, …, with years), T/100 closed meetings;
- a week of processed update ids.

Ids follow the emulator's numbering (groups -1001000000001…, users 1001…), so the real bot
process can be driven against this data through the Bot API emulator.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text

FIRST_USER_ID = 1001
MEMBERS_PER_CHAT = 8
GROUPS_PER_MEMBER = 4
TIMEZONE = "Europe/Berlin"


def chat_id(index: int) -> int:
    """The id of group `index` (1-based), as the emulator numbers supergroups."""
    return -1_001_000_000_000 - index


@dataclass(frozen=True)
class Shape:
    chats: int
    tasks_per_chat: int

    @property
    def users(self) -> int:
        return max(MEMBERS_PER_CHAT, self.chats * MEMBERS_PER_CHAT // GROUPS_PER_MEMBER)

    @property
    def open_per_chat(self) -> int:
        return max(1, self.tasks_per_chat // 20)

    @property
    def decisions_per_chat(self) -> int:
        return max(5, self.tasks_per_chat // 10)

    @property
    def meetings_per_chat(self) -> int:
        return max(1, self.tasks_per_chat // 100)

    def member(self, chat_index: int, slot: int) -> int:
        """The user id of member `slot` (0…7) of group `chat_index` (1-based)."""
        return FIRST_USER_ID + ((chat_index - 1) * MEMBERS_PER_CHAT + slot) % self.users

    def groups_of(self, user_id: int) -> list[int]:
        """The group indexes (1-based) the user is a member of."""
        return [
            c
            for c in range(1, self.chats + 1)
            if any(self.member(c, slot) == user_id for slot in range(MEMBERS_PER_CHAT))
        ]


class Sql:
    """The dialect-specific bits: number series, timestamps relative to `base`, booleans."""

    def __init__(self, dialect: str, base: datetime) -> None:
        self.pg = dialect == "postgresql"
        self.base = base

    def series(self, count: int) -> tuple[str, str]:
        """(prefix, from-clause) yielding g.n = 1…count."""
        if self.pg:
            return "", f"generate_series(1, {count}) AS g(n)"
        prefix = (
            f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count}) "
        )
        return prefix, "g"

    def at(self, seconds: str) -> str:
        """A UTC timestamp `seconds` (an SQL expression) after the base time."""
        if self.pg:
            return f"(TIMESTAMPTZ '{self.base.isoformat()}' + ({seconds}) * INTERVAL '1 second')"
        epoch = int(self.base.timestamp())
        return f"(strftime('%Y-%m-%d %H:%M:%S', {epoch} + ({seconds}), 'unixepoch') || '.000000')"

    def boolean(self, condition: str) -> str:
        return f"({condition})" if self.pg else f"(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    def true(self) -> str:
        return "TRUE" if self.pg else "1"


def statements(shape: Shape, sql: Sql) -> list[tuple[str, str]]:
    """(table, statement) pairs that fill an empty, migrated database."""
    n_chats, per_chat = shape.chats, shape.tasks_per_chat
    m, users = MEMBERS_PER_CHAT, shape.users
    open_from = per_chat - shape.open_per_chat
    pivot = per_chat - shape.open_per_chat // 2
    decisions, meetings = shape.decisions_per_chat, shape.meetings_per_chat
    true = sql.true()
    c = f"((g.n - 1) / {per_chat} + 1)"
    k = f"((g.n - 1) % {per_chat} + 1)"
    chat = f"(-1001000000000 - {c})"

    def user(chat_expr: str, slot_expr: str) -> str:
        return f"({FIRST_USER_ID} + ((({chat_expr}) - 1) * {m} + ({slot_expr})) % {users})"

    due = f"(({k}) - {pivot}) * 43200"
    created = f"(0 - ({per_chat} - {k} + 1) * 28800)"
    out: list[tuple[str, str]] = []

    pre, src = sql.series(n_chats)
    out.append(
        (
            "chat",
            f"{pre}INSERT INTO chat (id, type, title, timezone, reminder_hour, digest_weekday, "
            f"active, created_at) SELECT -1001000000000 - g.n, 'supergroup', "
            f"'Vorstand ' || g.n, '{TIMEZONE}', 9, 0, {true}, {sql.at('-86400 * 400')} FROM {src}",
        )
    )
    pre, src = sql.series(n_chats * m)
    mc, ms = f"((g.n - 1) / {m} + 1)", f"((g.n - 1) % {m})"
    uid = user(mc, ms)
    out.append(
        (
            "member",
            f"{pre}INSERT INTO member (chat_id, user_id, username, first_name, is_member, "
            f"last_seen_at) SELECT -1001000000000 - {mc}, {uid}, 'user' || {uid}, "
            f"'User' || {uid}, {true}, {sql.at('-3600 * (g.n % 500)')} FROM {src}",
        )
    )
    pre, src = sql.series(n_chats)
    for name, value in (("task", per_chat), ("decision", decisions), ("meeting", meetings)):
        out.append(
            (
                "counter",
                f"{pre}INSERT INTO counter (chat_id, name, value) "
                f"SELECT -1001000000000 - g.n, '{name}', {value} FROM {src}",
            )
        )
    pre, src = sql.series(n_chats * meetings)
    mk = f"((g.n - 1) % {meetings} + 1)"
    mchat = f"((g.n - 1) / {meetings} + 1)"
    started = f"(0 - ({meetings} - {mk} + 1) * 86400 * 14)"
    out.append(
        (
            "meeting",
            f"{pre}INSERT INTO meeting (id, chat_id, number, title, started_at, ended_at, "
            f"created_by_name, ended_by_name) SELECT g.n, -1001000000000 - {mchat}, {mk}, "
            f"'Sitzung ' || {mk}, {sql.at(started)}, {sql.at(started + ' + 7200')}, "
            f"'User', 'User' FROM {src}",
        )
    )
    pre, src = sql.series(n_chats * decisions)
    dk = f"((g.n - 1) % {decisions} + 1)"
    dchat = f"((g.n - 1) / {decisions} + 1)"
    year = f"(2020 + {dk} % 6)"
    topic = (
        f"CASE {dk} % 5 WHEN 0 THEN 'Der Vorstand beschließt den Haushalt ' || {year} "
        f"WHEN 1 THEN 'Änderung der Satzung, Paragraph ' || ({dk} % 12 + 1) "
        f"WHEN 2 THEN 'Die Mitgliederversammlung findet im Herbst ' || {year} || ' statt' "
        f"WHEN 3 THEN 'Zuschuss für die Jugendarbeit in Höhe von ' || ({dk} * 50) || ' Euro' "
        f"ELSE 'Wahlkampfbudget ' || {year} || ' freigegeben' END"
    )
    out.append(
        (
            "decision",
            f"{pre}INSERT INTO decision (id, chat_id, number, year, text, decided_at, votes_yes, "
            f"votes_no, votes_abstain, unanimous, result, created_by_id, created_by_name) "
            f"SELECT g.n, -1001000000000 - {dchat}, {dk}, {year}, {topic}, "
            f"{sql.at(f'0 - ({decisions} - {dk} + 1) * 86400 * 3')}, 5, 1, 0, "
            f"{sql.boolean('1 = 0')}, 'adopted', {user(dchat, '0')}, 'User' FROM {src}",
        )
    )
    pre, src = sql.series(n_chats * per_chat)
    status = (
        f"CASE WHEN {k} > {open_from} THEN 'open' WHEN {k} % 20 = 7 THEN 'cancelled' "
        f"ELSE 'done' END"
    )
    closed = f"CASE WHEN {k} > {open_from} THEN NULL ELSE {sql.at(created + ' + 86400')} END"
    closer = f"CASE WHEN {k} > {open_from} THEN NULL ELSE 'User' END"
    out.append(
        (
            "task",
            f"{pre}INSERT INTO task (id, chat_id, number, kind, title, status, due_at, "
            f"due_has_time, created_by_id, created_by_name, created_at, updated_at, closed_at, "
            f"closed_by_name) SELECT g.n, {chat}, {k}, "
            f"CASE WHEN {k} % 25 = 0 THEN 'followup' ELSE 'task' END, "
            f"'Aufgabe ' || {k} || ': Bericht für Vorstand ' || {c} || ' vorbereiten', "
            f"{status}, CASE WHEN {k} % 5 = 0 THEN NULL ELSE {sql.at(due)} END, "
            f"{sql.boolean(f'{k} % 3 = 0')}, {user(c, f'{k} % {m}')}, 'User', "
            f"{sql.at(created)}, {sql.at(created)}, {closed}, {closer} FROM {src}",
        )
    )
    for position, slot, condition in ((0, f"{k} % {m}", "1 = 1"), (1, f"({k} + 3) % {m}", "")):
        where = condition or f"{k} % 5 = 0"
        owner = user(c, slot)
        out.append(
            (
                "taskowner",
                f"{pre}INSERT INTO taskowner (task_id, position, user_id, username, name) "
                f"SELECT g.n, {position}, {owner}, 'user' || {owner}, 'User' || {owner} "
                f"FROM {src} WHERE {where}",
            )
        )
    out.append(
        (
            "reminder",
            f"{pre}INSERT INTO reminder (chat_id, task_id, kind, due_at, status, attempts, "
            f"claimed_at, claimed_by, sent_at, message_id, created_at) "
            f"SELECT {chat}, g.n, 'due', {sql.at(due)}, 'sent', 0, {sql.at(due)}, 'bench', "
            f"{sql.at(due)}, {k}, {sql.at(created)} FROM {src} "
            f"WHERE {k} <= {open_from} AND {k} % 5 <> 0",
        )
    )
    offsets = (
        "(SELECT -86400 AS off, 'before' AS kind UNION ALL SELECT 0, 'due' "
        "UNION ALL SELECT 86400, 'overdue') AS o"
    )
    when = f"{due} + o.off"
    out.append(
        (
            "reminder",
            f"{pre}INSERT INTO reminder (chat_id, task_id, kind, due_at, status, attempts, "
            f"created_at) SELECT {chat}, g.n, o.kind, {sql.at(when)}, "
            f"CASE WHEN {when} > 0 THEN 'pending' ELSE 'sent' END, 0, {sql.at(created)} "
            f"FROM {src} CROSS JOIN {offsets} WHERE {k} > {open_from} AND {k} % 5 <> 0",
        )
    )
    pre, src = sql.series(n_chats)
    out.append(
        (
            "reminder",
            f"{pre}INSERT INTO reminder (chat_id, kind, due_at, status, attempts, created_at) "
            f"SELECT -1001000000000 - g.n, 'digest', {sql.at('86400 * 3')}, 'pending', 0, "
            f"{sql.at('-86400')} FROM {src}",
        )
    )
    updates = min(n_chats * per_chat // 10, 100_000)
    pre, src = sql.series(updates)
    out.append(
        (
            "processedupdate",
            f"{pre}INSERT INTO processedupdate (update_id, processed_at) "
            f"SELECT 900000000 + g.n, {sql.at('0 - g.n % 500000')} FROM {src}",
        )
    )
    return out


SERIAL_TABLES = ("task", "taskowner", "reminder", "decision", "meeting")


def fill(engine: Engine, shape: Shape, base: datetime | None = None) -> dict[str, float]:
    """Fill a freshly migrated database; returns seconds per table and the row counts."""
    sql = Sql(engine.dialect.name, (base or datetime.now(UTC)).replace(microsecond=0))
    timings: dict[str, float] = {}
    with engine.begin() as connection:
        for table, statement in statements(shape, sql):
            started = time.perf_counter()
            connection.execute(text(statement))
            timings[table] = timings.get(table, 0.0) + time.perf_counter() - started
        if sql.pg:
            for table in SERIAL_TABLES:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
                )
    started = time.perf_counter()
    with engine.connect() as connection:
        if sql.pg:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE")
            )
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
    timings["analyze"] = time.perf_counter() - started
    return timings


def row_counts(engine: Engine) -> dict[str, int]:
    found = {}
    with engine.connect() as connection:
        for table in ("chat", "member", "task", "taskowner", "reminder", "decision", "meeting"):
            found[table] = int(
                connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            )
    return found
