"""The audit trail: every change to the record is stored as an event with its actor, time and
the values before and after. Storage functions that change something take an `Actor` and call
`record_event`; that is the pattern for every new command that changes data.

People are kept by id wherever the bot knows it: the actor in `actor_id`, owners inside the
values as `{"name": …, "user_id": …}` entries (`owner_entry`), so that forgetting a member
rewrites exactly their entries and nothing that merely looks like their name."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage import core
from storage.models import NAME_MAX_LENGTH, Event

BOT_ACTOR_NAME = "boardbot"


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a Telegram user, or the bot itself (id None)."""

    id: int | None
    name: str


BOT = Actor(None, BOT_ACTOR_NAME)
# set in `Session.info` by `record_event`: the transaction changed the record (`ChangeWatch`)
RECORDED = "boardbot.recorded_event"


def owner_entry(name: str, user_id: int | None) -> dict[str, Any]:
    """An owner as the audit trail keeps it: the name shown, and the id when the bot knows it."""
    return {"name": name} if user_id is None else {"name": name, "user_id": user_id}


def values_json(values: Mapping[str, Any] | None) -> str | None:
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
    row = {
        "chat_id": chat_id,
        "item_type": item_type,
        "item_number": item_number,
        "action": action,
        "actor_id": actor.id,
        "actor_name": actor.name[:NAME_MAX_LENGTH],
        "at": now,
        "before": values_json(before),
        "after": values_json(after),
    }
    core.insert_rows(session, Event.__table__, [row])  # type: ignore[attr-defined]
    session.info[RECORDED] = True


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


def parse_values(stored: str | None) -> dict[str, Any]:
    """An event's stored values; anything that is not a JSON object reads as no values."""
    if not stored:
        return {}
    try:
        values = json.loads(stored)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


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
            parse_values(row.before),
            parse_values(row.after),
        )
        for row in rows
    ]


OwnerChange = Callable[[dict[str, Any]], dict[str, Any]]


def rewrite_owners(event: Event, change: OwnerChange) -> bool:
    """Apply `change` to every owner entry in the event's values (bare names from before
    migration 0006 read as entries without an id); True if anything changed. Events change
    only when a bare name is linked to its member, or a member is forgotten."""
    changed = False
    for side in ("before", "after"):
        stored = getattr(event, side)
        values = parse_values(stored)
        owners = values.get("owners")
        if not isinstance(owners, list):
            continue
        new = [changed_owner(owner, change) for owner in owners]
        if new != owners:
            values["owners"] = new
            setattr(event, side, values_json(values))
            changed = True
    return changed


def changed_owner(owner: Any, change: OwnerChange) -> Any:
    if not is_person(owner):
        return owner
    entry = as_entry(owner)
    new = change(dict(entry))
    return owner if new == entry else new


def is_person(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and "name" in value)


def as_entry(value: str | dict[str, Any]) -> dict[str, Any]:
    return {"name": value} if isinstance(value, str) else value


def events_of_items(
    session: Session, chat_id: int, item_type: str, numbers: Iterable[int]
) -> list[Event]:
    wanted = set(numbers)
    if not wanted:
        return []
    query = select(Event).where(
        Event.chat_id == chat_id, Event.item_type == item_type, col(Event.item_number).in_(wanted)
    )
    return list(session.exec(query).all())


class ChangeWatch:
    """Whether a transaction records a change (`record_event`): every change to the record
    does, so a reply that says what was saved is due exactly when this is true."""

    def __init__(self, session: Session) -> None:
        self.session = session
        session.info.pop(RECORDED, None)

    @property
    def changed(self) -> bool:
        return bool(self.session.info.get(RECORDED))
