"""The callback data of the bot's inline buttons, parsed strictly, and the answer to a press
no button of ours could have sent.

A modified client can send any callback data (up to 64 bytes) with a press on any message the
bot sent. So data is accepted only in exactly the shapes the buttons carry — a known prefix,
ASCII digits of a database id (at most 10, within a 32-bit integer), a known action — and the
handlers then check that the pressed message is the one the button was sent on. Anything else
is answered quietly (a short notice to the presser, nothing in the chat).

    r:<reminder id>:<done|day|week>   the buttons under a reminder (bot.render.reminders)
    m:<meeting id>                    "I'm here" under a meeting's attendance message
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import t
from handlers.common.context import services

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # ids are database integers (PostgreSQL `integer`)
REMINDER_ACTIONS = ("done", "day", "week")
REMINDER_PREFIX = "r:"
ATTENDANCE_PREFIX = "m:"
_ID = r"([0-9]{1,10})"  # [0-9], not \d: no other script's digits, no superscripts
_REMINDER = re.compile(rf"r:{_ID}:({'|'.join(REMINDER_ACTIONS)})")
_ATTENDANCE = re.compile(rf"m:{_ID}")


@dataclass(frozen=True)
class ReminderPress:
    reminder_id: int
    action: str  # one of REMINDER_ACTIONS


def _database_id(digits: str) -> int | None:
    value = int(digits)
    return value if 0 < value <= MAX_ID else None


def parse_reminder_press(data: str | None) -> ReminderPress | None:
    """`r:<id>:<action>` exactly, else None."""
    match = _REMINDER.fullmatch(data or "")
    if match is None:
        return None
    reminder_id = _database_id(match.group(1))
    return ReminderPress(reminder_id, match.group(2)) if reminder_id is not None else None


def parse_attendance_press(data: str | None) -> int | None:
    """The meeting id of `m:<id>` exactly, else None."""
    match = _ATTENDANCE.fullmatch(data or "")
    return _database_id(match.group(1)) if match is not None else None


def attendance_data(meeting_id: int) -> str:
    return f"{ATTENDANCE_PREFIX}{meeting_id}"


async def answer_quietly(update: Update, text: str | None) -> None:
    """Answer a press (Telegram wants every press answered); a failure is only logged."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text)
    except TelegramError as error:  # e.g. a redelivered, long expired query
        log.info("could not answer callback query %s: %s", query.id, error)


async def unknown_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Callback data no button of ours carries: say so to the presser, do nothing else."""
    query = update.callback_query
    if query is not None:
        log.info("callback data %r matches no button; ignored", (query.data or "")[:64])
    await answer_quietly(update, t(services(context).settings.bot_language, "callback_unknown"))
