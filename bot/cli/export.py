"""`boardbot export --chat <id> --format md|csv|ics`: the files `/export` sends in the chat,
written to a folder instead — for an archive, a website or a spreadsheet.

The file contents come from the same builders as the chat command (bot/render/exports.py for
CSV and iCalendar, handlers.common.minutes_record for the minutes as stored,
bot/render/circular_record.py for the circular resolutions), with the chat's own language and
time zone, and the same file names. Without `--chat` (or with an unknown one) it lists the
groups in the database with their ids.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.cli.progress import progress_bar
from bot.config import Settings
from bot.i18n import Language, language_or_default, t
from bot.render.circular_record import CircularRecord, circulars_csv, circulars_markdown
from bot.render.exports import decisions_csv, due_dates_ics, roster_csv, tasks_csv
from handlers.common.minutes_record import MinutesScope, shown_minutes
from storage.circulars import circular_records
from storage.database import Database
from storage.meetings import all_meetings
from storage.models import Chat
from storage.records import chat_tasks, list_decisions
from storage.roster import all_terms

FORMATS = ("csv", "md", "ics")
MINUTES_SEPARATOR = "\n---\n\n"  # as between the minutes of /export


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes


@dataclass(frozen=True)
class ChatExport:
    """What the builders need to know about the chat being exported."""

    chat: Chat
    lang: Language
    tz: ZoneInfo
    now: datetime

    @property
    def day(self) -> str:
        return self.now.astimezone(self.tz).date().isoformat()


def file_name(ex: ChatExport, key: str, extension: str) -> str:
    """`aufgaben-2024-06-19.csv`: the chat command's name for the file, in the chat's language."""
    return f"{t(ex.lang, key)}-{ex.day}.{extension}"


def chat_export(chat: Chat, settings: Settings, now: datetime) -> ChatExport:
    lang = language_or_default(chat.language, settings.bot_language)
    tz = ZoneInfo(chat.timezone) if chat.timezone else settings.timezone
    return ChatExport(chat, lang, tz, now)


def circulars_of(session: Session, ex: ChatExport) -> list[CircularRecord]:
    return [CircularRecord(*row) for row in circular_records(session, ex.chat.id)]


def circular_files(session: Session, ex: ChatExport, extension: str) -> list[ExportFile]:
    """The circular resolutions with every answer, as `/export` sends them (none: no file)."""
    records = circulars_of(session, ex)
    if not records:
        return []
    if extension == "csv":
        data = circulars_csv(records, ex.tz, ex.lang)
    else:
        data = circulars_markdown(records, ex.tz, ex.lang).encode("utf-8")
    return [ExportFile(file_name(ex, "file_circulars", extension), data)]


def csv_files(session: Session, ex: ChatExport) -> list[ExportFile]:
    decisions = list_decisions(session, ex.chat.id)
    meetings = {m.id: m for m in all_meetings(session, ex.chat.id) if m.id is not None}
    by_id = {d.id: d for d in decisions if d.id is not None}
    tasks = chat_tasks(session, ex.chat.id)
    return [
        ExportFile(
            file_name(ex, "file_decisions", "csv"),
            decisions_csv(decisions, meetings, ex.tz, ex.lang),
        ),
        ExportFile(
            file_name(ex, "file_tasks", "csv"), tasks_csv(tasks, by_id, meetings, ex.tz, ex.lang)
        ),
        *circular_files(session, ex, "csv"),
        *roster_file(session, ex),
    ]


def roster_file(session: Session, ex: ChatExport) -> list[ExportFile]:
    """The board's roster with every term, as `/export` sends it (no roster: no file)."""
    terms = all_terms(session, ex.chat.id)
    if not terms:
        return []
    return [ExportFile(file_name(ex, "file_roster", "csv"), roster_csv(terms, ex.tz, ex.lang))]


def minutes_file(session: Session, ex: ChatExport) -> list[ExportFile]:
    """All minutes in one Markdown file (none when the chat has had no meeting), and the
    circular resolutions in another."""
    meetings = all_meetings(session, ex.chat.id)
    if not meetings:
        return circular_files(session, ex, "md")
    parts = []
    scope = MinutesScope(session, ex.tz, ex.lang, ex.now)  # as stored: draft or approved
    with progress_bar("minutes", total=len(meetings)) as advance:
        for meeting in meetings:
            parts.append(shown_minutes(scope, meeting).markdown)
            advance(1)
    text = MINUTES_SEPARATOR.join(parts)
    minutes = ExportFile(file_name(ex, "file_minutes", "md"), text.encode("utf-8"))
    return [minutes, *circular_files(session, ex, "md")]


def calendar_file(session: Session, ex: ChatExport) -> list[ExportFile]:
    calendar = due_dates_ics(
        chat_tasks(session, ex.chat.id),
        chat_id=ex.chat.id,
        chat_title=ex.chat.title,
        tz=ex.tz,
        lang=ex.lang,
        now=ex.now,
    )
    return [ExportFile(file_name(ex, "file_calendar", "ics"), calendar)]


BUILDERS = {"csv": csv_files, "md": minutes_file, "ics": calendar_file}


def export_files(
    session: Session, chat: Chat, settings: Settings, formats: Iterable[str], now: datetime
) -> list[ExportFile]:
    ex = chat_export(chat, settings, now)
    return [file for fmt in formats for file in BUILDERS[fmt](session, ex)]


def group_list(session: Session) -> str:
    chats = session.exec(select(Chat).where(Chat.type != "private").order_by(col(Chat.title))).all()
    if not chats:
        return "The database has no groups yet."
    lines = [f"  {chat.id}  {chat.title}" for chat in chats]
    return "Groups in the database:\n" + "\n".join(lines)


def run_export(
    db: Database,
    settings: Settings,
    chat_id: int | None,
    formats: Sequence[str],
    output: Path,
    now: datetime | None = None,
) -> int:
    """Write the files; 2 (and the list of groups) when the chat is not known."""
    with db.transaction() as session:
        chat = session.get(Chat, chat_id) if chat_id is not None else None
        if chat is None:
            if chat_id is not None:
                print(f"No group with id {chat_id} in the database.", file=sys.stderr)
            print(group_list(session), file=sys.stderr)
            print("Choose one: boardbot export --chat <id>", file=sys.stderr)
            return 2
        files = export_files(session, chat, settings, formats or FORMATS, now or datetime.now(UTC))
    output.mkdir(parents=True, exist_ok=True)
    for file in files:
        path = output / file.filename
        path.write_bytes(file.data)
        print(f"wrote {path} ({len(file.data)} bytes)")
    return 0
