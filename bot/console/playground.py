"""`boardbot console`: try the bot without Telegram.

The real application — the same handlers, database code and reminder dispatcher, woken by the
same JobQueue — runs against `ConsoleBotApi`, an in-process stand-in for the Bot API, and the
terminal becomes a group chat:

- a typed line is a message from the current member in the group (commands get the
  `bot_command` entity Telegram would add, so `/aufgabe …` reaches its handler);
- `/as Nicole` switches member (members are made up on first use, with stable ids);
- `!2` presses button [2]; `/dm /meine` writes to the bot privately;
- `/time +1d` moves the console's clock ahead, stopping at every reminder on the way, so each
  one is sent at its own time (not as "late");
- `/quit` or Ctrl-D ends.

Each line is handled completely (`Application.process_update`) before the next is read, so a
script piped into the console reads like the chat. It uses its own SQLite file by default
(boardbot-console.db), needs no token and never touches the network.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sys
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlmodel import col, select
from telegram import Bot, Update
from telegram.ext import Application

from bot.application import DISPATCHER_KEY, build_application
from bot.config import Settings
from bot.console.api import BOT_USER, ConsoleBotApi
from bot.console.screen import ChatPrinter
from bot.reminders.dispatcher import ReminderDispatcher
from bot.startup import StartupError, load_settings, open_database, safe_url
from storage.database import Database
from storage.models import Chat, Reminder, ReminderStatus

DEFAULT_DATABASE = "sqlite:///boardbot-console.db"
DEFAULT_MEMBER = "Vera"
GROUP: dict[str, Any] = {"id": -1001000000001, "type": "supergroup", "title": "Vorstand"}
MAX_JUMP = timedelta(days=366)
MAX_REMINDER_STEPS = 500  # a long jump over a daily reminder stops here
JUMP = re.compile(r"^\+?\s*(\d+)\s*(m|min|h|d|w)$", re.IGNORECASE)
JUMP_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}

HELP = """\
boardbot console: a pretend Telegram group "{group}" on this computer (no Telegram needed).
Database: {database}. You are {member}.
Type commands as in the group, e.g.  /aufgabe Flyer drucken bis Freitag   (/hilfe lists all)
  /as Nicole    write as another member (made up on first use)
  !1            press button [1] under a message
  /dm /meine    write to the bot in a private chat
  /time +1d     jump ahead in time (m, h, d, w): reminders due on the way appear
  /quit         end (Ctrl-D too)"""


class ConsoleClock:
    """The real time plus an offset that `/time` moves forward."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move_to(self, moment: datetime) -> None:
        if moment > self():
            self.offset = moment - datetime.now(UTC)


class ConsoleDispatcher(ReminderDispatcher):
    """The application's dispatcher, one run at a time, so `/time` can step through it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = asyncio.Lock()

    async def run_once(self, bot: Bot) -> int:
        async with self.lock:
            return await super().run_once(bot)

    async def run_locked(self, bot: Bot) -> int:
        """Run while the caller already holds `lock`."""
        return await super().run_once(bot)


def make_member(name: str) -> dict[str, Any]:
    """A made-up Telegram user; the same name always gets the same id and username."""
    first, _, last = name.strip().partition(" ")
    user: dict[str, Any] = {
        "id": 10_000 + zlib.crc32(name.strip().lower().encode()),
        "is_bot": False,
        "first_name": first,
        "language_code": "de",
    }
    if last:
        user["last_name"] = last
    ascii_name = unicodedata.normalize("NFKD", name.strip().lower()).encode("ascii", "ignore")
    username = re.sub(r"[^a-z0-9_]", "", ascii_name.decode().replace(" ", "_"))
    if username:
        user["username"] = username
    return user


def command_entities(text: str) -> list[dict[str, Any]]:
    """The `bot_command` entity Telegram adds to a message starting with a command."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def parse_jump(text: str) -> timedelta | None:
    match = JUMP.match(text.strip())
    if match is None:
        return None
    delta = timedelta(**{JUMP_UNITS[match.group(2).lower()]: int(match.group(1))})
    return delta if timedelta(0) < delta <= MAX_JUMP else None


def next_due(db: Database, until: datetime) -> datetime | None:
    """When the next pending reminder falls due, if it does by `until`."""
    with db.transaction() as session:
        query = (
            select(Reminder)
            .where(Reminder.status == ReminderStatus.PENDING.value, col(Reminder.due_at) <= until)
            .order_by(col(Reminder.due_at))
            .limit(1)
        )
        first = session.exec(query).first()
        return first.due_at if first is not None else None


