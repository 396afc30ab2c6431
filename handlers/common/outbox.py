"""What a record command sends besides its text reply: documents, a message with a button,
edits of an earlier bot message, a notice to another chat, or an action of its own (a poll).

`chat_command` sends exactly one (split) text reply. `rich_command` wraps it: the body may
`queue()` further sends, which are made after the reply, once the transaction has committed.
A body that refuses (raises) leaves nothing queued, so a refusal never sends a document.
A message with a button and an edit must stay one message: they are capped to Telegram's
limit with "… +N more" (`cap_message`), never refused for their length.

Documents and button messages go to the forum topic the reply went to (the command's, unless
the body pointed `ctx.thread_id` elsewhere); a notice to another chat goes to the topic it
names (General when none). A topic that is gone means General (`bot.topics.send_in_topic`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass

from sqlmodel import Session
from telegram import InputFile, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.i18n import Language
from bot.keyboards import inline_markup
from bot.render.html_split import cap_message, more_marker
from bot.render.keyboards import Button, Keyboard
from bot.topics import send_in_topic
from handlers.common.context import CommandBody, CommandContext, Handler, chat_command, services
from handlers.common.replies import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    filename: str
    data: bytes


@dataclass(frozen=True)
class ButtonMessage:
    """A message with one inline button; `remember(session, message_id)` stores its id."""

    text: str
    button: Button
    lang: Language
    remember: Callable[[Session, int], None] | None = None


@dataclass(frozen=True)
class Edit:
    """New text (and button, or none) for an earlier bot message in the same chat; `keyboard`
    (rows of buttons: a task's card) instead of the one button."""

    message_id: int
    text: str
    lang: Language
    button: Button | None = None
    keyboard: Keyboard | None = None


@dataclass(frozen=True)
class Notice:
    """A message to another chat: a group told of a change a member made in a private chat."""

    chat_id: int
    text: str
    thread_id: int | None = None  # the topic of that chat (None: General)


@dataclass(frozen=True)
class Action:
    """Any other send after the reply, e.g. a poll: `run(context, chat_id, thread_id)`. It
    handles its own Telegram errors (what to store when the send fails is its business)."""

    run: Callable[[ContextTypes.DEFAULT_TYPE, int, int | None], Awaitable[None]]


Outgoing = Document | ButtonMessage | Edit | Notice | Action


@dataclass
class Outbox:
    """What a body queued, and the topic its reply went to (where the queued sends go)."""

    items: list[Outgoing]
    thread_id: int | None = None


_OUTBOX: ContextVar[Outbox | None] = ContextVar("records_outbox", default=None)


def queue(item: Outgoing) -> None:
    box = _OUTBOX.get()
    assert box is not None, "queue() outside a rich_command"
    box.items.append(item)


def is_not_modified(error: BadRequest) -> bool:
    return "not modified" in str(error).lower()


async def edit_message(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    message_id: int,
    text: str,
    button: Button | None,
    lang: Language,
    keyboard: Keyboard | None = None,
) -> None:
    """Edit a bot message; an unchanged text or a deleted message is not an error."""
    rows = keyboard if keyboard is not None else [[button]] if button else None
    markup = inline_markup(rows) if rows else None
    try:
        await context.bot.edit_message_text(
            cap_message(text, more_marker(lang)),
            chat_id=chat_id,
            message_id=message_id,
            reply_markup=markup,
        )
    except BadRequest as error:
        if not is_not_modified(error):
            log.info("could not edit message %s in chat %s: %s", message_id, chat_id, error)


async def deliver(
    item: Outgoing, chat_id: int, thread_id: int | None, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """Send one queued item to the chat (a notice to its own chat), in the topic."""
    bot, notices = context.bot, services(context).topic_notices
    if isinstance(item, Action):
        await item.run(context, chat_id, thread_id)
        return
    if isinstance(item, Edit):
        await edit_message(
            context, chat_id, item.message_id, item.text, item.button, item.lang, item.keyboard
        )
        return
    if isinstance(item, Notice):
        chat_id, thread_id = item.chat_id, item.thread_id

    async def send(thread: int | None) -> Message:
        if isinstance(item, Notice):
            return await bot.send_message(chat_id, item.text, message_thread_id=thread)
        if isinstance(item, Document):
            upload = InputFile(item.data, filename=item.filename)
            return await bot.send_document(chat_id, upload, message_thread_id=thread)
        text = cap_message(item.text, more_marker(item.lang))
        markup = inline_markup([[item.button]])
        return await bot.send_message(chat_id, text, reply_markup=markup, message_thread_id=thread)

    sent, fell_back = await send_in_topic(send, thread_id)
    if fell_back and thread_id is not None:
        await notices.topic_lost(bot, chat_id, thread_id)
    if isinstance(item, ButtonMessage) and item.remember is not None:
        remember, message_id = item.remember, sent.message_id
        await services(context).db.run(lambda session: remember(session, message_id))


def rich_command(*, usage_key: str, private: bool = False) -> Callable[[CommandBody], Handler]:
    """Like `chat_command`, and the body may `queue()` documents, button messages and edits."""

    def decorate(body: CommandBody) -> Handler:
        def guarded(ctx: CommandContext) -> str | Reply:
            box = _OUTBOX.get()
            try:
                reply = body(ctx)
            except BaseException:
                if box is not None:
                    box.items.clear()
                raise
            if box is not None:
                box.thread_id = ctx.thread_id
            return reply

        inner = chat_command(usage_key=usage_key, private=private)(functools.wraps(body)(guarded))

        @functools.wraps(body)
        async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            box = Outbox([])
            token = _OUTBOX.set(box)
            try:
                await inner(update, context)
            finally:
                _OUTBOX.reset(token)
            chat = update.effective_chat
            for item in box.items:
                if chat is None:
                    break
                try:
                    await deliver(item, chat.id, box.thread_id, context)
                except TelegramError as error:
                    # The record is stored; a lost extra message is reported, not fatal.
                    log.warning(
                        "could not send %s to chat %s: %s", type(item).__name__, chat.id, error
                    )

        return handler

    return decorate
