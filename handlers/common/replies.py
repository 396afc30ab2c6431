"""Sending a command's reply: capped at a few messages, quoting the command, and honest when
Telegram did not take it.

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
from html import escape, unescape

from sqlmodel import Session
from telegram import ForceReply, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.i18n import Language, t
from bot.keyboards import inline_markup
from bot.render.html_split import cap_message, more_marker
from bot.render.keyboards import Keyboard
from bot.render.tasks import cap_messages

log = logging.getLogger(__name__)

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

    @property
    def markup(self) -> Markup | None:
        if self.keyboard:
            return inline_markup(self.keyboard)
        return self.force_reply


def reply_text(reply: str | Reply) -> str:
    return reply.text if isinstance(reply, Reply) else reply


async def send_reply(
    message: Message, text: str, lang: Language, markup: Markup | None = None
) -> Message | None:
    """Reply in the chat, in at most a few messages (`cap_messages`), quoting the command;
    `markup` goes under the last one, which is returned. A message with buttons (a card) stays
    one message, capped with "… +N more": its edits must fit the same message."""
    if isinstance(markup, InlineKeyboardMarkup):
        chunks = [cap_message(text, more_marker(lang))]
    else:
        chunks = cap_messages(text, lang)
    sent: Message | None = None
    for index, chunk in enumerate(chunks):
        quote = (
            ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
            if index == 0 and message.chat.type != ChatType.PRIVATE
            else None
        )
        last = index == len(chunks) - 1
        sent = await message.get_bot().send_message(
            message.chat_id, chunk, reply_parameters=quote, reply_markup=markup if last else None
        )
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
    markup: Markup | None = None,
) -> Message | None:
    """Send the reply, after what earlier replies lost; if it fails, remember what was saved.
    The last message sent, or None."""
    lost = unsent.take(message.chat_id)
    text = f"{saved_notice(lang, lost)}\n\n{reply}" if lost else reply
    try:
        return await send_reply(message, text, lang, markup)
    except TelegramError as error:
        log.warning(
            "could not send the reply in chat %s (%s); the next reply says what was saved",
            message.chat_id,
            error,
        )
        unsent.keep(message.chat_id, [*lost, reply] if saved else lost)
        return None
