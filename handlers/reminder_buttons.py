"""The buttons under a reminder: ✅ done, ⏰ +1 day, ⏰ +1 week.

The callback data carries only the reminder's id (parsed strictly, handlers.common.callbacks);
everything else is looked up again and checked: the chat the button was pressed in, and the
message — a reminder's buttons act only on the message that reminder was sent as, so a forged
press on another message, or on a reminder never sent, does nothing.
✅ under a recurring plain reminder ticks off this occurrence (the series goes on; `/streichen`
ends it). Under a message of several reminders, a press removes only its item's button row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.i18n import Language, format_due, language_or_default, t
from bot.render.html_split import TELEGRAM_TEXT_LIMIT, cap_message, more_marker, visible_length
from handlers.common.callbacks import ReminderPress, answer_quietly, parse_reminder_press
from handlers.common.context import (
    AdminCheckNeeded,
    Services,
    is_chat_admin,
    remember_user,
    services,
)
from handlers.common.permissions import may_complete
from handlers.common.senders import clip_names
from storage.audit import Actor
from storage.models import Chat, Reminder, ReminderStatus, Task, TaskKind, TaskStatus
from storage.reminders import snooze, zone_of
from storage.tasks import owners_by_task, set_status

log = logging.getLogger(__name__)
SNOOZES = {"day": timedelta(days=1), "week": timedelta(weeks=1)}


@dataclass(frozen=True)
class Pressed:
    """Where a press came from: the chat and the message the button sat under."""

    chat_id: int
    message_id: int


def is_pressed_on(reminder: Reminder, pressed: Pressed) -> bool:
    """Whether this reminder was sent, to this chat, as the pressed message."""
    return (
        reminder.chat_id == pressed.chat_id
        and reminder.status == ReminderStatus.SENT
        and reminder.message_id == pressed.message_id
    )


def apply_press(
    svc: Services, pressed: Pressed, press: ReminderPress, user: User, is_admin: bool | None
) -> tuple[str, str, Language]:
    """Do what the button says; returns (answer for the presser, note to add to the message,
    the chat's language).

    Raises AdminCheckNeeded when only an admin may close this task. Blocking: the handler
    runs it in a database thread."""
    now = svc.clock()
    lang = svc.settings.bot_language
    action = press.action
    with svc.db.transaction() as session:
        reminder = session.get(Reminder, press.reminder_id)
        chat = session.get(Chat, pressed.chat_id)
        task = session.get(Task, reminder.task_id) if reminder and reminder.task_id else None
        if reminder is None or chat is None or task is None or not is_pressed_on(reminder, pressed):
            return t(lang, "button_unknown"), "", lang
        chat_id = chat.id
        lang = language_or_default(chat.language, lang)
        remember_user(session, chat_id, user, now)
        name = escape(clip_names(user).first_name)
        if action == "done":
            if task.status != TaskStatus.OPEN:
                return t(lang, "button_already_closed", number=task.number), "", lang
            owners = owners_by_task(session, [task]).get(task.id or 0, [])
            if not may_complete(user.id, task.created_by_id, [o.user_id for o in owners]):
                if is_admin is None:
                    raise AdminCheckNeeded
                if not is_admin:
                    creator = task.created_by_name or "?"
                    return (
                        t(lang, "button_not_permitted", number=task.number, creator=creator),
                        "",
                        lang,
                    )
            if task.kind == TaskKind.REMINDER and task.recurrence:
                return (*tick_off_occurrence(task, name, zone_of(chat), lang), lang)
            actor = Actor(user.id, clip_names(user).full_name)
            set_status(session, task, TaskStatus.DONE, actor, now, planner=svc.planner)
            return t(lang, "button_done_ok"), t(lang, "button_done_by", name=name), lang
        until = now + SNOOZES[action]
        if task.status != TaskStatus.OPEN or not snooze(
            session, reminder, task, until, now, planner=svc.planner
        ):
            return t(lang, "button_already_snoozed"), "", lang
        when = format_due(until, True, zone_of(chat), lang)
        note = t(lang, "button_snoozed_by", name=name, when=when)
        return t(lang, "button_snoozed_ok", when=when), note, lang


def tick_off_occurrence(task: Task, name: str, tz: ZoneInfo, lang: Language) -> tuple[str, str]:
    """✅ under a recurring plain reminder: this occurrence is done, the series goes on (the
    dispatcher moved the task to its next occurrence when it sent this one)."""
    when = format_due(task.due_at, True, tz, lang) if task.due_at else ""
    return t(lang, "button_occurrence_done_ok"), t(
        lang, "button_occurrence_done_by", name=name, when=when
    )


def without_item(
    markup: InlineKeyboardMarkup | None, reminder_id: int
) -> InlineKeyboardMarkup | None:
    """The buttons left once this reminder is dealt with: the rows of the message's other
    reminders (none under a message of one reminder)."""
    prefix = f"r:{reminder_id}:"
    rows = [
        row
        for row in (markup.inline_keyboard if markup else ())
        if not any(str(button.callback_data or "").startswith(prefix) for button in row)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def with_note(text_html: str, note: str, lang: Language) -> str:
    """The message with the note under it, within Telegram's limit (the note always shows)."""
    room = TELEGRAM_TEXT_LIMIT - visible_length(note) - 2
    return f"{cap_message(text_html, more_marker(lang), room)}\n\n{note}"


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a reminder's button: close the task or snooze this reminder."""
    query = update.callback_query
    if query is None:
        return
    svc = services(context)
    press = parse_reminder_press(query.data)
    if (
        press is None
        or query.message is None
        or query.message.chat.type == ChatType.PRIVATE
        or not svc.settings.is_chat_allowed(query.message.chat.id)
    ):
        await answer_quietly(update, t(svc.settings.bot_language, "button_unknown"))
        return
    chat_id = query.message.chat.id
    user = query.from_user
    pressed = Pressed(chat_id, query.message.message_id)
    try:
        answer, note, lang = await svc.db.call(apply_press, svc, pressed, press, user, None)
    except AdminCheckNeeded:
        admin = await is_chat_admin(context, chat_id, user.id)
        answer, note, lang = await svc.db.call(apply_press, svc, pressed, press, user, admin)
    await answer_quietly(update, answer)
    if note and isinstance(query.message, Message):
        text = with_note(query.message.text_html, note, lang)
        try:
            await query.edit_message_text(
                text, reply_markup=without_item(query.message.reply_markup, press.reminder_id)
            )
        except BadRequest as error:
            log.info("could not edit reminder message in %s: %s", chat_id, error)
