"""/export with hostile titles through the real Application (issue 13, finding 11): a task
title that becomes a formula when the CSV is opened with `,` as separator, and a group title
with a line break (a modified client or a forged update can send one), which used to crash the
calendar export."""

from __future__ import annotations

import csv
import io

from icalendar import Calendar

from tests.handlers.conftest import GROUP, VERA, ChatHarness

TRIGGERS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


async def test_export_neutralises_formulas_and_escapes_the_group_title(chat: ChatHarness) -> None:
    group = {**GROUP, "title": "Vorstand\nNord; Süd"}
    await chat.say(VERA, group, "/aufgabe Flyer,=1+1 bis Freitag")
    await chat.say(VERA, group, "/aufgabe Kasse;＝HYPERLINK(1) bis Freitag")
    before = len(chat.api.documents())
    reply = await chat.say(VERA, group, "/export")
    assert reply.startswith("📦 Export")
    files = {d["filename"]: d["data"] for d in chat.api.documents(GROUP["id"])[before:]}
    tasks = files["aufgaben-2024-06-19.csv"].decode("utf-8-sig")
    for delimiter in (";", ","):
        rows = csv.reader(io.StringIO(tasks), delimiter=delimiter)
        found = [cell for row in rows for cell in row]
        assert any("1+1" in cell for cell in found)
        assert [c for c in found if c.lstrip(' "').startswith(TRIGGERS)] == []
    calendar = Calendar.from_ical(files["fristen-2024-06-19.ics"])
    assert b"NAME:Vorstand Nord\\; S\xc3\xbcd" in files["fristen-2024-06-19.ics"]
    assert len(calendar.walk("VEVENT")) == 2
