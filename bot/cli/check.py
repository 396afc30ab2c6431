"""`boardbot check`: is this installation ready to run? It reads the configuration, connects to
the database and shows its migration state, and calls getMe to prove the token — changing
nothing (it neither creates nor migrates the database).

Every finding is one line: `ok` for what works, `warn` for what works but deserves a look,
`FAIL` for what stops the bot, each with what to do about it. It also says whether reminders
are being sent: a `warn` when no dispatcher has run for more than a minute or reminders are
overdue by more than five (`bot.reminders.liveness`). The exit code is 0 when nothing
failed, 1 otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.cli.maintenance import schema_state
from bot.config import Settings
from bot.redaction import redact
from bot.reminders.liveness import liveness_problems, liveness_summary, read_liveness
from bot.startup import DATABASE_ERRORS, StartupError, check_bot_api, database_error, load_settings
from bot.startup import safe_url as safe
from storage.database import Database, current_revision, head_revision
from storage.models import utcnow

Report = Callable[[str, str], None]
Finding = tuple[str, str]


def configuration_lines(settings: Settings) -> list[tuple[str, str]]:
    mode = (
        f"webhook {settings.webhook_url} on {settings.webhook_listen}:{settings.webhook_port}"
        if settings.webhook_url
        else "polling"
    )
    found = [
        (
            "ok",
            f"configuration: database {safe(settings.database_url)}, language "
            f"{settings.bot_language}, time zone {settings.bot_timezone}, {mode}",
        )
    ]
    if not settings.allowed_chat_ids:
        found.append(
            (
                "warn",
                "ALLOWED_CHAT_IDS is empty: any group that adds the bot can use it; set "
                "ALLOWED_CHAT_IDS=<group id> (the bot tells a group its id when added to it).",
            )
        )
    if settings.webhook_url and not settings.webhook_url.startswith("https://"):
        found.append(
            (
                "warn",
                "WEBHOOK_URL is not https: Telegram only posts to https:// addresses; put a "
                "reverse proxy with a certificate in front of the bot.",
            )
        )
    return found


def database_line(settings: Settings) -> tuple[str, str]:
    url = make_url(settings.database_url)
    where = safe(settings.database_url)
    is_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if is_file and not Path(url.database or "").expanduser().exists():
        return "warn", f"database: {where} does not exist yet; the first start creates it."
    db = Database.from_url(settings.database_url)
    try:
        current, head = current_revision(db.engine), head_revision(db.engine)
        state = schema_state(db)
    except DATABASE_ERRORS as error:
        return "FAIL", str(database_error(settings, error))
    finally:
        db.dispose()
    if current == head:
        return "ok", f"database: {where}, schema {state}"
    if current is not None and current > (head or ""):
        return (
            "FAIL",
            f"database: {where} has schema {current}, newer than this boardbot ({head}): "
            "install the newer boardbot version.",
        )
    return "warn", f"database: {where}, schema {state}"


def database_file_lines(settings: Settings) -> list[tuple[str, str]]:
    """A warning when an SQLite file from before boardbot created them 0600 is open to others."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return []
    path = Path(url.database or "").expanduser()
    if not path.exists() or not path.stat().st_mode & 0o077:
        return []
    return [
        (
            "warn",
            f"database: {path} can be read by other users of this machine: "
            f"chmod 600 {path} (and its -wal and -shm files).",
        )
    ]


def reminders_lines(settings: Settings, now: Callable[[], datetime] = utcnow) -> list[Finding]:
    """Whether a dispatcher runs and reminders go out on time (nothing to say without a schema:
    the database line reports that)."""
    db = Database.from_url(settings.database_url)
    try:
        if current_revision(db.engine) != head_revision(db.engine):
            return []
        moment = now()
        with db.transaction() as session:
            state = read_liveness(session, moment)
    except DATABASE_ERRORS:
        return []
    finally:
        db.dispose()
    problems = liveness_problems(state, moment)
    if state.last_beat is None and not state.overdue:
        return []  # a new installation: nothing has been due, and nothing has run yet
    if not problems:
        return [("ok", liveness_summary(state, moment))]
    return [("warn", f"reminders: {problem}") for problem in problems.values()]


def telegram_line(settings: Settings) -> tuple[str, str]:
    try:
        me = asyncio.run(check_bot_api(settings))
    except StartupError as error:
        return "FAIL", f"Telegram: {error}"
    return "ok", f"Telegram: the token works, the bot is @{me.username} (t.me/{me.username})"


def run_check(print_line: Callable[[str], None] = print) -> int:
    try:
        settings = load_settings(level=logging.WARNING)
    except StartupError as error:
        for line in str(error).splitlines():
            print_line(redact(f"FAIL  configuration: {line}"))
        return 1
    findings = [*configuration_lines(settings), database_line(settings)]
    if findings[-1][0] == "ok":
        findings += reminders_lines(settings)
    findings += [*database_file_lines(settings), telegram_line(settings)]
    for level, text in findings:
        print_line(redact(f"{level:<4}  {text}"))
    failed = any(level == "FAIL" for level, _ in findings)
    summary = "Some checks failed (see above)." if failed else "Ready: start it with boardbot run."
    print_line(summary)
    return 1 if failed else 0
