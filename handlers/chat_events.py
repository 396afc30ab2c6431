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
from handlers.common.membership import forget_confirmation, is_present, note_confirmed
from handlers.common.senders import chat_title
from storage.chat_migration import migrate_chat
from storage.chats import ensure_chat, mark_member_left
from storage.models import Chat
from storage.reminders import deactivate_chat

log = logging.getLogger(__name__)
SUPERGROUP_ID_OFFSET = 10**12  # a supergroup's id is -(10**12 + its channel id)


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


def is_basic_group_id(chat_id: int) -> bool:
    """Basic groups have ids -1 … -999999999999; supergroups and channels -100…"""
    return -SUPERGROUP_ID_OFFSET < chat_id < 0


def is_supergroup_id(chat_id: int) -> bool:
    return chat_id < -SUPERGROUP_ID_OFFSET


def migration_refusal(session: Session, old_id: int, new_id: int, new_allowed: bool) -> str | None:
    """Why an upgrade message must not move `old_id`'s data to `new_id`, or None
    (`new_allowed`: whether ALLOWED_CHAT_IDS, if set, lists the new id). Telegram
    upgrades a basic group (type `group`) to a supergroup, never anything else; a forged update
    naming another group as `migrate_from_chat_id` would otherwise carry its whole record off."""
    if not (is_basic_group_id(old_id) and is_supergroup_id(new_id)):
        return "not a basic group becoming a supergroup"
    if not new_allowed:
        return "ALLOWED_CHAT_IDS does not list the new id"
    stored = session.get(Chat, old_id)
    if stored is not None and stored.type != ChatType.GROUP:
        return f"the stored chat is a {stored.type}, not a basic group"
    return None


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The group became a supergroup: move its data to the new id (both messages do it; the
    second finds nothing left to move). Only what Telegram can really send is accepted."""
    ids = migration_ids(update)
    if ids is None:
        return
    old_id, new_id = ids
    svc = services(context)
    allowed = svc.settings.is_chat_allowed(new_id)

    def move(session: Session) -> str | None:
        refusal = migration_refusal(session, old_id, new_id, allowed)
        if refusal is None:
            migrate_chat(session, old_id, new_id, svc.clock(), planner=svc.planner)
        return refusal

    refusal = await svc.db.run(move)
    if refusal is not None:
        log.warning("upgrade of chat %s to %s refused: %s", old_id, new_id, refusal)


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
    bot_data = context.application.bot_data
    present = is_present(change.new_chat_member)

    def record(session: Session) -> None:
        if present:
            chat = change.chat
            kind, title = chat.type, chat_title(chat)
            timezone, planner = svc.settings.bot_timezone, svc.planner
            ensure_chat(session, chat.id, kind, title, timezone=timezone, now=now, planner=planner)
            remember_user(session, chat.id, user, now)
        else:
            mark_member_left(session, change.chat.id, user.id, now)

    await svc.db.run(record)
    if present:
        note_confirmed(bot_data, change.chat.id, user.id)
    else:
        forget_confirmation(bot_data, change.chat.id, user.id)


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
    title, timezone = chat_title(chat), svc.settings.bot_timezone
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
