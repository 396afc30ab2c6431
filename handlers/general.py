"""Help, and what the bot does when members or the bot itself join or leave a group."""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Language, t
from handlers.common.context import (
    Command,
    CommandContext,
    chat_command,
    remember_user,
    services,
)
from handlers.common.membership import forget_confirmation
from handlers.common.replies import send_reply
from handlers.common.senders import chat_title
from storage.chats import ensure_chat, mark_member_left
from storage.reminders import deactivate_chat

log = logging.getLogger(__name__)


def help_text(lang: Language) -> str:
    return t(lang, "help") + "\n\n" + t(lang, "help_records")


@chat_command(private=True)
def help_command(ctx: CommandContext) -> str:
    """/start, /help: what the bot does and its commands with examples."""
    text = help_text(ctx.lang)
    return text + "\n\n" + t(ctx.lang, "private_welcome") if ctx.chat is None else text


async def membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Service messages: greet when added, remember who joins, forget who leaves."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or chat.type == ChatType.PRIVATE:
        return
    svc = services(context)
    if not svc.settings.is_chat_allowed(chat.id):
        added = any(user.id == context.bot.id for user in message.new_chat_members)
        if added and svc.not_allowed_notices.allow(chat.id):
            lang = svc.settings.bot_language
            text = t(lang, "not_allowed", chat_id=chat.id)
            await send_reply(message, text, lang, notices=svc.topic_notices)
        return
    now = svc.clock()

    def record(session: Session) -> bool:
        """Store the chat and who came and went; whether the bot itself was added."""
        bot_added = False
        ensure_chat(
            session,
            chat.id,
            chat.type,
            chat_title(chat),
            timezone=svc.settings.bot_timezone,
            now=now,
            planner=svc.planner,
        )
        for user in message.new_chat_members:
            if user.id == context.bot.id:
                bot_added = True
            else:
                remember_user(session, chat.id, user, now)
        left = message.left_chat_member
        if left is not None and left.id == context.bot.id:
            deactivate_chat(session, chat.id)
            log.info("bot removed from chat %s; it is marked inactive", chat.id)
        elif left is not None:
            mark_member_left(session, chat.id, left.id, now)
        return bot_added

    bot_added = await svc.db.run(record)
    if message.left_chat_member is not None:
        forget_confirmation(context.application.bot_data, chat.id, message.left_chat_member.id)
    if bot_added:
        lang = svc.settings.bot_language
        await send_reply(message, help_text(lang), lang, notices=svc.topic_notices)


GENERAL_COMMANDS = (
    Command("help", "hilfe", help_command, "Help and examples", "Hilfe und Beispiele"),
)
