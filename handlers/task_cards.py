"""The buttons of a task's card in a group, and the answers to the questions they ask.

    t:<id>:done  ✅ done                  (whoever may /erledigt it)
    t:<id>:due   📅 → the quick choices   (the creator and the owners, as /frist)
    t:<id>:own   👤 → the owner picker    (the creator, as /zuweisen)
    t:<id>:undo  ↩️ undo the creation for UNDO_WINDOW (the creator, as /streichen), or
                 reopen a done task (as /wieder)
    f:<id>:…     a quick choice; `other` asks for a date to type
    o:<id>:…     toggle a member, another page, `other` asks for a name, `ok` back to the card
    k:<id>       📋 under a decision: asks for the title of a task linked to it (anyone)

A press counts only on the item's own card, in the item's chat (`Task.card_message_id`);
anything else — another chat's id, another message, a task that is gone — is answered quietly.
A press goes through the command's rules (handlers.common.task_rules); a refusal is an alert
to the presser. The card is edited in place to show the task as it is now.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from telegram import User

from bot.i18n import format_due, language_or_default, t
from bot.language.arguments import clean_title, is_no_date, split_mentions
from bot.language.dates import DateParseError, parse_due_date
from bot.language.quick_dates import OTHER_DATE
from bot.render.keyboards import Keyboard
from bot.render.minutes import register_ref
from bot.render.tasks import render_owners
from handlers.common.callbacks import CardPress
from handlers.common.cards import (
    card_text,
    due_choices,
    may_still_undo,
    page_of,
    picker_keyboard,
    queue_card_edit,
    row_keyboard,
    set_quick_due,
)
from handlers.common.context import CommandContext, Services, UserError, remember_user
from handlers.common.owners import resolve_owners
from handlers.common.permissions import may_change
from handlers.common.presses import (
    Pressed,
    PressResult,
    Question,
    Refused,
    press_context,
    refused,
    unknown,
)
from handlers.common.replies import Reply
from handlers.common.task_rules import (
    creator_name,
    require_may_change,
    require_may_complete,
    require_may_reopen,
    require_may_set_due,
)
from storage.models import Chat, Decision, Member, PendingPrompt, PromptKind, Task, TaskStatus
from storage.tasks import OwnerRef, owners_by_task, replace_owners, set_due, set_status
from storage.updates import claim_update


def card(
    ctx: CommandContext, task: Task, answer: str | None, keyboard: Keyboard | None = None
) -> PressResult:
    """The pressed card, edited to show the task as it is now (with its row, or `keyboard`)."""
    text = card_text(ctx.session, task, ctx.tz, ctx.lang, ctx.now)
    rows = row_keyboard(task, ctx.lang, ctx.now) if keyboard is None else keyboard
    return PressResult(answer=answer, edit=True, text=text, keyboard=rows, lang=ctx.lang)


def require_open(ctx: CommandContext, task: Task) -> None:
    if task.status != TaskStatus.OPEN:
        raise UserError("button_already_closed", number=task.number)


def press_done(ctx: CommandContext, task: Task) -> PressResult:
    if task.status != TaskStatus.OPEN:
        return card(ctx, task, t(ctx.lang, "button_already_closed", number=task.number))
    require_may_complete(ctx, task)
    set_status(ctx.session, task, TaskStatus.DONE, ctx.actor, ctx.now, planner=ctx.planner)
    return card(ctx, task, t(ctx.lang, "card_done_ok", number=task.number))


def press_undo(ctx: CommandContext, task: Task) -> PressResult:
    """↩️: a done task is reopened; an open one is cancelled as /streichen does (the audit
    keeps its creation), by its creator or an admin, within UNDO_WINDOW of its creation."""
    if task.status == TaskStatus.CANCELLED:
        return card(ctx, task, t(ctx.lang, "card_already_undone", number=task.number))
    if task.status == TaskStatus.DONE:
        require_may_reopen(ctx, task)
        set_status(ctx.session, task, TaskStatus.OPEN, ctx.actor, ctx.now, planner=ctx.planner)
        return card(ctx, task, t(ctx.lang, "card_reopened_ok", number=task.number))
    refusal = UserError("card_undo_not_permitted", number=task.number, creator=creator_name(task))
    ctx.require(may_change(ctx.user.id, task.created_by_id), refusal)
    if not may_still_undo(task, ctx.now):  # told as an alert; the card loses its stale ↩️
        late = card(ctx, task, t(ctx.lang, "card_undo_too_late", number=task.number))
        return replace(late, alert=True)
    set_status(ctx.session, task, TaskStatus.CANCELLED, ctx.actor, ctx.now, planner=ctx.planner)
    return card(ctx, task, t(ctx.lang, "card_undone_ok", number=task.number))


def press_due_choice(ctx: CommandContext, task: Task, choice: str) -> PressResult:
    require_may_set_due(ctx, task)
    require_open(ctx, task)
    if choice == OTHER_DATE:
        return ask(ctx, task, PromptKind.DUE, "ask_due")
    return card(ctx, task, set_quick_due(ctx, task, choice))


def ask(ctx: CommandContext, task: Task, kind: PromptKind, key: str) -> PressResult:
    question = Question(
        ctx.group().id,
        ctx.user,
        kind,
        key,
        ctx.lang,
        task_id=task.id,
        params={"number": task.number, "title": escape(task.title)},
    )
    return PressResult(answer=t(ctx.lang, "card_asked"), question=question)


def press_owner(ctx: CommandContext, task: Task, press: CardPress) -> PressResult:
    """The owner picker: the creator's (as /zuweisen); "fertig" only goes back to the card."""
    if press.action == "ok":
        return card(ctx, task, None)
    require_may_change(ctx, task)
    require_open(ctx, task)
    if press.action == "page":
        return card(ctx, task, None, picker_keyboard(ctx.session, task, ctx.lang, press.page or 0))
    if press.action == "other":
        return ask(ctx, task, PromptKind.OWNER, "ask_owner")
    assert press.user_id is not None
    member = ctx.session.get(Member, (task.chat_id, press.user_id))
    if member is None or not member.is_member:
        return unknown(ctx.lang)
    owners = owners_by_task(ctx.session, [task]).get(task.id or 0, [])
    kept = [o for o in owners if o.user_id != member.user_id]
    name = escape(member.first_name)
    if len(kept) < len(owners):
        answer = t(ctx.lang, "card_owner_removed", name=name)
    else:
        kept.append(OwnerRef(member.first_name, member.user_id, member.username))
        answer = t(ctx.lang, "card_owner_added", name=name)
    replace_owners(ctx.session, task, kept, ctx.actor, ctx.now)
    page = page_of(ctx.session, task, member.user_id)
    return card(ctx, task, answer, picker_keyboard(ctx.session, task, ctx.lang, page))


