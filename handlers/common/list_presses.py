"""The callback data of the list and help buttons, parsed strictly (as
`handlers.common.callbacks` parses the reminder and attendance buttons'): exactly the shapes
`bot.render.pages` and `bot.render.help` write, ids as ASCII digits within 32 bits, pages
from 1 to 9999, known kinds and sections only. Anything else is None.

    l:<kind>:<page>              a page of a task list
    i:<task id>:<kind>:<page>    tick a task off a list, then show that page again
    h:<section>                  a section of the help (`main` is the short help)
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError

from bot.i18n import Language
from bot.keyboards import inline_markup
from bot.render.help import HELP_SECTIONS
from bot.render.html_split import cap_message, more_marker
from bot.render.keyboards import Keyboard
from bot.render.pages import LIST_KINDS, MAX_PAGE
from handlers.common.callbacks import MAX_ID

log = logging.getLogger(__name__)

_ID = r"([0-9]{1,10})"
_PAGE = r"([0-9]{1,4})"
_KIND = f"({'|'.join(LIST_KINDS)})"
_LIST = re.compile(rf"l:{_KIND}:{_PAGE}")
_ITEM = re.compile(rf"i:{_ID}:{_KIND}:{_PAGE}")
_HELP = re.compile(f"h:({'|'.join(HELP_SECTIONS)})")


@dataclass(frozen=True)
class ListPress:
    """A press on a list: the list's kind, the page to show, and the task to tick off."""

    kind: str
    page: int
    task_id: int | None = None


def _page(digits: str) -> int | None:
    value = int(digits)
    return value if 1 <= value <= MAX_PAGE else None


def parse_list_press(data: str | None) -> ListPress | None:
    """`l:<kind>:<page>` or `i:<task id>:<kind>:<page>` exactly, else None."""
    text = data or ""
    paged = _LIST.fullmatch(text)
    if paged is not None:
        page = _page(paged.group(2))
        return ListPress(paged.group(1), page) if page is not None else None
    item = _ITEM.fullmatch(text)
    if item is None:
        return None
    task_id, page = int(item.group(1)), _page(item.group(3))
    if page is None or not 0 < task_id <= MAX_ID:
        return None
    return ListPress(item.group(2), page, task_id)


def parse_help_press(data: str | None) -> str | None:
    """The section of `h:<section>` exactly, else None."""
    match = _HELP.fullmatch(data or "")
    return match.group(1) if match is not None else None


def carries_button(message: Message, data: str) -> bool:
    """Whether the pressed message has a button with exactly this data. Telegram, not the
    client, tells what the message carries: so data forged onto another message (a `h:` press
    on a reminder, an `i:` press on someone's help) is recognised and ignored."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return any(button.callback_data == data for row in rows for button in row)


async def show_in_place(message: Message, text: str, keyboard: Keyboard, lang: Language) -> None:
    """Edit the pressed message to `text` with `keyboard` (none: no buttons), within one
    message's limit; an unchanged page or a message gone meanwhile is not an error."""
    markup = inline_markup(keyboard) if keyboard else None
    try:
        await message.edit_text(cap_message(text, more_marker(lang)), reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            log.info(
                "could not edit message %s in %s: %s", message.message_id, message.chat_id, error
            )


async def answer_press(update: Update, text: str | None, *, alert: bool = False) -> None:
    """Answer a press; `alert` shows the text as a dialog the presser must close (refusals)."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert and text is not None)
    except TelegramError as error:  # e.g. a redelivered, long expired query
        log.info("could not answer callback query %s: %s", query.id, error)
