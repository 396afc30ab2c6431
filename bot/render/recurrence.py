"""A recurrence as members read it: "jeden Dienstag und Donnerstag um 18:00", "alle 2 Wochen",
"jeden ersten Montag im Monat", "every weekday", "… bis 21.12.2026"."""

from __future__ import annotations

from bot.i18n import Language, tn
from bot.language import schedule_words as sw
from bot.language.recurrence import WORKDAYS, Recurrence, Unit

# The catalogue's plural entries "every day" / "every 3 days", by unit.
EVERY_UNIT_KEYS: dict[Unit, str] = {
    "day": "recurrence_every_day",
    "week": "recurrence_every_week",
    "month": "recurrence_every_month",
    "year": "recurrence_every_year",
}


def _listed(names: list[str], last_joint: str) -> str:
    """ "Montag", "Montag und Freitag", "Montag, Mittwoch und Freitag"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last_joint} {names[-1]}"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _german(rule: Recurrence) -> str:
    days = _listed([sw.GERMAN_DAY_NAMES[day] for day in rule.days], "und") if rule.days else ""
    every = tn("de", EVERY_UNIT_KEYS[rule.unit], rule.interval, count=rule.interval)
    if rule.nth is not None:
        return f"jeden {sw.GERMAN_NTH_NAMES[rule.nth]} {days} im Monat"
    if rule.days == WORKDAYS and rule.interval == 1:
        return "jeden Werktag"
    if rule.days:
        return f"jeden {days}" if rule.interval == 1 else f"{every} am {days}"
    if rule.month is not None and rule.month_day is not None:
        return f"{every} am {rule.month_day}. {sw.GERMAN_MONTH_NAMES[rule.month - 1]}"
    if rule.month_day is not None:
        return f"{every} am {rule.month_day}."
    return every


def _english(rule: Recurrence) -> str:
    days = _listed([sw.ENGLISH_DAY_NAMES[day] for day in rule.days], "and") if rule.days else ""
    every = tn("en", EVERY_UNIT_KEYS[rule.unit], rule.interval, count=rule.interval)
    if rule.nth is not None:
        return f"every {sw.ENGLISH_NTH_NAMES[rule.nth]} {days} of the month"
    if rule.days == WORKDAYS and rule.interval == 1:
        return "every weekday"
    if rule.days:
        return f"every {days}" if rule.interval == 1 else f"{every} on {days}"
    if rule.month is not None and rule.month_day is not None:
        return f"{every} on {sw.ENGLISH_MONTH_NAMES[rule.month - 1]} {rule.month_day}"
    if rule.month_day is not None:
        return f"{every} on the {_ordinal(rule.month_day)}"
    return every


def describe_recurrence(rule: Recurrence, lang: str) -> str:
    """`lang` may be a chat language or a Telegram language code such as `de-AT`."""
    language: Language = "de" if lang.lower().startswith("de") else "en"
    text = _german(rule) if language == "de" else _english(rule)
    if rule.at is not None:
        text += f" um {rule.at:%H:%M}" if language == "de" else f" at {rule.at:%H:%M}"
    if rule.until is not None:
        if language == "de":
            text += f" bis {rule.until:%d.%m.%Y}"
        else:
            text += f" until {rule.until.day} {sw.ENGLISH_MONTH_NAMES[rule.until.month - 1][:3]}"
            text += f" {rule.until.year}"
    return text
