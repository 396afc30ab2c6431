"""Questions the bot asks one member with a ForceReply, and their answers.

When a command lacks what it needs (`/aufgabe` alone, `/beschluss` alone) or a button needs a
typed value ("andere …" under 📅, "jemand anderes …" under 👤, "📋 Aufgabe dazu"), the bot
asks with `ForceReply(selective=True)`: the question names the member (a mention), so only
their app opens the reply field. The question is stored (`storage.cards.ask`, kind and item)
once Telegram has taken it, so an answer after a restart is understood. Under the question of
`/aufgabe` or `/beschluss` alone a second message carries "🔒 Privat weitermachen", a deep link
that continues the question in the private chat (handlers.handover).

An answer is a reply to the question — replies to the bot reach it even with privacy mode on.
`prompt_answer_handler` takes every reply to one of the bot's messages: a reply to a message
that asks nothing is left alone; an answer by someone else than the asked member is told so
kindly; otherwise the answerer of the question's kind runs as a command body (`chat_command`:
one transaction, the usual refusals). A refused answer (a date the parser cannot read) keeps
the question open, so it can be answered again; a good one closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from html import escape

from sqlmodel import Session
from telegram import ForceReply, Update, User
from telegram.ext import ContextTypes

from bot.i18n import Language, t
from bot.render.handover import handover_keyboard
from handlers.common.context import CommandContext, Handler, UserError, services
from handlers.common.outbox import rich_command
from handlers.common.replies import Reply
from handlers.common.senders import clip_names
from storage.cards import ask, close_prompt, find_prompt, open_prompt
from storage.handover import offer, retire_offers
from storage.models import PendingPrompt, PromptKind

Answerer = Callable[[CommandContext, PendingPrompt], str | Reply]
PLACEHOLDER_MAX = 64  # Telegram's limit for input_field_placeholder
# What a command alone asks that the member may answer in the private chat instead (the
# "🔒 Privat weitermachen" link under the question: handlers.handover).
PRIVATE_KINDS = (PromptKind.TASK_TITLE, PromptKind.DECISION_TEXT)


def mention(user: User) -> str:
    name = escape(clip_names(user).first_name or "?")
    return f'<a href="tg://user?id={user.id}">{name}</a>'


def force_reply(lang: Language, key: str) -> ForceReply:
    """Only the mentioned member (or the sender of the quoted command) gets the reply field."""
    return ForceReply(
        selective=True, input_field_placeholder=t(lang, f"{key}_hint")[:PLACEHOLDER_MAX]
    )


def ask_for(
    ctx: CommandContext,
    kind: PromptKind,
    key: str,
    *,
    task_id: int | None = None,
    decision_id: int | None = None,
    **params: object,
) -> Reply:
    """A command's reply that asks its member for `kind` (the text `key`, which names them)."""
    chat_id, user_id, now = ctx.group().id, ctx.user.id, ctx.now

    def remember(session: Session, message_id: int) -> None:
        ask(
            session,
            chat_id=chat_id,
            message_id=message_id,
            user_id=user_id,
            kind=kind,
            now=now,
            task_id=task_id,
            decision_id=decision_id,
        )

    text = t(ctx.lang, key, name=mention(ctx.user), **params)
    question = Reply(text, force_reply=force_reply(ctx.lang, key), remember=remember)
    if kind not in PRIVATE_KINDS or not ctx.bot_username:
        return question
    token = offer(
        ctx.session, chat_id=chat_id, user_id=user_id, kind=kind, thread_id=ctx.thread_id, now=now
    )
    keyboard = handover_keyboard(ctx.bot_username, token, ctx.lang)
    return replace(question, then=Reply(t(ctx.lang, "handover_offer"), keyboard))


def prompt_answer_handler(answerers: Mapping[PromptKind, Answerer]) -> Handler:
    """The handler for replies to the bot's messages; `answerers` says what each kind of
    question does with its answer (the wiring passes them in: they live in several areas)."""

    @rich_command(usage_key="usage_task")
    def answer(ctx: CommandContext) -> str | Reply:
        replied = ctx.reply_to
        assert replied is not None  # the handler below only passes replies
        prompt = open_prompt(ctx.session, ctx.group().id, replied.message_id, ctx.now)
        if prompt is None:  # answered meanwhile, or expired
            raise UserError("prompt_gone")
        if prompt.user_id != ctx.user.id:
            raise UserError("prompt_not_yours")
        result = answerers[PromptKind(prompt.kind)](ctx, prompt)
        close_prompt(ctx.session, prompt, ctx.now)
        retire_offers(ctx.session, ctx.group().id, ctx.user.id, PromptKind(prompt.kind), ctx.now)
        return result

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, chat = update.effective_message, update.effective_chat
        replied = message.reply_to_message if message else None
        if message is None or chat is None or replied is None or replied.from_user is None:
            return
        if replied.from_user.id != context.bot.id:
            return
        svc = services(context)
        replied_id = replied.message_id
        asks = await svc.db.run(
            lambda session: find_prompt(session, chat.id, replied_id) is not None
        )
        # a reply to a message that never asked is chat, not an answer; one to a question
        # answered or expired meanwhile is told so (`answer` refuses it)
        if asks:
            await answer(update, context)

    return handler
