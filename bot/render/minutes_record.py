"""Pure rendering of the minutes as a record: the texts a version stores, and how a stored
version is shown.

What a version stores (`version_texts`): the minutes as `bot.render.minutes` rendered them when
the meeting ended (a backfilled version 1 says it was made later, `fixed_texts`), followed by
the appendix "Korrekturen" with every correction up to that version. The body is the same in
every version; only the appendix grows.

How it is shown (`shown_html`, `shown_markdown`): the stored text, with the status added to
its title line: "Entwurf, Fassung 2" until approved, then "Fassung 2, genehmigt am … von …".
The status is the one part not stored, because approval changes it without making a version.
The live minutes of a running meeting say "Live-Entwurf" there instead (`live_html`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_day, t
from bot.render.minutes import minutes_markdown, render_minutes
from bot.render.minutes_parts import clock
from bot.render.outline import Section, Span, markdown_escape, section_html, section_markdown
from bot.render.views import Minutes

TITLE_SEPARATOR = " – "


class Correction(Protocol):
    """A correction as its version stores it (storage.models.MinutesVersion)."""

    @property
    def version(self) -> int: ...
    @property
    def correction(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def created_by_name(self) -> str: ...


class StoredVersion(Correction, Protocol):
    """A stored version of the minutes (storage.models.MinutesVersion)."""

    @property
    def html(self) -> str: ...
    @property
    def markdown(self) -> str: ...
    @property
    def approved_at(self) -> datetime | None: ...
    @property
    def approved_by_name(self) -> str | None: ...


def when(moment: datetime, tz: ZoneInfo, lang: Language) -> str:
    """`Do, 20.06.2024, 18:30`."""
    local = moment.astimezone(tz)
    return f"{format_day(local, lang)}, {clock(local)}"


# --- what a version stores ----------------------------------------------------------------------


def fixed_texts(
    data: Minutes, tz: ZoneInfo, lang: Language, *, backfilled_at: datetime | None = None
) -> tuple[str, str]:
    """Version 1 (HTML, Markdown): the minutes as rendered now. A backfill (a meeting ended
    before minutes were stored) says so under the footer: it shows today's data."""
    html_text, markdown = render_minutes(data, tz, lang), minutes_markdown(data, tz, lang)
    if backfilled_at is None:
        return html_text, markdown
    note = t(lang, "min_backfilled", day=format_day(backfilled_at.astimezone(tz), lang))
    return f"{html_text}\n<i>{escape(note)}</i>", f"{markdown}\n*{markdown_escape(note)}*\n"


def appendix_section(corrections: Sequence[Correction], tz: ZoneInfo, lang: Language) -> Section:
    """ "Korrekturen": one entry per correction, with the version it made, when and by whom."""
    lines = [
        [
            Span(
                t(
                    lang,
                    "min_correction_head",
                    version=item.version,
                    when=when(item.created_at, tz, lang),
                    name=item.created_by_name,
                ),
                bold=True,
            ),
            Span(" " + (item.correction or "")),
        ]
        for item in corrections
    ]
    return Section(t(lang, "min_corrections"), lines)


def version_texts(
    first: StoredVersion, corrections: Sequence[Correction], tz: ZoneInfo, lang: Language
) -> tuple[str, str]:
    """A later version's texts (HTML, Markdown): version 1's body, then the appendix."""
    if not corrections:
        return first.html, first.markdown
    section = appendix_section(corrections, tz, lang)
    html_text = "\n".join([first.html, *section_html(section)])
    markdown = "\n".join([first.markdown.rstrip("\n"), *section_markdown(section), ""])
    return html_text, markdown


# --- how a version is shown ---------------------------------------------------------------------


def status_text(version: StoredVersion, tz: ZoneInfo, lang: Language) -> str:
    """`Entwurf, Fassung 1` or `Fassung 2, genehmigt am Mi, 26.06.2024 von Vera Kraus`."""
    if version.approved_at is None:
        return t(lang, "min_status_draft", version=version.version)
    return t(
        lang,
        "min_status_approved",
        version=version.version,
        day=format_day(version.approved_at.astimezone(tz), lang),
        name=version.approved_by_name or "?",
    )


def _first_line_plus(text: str, addition: str) -> str:
    title, newline, rest = text.partition("\n")
    return f"{title}{TITLE_SEPARATOR}{addition}{newline}{rest}"


def with_status_html(text: str, status: str) -> str:
    """The HTML with the (plain text) status at the end of its title line."""
    return _first_line_plus(text, escape(status))


def with_status_markdown(text: str, status: str) -> str:
    return _first_line_plus(text, markdown_escape(status))


def shown_html(version: StoredVersion, tz: ZoneInfo, lang: Language) -> str:
    return with_status_html(version.html, status_text(version, tz, lang))


def shown_markdown(version: StoredVersion, tz: ZoneInfo, lang: Language) -> str:
    return with_status_markdown(version.markdown, status_text(version, tz, lang))


def live_html(data: Minutes, tz: ZoneInfo, lang: Language) -> str:
    """A running meeting's minutes as of now, marked as a live draft (nothing is stored)."""
    return with_status_html(render_minutes(data, tz, lang), t(lang, "min_status_live"))


def live_markdown(data: Minutes, tz: ZoneInfo, lang: Language) -> str:
    return with_status_markdown(minutes_markdown(data, tz, lang), t(lang, "min_status_live"))
