"""The emulator's polls behave as Telegram's: a poll message with its `Poll`, answers as
`poll_answer` updates without a chat (and `poll` updates with the counts), no answering a
closed poll, no changing a vote where revoting is off, and `stopPoll` returning the final
results once (a second stop, or a message without a poll, is a 400)."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, Poll
from telegram.error import BadRequest

from .emulator import BotApiEmulator as Emu
from .emulator_fixtures import anna, bot, emu  # noqa: F401  (fixtures)

JSON = dict[str, Any]


async def test_a_poll_answered_and_stopped(emu: Emu, bot: Bot, anna: JSON) -> None:
    bert = emu.create_user("Bert")
    group = emu.create_group("Vorstand", [anna, bert])
    message = await bot.send_poll(
        group["id"], "U 1: Beamer?", ["Ja", "Nein"], is_anonymous=False, allows_revoting=False
    )
    assert message.poll is not None and not message.poll.is_closed
    assert not message.poll.allows_revoting and not message.poll.is_anonymous
    poll_id = message.poll.id
    emu.answer_poll(anna, poll_id, [0])
    emu.answer_poll(bert, poll_id, [1])
    with pytest.raises(AssertionError, match="does not allow"):
        emu.answer_poll(anna, poll_id, [])  # no retraction either
    updates = [u for u in await bot.get_updates(timeout=0) if u.poll_answer or u.poll]
    answers = [u.poll_answer for u in updates if u.poll_answer is not None]
    assert [(a.user.first_name, a.option_ids) for a in answers if a.user] == [
        ("Anna", (0,)),
        ("Bert", (1,)),
    ]
    assert [u.effective_chat for u in updates] == [None] * 4  # a poll answer has no chat
    assert [u.poll.total_voter_count for u in updates if u.poll is not None] == [1, 2]
    final = await bot.stop_poll(group["id"], message.message_id)
    assert isinstance(final, Poll) and final.is_closed
    assert [o.voter_count for o in final.options] == [1, 1]
    with pytest.raises(BadRequest, match="already been closed"):
        await bot.stop_poll(group["id"], message.message_id)
    with pytest.raises(AssertionError, match="closed"):
        emu.answer_poll(bert, poll_id, [0])
    text = await bot.send_message(group["id"], "kein Poll")
    with pytest.raises(BadRequest, match="poll to stop not found"):
        await bot.stop_poll(group["id"], text.message_id)


async def test_a_regular_poll_allows_changing_the_vote(emu: Emu, bot: Bot, anna: JSON) -> None:
    group = emu.create_group("Vorstand", [anna])
    message = await bot.send_poll(group["id"], "Wann?", ["Mo", "Di"], is_anonymous=False)
    assert message.poll is not None
    emu.answer_poll(anna, message.poll.id, [0])
    emu.answer_poll(anna, message.poll.id, [])  # retracted
    emu.answer_poll(anna, message.poll.id, [1])
    assert [o["voter_count"] for o in emu.polls()[0]["options"]] == [0, 1]
    with pytest.raises(BadRequest, match="question length"):
        await bot.send_poll(group["id"], "x" * 301, ["a", "b"])
