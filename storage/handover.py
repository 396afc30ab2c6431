"""Data access for the deep links that continue a group's question in the private chat.

`offer` makes the token when the group is asked (`/aufgabe` alone); `follow` checks it when the
member opens `t.me/<bot>?start=<token>` and marks it used (once: a second `/start` with it is
refused); `asked_privately` remembers the private question; `open_handover` finds the link
that private question belongs to when the member answers; `close_handover` ends it. A link is
good for a day (`HANDOVER_LIFETIME`); older ones are removed whenever a new one is made.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import Member, PendingPrompt, PrivateHandover, PromptKind

HANDOVER_LIFETIME = timedelta(days=1)
TOKEN_BYTES = 16  # 22 URL-safe characters: Telegram's start parameter allows [A-Za-z0-9_-]{1,64}


class Refusal(StrEnum):
    """Why following a link does nothing (each has its own short private reply)."""

    UNKNOWN = "unknown"  # no such token (or its question was answered)
    USED = "used"  # followed before and not answered yet: the question is above
    ANSWERED = "answered"  # the member answered the question in the group meanwhile
    NOT_YOURS = "not_yours"
    EXPIRED = "expired"
    LEFT = "left"  # the member is no longer in the group


@dataclass(frozen=True)
class Followed:
    handover: PrivateHandover | None = None
    refusal: Refusal | None = None


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def offer(
    session: Session,
    *,
    chat_id: int,
    user_id: int,
    kind: PromptKind,
    thread_id: int | None,
    now: datetime,
) -> str:
    """A new link for `user_id` to answer the group's question `kind` privately; its token."""
    session.execute(
        delete(PrivateHandover).where(col(PrivateHandover.created_at) < now - HANDOVER_LIFETIME)
    )
    token = new_token()
    session.add(
        PrivateHandover(
            token=token,
            chat_id=chat_id,
            user_id=user_id,
            kind=kind.value,
            message_thread_id=thread_id,
            created_at=now,
        )
    )
    return token


def is_in_group(session: Session, chat_id: int, user_id: int) -> bool:
    member = session.get(Member, (chat_id, user_id))
    return member is not None and member.is_member


def follow(session: Session, token: str, user_id: int, now: datetime) -> Followed:
    """The link `token` opened by `user_id`: its handover, now used, and the group's own open
    question of the same kind closed (an answer there must not make a second item); or why not."""
    handover = session.exec(select(PrivateHandover).where(PrivateHandover.token == token)).first()
    if handover is None:
        return Followed(refusal=Refusal.UNKNOWN)
    if handover.user_id != user_id:
        return Followed(refusal=Refusal.NOT_YOURS)
    if handover.used_at is not None:
        opened = handover.question_message_id is not None
        return Followed(refusal=Refusal.USED if opened else Refusal.ANSWERED)
    if handover.created_at < now - HANDOVER_LIFETIME:
        return Followed(refusal=Refusal.EXPIRED)
    if not is_in_group(session, handover.chat_id, user_id):
        return Followed(refusal=Refusal.LEFT)
    handover.used_at = now
    session.add(handover)
    session.execute(
        update(PendingPrompt)
        .where(
            col(PendingPrompt.chat_id) == handover.chat_id,
            col(PendingPrompt.user_id) == user_id,
            col(PendingPrompt.kind) == handover.kind,
            col(PendingPrompt.closed_at).is_(None),
        )
        .values(closed_at=now)
    )
    return Followed(handover=handover)


def retire_offers(
    session: Session, chat_id: int, user_id: int, kind: PromptKind, now: datetime
) -> None:
    """The member answered the group's question `kind`: their links for it are used up (the
    answer there made the item; following a link must not ask for a second one)."""
    session.execute(
        update(PrivateHandover)
        .where(
            col(PrivateHandover.chat_id) == chat_id,
            col(PrivateHandover.user_id) == user_id,
            col(PrivateHandover.kind) == kind.value,
            col(PrivateHandover.used_at).is_(None),
        )
        .values(used_at=now)
    )


def asked_privately(session: Session, handover_id: int, message_id: int) -> None:
    handover = session.get(PrivateHandover, handover_id)
    if handover is not None:
        handover.question_message_id = message_id
        session.add(handover)


def open_handover(
    session: Session, user_id: int, question_message_id: int, now: datetime
) -> PrivateHandover | None:
    """The followed link whose private question `question_message_id` asks `user_id`, unless
    it is answered or older than a day."""
    return session.exec(
        select(PrivateHandover).where(
            PrivateHandover.user_id == user_id,
            PrivateHandover.question_message_id == question_message_id,
            col(PrivateHandover.created_at) >= now - HANDOVER_LIFETIME,
        )
    ).first()


def close_handover(session: Session, handover: PrivateHandover) -> None:
    """The private question is answered."""
    session.delete(handover)