def press_on_task(ctx: CommandContext, task: Task, press: CardPress) -> PressResult:
    if press.kind == "f":
        return press_due_choice(ctx, task, press.action)
    if press.kind == "o":
        return press_owner(ctx, task, press)
    if press.action == "done":
        return press_done(ctx, task)
    if press.action == "undo":
        return press_undo(ctx, task)
    if press.action == "due":
        require_may_set_due(ctx, task)
        require_open(ctx, task)
        return card(ctx, task, None, due_choices(task, ctx.lang))
    require_may_change(ctx, task)  # "own"
    require_open(ctx, task)
    return card(ctx, task, None, picker_keyboard(ctx.session, task, ctx.lang, 0))


def press_on_decision(ctx: CommandContext, decision: Decision) -> PressResult:
    """📋 Aufgabe dazu: anyone may record a task; not for a repealed decision."""
    if decision.repealed_at is not None:
        raise UserError("decision_link_repealed", ref=register_ref(decision))
    question = Question(
        ctx.group().id,
        ctx.user,
        PromptKind.DECISION_TASK,
        "ask_decision_task",
        ctx.lang,
        decision_id=decision.id,
        params={"ref": register_ref(decision)},
    )
    return PressResult(answer=t(ctx.lang, "card_asked"), question=question)


