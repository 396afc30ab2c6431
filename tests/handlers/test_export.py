"""/export through the real Application, on SQLite and PostgreSQL: four documents that
spreadsheet and calendar programs open."""

from __future__ import annotations

import csv
import io

from icalendar import Calendar

from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    private_chat,
)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


async def test_export_sends_the_record_as_files(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    await chat.say(DANIEL, GROUP, "/beschluss Sperrung der Hauptstraße; Antrag stellen 5:0:1")
    await chat.say(
        DANIEL, GROUP, "/aufgabe Treffen für Neumitglieder vorbereiten @vera bis Freitag zu B 1"
    )
    await chat.say(DANIEL, GROUP, "/aufgabe Landesgremien vertreten @vera @Nicole am 22.06.2024")
    await chat.send(DANIEL, GROUP, "/sitzung ende")
    await chat.say(NICOLE, GROUP, "/aufgabe Anruf beim Drucker bis morgen 9 Uhr")
    await chat.say(NICOLE, GROUP, "/aufgabe Ohne Datum")
    await chat.say(VERA, OTHER_GROUP, "/aufgabe Geheim bis morgen")
    before = len(chat.api.documents())

    reply = await chat.say(NICOLE, GROUP, "/export")
    assert reply.startswith("📦 Export: Beschlussregister und Aufgaben als CSV")
    assert "Protokolle als Markdown" in reply
    files = {d["filename"]: d for d in chat.api.documents(GROUP["id"])[before:]}
    assert sorted(files) == [
        "aufgaben-2024-06-19.csv",
        "beschluesse-2024-06-19.csv",
        "fristen-2024-06-19.ics",
        "protokolle-2024-06-19.md",
    ]

    register = read_csv(files["beschluesse-2024-06-19.csv"]["data"])
    assert register[1][:5] == [
        "B 2024/1",
        "1",
        "2024",
        "2024-06-19 20:00",
        "Sperrung der Hauptstraße; Antrag stellen",
    ]
    assert register[1][5:10] == ["5", "0", "1", "nein", "1"]

    tasks = read_csv(files["aufgaben-2024-06-19.csv"]["data"])
    assert [row[0] for row in tasks[1:]] == ["1", "2", "3", "4"]
    assert tasks[1][2:6] == ["Treffen für Neumitglieder vorbereiten", "offen", "Vera", "2024-06-21"]
    assert tasks[1][9:] == ["B 2024/1", "1"]
    assert tasks[3][5] == "2024-06-20 09:00"
    assert "Geheim" not in files["aufgaben-2024-06-19.csv"]["data"].decode("utf-8-sig")

    markdown = files["protokolle-2024-06-19.md"]["data"].decode("utf-8")
    assert markdown.startswith(
        "# Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Entwurf, Fassung 1\n"
    )
    assert "Sperrung der Hauptstraße; Antrag stellen" in markdown

    calendar = Calendar.from_ical(files["fristen-2024-06-19.ics"]["data"])
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    chat_id = GROUP["id"]
    assert sorted(events) == [f"task-{chat_id}-{n}@boardbot" for n in (1, 2, 3)]
    assert str(events[f"task-{chat_id}-1@boardbot"]["SUMMARY"]) == (
        "#1 Treffen für Neumitglieder vorbereiten"
    )
    assert events[f"task-{chat_id}-3@boardbot"].decoded("DTSTART").isoformat() == (
        "2024-06-20T07:00:00+00:00"
    )


async def test_export_of_an_empty_chat_and_in_private(chat: ChatHarness) -> None:
    reply = await chat.say(VERA, GROUP, "/export")
    assert "Protokolle" not in reply
    files = {d["filename"]: d["data"] for d in chat.api.documents()}
    assert sorted(files) == [
        "aufgaben-2024-06-19.csv",
        "beschluesse-2024-06-19.csv",
        "fristen-2024-06-19.ics",
    ]
    assert len(read_csv(files["beschluesse-2024-06-19.csv"])) == 1  # the header only
    assert Calendar.from_ical(files["fristen-2024-06-19.ics"]).walk("VEVENT") == []
    # In a private chat /export sends the member's own data instead (see test_trust.py).
    personal = await chat.say(VERA, private_chat(VERA), "/export")
    assert "was ich über dich gespeichert habe" in personal
    assert [d["filename"] for d in chat.api.documents(VERA["id"])] == [
        f"boardbot-{VERA['id']}.json"
    ]
