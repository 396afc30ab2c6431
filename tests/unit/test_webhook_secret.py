"""WEBHOOK_SECRET (issue 13, finding 7): at least 32 characters, and the header Telegram sends
is compared in constant time by the webhook server python-telegram-bot runs for us."""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import tornado.httpserver
import tornado.netutil
from pydantic import ValidationError
from telegram.ext._utils import webhookhandler

from bot import webhook
from bot.config import Settings
from bot.webhook import ConstantTimeSecretHandler, use_constant_time_secret_check

SECRET = "S3cret_" * 5  # 35 characters
UPDATE = {"update_id": 7, "message": None}


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, telegram_bot_token="1:x", **values)  # type: ignore[call-arg]


@pytest.mark.parametrize("length", [1, 16, 31])
def test_a_short_secret_is_refused(length: int) -> None:
    with pytest.raises(ValidationError, match="use at least 32"):
        settings(webhook_secret="a" * length)


def test_a_long_enough_secret_is_kept() -> None:
    chosen = settings(webhook_secret="a" * 32).webhook_secret
    assert chosen is not None and chosen.get_secret_value() == "a" * 32


@pytest.fixture
async def hook_url() -> AsyncIterator[tuple[str, asyncio.Queue[object]]]:
    """PTB's own webhook application, with our handler installed, on a free local port."""
    use_constant_time_secret_check()
    queue: asyncio.Queue[object] = asyncio.Queue()
    app = webhookhandler.WebhookAppClass("/hook", None, queue, SECRET)  # type: ignore[arg-type]
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/hook", queue
    server.stop()
    await server.close_all_connections()


async def post(url: str, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with (
        aiohttp.ClientSession() as client,
        client.post(url, data=json.dumps(UPDATE), headers=headers) as answer,
    ):
        return answer.status


async def test_only_the_exact_secret_is_let_through(
    hook_url: tuple[str, asyncio.Queue[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, queue = hook_url
    compared: list[tuple[bytes, bytes]] = []
    constant_time = hmac.compare_digest

    def recording_compare(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return constant_time(given, expected)

    monkeypatch.setattr(webhook.hmac, "compare_digest", recording_compare)
    for wrong in (None, "", SECRET[:-1], SECRET + "x", SECRET[:-1] + "T", "ä" * 35):
        assert await post(url, wrong) == 403, wrong
    assert queue.empty()
    assert await post(url, SECRET) == 200
    assert await asyncio.wait_for(queue.get(), 5) is not None
    # every header that was there went through the constant-time comparison
    assert len(compared) == 7 and all(expected == SECRET.encode() for _, expected in compared)


def test_the_handler_replaces_ptbs_and_installing_twice_is_harmless() -> None:
    use_constant_time_secret_check()
    use_constant_time_secret_check()
    assert webhookhandler.TelegramHandler is ConstantTimeSecretHandler
