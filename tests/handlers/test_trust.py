"""Who may do what, the audit trail (/verlauf) and data protection (/vergissmich, /export in a
private chat), through the real Application on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

from sqlalchemy import MetaData, select

from storage.database import Database
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness, private_chat
from tests.handlers.test_tasks import stored_tasks


async def test_only_creator_owner_or_admin_may_change_a_task(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer drucken @vera bis Freitag")
    # Nicole neither created nor owns it.
    for command in ("/aendern 1 Plakate", "/frist 1 keine", "/zuweisen 1 @Nicole", "/streichen 1"):
        reply = await chat.say(NICOLE, GROUP, command)
        assert "dürfen nur Daniel (hat sie angelegt) und die Admins" in reply, command
    assert "abhaken oder wieder öffnen dürfen Daniel" in await chat.say(
        NICOLE, GROUP, "/erledigt 1"
    )
    [task] = stored_tasks(db)
    assert (task.title, task.status, task.due_at is not None) == ("Flyer drucken", "open", True)
    # Vera owns it: she may mark it done and reopen it, but not rename it.
    assert "dürfen nur Daniel" in await chat.say(VERA, GROUP, "/aendern 1 Plakate")
    assert "Erledigt: <b>#1</b>" in await chat.say(VERA, GROUP, "/erledigt 1")
    assert "Wieder offen" in await chat.say(VERA, GROUP, "/wieder 1")
    # The creator may change it; so may an admin.
    assert "heißt jetzt: Flyer und Plakate" in await chat.say(
        DANIEL, GROUP, "/aendern 1 Flyer und Plakate"
    )
    chat.make_admin(NICOLE, GROUP)
    assert "Gestrichen" in await chat.say(NICOLE, GROUP, "/streichen 1")


async def test_audit_trail_lists_every_change(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer <b>drucken</b> @vera bis Freitag")
    chat.clock.advance(minutes=5)
    await chat.say(DANIEL, GROUP, "/aendern 1 Flyer drucken lassen")
    await chat.say(DANIEL, GROUP, "/frist 1 Mitte November")
    await chat.say(DANIEL, GROUP, "/zuweisen 1 @vera @Nicole")
    await chat.say(VERA, GROUP, "/erledigt 1")
    await chat.say(VERA, GROUP, "/wieder 1")
    await chat.say(DANIEL, GROUP, "/streichen 1")
    trail = await chat.say(NICOLE, GROUP, "/verlauf 1")
    lines = trail.splitlines()
    assert lines[0] == "🕘 <b>Verlauf von #1</b> (7)"
    assert "Daniel · angelegt: Titel: Flyer &lt;b&gt;drucken&lt;/b&gt;" in lines[1]
    assert "Frist: Fr, 21.06.2024" in lines[1] and "Mi, 19.06.2024, 20:00 Uhr" in lines[1]
    assert (
        "Titel geändert: Titel: Flyer &lt;b&gt;drucken&lt;/b&gt; → Flyer drucken lassen" in lines[2]
    )
    assert "Frist: Fr, 21.06.2024 → Fr, 15.11.2024" in lines[3]
    assert "Verantwortlich: Vera → Vera, Nicole" in lines[4]
    assert "Vera Kraus · erledigt: Status: offen → erledigt" in lines[5]
    assert "wieder geöffnet" in lines[6] and "gestrichen" in lines[7]
    assert "Aufgabe #9 gibt es" in await chat.say(NICOLE, GROUP, "/verlauf 9")
    await chat.say(DANIEL, GROUP, "/beschluss Haushalt 2025 beschlossen 5:0:0")
    await chat.say(DANIEL, GROUP, "/aufheben B 1 überholt")
    decision_trail = await chat.say(VERA, GROUP, "/verlauf B 1")
    assert (
        "(2)" in decision_trail and "aufgehoben" in decision_trail and "überholt" in decision_trail
    )


def all_text(db: Database) -> str:
    metadata = MetaData()
    metadata.reflect(db.engine)
    with db.engine.connect() as connection:
        return "\n".join(
            repr(row)
            for name, table in metadata.tables.items()
            if name != "processedupdate"  # update ids, no personal data
            for row in connection.execute(select(table))
        )


async def test_forget_me_removes_name_username_and_id_everywhere(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Kasse prüfen @dschaper bis Freitag")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer @vera @dschaper")
    await chat.say(VERA, GROUP, "/erledigt 1")
    await chat.say(VERA, GROUP, "/beschluss Haushalt beschlossen einstimmig")
    await chat.send(VERA, GROUP, "/sitzung Vorstandssitzung")
    await chat.say(VERA, GROUP, "/tagesordnung neu Sommerfest")
    await chat.send(VERA, GROUP, "/sitzung ende")
    assert "nur im Privatchat" in await chat.say(VERA, GROUP, "/vergissmich")
    before = all_text(db)
    vera_id = re.compile(rf"(?<!\d){VERA['id']}(?!\d)")  # not inside a timestamp's digits
    assert "Kraus" in before and vera_id.search(before)
    explained = await chat.say(VERA, private_chat(VERA), "/vergissmich")
    assert "<code>/vergissmich ja</code>" in explained and all_text(db) == before
    # the second message tells the group that Vera's open task #2 lost her as an owner
    done, told = await chat.send(VERA, private_chat(VERA), "/vergissmich ja")
    assert done.startswith("Erledigt: Ich habe dich aus ")
    assert "nicht mehr verantwortlich für <b>#2</b>" in told
    after = all_text(db)
    for trace in ("Kraus", "'vera'", '"vera"', "Vera"):
        assert trace not in after, trace
    assert not vera_id.search(after), vera_id.findall(after)
    assert "ehemaliges Mitglied" in after
    # The items themselves stay.
    assert [t.title for t in stored_tasks(db)] == ["Kasse prüfen", "Flyer"]
    assert "Haushalt beschlossen" in await chat.say(DANIEL, GROUP, "/beschluesse")


async def test_private_export_sends_my_own_data(chat: ChatHarness) -> None:
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer @vera")
    await chat.say(VERA, GROUP, "/aufgabe Plakate")
    reply = await chat.say(VERA, private_chat(VERA), "/export")
    assert "alles, was ich über dich gespeichert habe" in reply
    [document] = chat.api.documents(VERA["id"])
    data = json.loads(document["data"])
    assert data["telegram_id"] == VERA["id"]
    assert [t["title"] for t in data["tasks_owned"]] == ["Flyer"]
    assert [t["title"] for t in data["task_created_by_id"]] == ["Plakate"]
    assert data["groups"] == [{"id": GROUP["id"], "title": "Stadtvorstand"}]
