"""The buttons under a task list (handlers.lists): `◀ n/m ▶` turns its pages, `#3 ✅` ticks a
task off, and the same page is shown again, in place, from the data of that moment.

A press is checked as a command is: the data must be exactly a list button's
(handlers.common.list_presses) and sit on the pressed message (so it cannot be forged onto
another one); the list must fit the chat (`my` only in a private chat, `mine` only in a group,
where only the member who asked for it turns its pages: the list is the one replying to their
command). Ticking off follows /erledigt's rules — the creator, an owner or an admin of the
task's group — through the same storage function; a refusal is an alert to the presser alone.
A task done or gone meanwhile is said so, and the page is shown as it is now. In a private
chat the member's groups are the ones they are still in (handlers.common.membership), and a
task ticked off there is announced in its group in one line (`announces_private_changes`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from sqlmodel import Session
from telegram import Chat as TelegramChat
from telegram import Message, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import Language, language_or_default, t
from bot.render.pages import ListPage
from bot.render.tasks import clip_title
from bot.topics import posting_thread
from handlers.common.callbacks import answer_quietly
from handlers.common.context import Services, enter_chat, is_chat_admin, services
from handlers.common.list_presses import (
    ListPress,
    answer_press,
    carries_button,
    parse_list_press,
    show_in_place,
)
from handlers.common.membership import confirm_memberships
from handlers.common.outbox import Notice
from handlers.common.permissions import may_complete
from handlers.common.replies import post_in_topic
from handlers.common.senders import clip_names
from handlers.common.task_lists import (
    GROUP_KINDS,
    PRIVATE_KINDS,
    ListScope,
    announces_private_changes,
    list_page,
    member_groups,
)
from storage.audit import Actor
from storage.models import Chat, Task, TaskStatus
from storage.tasks import owners_by_task, set_status
from storage.updates import claim_update

log = logging.getLogger(__name__)
NOTICE_TITLE_LIMIT = 100  # characters of a title the group's one-line notice shows


@dataclass(frozen=True)
class ListButtonPress:
    """A press as the handler read it: which update, where, by whom, whose list."""

    update_id: int
    chat: TelegramChat
    user: User
    press: ListPress
    owner_id: int  # whose tasks `mine` and `my` show (the presser's, or the asker's)
    withheld: frozenset[int]  # groups Telegram could not confirm the member in just now


@dataclass(frozen=True)
class PressOutcome:
    answer: str | None
    alert: bool
    page: ListPage | None
    lang: Language
    notice: Notice | None = None


class AdminAnswerNeeded(Exception):
    """The rules alone refuse the tick; whether the presser administers `chat_id` decides."""

    def __init__(self, chat_id: int) -> None:
        super().__init__(chat_id)
        self.chat_id = chat_id


@dataclass(frozen=True)
class Tick:
    """What ticking off said: the presser's answer (an alert when `refused`), the group's
    notice if any."""

    answer: str
    refused: bool = False
    notice: Notice | None = None


def tick_off(
    session: Session,
    svc: Services,
    scope: ListScope,
    pressed: ListButtonPress,
    lang: Language,
    is_admin: bool | None,
) -> Tick:
    """Tick the pressed task off, by /erledigt's rules and with its storage function."""
    task = session.get(Task, pressed.press.task_id or 0)
    if task is None or not scope.shows(task.chat_id):
        return Tick(t(lang, "list_item_gone"))  # gone, or of a group the member has left
    if task.status != TaskStatus.OPEN:
        return Tick(t(lang, "button_already_closed", number=task.number))
    owners = owners_by_task(session, [task]).get(task.id or 0, [])
    user = pressed.user
    if not may_complete(user.id, task.created_by_id, [o.user_id for o in owners]):
        if is_admin is None:
            raise AdminAnswerNeeded(task.chat_id)
        if not is_admin:
            creator = escape(task.created_by_name or "?")
            refusal = t(lang, "button_not_permitted", number=task.number, creator=creator)
            return Tick(refusal, refused=True)
    named = clip_names(user)
    actor = Actor(user.id, named.full_name)
    set_status(session, task, TaskStatus.DONE, actor, svc.clock(), planner=svc.planner)
    answer = t(lang, "list_done_ok", number=task.number)
    group = session.get(Chat, task.chat_id)
    if scope.chat_id is not None or group is None or not announces_private_changes(group):
        return Tick(answer)
    group_lang = language_or_default(group.language, svc.settings.bot_language)
    text = t(
        group_lang,
        "private_done_notice",
        name=escape(named.first_name),
        number=task.number,
        title=escape(clip_title(task.title, NOTICE_TITLE_LIMIT)),
    )
    thread = posting_thread(group.bot_thread_id, task.message_thread_id)
    return Tick(answer, notice=Notice(group.id, text, thread))


