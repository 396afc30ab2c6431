"""Who a message in a group comes from, as far as the record is concerned.

Telegram has three kinds of sender besides a member writing as themself:

- an anonymous group admin: `sender_chat` is the group, `from` is GroupAnonymousBot
  (id 1087968824, a bot). The command runs; it is attributed to the group, named by the admin's
  custom title (`author_signature`) or the group's title, and nobody is recorded as a member;
- a member writing as one of their channels, or a post of the linked channel forwarded into
  its discussion group: `sender_chat` is that channel. Nobody can be held to account for it,
  so such a message is ignored (no reply, nothing stored);
- `channel_post` updates (the bot in a channel) never reach a command handler at all.
"""

from __future__ import annotations

from telegram import Chat, Message, User

from bot.language.bidi import strip_bidi_controls
from storage.models import NAME_MAX_LENGTH

GROUP_ANONYMOUS_BOT_ID = 1087968824
ANONYMOUS_FALLBACK_NAME = "Admin"


def without_bidi_controls(user: User) -> User:
    """The user with bidi control characters taken out of the first and last name: they would
    reorder what is shown after the name (bot.language.bidi)."""
    first = strip_bidi_controls(user.first_name)
    last = strip_bidi_controls(user.last_name) if user.last_name else None
    if first == user.first_name and last == user.last_name:
        return user
    return User(
        user.id,
        first,
        user.is_bot,
        last_name=last or None,
        username=user.username,
        language_code=user.language_code,
    )


def clip_names(user: User, limit: int = NAME_MAX_LENGTH) -> User:
    """The user without bidi controls, with first and last name cut so that `full_name` fits a
    name column (Telegram allows 64 + 1 + 64 characters, one more than we store)."""
    user = without_bidi_controls(user)
    first = user.first_name[:limit]
    room = limit - len(first) - 1
    last = user.last_name[:room] if user.last_name and room > 0 else None
    if first == user.first_name and last == user.last_name:
        return user
    return User(
        user.id,
        first,
        user.is_bot,
        last_name=last,
        username=user.username,
        language_code=user.language_code,
    )


def is_anonymous_admin(message: Message, chat: Chat, user: User) -> bool:
    sender = message.sender_chat
    return (sender is not None and sender.id == chat.id) or user.id == GROUP_ANONYMOUS_BOT_ID


def acting_user(message: Message, chat: Chat, user: User) -> User | None:
    """Whom a command is attributed to; None when it must be ignored (sent as a channel)."""
    sender = message.sender_chat
    if sender is not None and sender.id != chat.id:
        return None
    if is_anonymous_admin(message, chat, user):
        name = message.author_signature or chat.title or ANONYMOUS_FALLBACK_NAME
        return User(user.id, strip_bidi_controls(name)[:NAME_MAX_LENGTH], is_bot=True)
    return clip_names(user)


def chat_title(chat: Chat) -> str:
    """The group's title as it is stored: without bidi control characters."""
    return strip_bidi_controls(chat.title or "")
