"""The "🔒 Privat weitermachen" link button: a deep link into the private chat with the bot,
carrying only the opaque token of the handover (storage.handover), never a chat id."""

from __future__ import annotations

from bot.i18n import Language, t
from bot.render.keyboards import Button, Keyboard


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def handover_keyboard(bot_username: str, token: str, lang: Language) -> Keyboard:
    """One row with the link button (a URL button: a press opens the private chat)."""
    return [[Button(t(lang, "handover_button"), "", url=deep_link(bot_username, token))]]
