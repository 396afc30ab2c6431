"""Commands the bot does not know: one short answer with the closest of ours ("Meintest du
/aufgabe?"), in the chat's language, at most once a minute per chat.

Only commands meant for this bot are answered: addressed to it (`/x@thisbot`), written in a
private chat with it, or close to one of its commands. Other bots' commands in a group
(`/ban`, `/start@otherbot`) stay unanswered. Telegram marks only ASCII names as commands, so
`/ändern` and `/beschlüsse` are read from the text itself (in a group with privacy mode on the
bot does not even receive them; in a private chat it does).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Language, language_or_default, t
from bot.language.commands import closest_commands, typed_command
from handlers.common.context import Handler, services
from handlers.common.replies import send_reply
from storage.models import Chat


def suggestion_list(names: Sequence[str], lang: Language) -> str:
    """`/aufgabe`, `/aufgabe oder /aufgaben`."""
    commands = [f"/{name}" for name in names]
    if len(commands) == 1:
        return commands[0]
    return ", ".join(commands[:-1]) + t(lang, "unknown_command_or") + commands[-1]


def unknown_command_handler(known: Sequence[str]) -> Handler:
    """The handler for messages starting with `/` that no command handler took; `known` are
    the names of our commands, English and German."""
    own = {name.lower() for name in known}

    async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or message.text is None:
            return
        typed = typed_command(message.text)
        svc = services(context)
        if typed is None or typed.name.lower() in own:
            return  # no command, or ours (e.g. an edited message, which commands ignore)
        bot_name = (context.bot.username or "").lower()
        if typed.bot is not None and typed.bot.lower() != bot_name:
            return  # another bot's command
        private = chat.type == ChatType.PRIVATE
        if not private and not svc.settings.is_chat_allowed(chat.id):
            return
        suggestions = closest_commands(typed.name, known)
        if not suggestions and typed.bot is None and not private:
            return  # neither addressed to us nor close to ours
        if not svc.command_hints.allow(chat.id):
            return
        lang = svc.settings.bot_language
        if not private:
            stored = await svc.db.run(lambda session: session.get(Chat, chat.id))
            lang = language_or_default(stored.language if stored else None, lang)
        if suggestions:
            reply = t(lang, "unknown_command_suggest", commands=suggestion_list(suggestions, lang))
        else:
            reply = t(lang, "unknown_command", command=f"/{typed.name}")
        await send_reply(message, reply, lang, notices=svc.topic_notices)

    return unknown_command
