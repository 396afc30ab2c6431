"""Pure rendering of an item's audit trail for /history (/verlauf)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_due, t
from bot.render.views import AuditEvent

DATE_ONLY_MARK = "~date"
CREATED_FIELDS = ("title", "text", "owners", "due")  # the order a creation is told in
STATUSES = ("open", "done", "cancelled")  # the task statuses with a translated name
ACTIONS = (
    *("create", "edit", "assign", "due", "done", "reopen", "cancel", "repeal", "settings"),
    *("handover", "role_moved"),  # the board's roster moved its owners (storage.roster)
)


def render_value(field: str, value: Any, tz: ZoneInfo, lang: Language) -> str:
    """One audited value as the chat reads it; a value of an unexpected kind (an old or
    rewritten event) is shown as it is stored, never an error."""
    if value is None or value == []:
        return t(lang, "history_none")
    if field == "due" and isinstance(value, str):
        return render_due(value, tz, lang)
    if field == "status" and value in STATUSES:
        return t(lang, f"history_status_{value}")
    if isinstance(value, list):
        return escape(", ".join(person_or_value(item) for item in value))
    return escape(person_or_value(value))


def render_due(value: str, tz: ZoneInfo, lang: Language) -> str:
    has_time = not value.endswith(DATE_ONLY_MARK)
    try:
        moment = datetime.fromisoformat(value.removesuffix(DATE_ONLY_MARK))
    except ValueError:
        return escape(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_due(moment, has_time, tz, lang)


def person_or_value(value: Any) -> str:
    """An owner entry (`{"name": …, "user_id": …}`) by its name; anything else as text."""
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    return str(value)


def render_change(event: AuditEvent, tz: ZoneInfo, lang: Language) -> str:
    """What changed: `Frist: Fr, 21.06.2024 → Mo, 24.06.2024` and the like."""
    if event.action == "create":
        details = [
            f"{t(lang, 'history_field_' + key)}: {render_value(key, event.after[key], tz, lang)}"
            for key in CREATED_FIELDS
            if event.after.get(key) not in (None, [], "")
        ]
        return "; ".join(details)
    parts = []
    for key, new in event.after.items():
        label = t(lang, "history_field_" + key) if key in FIELDS else escape(key)
        old = event.before.get(key)
        if key in event.before:
            parts.append(
                f"{label}: {render_value(key, old, tz, lang)} → {render_value(key, new, tz, lang)}"
            )
        else:
            parts.append(f"{label}: {render_value(key, new, tz, lang)}")
    return "; ".join(parts)


FIELDS = {"title", "text", "owners", "due", "status", "reason", "repealed"}


def render_history(header: str, events: Sequence[AuditEvent], tz: ZoneInfo, lang: Language) -> str:
    lines = [header]
    for event in events:
        when = format_due(event.at, True, tz, lang)
        action = (
            t(lang, f"history_action_{event.action}")
            if event.action in ACTIONS
            else escape(event.action)
        )
        change = render_change(event, tz, lang)
        line = f"• {when} · {escape(event.actor_name)} · {action}"
        lines.append(f"{line}: {change}" if change else line)
    return "\n".join(lines)