def apply_press(
    svc: Services, pressed: ListButtonPress, is_admin: bool | None
) -> PressOutcome | None:
    """One transaction (blocking: run in a database thread): the tick, if any, and the page
    as it is now. None when this update was handled before."""
    now = svc.clock()
    with svc.db.transaction() as session:
        if not claim_update(session, pressed.update_id, now):
            log.info("update %s was handled before; ignored", pressed.update_id)
            return None
        stored, lang, tz = enter_chat(session, pressed.chat, pressed.user, svc, now)
        groups: dict[int, str] = {}
        if stored is None:
            allowed = svc.settings.allowed_chat_ids
            groups = member_groups(session, pressed.user.id, allowed, pressed.withheld)
        press = pressed.press
        scope = ListScope(press.kind, stored.id if stored else None, pressed.owner_id, groups)
        tick = None
        if press.task_id is not None:
            tick = tick_off(session, svc, scope, pressed, lang, is_admin)
            if tick.refused:  # the page stays as it is
                return PressOutcome(tick.answer, True, None, lang)
        page = list_page(session, scope, press.page, tz, lang, now)
        if tick is None:
            return PressOutcome(None, False, page, lang)
        return PressOutcome(tick.answer, False, page, lang, tick.notice)


def fits_chat(press: ListPress, chat: TelegramChat, svc: Services) -> bool:
    if chat.type == ChatType.PRIVATE:
        return press.kind in PRIVATE_KINDS
    return press.kind in GROUP_KINDS and svc.settings.is_chat_allowed(chat.id)


def list_owner(press: ListPress, message: Message, user: User) -> int | None:
    """Whose list it is: a group's `mine` list is its asker's (the list replies to their
    /meine; None when Telegram no longer shows that), every other list the presser's."""
    if press.kind != "mine":
        return user.id
    asked = message.reply_to_message
    # in a forum topic an unquoted message "replies" to the topic's first message: not asked
    if asked is None or asked.from_user is None or not (asked.text or "").startswith("/"):
        return None
    return asked.from_user.id


async def list_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`l:` and `i:` presses: check them, tick off, show the page again, tell the group."""
    query = update.callback_query
    if query is None:
        return
    svc = services(context)
    default = svc.settings.bot_language
    press, message = parse_list_press(query.data), query.message
    if (
        press is None
        or not isinstance(message, Message)
        or not carries_button(message, query.data or "")
        or not fits_chat(press, message.chat, svc)
    ):
        await answer_quietly(update, t(default, "callback_unknown"))
        return
    user = query.from_user
    owner = list_owner(press, message, user)
    if owner is None:
        await answer_press(update, t(default, "list_stale"), alert=True)
        return
    if owner != user.id and press.task_id is None:
        await answer_press(update, t(default, "list_not_yours"), alert=True)
        return
    withheld = frozenset[int]()
    if message.chat.type == ChatType.PRIVATE:
        allowed = svc.settings.allowed_chat_ids
        withheld = await confirm_memberships(context, svc.db, user.id, allowed)
    pressed = ListButtonPress(update.update_id, message.chat, user, press, owner, withheld)
    try:
        outcome = await svc.db.call(apply_press, svc, pressed, None)
    except AdminAnswerNeeded as needed:
        admin = await is_chat_admin(context, needed.chat_id, user.id)
        outcome = await svc.db.call(apply_press, svc, pressed, admin)
    if outcome is None:
        await answer_quietly(update, None)
        return
    await answer_press(update, outcome.answer, alert=outcome.alert)
    if outcome.page is not None:
        await show_in_place(message, outcome.page.text, outcome.page.keyboard, outcome.lang)
    if outcome.notice is not None:
        await tell_group(context, outcome.notice)


async def tell_group(context: ContextTypes.DEFAULT_TYPE, notice: Notice) -> None:
    """The group's one line about a change made in a private chat; a failure is only logged
    (the change is saved, and the member saw it)."""
    try:
        notices = services(context).topic_notices
        await post_in_topic(
            context.bot, notice.chat_id, notice.text, notice.thread_id, notices=notices
        )
    except TelegramError as error:
        log.warning("could not tell chat %s of a private change: %s", notice.chat_id, error)


LIST_PATTERN = r"^[li]:"
