"""The one place a rendered keyboard (`bot.render.keyboards`) becomes Telegram's inline markup;
used by the reminder dispatcher and by the handlers' outbox."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render.keyboards import Button, Keyboard


def inline_markup(keyboard: Keyboard) -> InlineKeyboardMarkup:
    """Rows of buttons as `reply_markup`; every button answers with a callback query, except
    a link button (`url`), which opens its link."""
    return InlineKeyboardMarkup([[inline_button(b) for b in row] for row in keyboard])


def inline_button(button: Button) -> InlineKeyboardButton:
    if button.url is not None:
        return InlineKeyboardButton(button.text, url=button.url)
    return InlineKeyboardButton(button.text, callback_data=button.callback_data)
