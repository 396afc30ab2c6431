"""A task's or decision's card: the bot's confirmation with a compact row of buttons, and the
rows that replace it while a member picks a due date or owners. Pure: texts come from the
catalogues, buttons are plain `Button`s (bot.render.keyboards).

The callback data (parsed strictly in handlers.common.callbacks):

    t:<task id>:<done|due|own|undo>    the card's row
    f:<task id>:<choice>               a due date quick choice (bot.language.quick_dates)
    o:<task id>:<user id>              toggle an owner; o:<id>:p<page> another page;
    o:<task id>:other                  someone the bot does not know; o:<id>:ok back to the card
    k:<decision id>                    "📋 Aufgabe dazu" under a decision

↩️ on an open task undoes its creation (for a few minutes); on a done task it reopens it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Language, t
from bot.language.quick_dates import QUICK_CHOICES
from bot.render.keyboards import Button, Keyboard
from bot.render.tasks import render_owners, render_task_details
from bot.render.views import STATUS_CANCELLED, STATUS_DONE, STATUS_OPEN, TaskView

OWNERS_PER_PAGE = 8
FOLLOWUP_KIND = "followup"


def task_data(task_id: int, action: str) -> str:
    return f"t:{task_id}:{action}"


def due_data(task_id: int, choice: str) -> str:
    return f"f:{task_id}:{choice}"


def owner_data(task_id: int, what: int | str) -> str:
    return f"o:{task_id}:{what}"


def decision_task_data(decision_id: int) -> str:
    return f"k:{decision_id}"


def card_keyboard(task_id: int, status: str, lang: Language, *, undo: bool = True) -> Keyboard:
    """The card's row: all four buttons while open (↩️ only while the creation may be
    undone); ↩️ to reopen once done; nothing once cancelled."""
    if status == STATUS_OPEN:
        row = [
            Button(t(lang, "card_done"), task_data(task_id, "done")),
            Button(t(lang, "card_due"), task_data(task_id, "due")),
            Button(t(lang, "card_owner"), task_data(task_id, "own")),
        ]
        if undo:
            row.append(Button(t(lang, "card_undo"), task_data(task_id, "undo")))
        return [row]
    if status == STATUS_DONE:
        return [[Button(t(lang, "card_reopen"), task_data(task_id, "undo"))]]
    return []


def due_keyboard(task_id: int, lang: Language, *, private: bool = False) -> Keyboard:
    """Heute, Morgen, Freitag / Nächste Woche, In 2 Wochen, Ende des Monats / Keine, andere …
    / back to the card. In a private chat (no card to go back to, no question to ask there)
    without "andere …" and the way back."""
    buttons = [Button(t(lang, f"due_choice_{c}"), due_data(task_id, c)) for c in QUICK_CHOICES]
    if private:
        return [buttons[0:3], buttons[3:6], buttons[6:7]]
    back = Button(t(lang, "card_back"), owner_data(task_id, "ok"))
    return [buttons[0:3], buttons[3:6], buttons[6:8], [back]]


@dataclass(frozen=True)
class Candidate:
    """Someone the owner picker offers: a member the bot knows in the group."""

    user_id: int
    name: str


def page_count(total: int) -> int:
    return max(1, -(-total // OWNERS_PER_PAGE))


def owner_keyboard(
    task_id: int,
    candidates: Sequence[Candidate],
    owner_ids: Collection[int],
    page: int,
    lang: Language,
) -> Keyboard:
    """The members as toggles, two a row, ✓ on the current owners; ◀ ▶ between pages of
    eight; "jemand anderes …" and "fertig"."""
    page = min(max(page, 0), page_count(len(candidates)) - 1)
    shown = candidates[page * OWNERS_PER_PAGE : (page + 1) * OWNERS_PER_PAGE]
    toggles = [
        Button(
            ("✓ " if c.user_id in owner_ids else "") + c.name[:40], owner_data(task_id, c.user_id)
        )
        for c in shown
    ]
    rows: list[list[Button]] = [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    paging = []
    if page > 0:
        paging.append(Button("◀", owner_data(task_id, f"p{page - 1}")))
    if page < page_count(len(candidates)) - 1:
        paging.append(Button("▶", owner_data(task_id, f"p{page + 1}")))
    if paging:
        rows.append(paging)
    rows.append(
        [
            Button(t(lang, "owner_other"), owner_data(task_id, "other")),
            Button(t(lang, "owner_done"), owner_data(task_id, "ok")),
        ]
    )
    return rows


def decision_keyboard(decision_id: int, lang: Language) -> Keyboard:
    return [[Button(t(lang, "card_decision_task"), decision_task_data(decision_id))]]


def render_card(
    view: TaskView, tz: ZoneInfo, lang: Language, now: datetime, *, created: bool = False
) -> str:
    """The card's text for the task as it is now: open (with owners and due date), done, or
    undone. Only the reply to the command that made the task says "angelegt" (`created`); a
    card shown again later (`/frist 3`) or edited says what the task is, not that it is new."""
    task = view.task
    title = escape(task.title)
    if task.status == STATUS_DONE:
        by = escape(task.closed_by_name or "?")
        head = t(lang, "card_done_text", number=task.number, title=title, name=by)
        owners = render_owners(view.owners)
        return f"{head}\n{t(lang, 'owners_label', owners=owners)}" if view.owners else head
    if task.status == STATUS_CANCELLED:
        by = escape(task.closed_by_name or "?")
        return t(lang, "card_undone_text", number=task.number, title=title, name=by)
    if created:
        key = "followup_created" if task.kind == FOLLOWUP_KIND else "task_created"
    else:
        key = "card_followup_text" if task.kind == FOLLOWUP_KIND else "card_task_text"
    head = t(lang, key, number=task.number, title=title)
    details = render_task_details(view, tz, lang, now)
    return f"{head}\n{details}" if details else head
