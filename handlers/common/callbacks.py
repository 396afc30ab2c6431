"""The callback data of the bot's inline buttons, parsed strictly, and the answer to a press
no button of ours could have sent.

A modified client can send any callback data (up to 64 bytes) with a press on any message the
bot sent. So data is accepted only in exactly the shapes the buttons carry — a known prefix,
ASCII digits of a database id (at most 10, within a 32-bit integer), a known action — and the
handlers then check that the pressed message is the one the button was sent on. Anything else
is answered quietly (a short notice to the presser, nothing in the chat).

    r:<reminder id>:<done|day|week>   the buttons under a reminder (bot.render.reminders)
    m:<meeting id>                    "I'm here" under a meeting's attendance message
    n:<plan id>:<yes|no>              "Ich komme" / "Ich bin verhindert" under an invitation
    t:, f:, o:, k:                    a task's or decision's card (bot.render.cards)
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import t
from bot.language.quick_dates import QUICK_CHOICES
from bot.render.invitation import ANSWER_ACTIONS, INVITATION_PREFIX
from handlers.common.context import services

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # ids are database integers (PostgreSQL `integer`)
REMINDER_ACTIONS = ("done", "day", "week")
REMINDER_PREFIX = "r:"
ATTENDANCE_PREFIX = "m:"
_ID = r"([0-9]{1,10})"  # [0-9], not \d: no other script's digits, no superscripts
_REMINDER = re.compile(rf"r:{_ID}:({'|'.join(REMINDER_ACTIONS)})")
_ATTENDANCE = re.compile(rf"m:{_ID}")
_INVITATION = re.compile(rf"{INVITATION_PREFIX}{_ID}:({'|'.join(ANSWER_ACTIONS)})")
INVITATION_PATTERN = rf"^{INVITATION_PREFIX}"  # every press with it comes to its handler
CARD_ACTIONS = ("done", "due", "own", "undo")
CARD_PATTERN = r"^[tfok]:"  # every press with a card's prefix comes to the card handler
_CARD = re.compile(rf"t:{_ID}:({'|'.join(CARD_ACTIONS)})")
_DUE = re.compile(rf"f:{_ID}:({'|'.join(QUICK_CHOICES)})")
# a Telegram user id has up to 52 bits; a page number is small
_OWNER = re.compile(rf"o:{_ID}:(?:([0-9]{{1,16}})|p([0-9]{{1,3}})|(other|ok))")
_DECISION_TASK = re.compile(rf"k:{_ID}")
MAX_USER_ID = 2**52


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


@dataclass(frozen=True)
class InvitationPress:
    plan_id: int
    coming: bool


def parse_invitation_press(data: str | None) -> InvitationPress | None:
    """`i:<plan id>:yes` or `i:<plan id>:no` exactly, else None."""
    match = _INVITATION.fullmatch(data or "")
    if match is None:
        return None
    plan_id = _database_id(match.group(1))
    return InvitationPress(plan_id, match.group(2) == "yes") if plan_id is not None else None


@dataclass(frozen=True)
class CardPress:
    """A press on a card or on the rows that replace its row.

    `kind` is the prefix: "t" (the card's row; `action` one of CARD_ACTIONS), "f" (a due date
    choice; `action` one of QUICK_CHOICES), "o" (the owner picker; `action` "toggle" with
    `user_id`, "page" with `page`, "other" or "ok"), "k" (a task for a decision; `item_id` is
    the decision's id, else the task's)."""

    kind: str
    item_id: int
    action: str
    user_id: int | None = None
    page: int | None = None


def parse_card_press(data: str | None) -> CardPress | None:
    """`t:`, `f:`, `o:` or `k:` data exactly as the cards' buttons carry it, else None."""
    data = data or ""
    for kind, pattern in (("t", _CARD), ("f", _DUE)):
        match = pattern.fullmatch(data)
        if match is not None:
            item = _database_id(match.group(1))
            return CardPress(kind, item, match.group(2)) if item is not None else None
    if (match := _OWNER.fullmatch(data)) is not None:
        item = _database_id(match.group(1))
        user, page, word = match.group(2), match.group(3), match.group(4)
        if item is None:
            return None
        if user is not None:
            user_id = int(user)
            return (
                CardPress("o", item, "toggle", user_id=user_id)
                if 0 < user_id < MAX_USER_ID
                else None
            )
        if page is not None:
            return CardPress("o", item, "page", page=int(page))
        return CardPress("o", item, word)
    if (match := _DECISION_TASK.fullmatch(data)) is not None:
        item = _database_id(match.group(1))
        return CardPress("k", item, "task") if item is not None else None
    return None


def attendance_data(meeting_id: int) -> str:
    return f"{ATTENDANCE_PREFIX}{meeting_id}"


async def answer_quietly(update: Update, text: str | None, *, alert: bool = False) -> None:
    """Answer a press (Telegram wants every press answered); a failure is only logged.
    `alert`: a refusal, shown to the presser as an alert they must dismiss."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text, show_alert=True if alert and text is not None else None)
    except TelegramError as error:  # e.g. a redelivered, long expired query
        log.info("could not answer callback query %s: %s", query.id, error)


async def unknown_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Callback data no button of ours carries: say so to the presser, do nothing else."""
    query = update.callback_query
    if query is not None:
        log.info("callback data %r matches no button; ignored", (query.data or "")[:64])
    await answer_quietly(update, t(services(context).settings.bot_language, "callback_unknown"))
