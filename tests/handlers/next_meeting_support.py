"""What the next-meeting handler tests share: the rows, the invitation message, the presses'
answers with their alert flag, and the plan's pending reminders."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar
from sqlmodel import select

from storage.database import Database
from storage.models import Reminder, ReminderStatus
from tests.handlers.conftest import ChatHarness

PLAN = "/sitzung nächste Mi 19 Uhr Vereinsheim"  # at REFERENCE_NOW: Wed 26.06.2024 19:00 Berlin
PLANNED_AT = datetime(2024, 6, 26, 17, 0, tzinfo=UTC)


def rows(db: Database, model: Any) -> list[Any]:
    with db.transaction() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def invitations(chat: ChatHarness) -> list[dict[str, Any]]:
    """The bot messages sent with the invitation's buttons, oldest first."""
    return [
        m
        for m in chat.api.messages
        if m.get("reply_markup")
        and m["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("n:")
    ]


def invitation(chat: ChatHarness) -> dict[str, Any]:
    return invitations(chat)[-1]


def last_edit_of(chat: ChatHarness, message: dict[str, Any]) -> dict[str, Any] | None:
    edits = [e for e in chat.api.edits() if int(e["message_id"]) == message["message_id"]]
    return edits[-1] if edits else None


def buttons_of(edit: dict[str, Any]) -> list[list[dict[str, str]]]:
    markup = edit.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return list(markup["inline_keyboard"]) if markup else []


async def press(
    chat: ChatHarness, user: dict[str, Any], message: dict[str, Any], data: str
) -> list[tuple[str, bool]]:
    """Press a button; the answers with whether each was an alert."""
    before = len(chat.api.calls)
    await chat.press(user, message, data)
    return [
        (str(p.get("text", "")), bool(p.get("show_alert", False)))
        for m, p in chat.api.calls[before:]
        if m == "answerCallbackQuery"
    ]


def pending_plan_reminders(db: Database) -> list[tuple[str, datetime]]:
    with db.transaction() as session:
        found = session.exec(
            select(Reminder).where(
                Reminder.status == ReminderStatus.PENDING.value,
                Reminder.meeting_plan_id.is_not(None),  # type: ignore[union-attr]
            )
        ).all()
        return sorted((r.kind, r.due_at.astimezone(UTC)) for r in found)


def calendar_of(document: dict[str, Any]) -> Calendar:
    return Calendar.from_ical(document["data"])