def apply_group_press(
    svc: Services, pressed: Pressed, press: CardPress, user: User, is_admin: bool | None
) -> PressResult:
    """Do what a card's button in a group says (blocking: runs in a database thread)."""
    now = svc.clock()
    lang = svc.settings.bot_language
    with svc.db.transaction() as session:
        chat = session.get(Chat, pressed.chat_id)
        item: Task | Decision | None = (
            session.get(Decision, press.item_id)
            if press.kind == "k"
            else session.get(Task, press.item_id)
        )
        if (
            chat is None
            or item is None
            or item.chat_id != chat.id
            or item.card_message_id != pressed.message_id
        ):
            return unknown(lang)
        if not claim_update(session, pressed.update_id, now):
            return PressResult()  # handled before a restart: only answered
        lang = language_or_default(chat.language, lang)
        remember_user(session, chat.id, user, now)
        ctx = press_context(session, svc, chat, user, lang, chat.timezone, now, is_admin)
        try:
            if isinstance(item, Decision):
                return press_on_decision(ctx, item)
            return press_on_task(ctx, item, press)
        except UserError as error:
            raise refused(lang, error) from error
        except DateParseError as error:  # a quick choice the parser refused: never expected
            raise Refused(t(lang, "callback_unknown")) from error


# --- the answers to the questions the buttons asked ----------------------------------------------


def asked_task(ctx: CommandContext, prompt: PendingPrompt) -> Task:
    task = ctx.session.get(Task, prompt.task_id) if prompt.task_id else None
    if task is None or task.chat_id != ctx.group().id:
        raise UserError("prompt_gone")
    require_open(ctx, task)
    return task


def answer_due(ctx: CommandContext, prompt: PendingPrompt) -> str | Reply:
    """A typed due date for the task, read like `/frist 3 <answer>`."""
    task = asked_task(ctx, prompt)
    require_may_set_due(ctx, task)
    params = {"number": task.number, "title": escape(task.title)}
    if is_no_date(ctx.args):
        set_due(ctx.session, task, None, False, ctx.actor, ctx.now, planner=ctx.planner)
        queue_card_edit(ctx, task)
        return t(ctx.lang, "task_due_cleared", **params)
    due = parse_due_date(ctx.args, ctx.local_now)  # DateParseError: the usual refusal
    due_at, has_time = due.to_utc(ctx.tz), due.at is not None
    set_due(ctx.session, task, due_at, has_time, ctx.actor, ctx.now, planner=ctx.planner)
    queue_card_edit(ctx, task)
    return t(ctx.lang, "task_due_set", due=format_due(due_at, has_time, ctx.tz, ctx.lang), **params)


def owner_key(owner: OwnerRef) -> int | str:
    """Who an owner is: a member by id, anyone else by name (as resolve_owners dedupes)."""
    return owner.user_id if owner.user_id is not None else owner.name.lower()


def answer_owner(ctx: CommandContext, prompt: PendingPrompt) -> str | Reply:
    """A typed owner (`@name`, a first name or any name) added to the task's owners."""
    task = asked_task(ctx, prompt)
    require_may_change(ctx, task)
    rest, names = split_mentions(ctx.args)
    if not names and not ctx.text_mentions and clean_title(rest):
        names = (clean_title(rest)[:64],)
    added = resolve_owners(ctx, names)
    if not added:
        raise UserError("assign_missing", number=task.number)
    owners = owners_by_task(ctx.session, [task]).get(task.id or 0, [])
    known = {owner_key(owner) for owner in owners}
    merged = owners + [owner for owner in added if owner_key(owner) not in known]
    replace_owners(ctx.session, task, merged, ctx.actor, ctx.now)
    queue_card_edit(ctx, task)
    shown = render_owners(merged)
    return t(ctx.lang, "task_assigned", owners=shown, number=task.number, title=escape(task.title))
