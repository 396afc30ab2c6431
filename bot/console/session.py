"""One console session: typed lines become the Telegram updates a member's phone would send.

`ConsoleSession.handle` reads a line: the console's own commands (`/as`, `/dm`, `/reply`,
`/topic`, `/time`, `/abstimmen` on a poll, `!12a` presses) act here, anything else starting
with `/` is a message from the current member in the group (or its current topic). Every
update goes through `Application.process_update` and is handled completely before the next
line is read; after each line the console looks up the group's language again, so its own
lines follow `/einstellungen sprache`.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlmodel import col, select
from telegram import Bot, Update
from telegram.ext import Application

from bot.config import Settings
from bot.console.api import BOT_USER, ConsoleBotApi, quoted
from bot.console.forum import Topic
from bot.console.group import set_admin, show_menu, topic_command
from bot.console.labels import LabelError, ShownMessage, parse_press
from bot.console.lines import (
    command_entities,
    make_member,
    parse_jump,
    parse_reply,
    start_payload,
)
from bot.console.polls import VOTE_WORDS, open_poll
from bot.console.screen import ChatPrinter
from bot.i18n import Language, format_day, language_or_default
from bot.reminders.dispatcher import ReminderDispatcher
from storage.database import Database
from storage.models import Chat, Reminder, ReminderStatus

GROUP: dict[str, Any] = {"id": -1001000000001, "type": "supergroup", "title": "Vorstand"}
MAX_REMINDER_STEPS = 500  # a long jump over a daily reminder stops here


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
    topic: Topic | None = None  # where the member writes in the group; None: General
    private: bool = False  # the member writes in their private chat with the bot
    group: dict[str, Any] = field(default_factory=lambda: dict(GROUP))

    def __post_init__(self) -> None:
        # Update ids only grow, also across sessions: the bot ignores an id it has handled.
        self.update_ids = itertools.count(int(time.time() * 1000))
        self.api.add_chat(self.group)
        self.refresh_language()

    @property
    def group_id(self) -> int:
        return int(self.group["id"])

    def prompt(self) -> str:
        if self.private:
            return f"{self.member['first_name']} → boardbot> "
        where = f" › {self.topic.name}" if self.topic else ""
        return f"{self.member['first_name']}{where}> "

    def refresh_language(self) -> None:
        """The console speaks the group's language (its setting, else BOT_LANGUAGE)."""
        with self.db.transaction() as session:
            chat = session.get(Chat, self.group_id)
            stored = chat.language if chat is not None else None
        self.printer.lang = language_or_default(stored, self.settings.bot_language)

    @property
    def lang(self) -> Language:
        return self.printer.lang

    async def start(self) -> None:
        """What `boardbot run` does before the first update (the application's post_init: the
        command menus …); the first time, the bot is added to the group (and introduces itself)."""
        if self.app.post_init is not None:
            await self.app.post_init(self.app)
        with self.db.transaction() as session:
            known = session.get(Chat, self.group_id) is not None
        if not known:
            joined = self.api.new_message(self.group_id, self.member, new_chat_members=[BOT_USER])
            await self.deliver(message=joined)
        self.refresh_language()

    async def deliver(self, **payload: Any) -> None:
        update = Update.de_json({"update_id": next(self.update_ids), **payload}, self.app.bot)
        await self.app.process_update(update)

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the console should end."""
        text = line.strip()
        word, _, rest = text.partition(" ")
        if word.lower() in ("/quit", "/exit"):
            return False
        own = self.console_commands().get(word.lower())
        if not text:
            return True
        if own is not None:
            await own(rest.strip())
        elif text.startswith("!"):
            await self.press(text)
        elif self.private:
            await self.say(self.private_chat(), text)  # no privacy mode in a private chat
        elif not text.startswith("/"):
            self.printer.note("console_privacy_mode")
        else:
            await self.say(self.group_id, text, self.in_topic())
        self.refresh_language()
        return True

    def console_commands(self) -> dict[str, Callable[[str], Awaitable[None]]]:
        """The console's own commands; every other `/…` line goes to the bot."""
        return {
            "/as": self.switch,
            "/dm": self.write_privately,
            "/group": self.back_to_group,
            "/reply": self.reply,
            "/topic": partial(topic_command, self),
            "/time": self.jump,
            "/admin": partial(set_admin, self),
            "/menu": partial(show_menu, self),
            "/abstimmen": self.vote,
            "/vote": self.vote,
        }

    async def vote(self, text: str) -> None:
        """`/abstimmen ja|nein|enthaltung` (1–3): answer the group's latest open poll."""
        poll, option = open_poll(self.api, self.group_id), VOTE_WORDS.get(text.lower())
        if poll is None or option is None:
            self.printer.note("console_vote_usage")
            return
        answer = {"poll_id": poll["id"], "user": self.member, "option_ids": [option]}
        await self.deliver(poll_answer={**answer, "option_persistent_ids": [str(option)]})

    def in_topic(self) -> dict[str, Any]:
        """What a message in the current topic carries (nothing in General)."""
        if self.topic is None:
            return {}
        created = self.api.messages.get((self.group_id, self.topic.thread_id))
        fields: dict[str, Any] = {"message_thread_id": self.topic.thread_id}
        fields["is_topic_message"] = True
        if created is not None:  # as Telegram does: a topic message "replies" to its start
            fields["reply_to_message"] = created
        return fields

    async def say(self, chat_id: int, text: str, fields: dict[str, Any] | None = None) -> None:
        message = self.api.new_message(chat_id, self.member, text=text, **(fields or {}))
        message["entities"] = command_entities(text)
        await self.deliver(message=message)

    async def switch(self, name: str) -> None:
        if not name:
            self.printer.note("console_as_usage")
            return
        self.member = make_member(name, self.lang)
        self.printer.note("console_member_switched", name=name)

    def private_chat(self) -> int:
        """The current member's private chat with the bot (made on first use)."""
        user = self.member
        self.api.add_chat({"id": user["id"], "type": "private", "first_name": user["first_name"]})
        return int(user["id"])

    async def write_privately(self, text: str) -> None:
        """`/dm /meine` writes one message privately; `/dm` alone stays in the private chat."""
        if text:
            await self.say(self.private_chat(), text)
            return
        self.private = True
        self.printer.note("console_private_mode")

    async def back_to_group(self, _: str) -> None:
        self.private = False
        self.printer.note("console_group_mode", group=self.group["title"])

    async def reply(self, text: str) -> None:
        """`/reply 5 Freitag`: answer bot message [5] as a Telegram reply, where it is."""
        parsed = parse_reply(text)
        if parsed is None:
            self.printer.note("console_reply_usage")
            return
        number, answer = parsed
        try:
            shown = self.printer.labels.message(number)
            self.check_reachable(shown)
        except LabelError as error:
            self.printer.note(error.key, **error.params)
            return
        replied = self.api.messages[(shown.chat_id, shown.message_id)]
        fields: dict[str, Any] = {"reply_to_message": quoted(replied)}
        if replied.get("message_thread_id") is not None:
            fields.update(message_thread_id=replied["message_thread_id"], is_topic_message=True)
        await self.say(shown.chat_id, answer, fields)

    def check_reachable(self, shown: ShownMessage) -> None:
        """A message in someone else's private chat with the bot is not on this member's
        phone: no pressing or replying there."""
        chat = self.api.chats.get(shown.chat_id, {})
        if chat.get("type") == "private" and shown.chat_id != int(self.member["id"]):
            name = chat.get("first_name", "")
            raise LabelError("console_not_your_chat", number=shown.number, name=name)

    async def press(self, text: str) -> None:
        """`!12a`: press button [12a] as it is now — or say why there is none."""
        parsed = parse_press(text)
        if parsed is None:
            self.printer.note("console_press_usage")
            return
        try:
            self.check_reachable(self.printer.labels.message(parsed[0]))
            shown, button = self.printer.labels.find(*parsed)
        except LabelError as error:
            self.printer.note(error.key, **error.params)
            return
        name = self.member["first_name"]
        self.printer.note("console_pressed", name=name, label=button.label, text=button.text)
        if button.callback_data is None:
            await self.open_link(button.label, button.url or "")
            return
        query_id = str(next(self.update_ids))
        query = {
            "id": query_id,
            "from": self.member,
            "chat_instance": "console",
            "message": self.api.messages[(shown.chat_id, shown.message_id)],
            "data": button.callback_data,
        }
        self.api.pressed(query_id)
        await self.deliver(callback_query=query)
        if not self.api.answered(query_id):
            self.printer.note("console_press_unanswered")

    async def open_link(self, label: str, url: str) -> None:
        """A deep link to the bot opens the private chat with `/start <payload>`, as in
        Telegram; any other link is only shown."""
        payload = start_payload(url, str(BOT_USER["username"]))
        if payload is None:
            self.printer.note("console_link_button", label=label, url=url)
            return
        await self.write_privately(f"/start {payload}")

    async def jump(self, text: str) -> None:
        """Move the clock ahead, sending each reminder that falls due on the way at its time."""
        if text.strip():
            delta = parse_jump(text)
            if delta is None:
                self.printer.note("console_time_usage")
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
        moment = f"{format_day(local, self.lang)} {local:%H:%M}"
        self.printer.note("console_time_now", moment=moment, zone=self.settings.bot_timezone)
