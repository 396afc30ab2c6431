"""Translations and locale-aware formatting of dates for the replies.

The texts live in gettext catalogues, `bot/locale/<lang>/LC_MESSAGES/boardbot.po`, compiled to
the `.mo` files next to them (`make messages-compile`; both are in git, and a test checks that
every `.mo` matches its `.po`). The catalogues are *monolingual*: each msgid is the symbolic key
the code asks for (`t(lang, "task_created", ...)`), and every language, German included, keeps
its text in the msgstr. German is the source language: the other catalogues show its text to
translators as an extracted comment (`#. de: …`), written by `make messages-extract` (see
`bot.i18n_extract`). Babel (CLDR data) supplies weekday and month names.
"""

from __future__ import annotations

import functools
import gettext
from datetime import date, datetime
from importlib.resources import files
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

Language = Literal["de", "en"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = ("de", "en")
FALLBACK_LANGUAGE: Language = "de"
DOMAIN = "boardbot"


class MissingMessageError(KeyError):
    """A key no catalogue has: a bug in the code, not something to show the chat."""


class _NoMessage(gettext.NullTranslations):
    """The end of every fallback chain: unlike gettext's default it does not echo the key."""

    def gettext(self, message: str) -> str:
        raise MissingMessageError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise MissingMessageError(msgid1)


def catalogue_file(lang: str, suffix: str = ".mo") -> str:
    """Where a language's catalogue lives inside the package (also in a wheel)."""
    return f"locale/{lang}/LC_MESSAGES/{DOMAIN}{suffix}"


def _load(lang: str) -> gettext.GNUTranslations:
    resource = files("bot").joinpath(catalogue_file(lang))
    try:
        with resource.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError as error:
        raise RuntimeError(
            f"the compiled catalogue bot/{catalogue_file(lang)} is missing: "
            "run `make messages-compile`"
        ) from error


def _catalogues() -> dict[Language, gettext.GNUTranslations]:
    """One translation per language; a text missing in one falls back to German."""
    loaded = {lang: _load(lang) for lang in SUPPORTED_LANGUAGES}
    loaded[FALLBACK_LANGUAGE].add_fallback(_NoMessage())
    for lang, translation in loaded.items():
        if lang != FALLBACK_LANGUAGE:
            translation.add_fallback(loaded[FALLBACK_LANGUAGE])
    return loaded


CATALOGUES = _catalogues()


def language_or_default(value: str | None, default: Language) -> Language:
    return value if value in SUPPORTED_LANGUAGES else default


def t(lang: Language, key: str, **params: object) -> str:
    """The text `key` in `lang` with `params` filled in (values must already be HTML-safe)."""
    template = CATALOGUES[lang].gettext(key)
    return template.format(**params) if params else template


def tn(lang: Language, key: str, n: int, **params: object) -> str:
    """The plural entry `key` in the form `lang` uses for `n`, with `params` filled in.

    The count is a parameter like any other: pass it as `count=n` when the text shows it.
    """
    return CATALOGUES[lang].ngettext(key, key, n).format(**params)


def format_day(moment: datetime, lang: Language) -> str:
    """`Fr, 21.06.2024` in German, `Fri, 21 Jun 2024` in English."""
    return _format_day(moment.date(), lang)


# A task list formats every task's due day, and Babel parses the locale on every call: 11 µs a
# day, 2 ms of a 200-task `/aufgaben`. A day's text never changes and a board's due days repeat
# (lists are asked for again, deadlines cluster): parse each locale once, keep recent days.
LOCALES = {lang: Locale.parse(lang) for lang in SUPPORTED_LANGUAGES}


@functools.lru_cache(maxsize=4096)
def _format_day(day: date, lang: Language) -> str:
    if lang == "de":
        return format_date(day, "EEE, dd.MM.yyyy", locale=LOCALES["de"]).replace(".,", ",")
    return str(format_date(day, "EEE, d MMM yyyy", locale=LOCALES["en"]))


def format_due(due_at_utc: datetime, has_time: bool, tz: ZoneInfo, lang: Language) -> str:
    """A stored due date as the chat reads it: the day, and the time when one was given."""
    local = due_at_utc.astimezone(tz)
    day = format_day(local, lang)
    if not has_time:
        return day
    return t(lang, "due_with_time", day=day, time=local.strftime("%H:%M"))
