"""The audit trail: every change to the record is stored as an event with its actor, time and
the values before and after. Storage functions that change something take an `Actor` and call
`record_event`; that is the pattern for every new command that changes data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event
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


class ChangeWatch:
    """Whether a transaction records a change (adds an `Event`): every change to the record
    does, so a reply that says what was saved is due exactly when this is true."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen = False
        event.listen(session, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context: object, _instances: object) -> None:
        self.seen = self.seen or any(isinstance(item, Event) for item in session.new)

    @property
    def changed(self) -> bool:
        return self.seen or any(isinstance(item, Event) for item in self.session.new)
