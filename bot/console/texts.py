"""The console's own lines (its help, notes, refusals) in the chat's language.

They live in the bot's gettext catalogues under keys starting with `console_`, written as
Telegram HTML like every other text there (so `&lt;Text&gt;` for a shown `<Text>`); the console
prints their plain text. Parameters are escaped first, so a member named `<b>` stays literal.
"""

from __future__ import annotations

from html import escape

from bot.console.entities import html_to_text
from bot.i18n import Language, t


def console_text(lang: Language, key: str, **params: object) -> str:
    """The plain text of console line `key` in `lang`."""
    safe = {name: escape(str(value), quote=False) for name, value in params.items()}
    return html_to_text(t(lang, key, **safe))
