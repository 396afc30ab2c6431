"""Continuing a group's question in the private chat, through a deep link.

Under the question of `/aufgabe` or `/beschluss` alone the group gets "🔒 Privat weitermachen",
a link `t.me/<bot>?start=<token>` (handlers.common.prompting makes it, storage.handover keeps
the token). Following it sends `/start <token>` in the private chat — which also lets the bot
write to a member who never started it. Then:

1. `start_with_link`: the token is checked (made for this member, unused, not older than a day,
   the member still in the group); the group's own question is closed, so an answer there makes
   nothing; the same question is asked here with a ForceReply, naming the group.
2. `handover_answer_handler`: the member's reply to that question is answered by the group
   question's own answerer (`answer_task_title`, `answer_decision_text`: the wiring passes them
   in), in the group's context and topic, in one transaction; the card goes to the group (into
   the item's topic, General when that is gone) and the private chat gets a short confirmation.
   A refused answer (a title too long) keeps the question open here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.i18n import Language, language_or_default, t
from bot.language.handover import parse_start_payload
from handlers.common.context import (
    REFUSALS,
    AdminCheckNeeded,
    CommandContext,
    Handler,
    Services,
    UserError,
    chat_command,
    error_reply,
    extract_arguments,
    is_chat_admin,
    services,
)
from handlers.common.prompting import Answerer, force_reply
from handlers.common.replies import Reply, post_in_topic, send_reply
from storage.handover import (
    Refusal,
    asked_privately,
    close_handover,
    follow,
    is_in_group,
    open_handover,
)
from storage.models import Chat, PendingPrompt, PrivateHandover, PromptKind
from storage.updates import claim_update

log = logging.getLogger(__name__)

REFUSAL_KEYS = {
    Refusal.UNKNOWN: "handover_unknown",
    Refusal.USED: "handover_used",
    Refusal.ANSWERED: "prompt_gone",
    Refusal.NOT_YOURS: "handover_not_yours",
    Refusal.EXPIRED: "handover_expired",
    Refusal.LEFT: "handover_left",
}
# the private question for each kind of group question, and the usage its refusals show
QUESTIONS = {
    PromptKind.TASK_TITLE: ("handover_ask_task_title", "ask_task_title"),
    PromptKind.DECISION_TEXT: ("handover_ask_decision_text", "ask_decision_text"),
}
USAGES = {PromptKind.TASK_TITLE: "usage_task", PromptKind.DECISION_TEXT: "records_usage_decision"}


def group_language(settings: Settings, group: Chat) -> Language:
    return language_or_default(group.language, settings.bot_language)


def group_name(group: Chat) -> str:
    return escape(group.title or "?")


@chat_command(private=True)
def start_with_link(ctx: CommandContext) -> str | Reply:
    """/start <token> in the private chat: the group's question, asked here."""
    token = parse_start_payload(ctx.args)
    if token is None:
        raise UserError("handover_unknown")
    followed = follow(ctx.session, token, ctx.user.id, ctx.now)
    if followed.refusal is not None:
        raise UserError(REFUSAL_KEYS[followed.refusal])
    handover = followed.handover
    assert handover is not None and handover.id is not None
    group = ctx.session.get(Chat, handover.chat_id)
    if group is None or handover.chat_id in ctx.withheld_chats:
        raise UserError("handover_left")  # rolled back: the link stays good
    lang = group_language(ctx.settings, group)
    key, hint = QUESTIONS[PromptKind(handover.kind)]
    handover_id = handover.id
    return Reply(
        t(lang, key, group=group_name(group)),
        force_reply=force_reply(lang, hint),
        remember=lambda session, message_id: asked_privately(session, handover_id, message_id),
    )


@dataclass(frozen=True)
class Handed:
    """What answering the private question ended with: the private reply, and (when the item
    was made) its card for the group's topic."""

    private_text: str
    lang: Language
    card: Reply | None = None
    chat_id: int = 0
    thread_id: int | None = None


@dataclass(frozen=True)
class PrivateAnswer:
    """A member's reply in the private chat to a followed link's question."""

    user: User
    question_id: int  # the private question it replies to
    args: str
    mentions: list[User]
    update_id: int
    bot_username: str


