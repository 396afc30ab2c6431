"""A chat harness around the real `Application`: build updates as Telegram would send them,
run them through `process_update`, and read what the bot sent back (offline, no network)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.application import build_application
from bot.config import Settings
from storage.database import Database
from tests.support.offline import OfflineBotApi

# Wed 19.06.2024 20:00 in Berlin, the reference "now" of the date examples.
REFERENCE_NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)

VERA = {"id": 101, "is_bot": False, "first_name": "Vera", "last_name": "Kraus", "username": "vera"}
NICOLE = {"id": 102, "is_bot": False, "first_name": "Nicole"}
DANIEL = {"id": 103, "is_bot": False, "first_name": "Daniel", "username": "dschaper"}
GROUP = {"id": -1001234567890, "type": "supergroup", "title": "Stadtvorstand"}
OTHER_GROUP = {"id": -1009999999999, "type": "supergroup", "title": "Ortsverein Nord"}


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeClock:
    def __init__(self, now: datetime = REFERENCE_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class ChatHarness:
    """Sends messages as members and returns the bot's replies (their HTML text)."""

    def __init__(self, app: Application, api: OfflineBotApi, clock: FakeClock) -> None:  # type: ignore[type-arg]
        self.app, self.api, self.clock = app, api, clock
        self._ids = itertools.count(1)

    def message(
        self,
        user: dict[str, Any],
        chat: dict[str, Any],
        text: str,
        entities: list[dict[str, Any]] | None = None,
        reply_to: dict[str, Any] | None = None,
        topic: int | None = None,
    ) -> dict[str, Any]:
        """A member's message; `topic`: written in that forum topic (None: General)."""
        if entities is None:
            entities = []
            if text.startswith("/"):
                entities.append(
                    {
                        "type": "bot_command",
                        "offset": 0,
                        "length": utf16_length(text.split(maxsplit=1)[0]),
                    }
                )
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(self.clock.now.timestamp()),
            "chat": chat,
            "from": user,
            "text": text,
            "entities": entities,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if topic is not None:
            message.update(message_thread_id=topic, is_topic_message=True)
        return message

    async def process(
        self, message: dict[str, Any], kind: str = "message", update_id: int | None = None
    ) -> list[str]:
        before = len(self.api.sent())
        update_id = next(self._ids) if update_id is None else update_id
        update = Update.de_json({"update_id": update_id, kind: message}, self.app.bot)
        await self.app.process_update(update)
        return [str(p["text"]) for p in self.api.sent()[before:]]

    async def press(self, user: dict[str, Any], message: dict[str, Any], data: str) -> list[str]:
        """Press an inline button under a bot message; returns the callback answers' texts."""
        before = len(self.api.calls)
        query = {
            "id": str(next(self._ids)),
            "from": user,
            "chat_instance": "ci-1",
            "message": message,
            "data": data,
        }
        update = Update.de_json(
            {"update_id": next(self._ids), "callback_query": query}, self.app.bot
        )
        await self.app.process_update(update)
        return [
            str(p.get("text", "")) for m, p in self.api.calls[before:] if m == "answerCallbackQuery"
        ]

    def make_admin(self, user: dict[str, Any], chat: dict[str, Any]) -> None:
        """Promote `user` in Telegram, and let the bot's 5-minute admin cache run out."""
        self.api.admins.add((chat["id"], user["id"]))
        self.app.bot_data["services"].admin_cache.clear()

    async def dispatch(self) -> list[dict[str, Any]]:
        """Run the reminder dispatcher once at the clock's time; the messages it sent."""
        before = len(self.api.messages)
        await self.app.bot_data["reminder_dispatcher"].run_once(self.app.bot)
        return self.api.messages[before:]

    async def send(
        self, user: dict[str, Any], chat: dict[str, Any], text: str, **kwargs: Any
    ) -> list[str]:
        return await self.process(self.message(user, chat, text, **kwargs))

    async def say(
        self, user: dict[str, Any], chat: dict[str, Any], text: str, **kwargs: Any
    ) -> str:
        """Send and return the single reply (fails if there was not exactly one)."""
        replies = await self.send(user, chat, text, **kwargs)
        assert len(replies) == 1, replies
        return replies[0]


# The tests send commands faster than any member types; the flood budgets have their own
# tests (test_load_limits.py), which set them back.
NO_FLOOD_BUDGETS = {"flood_user_commands": 1_000_000, "flood_chat_commands": 1_000_000}


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": "123456:TEST-TOKEN",
        "database_url": database_url,
        **NO_FLOOD_BUDGETS,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def start_harness(settings: Settings, db: Database, clock: FakeClock) -> ChatHarness:
    api = OfflineBotApi()
    app = build_application(
        settings, db, request=api, clock=clock, rate_limit=False, dispatch_interval=None
    )
    await app.initialize()
    return ChatHarness(app, api, clock)


@pytest.fixture
async def chat(database_url: str, db: Database, clock: FakeClock) -> AsyncIterator[ChatHarness]:
    harness = await start_harness(make_settings(database_url), db, clock)
    try:
        yield harness
    finally:
        await harness.app.shutdown()
