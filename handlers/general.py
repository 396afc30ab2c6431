"""Help, and what the bot does when members or the bot itself join or leave a group.

/hilfe is one short message (the five commands everyone needs) with a button per section
(bot.render.help); a press shows that section in the same message, "◀ Zurück" the short help.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import language_or_default, t
from bot.render.help import MAIN, render_help
from handlers.common.callbacks import answer_quietly
from handlers.common.context import (
    Command,
    CommandContext,
    chat_command,
    remember_user,
    services,
)
from handlers.common.list_presses import carries_button, parse_help_press, show_in_place
from handlers.common.membership import forget_confirmation
from handlers.common.replies import Reply, send_reply
from handlers.common.senders import chat_title
from storage.chats import ensure_chat, mark_member_left
from storage.models import Chat
from storage.reminders import deactivate_chat

log = logging.getLogger(__name__)


@chat_command(private=True)
def help_command(ctx: CommandContext) -> Reply:
    """/start, /help: the five commands everyone needs, and buttons for the rest."""
    page = render_help(MAIN, ctx.lang, private=ctx.chat is None)
    return Reply(page.text, page.keyboard)


async def help_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A help button: the section it names, in the same message (only on a help message)."""
    query = update.callback_query
    if query is None:
        return
    svc = services(context)
    section = parse_help_press(query.data)
    message = query.message
    if (
        section is None
        or not isinstance(message, Message)
        or not carries_button(message, query.data or "")
        or (
            not svc.settings.is_chat_allowed(message.chat.id)
            and message.chat.type != ChatType.PRIVATE
        )
    ):
        await answer_quietly(update, t(svc.settings.bot_language, "callback_unknown"))
        return
    await answer_quietly(update, None)
    private = message.chat.type == ChatType.PRIVATE
    lang = svc.settings.bot_language
    if not private:
        chat_id = message.chat.id

        def chat_language(session: Session) -> str | None:
            stored = session.get(Chat, chat_id)
            return stored.language if stored is not None else None

        lang = language_or_default(await svc.db.run(chat_language), lang)
    page = render_help(section, lang, private=private)
    await show_in_place(message, page.text, page.keyboard, lang)


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
    if bot_added:  # the short help, and where its buttons are (a greeting stays plain text)
        lang = svc.settings.bot_language
        greeting = t(lang, "help") + "\n\n" + t(lang, "help_greeting_more")
        await send_reply(message, greeting, lang, notices=svc.topic_notices)


GENERAL_COMMANDS = (
    Command(
        "help",
        "hilfe",
        help_command,
        "Help and examples",
        "Hilfe und Beispiele",
        menus=("group", "private"),
    ),
    Command("start", "start", help_command, "Start", "Start", menus=("private",)),
)
