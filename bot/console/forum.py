"""The forum topics of the console's group, as Telegram keeps them.

A topic's thread id is the message id of its "topic created" service message; messages in it
carry `message_thread_id` and `is_topic_message`. The General topic has no thread id of its
own in messages, and Telegram refuses a send with `message_thread_id` for it ("message thread
not found") — the stand-in API does the same (`thread_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

GENERAL_THREAD_ID = 1  # what Telegram calls the General topic's thread; refused in sends
TOPIC_NAME_MAX = 128  # Telegram's limit for a topic's name


@dataclass
class Topic:
    thread_id: int
    name: str
    closed: bool = False


@dataclass
class Forum:
    """The topics of every forum chat, by chat id, then by thread id."""

    topics: dict[int, dict[int, Topic]] = field(default_factory=dict)

    def add(self, chat_id: int, thread_id: int, name: str) -> Topic:
        topic = Topic(thread_id, name)
        self.topics.setdefault(chat_id, {})[thread_id] = topic
        return topic

    def named(self, chat_id: int, name: str) -> Topic | None:
        wanted = name.casefold()
        chat_topics = self.topics.get(chat_id, {}).values()
        return next((topic for topic in chat_topics if topic.name.casefold() == wanted), None)

    def get(self, chat_id: int, thread_id: int) -> Topic | None:
        return self.topics.get(chat_id, {}).get(thread_id)

    def thread_problem(self, chat_id: int, thread_id: int) -> str | None:
        """Why Telegram would refuse a send into this thread (its description), or None."""
        topic = self.get(chat_id, thread_id)
        if topic is None:  # also the General topic (1) and any chat without topics
            return "Bad Request: message thread not found"
        if topic.closed:
            return "Bad Request: TOPIC_CLOSED"
        return None
