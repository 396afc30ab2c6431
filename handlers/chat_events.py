"""Telegram events around a group rather than commands in it: the group upgraded to a
supergroup (its data follows the new id), `chat_member` updates (a member leaves or comes back)
and `my_chat_member` updates (the bot itself added to or removed from a group).

None of them answers in the chat; the bot's greeting when added comes from the
`new_chat_members` service message (handlers.general), so it is not said twice.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, ChatMemberHandler, ContextTypes, MessageHandler, filters

from handlers.common.context import remember_user, services
from handlers.common.membership import is_present
from storage.chat_migration import migrate_chat
from storage.chats import ensure_chat, mark_member_left
from storage.reminders import deactivate_chat

log = logging.getLogger(__name__)


def migration_ids(update: Update) -> tuple[int, int] | None:
    """(old id, new id) from either service message of a group's upgrade, else None."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    if message.migrate_to_chat_id is not None:
        return chat.id, message.migrate_to_chat_id
    if message.migrate_from_chat_id is not None:
        return message.migrate_from_chat_id, chat.id
    return None


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The group became a supergroup: move its data to the new id (both messages do it; the
    second finds nothing left to move)."""
    ids = migration_ids(update)
    if ids is None:
        return
    old_id, new_id = ids
    svc = services(context)
    moved = await svc.db.run(
        lambda session: migrate_chat(session, old_id, new_id, svc.clock(), planner=svc.planner)
    )
    if moved and not svc.settings.is_chat_allowed(new_id):
        log.warning(
            "chat %s became %s, which ALLOWED_CHAT_IDS does not list: add it to keep serving it",
            old_id,
            new_id,
        )


async def member_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`chat_member`: someone left or was removed (private access ends), or came back."""
    change = update.chat_member
    if change is None or change.chat.type == ChatType.PRIVATE:
        return
    svc = services(context)
    if not svc.settings.is_chat_allowed(change.chat.id):
        return
    user = change.new_chat_member.user
    now = svc.clock()

    def record(session: Session) -> None:
        if is_present(change.new_chat_member):
            chat = change.chat
            kind, title = chat.type, chat.title or ""
            timezone, planner = svc.settings.bot_timezone, svc.planner
            ensure_chat(session, chat.id, kind, title, timezone=timezone, now=now, planner=planner)
            remember_user(session, chat.id, user, now)
        else:
            mark_member_left(session, change.chat.id, user.id)

    await svc.db.run(record)


async def bot_membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`my_chat_member`: the bot was removed (the group's reminders stop) or added (the group is
    stored, if ALLOWED_CHAT_IDS lets it use the bot)."""
    change = update.my_chat_member
    if change is None or change.chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return
    svc = services(context)
    chat = change.chat
    now = svc.clock()
    if not is_present(change.new_chat_member):
        await svc.db.run(lambda session: deactivate_chat(session, chat.id))
        log.info("bot removed from chat %s; it is marked inactive", chat.id)
        return
    if not svc.settings.is_chat_allowed(chat.id):
        log.info("bot added to chat %s, which ALLOWED_CHAT_IDS does not list", chat.id)
        return
    title, timezone = chat.title or "", svc.settings.bot_timezone
    await svc.db.run(
        lambda session: ensure_chat(
            session, chat.id, chat.type, title, timezone=timezone, now=now, planner=svc.planner
        )
    )


def chat_event_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]]:
    """The handlers to register (bot.application); they match no command or other message."""
    return [
        MessageHandler(filters.StatusUpdate.MIGRATE, chat_migrated),
        ChatMemberHandler(member_changed, ChatMemberHandler.CHAT_MEMBER),
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
    ]
