"""`boardbot console`: try the bot without Telegram.

The real application — the same handlers, database code and reminder dispatcher, woken by the
same JobQueue — runs against `ConsoleBotApi`, an in-process stand-in for the Bot API, and the
terminal becomes a group chat (`ConsoleSession` turns typed lines into updates, `ChatPrinter`
shows what the bot sends):

- a typed line is a message from the current member in the group (commands get the
  `bot_command` entity Telegram would add, so `/aufgabe …` reaches its handler);
- every bot message has a number, `[12]`, and its buttons labels, `[12a] [12b]`, that keep
  their meaning while the message lives: `!12a` presses one, `/reply 12 Freitag` answers the
  message as a Telegram reply (what a ForceReply asks for);
- `/as Nicole` switches member (members are made up on first use, with stable ids);
- `/topic Finanzen` writes in that forum topic (made on first use), `/topic` says where,
  `/topic schließen | öffnen | löschen` closes, reopens or deletes it;
- `/dm /meine` writes to the bot privately (`/dm` alone stays there, `/group` goes back);
- `/admin aus` makes the member an ordinary one, `/menu` shows the command menu they would see;
- `/time +1d` moves the console's clock ahead, stopping at every reminder on the way, so each
  one is sent at its own time (not as "late");
- `/quit` or Ctrl-D ends.

Each line is handled completely (`Application.process_update`) before the next is read, so a
script piped into the console reads like the chat. The console's own lines are in the group's
language. It uses its own SQLite file by default (boardbot-console.db), needs no token and
never touches the network.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.application import DISPATCHER_KEY, build_application
from bot.config import Settings
from bot.console.api import ConsoleBotApi
from bot.console.lines import make_member
from bot.console.screen import ChatPrinter
from bot.console.session import GROUP, ConsoleClock, ConsoleDispatcher, ConsoleSession
from bot.startup import StartupError, load_settings, open_database, safe_url
from storage.database import Database

DEFAULT_DATABASE = "sqlite:///boardbot-console.db"
DEFAULT_MEMBER = "Vera"


def line_editor() -> Callable[[], str]:
    """Line editing and history for a terminal (GNU readline when Python has it); returns
    what has been typed of the current line."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Python without readline
        return lambda: ""
    return readline.get_line_buffer


def read_lines(
    loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None], printer: ChatPrinter
) -> threading.Event:
    """Feed typed lines into the queue (None at the end) from a daemon thread. In a terminal,
    each line is asked for with input() (line editing, the prompt) once `ready` is set."""
    ready = threading.Event()

    def next_line() -> str:
        if not printer.interactive:
            return sys.stdin.readline()
        ready.wait()
        ready.clear()
        try:
            return input(printer.prompt) + "\n"
        except EOFError:
            return ""

    def pump() -> None:
        try:
            for line in iter(next_line, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)
        except RuntimeError:  # the loop closed first: the console has ended
            return

    threading.Thread(target=pump, name="console-input", daemon=True).start()
    return ready


async def converse(session: ConsoleSession, printer: ChatPrinter) -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    ready = read_lines(asyncio.get_running_loop(), queue, printer)
    while True:
        printer.show_prompt(session.prompt())
        ready.set()
        line = await queue.get()
        printer.line_read()
        if line is not None and not printer.interactive and line.strip():
            # A piped script shows what was typed, so its output reads as a transcript.
            printer.write(session.prompt() + line.strip())
        if line is None or not await session.handle(line):
            return


def build_session(
    settings: Settings, db: Database, printer: ChatPrinter, member: str
) -> ConsoleSession:
    """The application on the console's stand-in API, with its own clock and dispatcher."""
    clock = ConsoleClock()
    api = ConsoleBotApi(printer, clock, printer.forum)
    app = build_application(settings, db, request=api, clock=clock, rate_limit=False)
    dispatcher = ConsoleDispatcher(db, clock, settings.bot_language)
    app.bot_data[DISPATCHER_KEY] = dispatcher
    who = make_member(member, settings.bot_language)
    return ConsoleSession(app, api, printer, clock, dispatcher, db, settings, who)


async def run_console(settings: Settings, db: Database, member: str, files_dir: Path) -> None:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    typed = line_editor() if interactive else (lambda: "")
    printer = ChatPrinter(sys.stdout, files_dir, interactive, typed)
    session = build_session(settings, db, printer, member)
    async with session.app:
        await session.app.start()
        try:
            database = safe_url(settings.database_url).removeprefix("sqlite:///")
            help_text = printer.text(
                "console_help", group=GROUP["title"], database=database, member=member
            )
            printer.write(help_text)
            await session.start()
            await converse(session, printer)
        finally:
            await session.app.stop()
    printer.write("")


def console_settings(database_url: str) -> Settings:
    """The settings from the environment and .env (language, time zone), with the console's
    own database, no token, no allow-list and no webhook."""
    return load_settings(
        offline=True,
        level=logging.WARNING,
        database_url=database_url,
        telegram_api_base_url="http://console.invalid/bot",
        allowed_chat_ids=frozenset(),
        webhook_url=None,
    )


def main(database_url: str | None, member: str, files: str | None, out: TextIO) -> int:
    db = None
    try:
        settings = console_settings(database_url or DEFAULT_DATABASE)
        db = open_database(settings)
        files_dir = Path(files) if files else Path("boardbot-console-files")
        asyncio.run(run_console(settings, db, member or DEFAULT_MEMBER, files_dir))
    except StartupError as error:
        print(error, file=out)
        return error.exit_code
    except KeyboardInterrupt:  # Ctrl-C: end on a fresh line
        print()
    finally:
        if db is not None:
            db.dispose()
    return 0
