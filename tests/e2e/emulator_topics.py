"""Forum topics in the emulator, as Telegram has them.

A forum is a supergroup with ``is_forum``. A topic is made by a member (``create_topic``, like
``createForumTopic``): a ``forum_topic_created`` service message whose id is the topic's
``message_thread_id``. A member's message in a topic carries ``message_thread_id`` and
``is_topic_message``, and, when it replies to nothing else, ``reply_to_message`` is the topic's
service message (as Telegram sends it). General has no thread id in its messages; thread id 1
stands for it, and Telegram refuses a ``message_thread_id`` for General.

The bot's sends (``sendMessage``, ``sendDocument``) name a topic with ``message_thread_id``:
400 "message thread not found" for an unknown or deleted topic, for General, and in a group
without topics; 400 "TOPIC_CLOSED" in a closed topic. A send without it that replies to a
topic message lands in that topic, like in Telegram. Deleting a topic deletes its messages,
so editing one of them fails with "message to edit not found". Every bot message is remembered
with its ``thread_id`` (None: General).
"""

from __future__ import annotations

import copy
from typing import Any

from .emulator_core import JSON, ChatState, Params, State, bad_request

GENERAL = 1  # the General topic's thread id, never to be sent
ICON_COLOR = 7322096


def thread_for(st: State, chat: ChatState, p: Params, reply: JSON | None) -> int | None:
    """The topic a bot send goes to (None: General or no topics), or Telegram's refusal."""
    thread = p.integer("message_thread_id")
    if thread is None:
        return int(reply["message_thread_id"]) if reply and reply.get("is_topic_message") else None
    if not chat.chat.get("is_forum") or thread == GENERAL:
        raise bad_request("message thread not found")
    topic = chat.topics.get(thread)
    if topic is None or topic["deleted"]:
        raise bad_request("message thread not found")
    if topic["closed"]:
        raise bad_request("TOPIC_CLOSED")
    return thread


def topic_fields(chat: ChatState, thread: int | None) -> dict[str, Any]:
    """What a message in the topic carries (nothing in General)."""
    if thread is None:
        return {}
    return {"message_thread_id": thread, "is_topic_message": True}


class EmulatorTopics:
    """A mixin of ``BotApiEmulator`` next to ``EmulatorWorld`` (whose users and groups it uses)."""

    _state: State

    def create_forum(self, title: str, members: list[JSON], *, bot_admin: bool = False) -> JSON:
        """A supergroup with topics, the bot added by its first member."""
        chat: JSON = self.create_group(title, members, supergroup=True, bot_admin=bot_admin)
        with self._state.lock:
            state = self._state.chat_state(chat)
            state.chat["is_forum"] = True
            return copy.deepcopy(state.chat)

    def create_topic(self, user: JSON, chat: JSON | int, name: str) -> int:
        """A member makes a topic (``createForumTopic``); returns its ``message_thread_id``."""
        st = self._state
        with st.lock:
            state = st.chat_state(chat)
            if not state.chat.get("is_forum"):
                raise AssertionError(f"{state.chat['title']} has no topics")
            created = {"name": name, "icon_color": ICON_COLOR}
            msg = st.new_message(state, self._user(user), forum_topic_created=created)
            thread = int(msg["message_id"])
            msg.update(topic_fields(state, thread))
            state.topics[thread] = {"name": name, "closed": False, "deleted": False, "root": msg}
            st.deliver("message", msg)
            return thread

    def _topic_event(self, user: JSON, chat: JSON | int, thread: int, **fields: Any) -> None:
        st = self._state
        state = st.chat_state(chat)
        msg = st.new_message(state, self._user(user), **fields, **topic_fields(state, thread))
        st.deliver("message", msg)

    def close_topic(self, user: JSON, chat: JSON | int, thread: int, closed: bool = True) -> None:
        with self._state.lock:
            self._state.chat_state(chat).topics[thread]["closed"] = closed
            key = "forum_topic_closed" if closed else "forum_topic_reopened"
            self._topic_event(user, chat, thread, **{key: {}})

    def delete_topic(self, chat: JSON | int, thread: int) -> None:
        """The topic and every message in it are gone (Telegram sends no update for it)."""
        st = self._state
        with st.lock:
            state = st.chat_state(chat)
            state.topics[thread]["deleted"] = True
            for key, msg in st.messages.items():
                if key[0] == state.id and msg.get("message_thread_id") == thread:
                    st.deleted.add(key)
                    if key in st.records:
                        st.records[key]["deleted"] = True
            st.changed.notify_all()

    def in_topic(self, chat: JSON | int, thread: int | None) -> list[JSON]:
        """The bot's messages in one topic (None: General), oldest first."""
        with self._state.lock:
            chat_id = self._state.chat_state(chat).id
            return [
                copy.deepcopy(r)
                for r in sorted(self._state.records.values(), key=lambda r: r["seq"])
                if r["chat_id"] == chat_id and r.get("thread_id") == thread
            ]

    def topic_root(self, chat: JSON | int, thread: int | None) -> JSON | None:
        """The service message a topic message replies to when it replies to nothing else."""
        if thread is None:
            return None
        return copy.deepcopy(self._state.chat_state(chat).topics[thread]["root"])
