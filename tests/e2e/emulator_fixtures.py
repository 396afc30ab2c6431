"""The fixtures of the emulator's own tests: an emulator, a python-telegram-bot `Bot` talking
to it, and a user."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from telegram import Bot

from .emulator import BotApiEmulator as Emu

JSON = dict[str, Any]
BOT = "boardbot_test_bot"


@pytest.fixture
def emu() -> Iterator[Emu]:
    with Emu(token="123:ABC", bot_username=BOT) as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: Emu) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url) as tg_bot:
        yield tg_bot


@pytest.fixture
def anna(emu: Emu) -> JSON:
    return emu.create_user("Anna", username="anna_k")
