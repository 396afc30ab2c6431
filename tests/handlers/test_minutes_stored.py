"""Stored minutes beyond the meeting itself, on SQLite and PostgreSQL: forgetting a member
reaches their names in every stored version (the one permitted change), meetings ended before
minutes were stored get a backfilled version 1, `/export` sends the stored text with its status,
and an English group."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete
from sqlmodel import select

from storage.database import Database
from storage.models import MinutesVersion
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    make_settings,
    private_chat,
    start_harness,
)
from tests.handlers.test_minutes_record import held_meeting, last_document, versions
from tests.handlers.test_trust import all_text
from tests.support.telegram_html import visible_text

# a name with Markdown's specials: the document writes it `Anna\_Lena O\*Brien`
ANNA = {"id": 104, "is_bot": False, "first_name": "Anna_Lena", "last_name": "O*Brien"}


async def test_forgetting_a_member_reaches_every_stored_version(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(ANNA, GROUP, "/hilfe")
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    await chat.say(ANNA, GROUP, "/anwesend")
    await chat.say(VERA, GROUP, "/anwesend")
    await chat.say(DANIEL, GROUP, "/aufgabe Kasse prüfen @vera bis Freitag")
    await chat.send(DANIEL, GROUP, "/sitzung ende")
    await chat.say(VERA, GROUP, "/protokoll korrektur 1 Vera Kraus kam später; @vera bitte ändern")
    await chat.say(ANNA, GROUP, "/protokoll korrektur 1 Anna_Lena O*Brien war Gast")
    await chat.say(VERA, GROUP, "/protokoll genehmigen 1")  # refused: Daniel's or an admin's
    await chat.say(DANIEL, GROUP, "/protokoll genehmigen 1")
    stored = versions(db)
    assert len(stored) == 3 and all("Vera Kraus" in v.html for v in stored)
    assert "Anna\\_Lena O\\*Brien" in stored[-1].markdown

    assert (await chat.send(VERA, private_chat(VERA), "/vergissmich ja"))[0].startswith("Erledigt")
    assert (await chat.send(ANNA, private_chat(ANNA), "/vergissmich ja"))[0].startswith("Erledigt")
    everything = all_text(db).lower()
    for trace in ("kraus", "vera", "anna", "brien", str(VERA["id"]), str(ANNA["id"])):
        assert trace not in everything, trace
    shown = visible_text(await chat.say(NICOLE, GROUP, "/protokoll 1"))
    assert "Anwesend (3)\nDaniel, ehemaliges Mitglied, ehemaliges Mitglied\n" in shown
    assert shown.endswith(
        "• Fassung 2, Mi, 19.06.2024, 20:00, ehemaliges Mitglied: "
        "ehemaliges Mitglied kam später; ehemaliges Mitglied bitte ändern\n"
        "• Fassung 3, Mi, 19.06.2024, 20:00, ehemaliges Mitglied: ehemaliges Mitglied war Gast"
    )
    assert shown.split("\n")[0].endswith("Fassung 3, genehmigt am Mi, 19.06.2024 von Daniel")
    markdown = last_document(chat)
    assert "ehemaliges Mitglied war Gast" in markdown and "Daniel" in markdown
    after = versions(db)
    assert [v.created_by_name for v in after] == ["Daniel", *["ehemaliges Mitglied"] * 2]
    assert all(v.created_by_id not in (VERA["id"], ANNA["id"]) for v in after)


async def test_a_meeting_ended_before_stored_minutes_gets_a_backfilled_version(
    chat: ChatHarness, db: Database
) -> None:
    await held_meeting(chat)
    with db.transaction() as session:  # as a meeting ended before migration 0019 is
        session.execute(delete(MinutesVersion))
    chat.clock.advance(days=2)
    first = await chat.say(NICOLE, GROUP, "/protokoll 1")
    text = visible_text(first)
    assert text.split("\n")[0].endswith("– Entwurf, Fassung 1")
    assert text.endswith(
        "Nachträglich erstellt am Fr, 21.06.2024: Die Sitzung endete, bevor boardbot Protokolle "
        "festhielt, darum zeigt es den Stand von diesem Tag."
    )
    [version] = versions(db)
    assert version.backfilled and version.created_by_id is None
    assert version.created_by_name == "boardbot"
    await chat.say(VERA, GROUP, "/erledigt 1")
    assert await chat.say(DANIEL, GROUP, "/protokoll") == first  # fixed from then on
    assert len(versions(db)) == 1


async def test_export_sends_the_stored_minutes_with_their_status(
    chat: ChatHarness, db: Database
) -> None:
    await held_meeting(chat)
    at_end = last_document(chat)
    await chat.say(VERA, GROUP, "/erledigt 1")
    chat.clock.advance(days=7)
    await chat.send(DANIEL, GROUP, "/sitzung Juli")
    await chat.say(DANIEL, GROUP, "/protokoll genehmigen")
    chat.make_admin(VERA, GROUP)
    await chat.send(VERA, GROUP, "/export")
    [exported] = [
        d for d in chat.api.documents(GROUP["id"]) if d["filename"].startswith("protokolle-")
    ]
    minutes_one, minutes_two = exported["data"].decode("utf-8").split("\n---\n\n")
    title, _, rest = minutes_one.partition("\n")
    assert title == (
        "# Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – "
        "Fassung 1, genehmigt am Mi, 26.06.2024 von Daniel"
    )
    assert rest == at_end.partition("\n")[2]  # the stored body, not today's (#1 is done now)
    assert minutes_two.startswith("# Zwischenstand der Sitzung am Mittwoch, 26. Juni 2024 – Live")


async def test_minutes_in_english(database_url: str, db: Database, clock: Any) -> None:
    chat = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        await chat.send(VERA, GROUP, "/meeting June")
        [ended] = await chat.send(VERA, GROUP, "/meeting end")
        assert visible_text(ended).split("\n")[0].endswith("– draft, version 1")
        added = await chat.say(NICOLE, GROUP, "/minutes correction 1 Nicole was there")
        assert added.startswith(
            "📝 Correction to the minutes of meeting no. 1 added, now version 2"
        )
        assert await chat.say(NICOLE, GROUP, "/minutes approve") == (
            "Only Vera Kraus (who opened it), whoever opened the running meeting, and the "
            "group's admins may approve the minutes of meeting no. 1."
        )
        approved = await chat.say(VERA, GROUP, "/minutes approve 1")
        assert approved.startswith("✅ Minutes of meeting no. 1 approved (version 2, on Wed, 19")
        shown = visible_text(await chat.say(NICOLE, GROUP, "/minutes"))
        assert shown.split("\n")[0].endswith(
            "version 2, approved on Wed, 19 Jun 2024 by Vera Kraus"
        )
        assert shown.endswith(
            "Corrections\n• Version 2, Wed, 19 Jun 2024, 20:00, Nicole: Nicole was there"
        )
        assert "are approved" in await chat.say(NICOLE, GROUP, "/minutes correction 1 more")
        with db.transaction() as session:
            assert len(session.exec(select(MinutesVersion)).all()) == 2
    finally:
        await chat.app.shutdown()


async def test_a_members_own_copy_holds_their_corrections_and_approvals(chat: ChatHarness) -> None:
    await held_meeting(chat)
    await chat.say(NICOLE, GROUP, "/protokoll korrektur 1 Saal ist schon gebucht")
    await chat.say(VERA, GROUP, "/protokoll korrektur 1 Vera kam später")
    await chat.say(DANIEL, GROUP, "/protokoll genehmigen 1")
    await chat.say(NICOLE, private_chat(NICOLE), "/export")
    nicole = json.loads(chat.api.documents(NICOLE["id"])[-1]["data"])
    assert nicole["minutes"] == [
        {
            "group": GROUP["id"],
            "meeting": 1,
            "version": 2,
            "correction": "Saal ist schon gebucht",
            "at": "2024-06-19T19:35:00+00:00",
            "approved_at": None,
        }
    ]
    await chat.say(DANIEL, private_chat(DANIEL), "/export")
    daniel = json.loads(chat.api.documents(DANIEL["id"])[-1]["data"])
    assert [(m["version"], m["correction"], m["approved_at"]) for m in daniel["minutes"]] == [
        (1, None, None),  # he fixed version 1 at the end; its text is the group's minutes
        (3, None, "2024-06-19T19:35:00+00:00"),
    ]