def answer_context(
    svc: Services,
    session: Session,
    group: Chat,
    handover: PrivateHandover,
    answer: PrivateAnswer,
    now: datetime,
    is_admin: bool | None,
) -> CommandContext:
    """The context the group's own answer would have had: its chat, language, zone and the
    question's topic, with the private reply's text as the arguments."""
    return CommandContext(
        session=session,
        chat=group,
        user=answer.user,
        lang=group_language(svc.settings, group),
        tz=ZoneInfo(group.timezone) if group.timezone else svc.settings.timezone,
        now=now,
        args=answer.args,
        settings=svc.settings,
        planner=svc.planner,
        text_mentions=answer.mentions,
        bot_username=answer.bot_username,
        is_admin=is_admin,
        thread_id=handover.message_thread_id,
    )


def make_item(
    svc: Services,
    answerers: Mapping[PromptKind, Answerer],
    answer: PrivateAnswer,
    now: datetime,
    is_admin: bool | None,
) -> Handed | None:
    """One transaction: the group question's answerer makes the item (or refuses, rolled back:
    the question stays open); None when the update was handled before a restart."""
    lang, usage = svc.settings.bot_language, "usage_task"
    try:
        with svc.db.transaction() as session:
            if not claim_update(session, answer.update_id, now):
                return None
            handover = open_handover(session, answer.user.id, answer.question_id, now)
            group = session.get(Chat, handover.chat_id) if handover is not None else None
            if handover is None or group is None:
                raise UserError("prompt_gone")
            if not is_in_group(session, group.id, answer.user.id):
                raise UserError("handover_left")
            kind = PromptKind(handover.kind)
            usage = USAGES.get(kind, usage)
            ctx = answer_context(svc, session, group, handover, answer, now, is_admin)
            lang = ctx.lang
            asked = PendingPrompt(chat_id=group.id, message_id=0, user_id=ctx.user.id, kind=kind)
            result = answerers[kind](ctx, asked)  # never stored: the group's question is closed
            close_handover(session, handover)
            card = result if isinstance(result, Reply) else Reply(result)
            done = t(lang, "handover_done", group=group_name(group))
            return Handed(done, lang, card, group.id, ctx.thread_id)
    except REFUSALS as error:
        return Handed(error_reply(lang, error, usage), lang)


def handover_answer_handler(answerers: Mapping[PromptKind, Answerer]) -> Handler:
    """The handler for replies in a private chat to the bot's questions of a followed link."""

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, chat, user = update.effective_message, update.effective_chat, update.effective_user
        replied = message.reply_to_message if message else None
        if message is None or chat is None or user is None or replied is None:
            return
        if chat.type != ChatType.PRIVATE or replied.from_user is None:
            return
        if replied.from_user.id != context.bot.id:
            return
        svc = services(context)
        now, question_id = svc.clock(), replied.message_id

        def group_of(session: Session) -> int | None:
            handover = open_handover(session, user.id, question_id, now)
            return handover.chat_id if handover is not None else None

        group_id = await svc.db.run(group_of)
        if group_id is None:  # a reply to a message that asks nothing: chat
            return
        args, mentions = extract_arguments(message)
        answer = PrivateAnswer(
            user, question_id, args, mentions, update.update_id, context.bot.username
        )
        try:
            handed = await svc.db.call(make_item, svc, answerers, answer, now, None)
        except AdminCheckNeeded:
            is_admin = await is_chat_admin(context, group_id, user.id)
            handed = await svc.db.call(make_item, svc, answerers, answer, now, is_admin)
        if handed is None:
            return
        text = handed.private_text
        if handed.card is not None:
            text = await post_card(context, handed) or text
        await send_reply(message, text, handed.lang)

    return handler


async def post_card(context: ContextTypes.DEFAULT_TYPE, handed: Handed) -> str | None:
    """The new item's card into the group's topic (and remembered as its card); when Telegram
    refuses it, the private reply to say what was saved (the item is stored all the same)."""
    assert handed.card is not None
    svc, card = services(context), handed.card
    try:
        sent = await post_in_topic(
            context.bot,
            handed.chat_id,
            card.text,
            handed.thread_id,
            notices=svc.topic_notices,
            reply_markup=card.markup,
        )
    except TelegramError as error:
        log.warning("could not post the card in chat %s: %s", handed.chat_id, error)
        return t(handed.lang, "handover_not_posted") + "\n\n" + card.text
    if card.remember is not None:
        remember, message_id = card.remember, sent.message_id
        await svc.db.run(lambda session: remember(session, message_id))
    return None
