"""The pure choices of `bot.topics`: which topic a member's message is in, where the bot posts
on its own, which Telegram refusals mean "the topic is gone", and the fallback to General."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Message
from telegram.error import BadRequest, Forbidden

from bot.topics import is_topic_gone, posting_thread, replied_message, send_in_topic, thread_of

FORUM = {"id": -1005550001111, "type": "supergroup", "title": "Vorstand", "is_forum": True}
VERA = {"id": 101, "is_bot": False, "first_name": "Vera"}


def message(**fields: Any) -> Message:
    raw = {"message_id": 40, "date": 1718820000, "chat": FORUM, "from": VERA, "text": "/aufgaben"}
    return Message.de_json({**raw, **fields}, None)


def test_a_topic_message_is_in_its_topic() -> None:
    assert thread_of(message(message_thread_id=7, is_topic_message=True)) == 7


@pytest.mark.parametrize(
    "fields",
    [
        {},  # General in a forum
        {"message_thread_id": 12},  # a reply thread in a group without topics
        {"message_thread_id": 12, "is_topic_message": False},
    ],
)
def test_general_and_reply_threads_are_no_topic(fields: dict[str, Any]) -> None:
    assert thread_of(message(**fields)) is None


def test_no_message_no_topic() -> None:
    assert thread_of(None) is None


ROOT = {"message_id": 7, "date": 1718810000, "chat": FORUM, "from": VERA}
ROOT_SERVICE = {**ROOT, "forum_topic_created": {"name": "Flyer", "icon_color": 7322096}}
IN_TOPIC = {"message_thread_id": 7, "is_topic_message": True}


@pytest.mark.parametrize("root", [ROOT_SERVICE, ROOT])  # with or without the service field
def test_the_topics_own_message_is_no_reply(root: dict[str, Any]) -> None:
    assert replied_message(message(reply_to_message=root, **IN_TOPIC)) is None


def test_a_real_reply_in_a_topic_is_a_reply() -> None:
    replied = {**ROOT, "message_id": 30, "text": "Flyer bis Freitag drucken", **IN_TOPIC}
    found = replied_message(message(reply_to_message=replied, **IN_TOPIC))
    assert found is not None and found.text == "Flyer bis Freitag drucken"


def test_a_reply_in_a_plain_group_is_a_reply() -> None:
    replied = {**ROOT, "message_id": 7, "text": "Kasse prüfen"}
    found = replied_message(message(reply_to_message=replied, message_thread_id=7))
    assert found is not None and found.text == "Kasse prüfen"


@pytest.mark.parametrize(
    ("bot_topic", "item_topic", "expected"),
    [
        (None, None, None),  # General, or a group without topics
        (None, 7, 7),  # an item's reminder in its own topic
        (9, 7, 9),  # the admins' choice wins
        (9, None, 9),  # the weekly overview (no item) in the chosen topic
    ],
)
def test_the_admins_topic_wins_then_the_items(
    bot_topic: int | None, item_topic: int | None, expected: int | None
) -> None:
    assert posting_thread(bot_topic, item_topic) == expected


@pytest.mark.parametrize(
    "error",
    [
        BadRequest("Message thread not found"),
        BadRequest("Bad Request: message thread not found"),
        BadRequest("Topic_closed"),
        BadRequest("Topic_deleted"),
    ],
)
def test_a_gone_topic_is_recognised(error: BadRequest) -> None:
    assert is_topic_gone(error)


@pytest.mark.parametrize(
    "error",
    [
        BadRequest("Can't parse entities: unsupported start tag"),
        BadRequest("Message to be replied not found"),
        Forbidden("Forbidden: bot was kicked from the supergroup chat"),
    ],
)
def test_other_refusals_are_not_a_gone_topic(error: Exception) -> None:
    assert not is_topic_gone(error)  # type: ignore[arg-type]


class FakeTelegram:
    """Answers a send like Telegram: refuses the topics in `gone`, records every attempt."""

    def __init__(self, gone: dict[int, Exception]) -> None:
        self.gone = gone
        self.attempts: list[int | None] = []

    async def send(self, thread: int | None) -> str:
        self.attempts.append(thread)
        if thread in self.gone:
            raise self.gone[thread]
        return f"sent to {thread}"


async def test_a_send_into_a_live_topic_is_one_attempt() -> None:
    telegram = FakeTelegram({})
    assert await send_in_topic(telegram.send, 7) == ("sent to 7", False)
    assert telegram.attempts == [7]


async def test_general_is_sent_without_a_thread() -> None:
    telegram = FakeTelegram({})
    assert await send_in_topic(telegram.send, None) == ("sent to None", False)
    assert telegram.attempts == [None]


async def test_a_gone_topic_falls_back_to_general_once() -> None:
    telegram = FakeTelegram({7: BadRequest("Message thread not found")})
    assert await send_in_topic(telegram.send, 7) == ("sent to None", True)
    assert telegram.attempts == [7, None]


async def test_another_refusal_is_raised_not_sent_again() -> None:
    telegram = FakeTelegram({7: BadRequest("Can't parse entities")})
    with pytest.raises(BadRequest):
        await send_in_topic(telegram.send, 7)
    assert telegram.attempts == [7]