@dataclass
class ConsoleSession:
    """Turns typed lines into Telegram updates for the application."""

    app: Application  # type: ignore[type-arg]
    api: ConsoleBotApi
    printer: ChatPrinter
    clock: ConsoleClock
    dispatcher: ConsoleDispatcher
    db: Database
    settings: Settings
    member: dict[str, Any]

    def __post_init__(self) -> None:
        # Update ids only grow, also across sessions: the bot ignores an id it has handled.
        self.update_ids = itertools.count(int(time.time() * 1000))
        self.api.add_chat(GROUP)

    async def start(self) -> None:
        """The first time, the bot is added to the group (and introduces itself)."""
        with self.db.transaction() as session:
            known = session.get(Chat, GROUP["id"]) is not None
        if not known:
            joined = self.api.new_message(GROUP["id"], self.member, new_chat_members=[BOT_USER])
            await self.deliver(message=joined)

    async def deliver(self, **payload: Any) -> None:
        update = Update.de_json({"update_id": next(self.update_ids), **payload}, self.app.bot)
        await self.app.process_update(update)

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the console should end."""
        text = line.strip()
        word, _, rest = text.partition(" ")
        if not text:
            return True
        if word.lower() in ("/quit", "/exit"):
            return False
        if word.lower() == "/as":
            self.switch(rest)
        elif word.lower() == "/dm":
            await self.write_privately(rest.strip())
        elif word.lower() == "/time":
            await self.jump(rest)
        elif re.fullmatch(r"!\d+", text):
            await self.press(int(text[1:]))
        elif not text.startswith("/"):
            self.printer.note(
                "boardbot does not read ordinary messages in a group (privacy mode), "
                "only commands: try /hilfe"
            )
        else:
            await self.say(GROUP["id"], text)
        return True

    async def say(self, chat_id: int, text: str) -> None:
        message = self.api.new_message(chat_id, self.member, text=text)
        message["entities"] = command_entities(text)
        await self.deliver(message=message)

    def switch(self, name: str) -> None:
        if not name.strip():
            self.printer.note("who? e.g. /as Nicole")
            return
        self.member = make_member(name)
        self.printer.note(f"you are now {name.strip()}")

    async def write_privately(self, text: str) -> None:
        if not text:
            self.printer.note("what? e.g. /dm /meine")
            return
        user = self.member
        self.api.add_chat({"id": user["id"], "type": "private", "first_name": user["first_name"]})
        await self.say(int(user["id"]), text)

    async def press(self, number: int) -> None:
        target = self.printer.buttons.get(number)
        message = self.api.messages.get(target[:2]) if target else None
        if target is None or message is None or target[2] is None:
            self.printer.note(f"there is no button [{number}] to press")
            return
        query = {
            "id": str(next(self.update_ids)),
            "from": self.member,
            "chat_instance": "console",
            "message": message,
            "data": target[2],
        }
        await self.deliver(callback_query=query)

    async def jump(self, text: str) -> None:
        """Move the clock ahead, sending each reminder that falls due on the way at its time."""
        if text.strip():
            delta = parse_jump(text)
            if delta is None:
                self.printer.note("e.g. /time +30m, /time +2h, /time +1d, /time +1w (up to a year)")
                return
            target = self.clock() + delta
            async with self.dispatcher.lock:
                for _ in range(MAX_REMINDER_STEPS):
                    due = next_due(self.db, target)
                    if due is None:
                        break
                    self.clock.move_to(due)
                    if not await self.dispatcher.run_locked(self.app.bot):
                        break
                self.clock.move_to(target)
        local = self.clock().astimezone(self.settings.timezone)
        self.printer.note(f"it is now {local:%a %d.%m.%Y %H:%M} ({self.settings.bot_timezone})")


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
        printer.show_prompt(f"{session.member['first_name']}> ")
        ready.set()
        line = await queue.get()
        printer.line_read()
        if line is None or not await session.handle(line):
            return


async def run_console(settings: Settings, db: Database, member: str, files_dir: Path) -> None:
    clock = ConsoleClock()
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    typed = line_editor() if interactive else (lambda: "")
    printer = ChatPrinter(sys.stdout, files_dir, interactive, typed)
    api = ConsoleBotApi(printer, clock)
    app = build_application(settings, db, request=api, clock=clock, rate_limit=False)
    dispatcher = ConsoleDispatcher(db, clock, settings.bot_language)
    app.bot_data[DISPATCHER_KEY] = dispatcher
    who = make_member(member)
    session = ConsoleSession(app, api, printer, clock, dispatcher, db, settings, who)
    async with app:
        await app.start()
        try:
            database = safe_url(settings.database_url).removeprefix("sqlite:///")
            printer.write(HELP.format(group=GROUP["title"], database=database, member=member))
            await session.start()
            await converse(session, printer)
        finally:
            await app.stop()
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
