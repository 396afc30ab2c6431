"""The due dates behind the quick choices under a task's card (📅 Frist): each choice is a
phrase that `/frist` understands too, read by the same parser, so a tap and a typed date can
never mean different days."""

from __future__ import annotations

from datetime import datetime

from bot.language.dates import DueDate, parse_due_date

# choice (as in the callback data `f:<task id>:<choice>`) → the phrase it stands for
QUICK_PHRASES = {
    "today": "heute",
    "tomorrow": "morgen",
    "fri": "Freitag",
    "week": "nächste Woche",
    "2w": "in 2 Wochen",
    "eom": "Ende des Monats",
}
NO_DATE = "none"
OTHER_DATE = "other"  # asks for a date to type
QUICK_CHOICES = (*QUICK_PHRASES, NO_DATE, OTHER_DATE)


def quick_due(choice: str, now: datetime) -> DueDate:
    """The day a quick choice means at `now` (aware, in the chat's zone), as `/frist` reads it.
    Only for the choices in QUICK_PHRASES."""
    return parse_due_date(QUICK_PHRASES[choice], now)
