"""Data access for the cards with buttons and the questions asked with a ForceReply.

A card is the bot's confirmation of a task or decision; its message id is stored with the item
so that a press counts only on that message. A pending question (`PendingPrompt`) waits for one
member's reply to one bot message for a day; answered or expired, it is kept closed for a week
(a reply to it is told so), then `open_prompt` forgets it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Executable, bindparam, delete, update
from sqlmodel import Session, col, select

from storage import core
from storage.models import Decision, Member, PendingPrompt, PromptKind, Task

PROMPT_LIFETIME = timedelta(days=1)
PROMPT_KEPT = timedelta(days=7)


def set_task_card(session: Session, task_id: int, message_id: int) -> None:
    """The message that now carries the task's buttons (an earlier card's presses are void).
    One UPDATE, without loading the task first: every /task runs this after its reply."""
    statement = _task_card_statement()
    core.execute(session, statement, {"b_task": task_id, "b_message": message_id})


@cache
def _task_card_statement() -> Executable:
    table = Task.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(table.c.id == bindparam("b_task"))
        .values(card_message_id=bindparam("b_message"))
    )


def set_decision_card(session: Session, decision_id: int, message_id: int) -> None:
    decision = session.get(Decision, decision_id)
    if decision is not None:
        decision.card_message_id = message_id
        session.add(decision)


def forget_old_prompts(session: Session, now: datetime) -> None:
    session.execute(delete(PendingPrompt).where(col(PendingPrompt.created_at) < now - PROMPT_KEPT))


def ask(
    session: Session,
    *,
    chat_id: int,
    message_id: int,
    user_id: int,
    kind: PromptKind,
    now: datetime,
    task_id: int | None = None,
    decision_id: int | None = None,
) -> None:
    """Remember that the bot's message `message_id` asks `user_id` for `kind` (and forget the
    questions older than a week, of every chat: there are only ever a few)."""
    forget_old_prompts(session, now)
    session.add(
        PendingPrompt(
            chat_id=chat_id,
            message_id=message_id,
            user_id=user_id,
            kind=kind.value,
            task_id=task_id,
            decision_id=decision_id,
            created_at=now,
        )
    )


def open_prompt(
    session: Session, chat_id: int, message_id: int, now: datetime
) -> PendingPrompt | None:
    """The question the bot's message asks, unless it was answered or is older than a day;
    questions older than a week are removed."""
    forget_old_prompts(session, now)
    prompt = find_prompt(session, chat_id, message_id)
    return prompt if prompt is not None and is_open(prompt, now) else None


def is_open(prompt: PendingPrompt, now: datetime) -> bool:
    return prompt.closed_at is None and prompt.created_at >= now - PROMPT_LIFETIME


def find_prompt(session: Session, chat_id: int, message_id: int) -> PendingPrompt | None:
    """The question asked by this message, open or closed: a read for every reply to the bot
    (a reply to a closed question is answered, one to any other message is chat)."""
    return session.exec(
        select(PendingPrompt).where(
            PendingPrompt.chat_id == chat_id, PendingPrompt.message_id == message_id
        )
    ).first()


def close_prompt(session: Session, prompt: PendingPrompt, now: datetime) -> None:
    """The question is answered."""
    prompt.closed_at = now
    session.add(prompt)


def chat_members(session: Session, chat_id: int) -> list[Member]:
    """The members the bot knows in this group, by first name (the owner picker's order)."""
    return list(
        session.exec(
            select(Member)
            .where(Member.chat_id == chat_id, col(Member.is_member).is_(True))
            .order_by(col(Member.first_name), col(Member.user_id))
        ).all()
    )
