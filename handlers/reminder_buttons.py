"""The buttons under a reminder: ✅ done, ⏰ +1 day, ⏰ +1 week.

The callback data carries only the reminder's id; everything else is looked up again and
checked against the chat the button was pressed in, so a forged or replayed press does nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from html import escape

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.i18n import format_due, language_or_default, t
from handlers.common import remember_user, services
from storage.models import Chat, Reminder, Task, TaskStatus
from storage.reminders import snooze, zone_of
from storage.tasks import set_status

log = logging.getLogger(__name__)
SNOOZES = {"day": timedelta(days=1), "week": timedelta(weeks=1)}


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a reminder's button: close the task or snooze this reminder."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    svc = services(context)
    lang = svc.settings.bot_language
    chat_id = query.message.chat.id
    _, raw_id, action = [*query.data.split(":"), "", ""][:3]
    if not raw_id.isdigit() or (action != "done" and action not in SNOOZES):
        await query.answer(t(lang, "button_unknown"))
        return
    if query.message.chat.type == ChatType.PRIVATE or not svc.settings.is_chat_allowed(chat_id):
        await query.answer(t(lang, "button_unknown"))
        return
    now = svc.clock()
    with svc.db.transaction() as session:
        reminder = session.get(Reminder, int(raw_id))
        chat = session.get(Chat, chat_id)
        task = session.get(Task, reminder.task_id) if reminder and reminder.task_id else None
        if reminder is None or chat is None or task is None or reminder.chat_id != chat_id:
            await query.answer(t(lang, "button_unknown"))
            return
        lang = language_or_default(chat.language, lang)
        remember_user(session, chat_id, query.from_user, now)
        name = escape(query.from_user.first_name)
        if action == "done":
            if task.status == TaskStatus.OPEN:
                set_status(session, task, TaskStatus.DONE, query.from_user.full_name, now)
                note, answer = t(lang, "button_done_by", name=name), t(lang, "button_done_ok")
            else:
                note, answer = "", t(lang, "button_already_closed", number=task.number)
        elif task.status != TaskStatus.OPEN or not snooze(
            session, reminder, now + SNOOZES[action], now
        ):
            note, answer = "", t(lang, "button_already_snoozed")
        else:
            until = now + SNOOZES[action]
            when = format_due(until, True, zone_of(chat), lang)
            note = t(lang, "button_snoozed_by", name=name, when=when)
            answer = t(lang, "button_snoozed_ok", when=when)
    await query.answer(answer)
    if note and isinstance(query.message, Message):
        try:
            await query.edit_message_text(f"{query.message.text_html}\n\n{note}", reply_markup=None)
        except BadRequest as error:
            log.info("could not edit reminder message in %s: %s", chat_id, error)
