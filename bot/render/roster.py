"""Writing the board's roster: `/vorstand` (the current term, or a past one with its dates),
the answers of `/rolle` and `/uebergabe`, and the roster as CSV rows for `/export`.

A seat reads as `• Vera (@vera) – Vorsitzende`; a past term's seat also shows its dates
(`seit 01.07.2024 bis 30.06.2026`). A long roster is split into several messages by the
sender (handlers.common.replies), a handover's list of item numbers is capped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Final, Protocol
from zoneinfo import ZoneInfo

from bot.i18n import Language, format_day, t

NUMBERS_SHOWN: Final = 20  # item numbers a handover's summary lists before "+N"


class Seat(Protocol):
    """A seat on the board for one term (storage.models.BoardSeat); datetimes are UTC."""

    @property
    def name(self) -> str: ...
    @property
    def username(self) -> str | None: ...
    @property
    def role(self) -> str | None: ...
    @property
    def since(self) -> datetime: ...
    @property
    def until(self) -> datetime | None: ...


def seat_name(seat: Seat) -> str:
    """`Vera (@vera)`, or the name alone (HTML-safe)."""
    name = escape(seat.name)
    return f"{name} (@{escape(seat.username)})" if seat.username else name


def seat_line(seat: Seat, lang: Language, tz: ZoneInfo, *, dated: bool = False) -> str:
    """One seat of the roster; `dated`: with the day it was taken (and left)."""
    line = f"• {seat_name(seat)}"
    if seat.role:
        line += f" – {escape(seat.role)}"
    if not dated:
        return line
    since = format_day(seat.since.astimezone(tz), lang)
    if seat.until is None:
        return line + " " + t(lang, "roster_since", day=since)
    until = format_day(seat.until.astimezone(tz), lang)
    return line + " " + t(lang, "roster_between", since=since, until=until)


def term_start(seats: Sequence[Seat]) -> datetime | None:
    """When a term began: the first seat taken in it."""
    return min((seat.since for seat in seats), default=None)


def render_board(
    seats: Sequence[Seat], term: int, lang: Language, tz: ZoneInfo, *, past_terms: int = 0
) -> str:
    """The current board (`/vorstand`): its term and start, the members with their roles, and
    how to see an earlier term when there is one."""
    if not seats:
        text = t(lang, "roster_empty", term=term)
    else:
        started = term_start(seats)
        assert started is not None
        day = format_day(started.astimezone(tz), lang)
        header = t(lang, "roster_header", term=term, day=day, count=len(seats))
        text = "\n".join([header, *(seat_line(seat, lang, tz) for seat in seats)])
    if past_terms:
        text += "\n\n" + t(lang, "roster_past_hint")
    return text


def render_past_term(seats: Sequence[Seat], term: int, lang: Language, tz: ZoneInfo) -> str:
    """A term as the record keeps it: every seat with its dates, those who left during it too."""
    if not seats:
        return t(lang, "roster_term_unknown", term=term)
    header = t(lang, "roster_term_header", term=term)
    return "\n".join([header, *(seat_line(seat, lang, tz, dated=True) for seat in seats)])


def item_numbers(numbers: Sequence[int], lang: Language) -> str:
    """`#3, #7, #12` — at most `NUMBERS_SHOWN`, then `+N`."""
    shown = ", ".join(f"#{number}" for number in numbers[:NUMBERS_SHOWN])
    rest = len(numbers) - NUMBERS_SHOWN
    return shown + (" " + t(lang, "roster_more_numbers", count=rest) if rest > 0 else "")


def moved_line(key: str, numbers: Sequence[int], lang: Language) -> str:
    """`2 offene Aufgaben folgen: #3, #7` (a role move, a handover); "" when nothing moved."""
    if not numbers:
        return ""
    return t(lang, key, count=len(numbers), numbers=item_numbers(numbers, lang))


def roster_rows(terms: Sequence[tuple[int, Sequence[Seat]]], tz: ZoneInfo) -> list[list[object]]:
    """The roster for a CSV file: term, name, username, role, since, until (ISO, chat's zone)."""
    rows: list[list[object]] = []
    for term, seats in terms:
        for seat in seats:
            until = seat.until.astimezone(tz).date().isoformat() if seat.until else ""
            since = seat.since.astimezone(tz).date().isoformat()
            rows.append([term, seat.name, seat.username or "", seat.role or "", since, until])
    return rows
