"""Forum topics: which topic a message goes to, and what happens when that topic is gone.

In a forum supergroup every message belongs to a topic. A message in a topic carries
`message_thread_id` with `is_topic_message`; a message in the General topic has neither, and
Telegram refuses a `message_thread_id` for General. So "no thread" (`None`) stands for General
and for groups without topics alike, and is sent as no `message_thread_id` at all.

Where the bot writes:
- a reply goes to the topic of the command or button press it answers (`thread_of`);
- what the bot posts on its own (reminders, follow-ups, the weekly overview) goes to the topic
  the admins chose with `/einstellungen thema`, when they chose one: that choice wins. Without
  it an item's reminder goes to the topic the item was created in, the weekly overview (no
  item of its own) to General (`posting_thread`).

A topic may have been deleted or closed meanwhile; Telegram then answers 400 ("message thread
not found", TOPIC_CLOSED, TOPIC_DELETED) and has sent nothing. The message is sent to General
instead (`send_in_topic`), and the chat is told so in one line, once per topic: the notice is
stored before it is sent (`TopicNotices`, `storage.topics.note_lost_topic`), so a restart does
not repeat it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from telegram import Bot, Message
from telegram.error import BadRequest, TelegramError

from bot.i18n import Language, language_or_default, t
from storage.database import Database
from storage.models import Chat
from storage.topics import note_lost_topic

log = logging.getLogger(__name__)

# How Telegram says a topic cannot take messages any more (lower case, as searched).
TOPIC_GONE = ("message thread not found", "topic_closed", "topic_deleted")
M = TypeVar("M")


def thread_of(message: Message | None) -> int | None:
    """The topic a member's message was written in; None for General and plain groups (in a
    group without topics a reply carries a `message_thread_id` too, but no topic)."""
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


def replied_message(message: Message) -> Message | None:
    """The message a member replied to. In a topic Telegram also sets `reply_to_message` when
    the member replied to nothing: to the topic's service message, which is no reply."""
    replied = message.reply_to_message
    if replied is None or replied.forum_topic_created is not None:
        return None
    if message.is_topic_message and replied.message_id == message.message_thread_id:
        return None
    return replied


def posting_thread(bot_thread_id: int | None, item_thread_id: int | None) -> int | None:
    """Where the bot posts on its own about an item (None for the weekly overview): the
    admins' chosen topic wins, else the item's own topic, else General."""
    return bot_thread_id if bot_thread_id is not None else item_thread_id


def is_topic_gone(error: TelegramError) -> bool:
    return isinstance(error, BadRequest) and any(
        marker in str(error).lower() for marker in TOPIC_GONE
    )


async def send_in_topic(
    send: Callable[[int | None], Awaitable[M]], thread_id: int | None
) -> tuple[M, bool]:
    """`send(thread)` into the topic; when Telegram says it is gone, into General instead.
    Returns what was sent and whether it fell back to General. Telegram sent nothing on that
    400, so the message goes out exactly once."""
    if thread_id is None:
        return await send(None), False
    try:
        return await send(thread_id), False
    except BadRequest as error:
        if not is_topic_gone(error):
            raise
        log.info("topic %s is gone (%s); sending to General", thread_id, error)
    return await send(None), True


@dataclass(frozen=True)
class TopicNotices:
    """Tells a chat, once per topic, that a topic is gone and the bot writes in General."""

    db: Database
    clock: Callable[[], datetime]
    default_language: Language

    async def topic_lost(self, bot: Bot, chat_id: int, thread_id: int) -> None:
        def note(session: Session) -> tuple[bool, Language, bool]:
            first = note_lost_topic(session, chat_id, thread_id, self.clock())
            chat = session.get(Chat, chat_id)
            lang = language_or_default(chat.language if chat else None, self.default_language)
            return first, lang, chat is not None and chat.bot_thread_id == thread_id

        try:
            first, lang, chosen = await self.db.run(note)
        except SQLAlchemyError as error:  # e.g. another process noted it at the same moment
            log.warning("could not note lost topic %s of chat %s: %s", thread_id, chat_id, error)
            return
        if not first:
            return
        text = t(lang, "topic_gone") + (" " + t(lang, "topic_gone_chosen") if chosen else "")
        try:
            await bot.send_message(chat_id, text)
        except TelegramError as error:
            log.warning("could not tell chat %s that a topic is gone: %s", chat_id, error)
