"""A recurrence as members read it: "jeden Montag um 18:00", "alle 2 Wochen", "every day"."""

from __future__ import annotations

from bot.i18n import Language, tn
from bot.language import schedule_words as sw
from bot.language.schedule import Recurrence, Unit

# The catalogue's plural entries "every day" / "every 3 days", by unit.
EVERY_UNIT_KEYS: dict[Unit, str] = {
    "day": "recurrence_every_day",
    "week": "recurrence_every_week",
    "month": "recurrence_every_month",
}


def describe_recurrence(rule: Recurrence, lang: str) -> str:
    """`lang` may be a chat language or a Telegram language code such as `de-AT`."""
    count, weekday = rule.interval, rule.weekday
    language: Language = "de" if lang.lower().startswith("de") else "en"
    every = tn(language, EVERY_UNIT_KEYS[rule.unit], count, count=count)
    if language == "de":
        day = None if weekday is None else sw.GERMAN_DAY_NAMES[weekday]
        if day is not None and count == 1:
            text = f"jeden {day}"
        else:
            text = every + ("" if day is None else f" am {day}")
        return text if rule.at is None else f"{text} um {rule.at:%H:%M}"
    day = None if weekday is None else sw.ENGLISH_DAY_NAMES[weekday]
    if day is not None and count == 1:
        text = f"every {day}"
    else:
        text = every + ("" if day is None else f" on {day}")
    return text if rule.at is None else f"{text} at {rule.at:%H:%M}"
