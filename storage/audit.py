"""The audit trail: every change to the record is stored as an event with its actor, time and
the values before and after. Storage functions that change something take an `Actor` and call
`record_event`; that is the pattern for every new command that changes data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.models import NAME_MAX_LENGTH, Event

BOT_ACTOR_NAME = "boardbot"


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a Telegram user, or the bot itself (id None)."""

    id: int | None
    name: str


BOT = Actor(None, BOT_ACTOR_NAME)


def _json(values: Mapping[str, Any] | None) -> str | None:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str) if values else None


def record_event(
    session: Session,
    *,
    chat_id: int,
    item_type: str,
    item_number: int | None,
    action: str,
    actor: Actor,
    now: datetime,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    session.add(
        Event(
            chat_id=chat_id,
            item_type=item_type,
            item_number=item_number,
            action=action,
            actor_id=actor.id,
            actor_name=actor.name[:NAME_MAX_LENGTH],
            at=now,
            before=_json(before),
            after=_json(after),
        )
    )


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose values differ, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class EventView:
    action: str
    actor_name: str
    at: datetime
    before: dict[str, Any]
    after: dict[str, Any]


def item_history(
    session: Session, chat_id: int, item_type: str, item_number: int
) -> list[EventView]:
    """An item's trail, oldest first."""
    rows = session.exec(
        select(Event)
        .where(
            Event.chat_id == chat_id,
            Event.item_type == item_type,
            Event.item_number == item_number,
        )
        .order_by(col(Event.at), col(Event.id))
    ).all()
    return [
        EventView(
            row.action,
            row.actor_name,
            row.at,
            json.loads(row.before) if row.before else {},
            json.loads(row.after) if row.after else {},
        )
        for row in rows
    ]
