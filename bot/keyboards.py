"""The one place a rendered keyboard (`bot.render.keyboards`) becomes Telegram's inline markup;
used by the reminder dispatcher and by the handlers' outbox."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render.keyboards import Keyboard


def inline_markup(keyboard: Keyboard) -> InlineKeyboardMarkup:
    """Rows of buttons as `reply_markup`; every button answers with a callback query."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.text, callback_data=b.callback_data) for b in row]
            for row in keyboard
        ]
    )
