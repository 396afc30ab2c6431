"""/export: the chat's record as files — the decisions register and the tasks as CSV, all
minutes as Markdown (as stored, saying draft or approved), the open due dates as an iCalendar
file, the board's roster with every term as CSV (when there is one), the circular resolutions
with every answer to their polls as CSV and Markdown; in a private chat, the member's own data
as a JSON file (data protection; `/forgetme` is `handlers.privacy`).

Any member of the group may export (the data is the group's own, and every member can already
read it in the chat); permissions per command are a separate issue.
"""

from __future__ import annotations

import json

from bot.i18n import t
from bot.render.circular_record import CircularRecord, circulars_csv, circulars_markdown
from bot.render.exports import decisions_csv, due_dates_ics, roster_csv, tasks_csv
from handlers.common.context import Command, CommandContext
from handlers.common.minutes_record import MinutesScope, shown_minutes
from handlers.common.outbox import Document, queue, rich_command
from storage.circulars import circular_records
from storage.meetings import all_meetings
from storage.personal_data import personal_data
from storage.records import chat_tasks, list_decisions
from storage.roster import all_terms

MINUTES_SEPARATOR = "\n---\n\n"


def personal_export(ctx: CommandContext) -> str:
    """In a private chat, /export: the member's own data as a JSON file."""
    data = personal_data(ctx.session, ctx.user.id)
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    queue(Document(f"boardbot-{ctx.user.id}.json", payload))
    return t(ctx.lang, "personal_export_sent")


@rich_command(usage_key="records_usage_export", private=True)
def export_command(ctx: CommandContext) -> str:
    """/export: sends the record as CSV, Markdown and ICS documents (in a private chat: the
    member's own data)."""
    if ctx.chat is None:
        return personal_export(ctx)
    chat = ctx.group()
    decisions = list_decisions(ctx.session, chat.id)
    meetings = all_meetings(ctx.session, chat.id)
    by_id = {m.id: m for m in meetings if m.id is not None}
    tasks = chat_tasks(ctx.session, chat.id)
    day = ctx.local_now.date().isoformat()
    lang, tz = ctx.lang, ctx.tz
    decisions_by_id = {d.id: d for d in decisions if d.id is not None}
    queue(
        Document(
            f"{t(lang, 'file_decisions')}-{day}.csv", decisions_csv(decisions, by_id, tz, lang)
        )
    )
    queue(
        Document(
            f"{t(lang, 'file_tasks')}-{day}.csv",
            tasks_csv(tasks, decisions_by_id, by_id, tz, lang),
        )
    )
    if meetings:
        # as stored (draft or approved, with their corrections); a running meeting's live
        scope = MinutesScope(ctx.session, tz, lang, ctx.now)
        minutes = MINUTES_SEPARATOR.join(shown_minutes(scope, m).markdown for m in meetings)
        queue(Document(f"{t(lang, 'file_minutes')}-{day}.md", minutes.encode("utf-8")))
    queue_circulars(ctx)
    calendar = due_dates_ics(
        tasks, chat_id=chat.id, chat_title=chat.title, tz=tz, lang=lang, now=ctx.now
    )
    queue(Document(f"{t(lang, 'file_calendar')}-{day}.ics", calendar))
    part = t(lang, "export_minutes_part") if meetings else ""
    terms = all_terms(ctx.session, chat.id)
    if terms:  # the board's roster, current and past terms (handlers.roster)
        queue(Document(f"{t(lang, 'file_roster')}-{day}.csv", roster_csv(terms, tz, lang)))
        return t(lang, "export_sent", minutes=part) + "\n" + t(lang, "export_roster_sent")
    return t(lang, "export_sent", minutes=part)


def queue_circulars(ctx: CommandContext) -> None:
    """The circular resolutions' record, when the chat has any: CSV and Markdown."""
    records = [CircularRecord(*row) for row in circular_records(ctx.session, ctx.group().id)]
    if not records:
        return
    name = f"{t(ctx.lang, 'file_circulars')}-{ctx.local_now.date().isoformat()}"
    queue(Document(f"{name}.csv", circulars_csv(records, ctx.tz, ctx.lang)))
    markdown = circulars_markdown(records, ctx.tz, ctx.lang)
    queue(Document(f"{name}.md", markdown.encode("utf-8")))


EXPORT_COMMANDS = (
    Command(
        "export",
        "export",
        export_command,
        "Export decisions, tasks, minutes, due dates",
        "Beschlüsse, Aufgaben, Protokolle, Fristen exportieren",
        menus=("admin", "private"),
    ),
)
