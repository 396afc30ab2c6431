"""The `boardbot` command. Each subcommand lives in its own module, imported when used:

    boardbot run                  the bot (polling, or webhooks when WEBHOOK_URL is set)
    boardbot check                configuration, database and token, one line per finding
    boardbot console              try the bot in the terminal, without Telegram
    boardbot db upgrade|current   Alembic migrations by hand (start-up upgrades too)
    boardbot backup FILE          a consistent copy of the SQLite database, while the bot runs
    boardbot export --chat ID     the chat's /export files, written to a folder
    boardbot worker               only the reminder dispatcher (python -m bot.worker)

Settings come from the environment and `.env` as for the bot. A configuration mistake is one
sentence on stderr and a non-zero exit code (`StartupError`), never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.redaction import print_redacted
from bot.startup import StartupError, load_settings


def run(args: argparse.Namespace) -> int:
    from bot.run import main as run_main

    return run_main()


def check(args: argparse.Namespace) -> int:
    from bot.cli.check import run_check

    return run_check()


def console(args: argparse.Namespace) -> int:
    from bot.console.playground import main as console_main

    return console_main(args.database, args.member, args.files, sys.stderr)


def db(args: argparse.Namespace) -> int:
    from bot.cli.maintenance import db_current, db_upgrade

    action = db_upgrade if args.action == "upgrade" else db_current
    return action(load_settings(offline=True, level=logging.WARNING))


def backup(args: argparse.Namespace) -> int:
    from bot.cli.maintenance import backup as make_backup

    settings = load_settings(offline=True, level=logging.WARNING)
    return make_backup(settings, Path(args.file), force=args.force)


def export(args: argparse.Namespace) -> int:
    from bot.cli.export import run_export
    from storage.database import Database

    settings = load_settings(offline=True, level=logging.WARNING)
    database = Database.from_url(settings.database_url)
    try:
        return run_export(database, settings, args.chat, args.format, Path(args.output))
    finally:
        database.dispose()


def worker(args: argparse.Namespace) -> int:
    from bot.worker import main as worker_main

    return worker_main()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="boardbot",
        description="A Telegram bot for volunteer boards: tasks, decisions, reminders.",
        epilog="Start with `boardbot console` to try it without Telegram.",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], int], text: str) -> Any:
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(handler=handler)
        return command

    add("run", run, "run the bot (polling, or webhooks with WEBHOOK_URL)")
    add("check", check, "check the configuration, the database and the token")
    con = add("console", console, "try the bot in this terminal, without Telegram")
    con.add_argument("--database", help="database URL (default: sqlite:///boardbot-console.db)")
    con.add_argument("--as", dest="member", default="Vera", help="your name (default: Vera)")
    con.add_argument("--files", help="folder for the files the bot sends (exports, minutes)")
    dbc = add("db", db, "database migrations by hand (start-up upgrades too)")
    dbc.add_argument("action", choices=["upgrade", "current"])
    bak = add("backup", backup, "copy the SQLite database consistently, also while the bot runs")
    bak.add_argument("file", help="where to write the copy")
    bak.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    exp = add("export", export, "write a group's records as files (CSV, Markdown, iCalendar)")
    exp.add_argument("--chat", type=int, help="the group's id (without it: list the groups)")
    exp.add_argument(
        "--format",
        action="append",
        choices=["csv", "md", "ics"],
        help="csv (decisions, tasks), md (minutes), ics (due dates); repeat for several; "
        "default: all",
    )
    exp.add_argument("--output", default=".", help="folder for the files (default: here)")
    add("worker", worker, "only the reminder dispatcher, no polling")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except StartupError as error:
        print_redacted(str(error), file=sys.stderr)
        return error.exit_code
    return code


if __name__ == "__main__":
    sys.exit(main())
