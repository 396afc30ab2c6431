"""Translations and locale-aware formatting of dates for the replies.

Texts live in `bot.messages` as one catalog per language with the same keys; `t()` picks the
chat's language and fills in the placeholders. Babel (CLDR data) supplies weekday and month
names, so we do not maintain our own calendars.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.messages import CATALOGS

Language = Literal["de", "en"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = ("de", "en")


def language_or_default(value: str | None, default: Language) -> Language:
    return value if value in SUPPORTED_LANGUAGES else default


def t(lang: Language, key: str, **params: object) -> str:
    """The text `key` in `lang` with `params` filled in (values must already be HTML-safe)."""
    template = CATALOGS[lang].get(key) or CATALOGS["de"][key]
    return template.format(**params) if params else template


def format_day(moment: datetime, lang: Language) -> str:
    """`Fr, 21.06.2024` in German, `Fri, 21 Jun 2024` in English."""
    if lang == "de":
        return format_date(moment.date(), "EEE, dd.MM.yyyy", locale="de").replace(".,", ",")
    return str(format_date(moment.date(), "EEE, d MMM yyyy", locale="en"))


def format_due(due_at_utc: datetime, has_time: bool, tz: ZoneInfo, lang: Language) -> str:
    """A stored due date as the chat reads it: the day, and the time when one was given."""
    local = due_at_utc.astimezone(tz)
    day = format_day(local, lang)
    if not has_time:
        return day
    return t(lang, "due_with_time", day=day, time=local.strftime("%H:%M"))
