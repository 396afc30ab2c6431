"""Sending one composed reminder message to Telegram: the text (a long digest as several
messages, the buttons under the last) into its forum topic, General when that topic is gone
(`bot.topics`), without the rate limiter's own retries (the dispatcher decides what a 429
does); and the line that tells a group a reminder could not be sent.
"""

from __future__ import annotations

import logging

from telegram import Bot, Message
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.i18n import t
from bot.keyboards import inline_markup
from bot.reminders.circulars import carry_out
from bot.reminders.compose import Outgoing
from bot.reminders.ratelimit import NO_RETRIES, SlidingWindowRateLimiter
from bot.render.keyboards import Keyboard
from bot.topics import send_in_topic

log = logging.getLogger(__name__)


async def report_failure(bot: Bot, item: Outgoing) -> None:
    """One short line in the group; if that fails too, the log (ERROR) is all that is left."""
    text = t(item.lang, "reminder_failed", what=item.description())
    try:
        await send_in_topic(
            lambda thread: bot.send_message(item.chat_id, text, message_thread_id=thread),
            item.thread_id,
        )
    except TelegramError as error:
        log.error("could not report the failed reminder in chat %s: %s", item.chat_id, error)


async def send_reminder(bot: Bot, item: Outgoing) -> tuple[Message, int | None]:
    """Send the message (a long digest as several, the buttons under the last) in its topic;
    returns the first, and the topic if it was gone (what followed went to General). Without
    the rate limiter's own retries: a 429 comes back to us, and the chat's other claims are
    handed back rather than held while Telegram makes us wait."""
    if item.circular is not None:  # a circular that closed: its poll is stopped first
        await carry_out(bot, item.chat_id, item.circular)
    texts, buttons = item.render()
    first: Message | None = None
    thread, lost = item.thread_id, None
    for index, text in enumerate(texts):
        markup = buttons if index == len(texts) - 1 else None

        async def send(
            to: int | None, text: str = text, markup: Keyboard | None = markup
        ) -> Message:
            return await send_text(bot, item.chat_id, text, markup, to)

        sent, fell_back = await send_in_topic(send, thread)
        if fell_back:
            lost, thread = thread, None
        first = first or sent
    assert first is not None
    return first, lost


async def send_text(
    bot: Bot, chat_id: int, text: str, buttons: Keyboard | None, thread_id: int | None = None
) -> Message:
    markup = inline_markup(buttons) if buttons is not None else None
    if isinstance(bot, ExtBot) and isinstance(bot.rate_limiter, SlidingWindowRateLimiter):
        return await bot.send_message(
            chat_id,
            text,
            reply_markup=markup,
            message_thread_id=thread_id,
            rate_limit_args=NO_RETRIES,
        )
    return await bot.send_message(chat_id, text, reply_markup=markup, message_thread_id=thread_id)
