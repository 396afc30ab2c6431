"""A press on a card's button, from the callback query to what Telegram is told: the shapes
the card areas answer with, and the one handler that carries it out.

The areas (handlers.task_cards in groups, handlers.private_cards in a private chat) decide in
a database transaction what a press does and return a `PressResult`; this module then answers
the query (a refusal with `show_alert`, never a group message), edits the pressed message,
edits the group's card after a private press, asks a question with a ForceReply (stored once
sent, so that its answer is understood after a restart) and announces a private change in its
group. A refusal raises `Refused` inside the transaction, so nothing it touched is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Message, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import Language, t
from bot.keyboards import inline_markup
from bot.render.keyboards import Keyboard
from bot.topics import thread_of
from handlers.common.callbacks import CardPress, parse_card_press
from handlers.common.context import (
    AdminCheckNeeded,
    CommandContext,
    Handler,
    Services,
    UserError,
    is_chat_admin,
    services,
)
from handlers.common.outbox import Notice, edit_message
from handlers.common.prompting import force_reply, mention
from handlers.common.replies import plain_text, post_in_topic
from storage.cards import ask
from storage.models import Chat, PromptKind

log = logging.getLogger(__name__)
ANSWER_LIMIT = 200


@dataclass(frozen=True)
class Pressed:
    """Where a press came from: the chat, the message the button sat under, the update."""

    chat_id: int
    message_id: int
    private: bool
    update_id: int


@dataclass(frozen=True)
class Question:
    """Ask `user` in `chat_id` for `kind` with a ForceReply (text `key`, which names them)."""

    chat_id: int
    user: User
    kind: PromptKind
    key: str
    lang: Language
    task_id: int | None = None
    decision_id: int | None = None
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CardEdit:
    """New text and buttons for a bot message (a group's card after a private press)."""

    chat_id: int
    message_id: int
    text: str
    keyboard: Keyboard
    lang: Language


@dataclass(frozen=True)
class PressResult:
    """What to tell Telegram after a press. `text`/`keyboard` replace the pressed message's
    (`edit`); `send` is a new message in the presser's chat (text and buttons)."""

    answer: str | None = None
    alert: bool = False
    edit: bool = False
    text: str = ""
    keyboard: Keyboard = ()
    question: Question | None = None
    card_edit: CardEdit | None = None
    notice: Notice | None = None  # the group's one line about a change made privately
    send: tuple[str, Keyboard] | None = None
    lang: Language = "de"  # of `text` (what "… +N more" says when it must be cut)


class Refused(Exception):
    """A press the rules refuse: `text` is shown to the presser alone, as an alert."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def refused(lang: Language, error: UserError) -> Refused:
    return Refused(t(lang, error.key, **error.params))


def unknown(lang: Language) -> PressResult:
    """Data no button of ours sent here: answered quietly, nothing else."""
    return PressResult(answer=t(lang, "callback_unknown"))


def press_context(
    session: Session,
    svc: Services,
    chat: Chat,
    user: User,
    lang: Language,
    tz_name: str | None,
    now: datetime,
    is_admin: bool | None,
) -> CommandContext:
    """The context a command in `chat` would get, so a press goes through its rules."""
    return CommandContext(
        session=session,
        chat=chat,
        user=user,
        lang=lang,
        tz=ZoneInfo(tz_name) if tz_name else svc.settings.timezone,
        now=now,
        args="",
        settings=svc.settings,
        planner=svc.planner,
        is_admin=is_admin,
    )


PressApplier = Callable[[Services, Pressed, CardPress, User, bool | None], PressResult]


def run_press(
    apply: PressApplier,
    svc: Services,
    pressed: Pressed,
    press: CardPress,
    user: User,
    is_admin: bool | None,
) -> PressResult:
    """`apply` in a database thread; a refusal becomes an alert (its transaction rolled back)."""
    try:
        return apply(svc, pressed, press, user, is_admin)
    except Refused as refusal:
        return PressResult(answer=refusal.text, alert=True)


async def carry_out(
    result: PressResult, update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int
) -> None:
    """Answer the press, then edit and send what it asks for; a failure after the answer is
    logged (the change is saved), never shown in the group."""
    query = update.callback_query
    assert query is not None
    # a callback answer is plain text of at most 200 characters: the HTML of our texts goes
    answer = plain_text(result.answer)[:ANSWER_LIMIT] if result.answer else None
    try:
        await query.answer(answer, show_alert=result.alert)
    except TelegramError as error:
        log.info("could not answer callback query %s: %s", query.id, error)
    if result.edit and query.message is not None:
        message_id = query.message.message_id
        await edit_message(
            context, chat_id, message_id, result.text, None, result.lang, list(result.keyboard)
        )
    if (card := result.card_edit) is not None:
        await edit_message(
            context, card.chat_id, card.message_id, card.text, None, card.lang, card.keyboard
        )
    try:
        pressed = query.message if isinstance(query.message, Message) else None
        await send_extras(result, context, chat_id, thread_of(pressed))
    except TelegramError as error:  # the change is saved; a lost question or notice is logged
        log.warning("could not send after a press in chat %s: %s", chat_id, error)


async def send_extras(
    result: PressResult, context: ContextTypes.DEFAULT_TYPE, chat_id: int, thread: int | None
) -> None:
    """The question (stored once Telegram took it), the new private message, the notice; the
    first two in the pressed message's topic, the notice in the item's (`bot.topics`)."""
    bot, svc = context.bot, services(context)
    notices = svc.topic_notices
    if (asked := result.question) is not None:
        text = t(asked.lang, asked.key, name=mention(asked.user), **asked.params)
        question = force_reply(asked.lang, asked.key)
        sent = await post_in_topic(
            bot, asked.chat_id, text, thread, notices=notices, reply_markup=question
        )
        await svc.db.run(
            lambda session: ask(
                session,
                chat_id=asked.chat_id,
                message_id=sent.message_id,
                user_id=asked.user.id,
                kind=asked.kind,
                now=svc.clock(),
                task_id=asked.task_id,
                decision_id=asked.decision_id,
            )
        )
    if result.send is not None:
        text, keyboard = result.send
        markup = inline_markup(keyboard)
        await post_in_topic(bot, chat_id, text, thread, notices=notices, reply_markup=markup)
    if result.notice is not None:
        notice = result.notice
        await post_in_topic(bot, notice.chat_id, notice.text, notice.thread_id, notices=notices)


def card_press_handler(group: PressApplier, private: PressApplier) -> Handler:
    """The handler for `t:`, `f:`, `o:` and `k:` presses; `group` decides presses on a card in
    a group, `private` those in a private chat (the wiring passes both in)."""

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        svc = services(context)
        lang = svc.settings.bot_language
        press = parse_card_press(query.data)
        message = query.message
        if press is None or message is None:
            await carry_out(unknown(lang), update, context, 0)
            return
        chat = message.chat
        is_private = chat.type == ChatType.PRIVATE
        if not is_private and not svc.settings.is_chat_allowed(chat.id):
            await carry_out(unknown(lang), update, context, chat.id)
            return
        apply = private if is_private else group
        pressed = Pressed(chat.id, message.message_id, is_private, update.update_id)
        user = query.from_user
        try:
            result = await svc.db.call(run_press, apply, svc, pressed, press, user, None)
        except AdminCheckNeeded:
            admin = await is_chat_admin(context, chat.id, user.id)
            result = await svc.db.call(run_press, apply, svc, pressed, press, user, admin)
        await carry_out(result, update, context, chat.id)

    return handler
