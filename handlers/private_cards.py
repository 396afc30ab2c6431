"""Presses in a private chat on one's own tasks of any group (the private /meine sends them):
`t:<id>:done` ticks a task off, `t:<id>:due` sends the quick choices (`f:<id>:…`, without
"andere …": there is no card here to come back to).

Allowed when the presser owns the task and is still a member of its group (as the bot last
saw), and the group is one the bot serves. The change is announced in the group in one short
line, unless the group turned that off (`/einstellungen ansagen aus`), and the group's card is
edited to show it. Anything else pressed here is answered quietly.
"""

from __future__ import annotations

from html import escape

from telegram import User

from bot.i18n import language_or_default, t
from bot.language.quick_dates import OTHER_DATE
from bot.topics import posting_thread
from handlers.common.callbacks import CardPress
from handlers.common.cards import card_text, due_choices, row_keyboard, set_quick_due
from handlers.common.context import CommandContext, Services
from handlers.common.outbox import Notice
from handlers.common.presses import CardEdit, Pressed, PressResult, press_context, unknown
from handlers.common.prompting import mention
from storage.models import Chat, Member, Task, TaskStatus
from storage.tasks import owners_by_task, set_status
from storage.updates import claim_update


def is_owner(ctx: CommandContext, task: Task) -> bool:
    owners = owners_by_task(ctx.session, [task]).get(task.id or 0, [])
    return any(owner.user_id == ctx.user.id for owner in owners)


def group_card(ctx: CommandContext, task: Task) -> CardEdit | None:
    """The group's card, edited to show the change."""
    if task.card_message_id is None:
        return None
    text = card_text(ctx.session, task, ctx.tz, ctx.lang, ctx.now)
    keyboard = row_keyboard(task, ctx.lang, ctx.now)
    return CardEdit(task.chat_id, task.card_message_id, text, keyboard, ctx.lang)


def announced(
    ctx: CommandContext, chat: Chat, task: Task, key: str, **params: object
) -> Notice | None:
    """The group's one line about a change made in a private chat, in the task's topic (or
    the admins' bot topic); None when the group switched such lines off."""
    if not chat.announce_changes:
        return None
    thread = posting_thread(chat.bot_thread_id, task.message_thread_id)
    return Notice(chat.id, t(ctx.lang, key, name=mention(ctx.user), **params), thread)


def done_privately(ctx: CommandContext, chat: Chat, task: Task) -> PressResult:
    if task.status != TaskStatus.OPEN:
        return PressResult(answer=t(ctx.lang, "button_already_closed", number=task.number))
    set_status(ctx.session, task, TaskStatus.DONE, ctx.actor, ctx.now, planner=ctx.planner)
    params = {"number": task.number, "title": escape(task.title)}
    return PressResult(
        answer=t(ctx.lang, "card_done_ok", number=task.number),
        card_edit=group_card(ctx, task),
        notice=announced(ctx, chat, task, "private_done_notice", **params),
    )


def due_privately(ctx: CommandContext, chat: Chat, task: Task, choice: str | None) -> PressResult:
    """`None`: send the choices; else set the chosen date (as the group's card does)."""
    if task.status != TaskStatus.OPEN:
        return PressResult(answer=t(ctx.lang, "button_already_closed", number=task.number))
    params = {"number": task.number, "title": escape(task.title)}
    if choice is None:
        text = t(ctx.lang, "private_due_ask", group=escape(chat.title), **params)
        return PressResult(send=(text, due_choices(task, ctx.lang, private=True)))
    answer = set_quick_due(ctx, task, choice)
    return PressResult(
        answer=answer,
        edit=True,
        text=answer,
        lang=ctx.lang,
        card_edit=group_card(ctx, task),
        notice=announced(ctx, chat, task, "private_due_notice", **params),
    )


def apply_private_press(
    svc: Services, pressed: Pressed, press: CardPress, user: User, is_admin: bool | None
) -> PressResult:
    """Do what a button in a private chat says (blocking: runs in a database thread)."""
    now = svc.clock()
    lang = svc.settings.bot_language
    wanted = press.kind == "t" and press.action in ("done", "due")
    wanted = wanted or (press.kind == "f" and press.action != OTHER_DATE)
    if not wanted:
        return unknown(lang)
    with svc.db.transaction() as session:
        task = session.get(Task, press.item_id)
        chat = session.get(Chat, task.chat_id) if task is not None else None
        member = session.get(Member, (chat.id, user.id)) if chat is not None else None
        if (
            task is None
            or chat is None
            or not chat.active
            or not svc.settings.is_chat_allowed(chat.id)
            or member is None
            or not member.is_member
        ):
            return unknown(lang)
        if not claim_update(session, pressed.update_id, now):
            return PressResult()
        lang = language_or_default(chat.language, lang)
        ctx = press_context(session, svc, chat, user, lang, chat.timezone, now, None)
        if not is_owner(ctx, task):
            return PressResult(answer=t(lang, "private_not_owner", number=task.number), alert=True)
        if press.kind == "t" and press.action == "done":
            return done_privately(ctx, chat, task)
        return due_privately(ctx, chat, task, press.action if press.kind == "f" else None)
