"""The buttons under a reminder: ✅ done, ⏰ +1 day, ⏰ +1 week.

The callback data carries only the reminder's id; everything else is looked up again and
checked against the chat the button was pressed in, so a forged or replayed press does nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from html import escape

from telegram import Message, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.i18n import format_due, language_or_default, t
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
from storage.models import Chat, Reminder, Task, TaskStatus
from storage.reminders import snooze, zone_of
from storage.tasks import owners_by_task, set_status

log = logging.getLogger(__name__)
SNOOZES = {"day": timedelta(days=1), "week": timedelta(weeks=1)}


def apply_press(
    svc: Services, chat_id: int, reminder_id: int, action: str, user: User, is_admin: bool | None
) -> tuple[str, str]:
    """Do what the button says; returns (answer for the presser, note to add to the message).

    Raises AdminCheckNeeded when only an admin may close this task. Blocking: the handler
    runs it in a database thread."""
    now = svc.clock()
    lang = svc.settings.bot_language
    with svc.db.transaction() as session:
        reminder = session.get(Reminder, reminder_id)
        chat = session.get(Chat, chat_id)
        task = session.get(Task, reminder.task_id) if reminder and reminder.task_id else None
        if reminder is None or chat is None or task is None or reminder.chat_id != chat_id:
            return t(lang, "button_unknown"), ""
        lang = language_or_default(chat.language, lang)
        remember_user(session, chat_id, user, now)
        name = escape(user.first_name)
        if action == "done":
            if task.status != TaskStatus.OPEN:
                return t(lang, "button_already_closed", number=task.number), ""
            owners = owners_by_task(session, [task]).get(task.id or 0, [])
            if not may_complete(user.id, task.created_by_id, [o.user_id for o in owners]):
                if is_admin is None:
                    raise AdminCheckNeeded
                if not is_admin:
                    creator = task.created_by_name or "?"
                    return t(lang, "button_not_permitted", number=task.number, creator=creator), ""
            actor = Actor(user.id, clip_names(user).full_name)
            set_status(session, task, TaskStatus.DONE, actor, now, planner=svc.planner)
            return t(lang, "button_done_ok"), t(lang, "button_done_by", name=name)
        until = now + SNOOZES[action]
        if task.status != TaskStatus.OPEN or not snooze(session, reminder, until, now):
            return t(lang, "button_already_snoozed"), ""
        when = format_due(until, True, zone_of(chat), lang)
        return t(lang, "button_snoozed_ok", when=when), t(
            lang, "button_snoozed_by", name=name, when=when
        )


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a reminder's button: close the task or snooze this reminder."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    svc = services(context)
    chat_id = query.message.chat.id
    _, raw_id, action = [*query.data.split(":"), "", ""][:3]
    if (
        not raw_id.isdigit()
        or (action != "done" and action not in SNOOZES)
        or query.message.chat.type == ChatType.PRIVATE
        or not svc.settings.is_chat_allowed(chat_id)
    ):
        await query.answer(t(svc.settings.bot_language, "button_unknown"))
        return
    user = query.from_user
    try:
        answer, note = await svc.db.call(apply_press, svc, chat_id, int(raw_id), action, user, None)
    except AdminCheckNeeded:
        admin = await is_chat_admin(context, chat_id, user.id)
        answer, note = await svc.db.call(
            apply_press, svc, chat_id, int(raw_id), action, user, admin
        )
    await query.answer(answer)
    if note and isinstance(query.message, Message):
        try:
            await query.edit_message_text(f"{query.message.text_html}\n\n{note}", reply_markup=None)
        except BadRequest as error:
            log.info("could not edit reminder message in %s: %s", chat_id, error)
