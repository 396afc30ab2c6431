"""Sending a command's reply: capped at a few messages, quoting the command, in the command's
forum topic (General when that topic is gone, `bot.topics`), and honest when Telegram did not
take it.

A change is committed before its reply is sent. When that send fails, the chat must not hear
"nothing was changed" (members would retry and create duplicates): the reply is kept, and the
chat's next reply starts with what was saved (`UnsentReplies`). The memory is per process: a
restart forgets it, and the change stays saved all the same.

A command body answers with a plain text or with a `Reply`: the text with buttons under it
(the card of a new task) or a ForceReply (a question); the markup goes on the last message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from html import escape, unescape
from typing import Final

from sqlmodel import Session
from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.i18n import Language, t
from bot.keyboards import inline_markup
from bot.render.html_split import cap_message, more_marker
from bot.render.keyboards import Keyboard
from bot.render.tasks import cap_messages
from bot.topics import TopicNotices, send_in_topic, thread_of

log = logging.getLogger(__name__)
ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply

# What one chat's notice repeats at most: the newest replies, each cut short (the whole list
# would be one more flood; the change itself is in /aufgaben, /verlauf).
KEEP_UNSENT = 3
UNSENT_EXCERPT = 600


Markup = InlineKeyboardMarkup | ForceReply


@dataclass(frozen=True)
class Reply:
    """A command's answer with more than text: buttons under it, or a ForceReply asking the
    member for what is missing. `remember(session, message_id)` stores the sent message's id
    (the card a press must come from, the question an answer must reply to), after the send."""

    text: str
    keyboard: Keyboard | None = None
    force_reply: ForceReply | None = None
    remember: Callable[[Session, int], None] | None = None
    # a second message right after this one, e.g. the "🔒 Privat weitermachen" link under a
    # question (a message carries a ForceReply or buttons, not both)
    then: Reply | None = None

    @property
    def markup(self) -> Markup | None:
        if self.keyboard:
            return inline_markup(self.keyboard)
        return self.force_reply


def reply_text(reply: str | Reply) -> str:
    return reply.text if isinstance(reply, Reply) else reply


class Topic(Enum):
    OF_MESSAGE = "the topic the command was written in"


OF_MESSAGE: Final = Topic.OF_MESSAGE


async def send_reply(
    message: Message,
    text: str,
    lang: Language,
    markup: Markup | None = None,
    *,
    thread_id: int | Topic | None = OF_MESSAGE,
    notices: TopicNotices | None = None,
) -> Message | None:
    """Reply in the chat, in at most a few messages (`cap_messages`), quoting the command, in
    the command's topic (or in `thread_id`, a topic the body chose); `markup` goes under the
    last message, which is returned. A message with buttons (a card) stays one message, capped
    with "… +N more": its edits must fit the same message. When the topic is gone the reply
    goes to General, without the quote (it is in another topic), and `notices` tells the chat
    once."""
    own = thread_of(message)
    target = own if isinstance(thread_id, Topic) else thread_id
    bot = message.get_bot()
    if isinstance(markup, InlineKeyboardMarkup):
        chunks = [cap_message(text, more_marker(lang))]
    else:
        chunks = cap_messages(text, lang)
    sent: Message | None = None
    for index, chunk in enumerate(chunks):
        quoting = index == 0 and message.chat.type != ChatType.PRIVATE
        last_markup = markup if index == len(chunks) - 1 else None

        async def send(
            thread: int | None,
            chunk: str = chunk,
            quoting: bool = quoting,
            markup: Markup | None = last_markup,
        ) -> Message:
            quote = (
                ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
                if quoting and thread == own
                else None
            )
            return await bot.send_message(
                message.chat_id,
                chunk,
                reply_parameters=quote,
                reply_markup=markup,
                message_thread_id=thread,
            )

        sent, fell_back = await send_in_topic(send, target)
        if fell_back and target is not None:
            if notices is not None:
                await notices.topic_lost(bot, message.chat_id, target)
            target = None  # the rest of a long reply follows it to General
    return sent


async def post_in_topic(
    bot: Bot,
    chat_id: int,
    text: str,
    thread_id: int | None,
    *,
    notices: TopicNotices | None = None,
    reply_markup: ReplyMarkup | None = None,
) -> Message:
    """One message (not a reply) into a topic of the chat, General when that topic is gone;
    e.g. what a button press posts (its topic: `bot.topics.thread_of(query.message)`)."""
    sent, fell_back = await send_in_topic(
        lambda thread: bot.send_message(
            chat_id, text, reply_markup=reply_markup, message_thread_id=thread
        ),
        thread_id,
    )
    if fell_back and thread_id is not None and notices is not None:
        await notices.topic_lost(bot, chat_id, thread_id)
    return sent


class UnsentReplies:
    """The replies to committed changes that Telegram did not take, per chat, until the chat's
    next reply gets through."""

    def __init__(self) -> None:
        self.by_chat: dict[int, list[str]] = {}

    def keep(self, chat_id: int, replies: list[str]) -> None:
        if replies:
            self.by_chat[chat_id] = [*self.by_chat.get(chat_id, []), *replies][-KEEP_UNSENT:]

    def take(self, chat_id: int) -> list[str]:
        return self.by_chat.pop(chat_id, [])


def saved_notice(lang: Language, replies: list[str]) -> str:
    """'My reply did not get through; this was saved: …' with the lost replies as plain text."""
    excerpts = [escape(plain_text(reply)[:UNSENT_EXCERPT]) for reply in replies]
    return t(lang, "reply_unsent_saved", saved="\n".join(f"• {e}" for e in excerpts))


TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """The text of one of our HTML replies, without tags (they could be cut by the excerpt)."""
    return unescape(TAG.sub("", html)).replace("\n", " ").strip()


async def reply_after_commit(
    unsent: UnsentReplies,
    message: Message,
    reply: str,
    lang: Language,
    *,
    saved: bool,
    thread_id: int | Topic | None = OF_MESSAGE,
    notices: TopicNotices | None = None,
    markup: Markup | None = None,
) -> Message | None:
    """Send the reply, after what earlier replies lost; if it fails, remember what was saved.
    The last message sent, or None."""
    lost = unsent.take(message.chat_id)
    text = f"{saved_notice(lang, lost)}\n\n{reply}" if lost else reply
    try:
        return await send_reply(message, text, lang, markup, thread_id=thread_id, notices=notices)
    except TelegramError as error:
        log.warning(
            "could not send the reply in chat %s (%s); the next reply says what was saved",
            message.chat_id,
            error,
        )
        unsent.keep(message.chat_id, [*lost, reply] if saved else lost)
        return None
