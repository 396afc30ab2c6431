"""Nobody kept waiting (issue 12): one group's flood of commands, or a group that is not even
allowed, must not hold up another group's answer. Real bot process, flood limits on in the bot
and in the emulator (20 messages a minute per group, 30 a second in all)."""

from __future__ import annotations

import time

from .conftest import BotProcess
from .emulator import BotApiEmulator

FLOOD = 30


def answered_within(emu: BotApiEmulator, user: dict, chat: dict, text: str) -> float:  # type: ignore[type-arg]
    mark = emu.mark()
    started = time.monotonic()
    emu.send_text(user, chat, text)
    emu.wait_for_bot_message(chat["id"], contains="/aufgabe", after=mark, timeout=30)
    return time.monotonic() - started


def test_a_flooding_group_does_not_hold_up_another(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    busy = emu.create_group("Laute Gruppe", [vera], supergroup=True)
    quiet = emu.create_group("Vorstand", [vera], supergroup=True)
    emu.enforce_rate_limits(per_chat_per_minute=20, global_per_second=30)
    bot.start(TELEGRAM_RATE_LIMIT="true", FLOOD_USER_COMMANDS="20", FLOOD_CHAT_COMMANDS="30")
    emu.wait_for_bot_message(quiet["id"], contains="Ich bin boardbot", timeout=15)
    mark = emu.mark()
    for _ in range(FLOOD):
        emu.send_text(vera, busy, "/hilfe")
    # The busy group's window is full: its last answers wait for up to a minute.
    emu.wait_for_bot_message(
        busy["id"],
        predicate=lambda _: len(emu.bot_messages(busy["id"])) >= 15,
        after=mark,
        timeout=30,
    )
    assert answered_within(emu, vera, quiet, "/hilfe") < 2.0
    assert not [r for r in emu.requests if r["status"] == 429], "the bot drew a 429"


def test_a_group_that_is_not_allowed_is_told_once(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    allowed = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    stranger = emu.create_group("Fremde Gruppe", [vera], supergroup=True)
    emu.enforce_rate_limits(per_chat_per_minute=20, global_per_second=30)
    bot.start(ALLOWED_CHAT_IDS=str(allowed["id"]), TELEGRAM_RATE_LIMIT="true")
    emu.wait_for_bot_message(allowed["id"], contains="Ich bin boardbot", timeout=15)
    for _ in range(23):
        emu.send_text(vera, stranger, "/hilfe")
    assert answered_within(emu, vera, allowed, "/hilfe") < 2.0
    emu.wait_until_idle(timeout=15)
    notices = [m for m in emu.bot_messages(stranger["id"]) if "nicht freigeschaltet" in m["text"]]
    assert len(notices) == 1, [m["text"][:60] for m in emu.bot_messages(stranger["id"])]
