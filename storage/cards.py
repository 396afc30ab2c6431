"""Data access for the cards with buttons and the questions asked with a ForceReply.

A card is the bot's confirmation of a task or decision; its message id is stored with the item
so that a press counts only on that message. A pending question (`PendingPrompt`) waits for one
member's reply to one bot message, and is kept for a day: `open_prompt` forgets older ones.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import Decision, Member, PendingPrompt, PromptKind, Task

PROMPT_LIFETIME = timedelta(days=1)


def set_task_card(session: Session, task_id: int, message_id: int) -> None:
    """The message that now carries the task's buttons (an earlier card's presses are void)."""
    task = session.get(Task, task_id)
    if task is not None:
        task.card_message_id = message_id
        session.add(task)


def set_decision_card(session: Session, decision_id: int, message_id: int) -> None:
    decision = session.get(Decision, decision_id)
    if decision is not None:
        decision.card_message_id = message_id
        session.add(decision)


def forget_old_prompts(session: Session, now: datetime) -> None:
    session.execute(
        delete(PendingPrompt).where(col(PendingPrompt.created_at) < now - PROMPT_LIFETIME)
    )


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
    questions older than a day, of every chat: there are only ever a few)."""
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
    questions older than a day are removed."""
    forget_old_prompts(session, now)
    return session.exec(
        select(PendingPrompt).where(
            PendingPrompt.chat_id == chat_id, PendingPrompt.message_id == message_id
        )
    ).first()


def find_prompt(
    session: Session, chat_id: int, message_id: int, now: datetime
) -> PendingPrompt | None:
    """Like `open_prompt`, without removing old questions: a read for every reply to the bot."""
    return session.exec(
        select(PendingPrompt).where(
            PendingPrompt.chat_id == chat_id,
            PendingPrompt.message_id == message_id,
            col(PendingPrompt.created_at) >= now - PROMPT_LIFETIME,
        )
    ).first()


def close_prompt(session: Session, prompt: PendingPrompt) -> None:
    """The question is answered."""
    session.delete(prompt)


def chat_members(session: Session, chat_id: int) -> list[Member]:
    """The members the bot knows in this group, by first name (the owner picker's order)."""
    return list(
        session.exec(
            select(Member)
            .where(Member.chat_id == chat_id, col(Member.is_member).is_(True))
            .order_by(col(Member.first_name), col(Member.user_id))
        ).all()
    )
