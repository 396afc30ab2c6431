"""/done, /reopen, /cancel, /assign, /due and /edit, on SQLite and PostgreSQL."""

from __future__ import annotations

from storage.database import Database
from tests.handlers.conftest import GROUP, NICOLE, OTHER_GROUP, VERA, ChatHarness
from tests.handlers.test_tasks import stored_tasks


async def test_done_several_and_refuse_unknown_without_changes(
    chat: ChatHarness, db: Database
) -> None:
    for title in ("A", "B", "C"):
        await chat.say(VERA, GROUP, f"/task {title}")
    reply = await chat.say(VERA, GROUP, "/erledigt 1 #2 99")
    assert "#99" in reply and "nichts geändert" in reply
    assert [t.status for t in stored_tasks(db)] == ["open", "open", "open"]
    refused = await chat.say(NICOLE, GROUP, "/erledigt 1, 2")
    assert "abhaken oder wieder öffnen dürfen Vera" in refused
    assert [t.status for t in stored_tasks(db)] == ["open", "open", "open"]
    chat.make_admin(NICOLE, GROUP)
    reply = await chat.say(NICOLE, GROUP, "/erledigt 1, 2")
    assert "Erledigt: <b>#1</b> A" in reply and "Erledigt: <b>#2</b> B" in reply
    tasks = stored_tasks(db)
    assert [t.status for t in tasks] == ["done", "done", "open"]
    assert tasks[0].closed_by_name == "Nicole"
    assert "war schon erledigt" in await chat.say(VERA, GROUP, "/done 1")
    assert "Welche Aufgabe?" in await chat.say(VERA, GROUP, "/erledigt")
    assert "keine Aufgabennummer" in await chat.say(VERA, GROUP, "/erledigt drei")


async def test_number_from_another_chat_is_unknown_here(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, OTHER_GROUP, "/task Nur dort")
    reply = await chat.say(VERA, GROUP, "/erledigt 1")
    assert "nicht" in reply and "#1" in reply
    assert stored_tasks(db)[0].status == "open"


async def test_reopen_and_cancel_keep_the_task(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/task Plakate")
    assert "Gestrichen" in await chat.say(VERA, GROUP, "/streichen 1")
    assert stored_tasks(db)[0].status == "cancelled"
    assert "ist gestrichen" in await chat.say(VERA, GROUP, "/erledigt 1")
    assert "Wieder offen" in await chat.say(VERA, GROUP, "/wieder 1")
    assert "schon offen" in await chat.say(VERA, GROUP, "/reopen 1")
    listing = await chat.say(VERA, GROUP, "/streichen 1") and await chat.say(
        VERA, GROUP, "/aufgaben alle"
    )
    assert "<s>Plakate</s>" in listing and "gestrichen" in listing


async def test_assign_replaces_owners_and_refuses_empty(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/task Landesgremien")
    assert "Wem soll ich Aufgabe #1 geben?" in await chat.say(VERA, GROUP, "/zuweisen 1")
    reply = await chat.say(VERA, GROUP, "/zuweisen 1 @vera @Nicole")
    assert "Verantwortlich: " in reply and "tg://user?id=101" in reply and "Nicole" in reply
    assert "Welche Aufgabe?" in await chat.say(VERA, GROUP, "/zuweisen")
    assert "Aufgabe #7 gibt es" in await chat.say(VERA, GROUP, "/zuweisen 7 @vera")


async def test_due_set_change_clear_and_errors(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/task Parteitag")
    assert "Fr, 15.11.2024" in await chat.say(VERA, GROUP, "/frist 1 Mitte November")
    assert "Keine Frist mehr" in await chat.say(VERA, GROUP, "/frist 1 keine")
    assert stored_tasks(db)[0].due_at is None
    assert "nicht verstanden" in await chat.say(VERA, GROUP, "/frist 1 irgendwann")
    assert "Welche Frist?" in await chat.say(VERA, GROUP, "/frist 1")
    assert stored_tasks(db)[0].due_at is None


async def test_edit_title_with_limits(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/task Alt")
    assert "heißt jetzt: Neu &amp; besser" in await chat.say(VERA, GROUP, "/aendern 1 Neu & besser")
    assert "Wie soll die Aufgabe heißen?" in await chat.say(VERA, GROUP, "/aendern 1")
    assert "Zeichen" in await chat.say(VERA, GROUP, "/edit 1 " + "z" * 600)
    assert stored_tasks(db)[0].title == "Neu & besser"


async def test_english_chat_language(database_url: str, db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.handlers.conftest import make_settings, start_harness

    harness = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        reply = await harness.say(VERA, GROUP, "/task Print flyers by Friday")
        assert "Task <b>#1</b> created: Print flyers" in reply and "Fri, 21 Jun 2024" in reply
        assert "did not understand" in await harness.say(VERA, GROUP, "/task X by whenever")
        assert "Done: <b>#1</b>" in await harness.say(VERA, GROUP, "/done 1")
    finally:
        await harness.app.shutdown()


# --- several numbers (issue 11) -----------------------------------------------------------------


async def make_tasks(chat: ChatHarness, *titles: str) -> None:
    for title in titles:
        await chat.say(VERA, GROUP, f"/task {title}")


async def test_cancel_several_lists_each(chat: ChatHarness, db: Database) -> None:
    await make_tasks(chat, "A", "B", "C", "D")
    reply = await chat.say(VERA, GROUP, "/streichen 2 3 4")
    assert reply.splitlines() == [
        "🗑 Gestrichen: <b>#2</b> B (bleibt im Verlauf)",
        "🗑 Gestrichen: <b>#3</b> C (bleibt im Verlauf)",
        "🗑 Gestrichen: <b>#4</b> D (bleibt im Verlauf)",
    ]
    assert [t.status for t in stored_tasks(db)] == ["open", "cancelled", "cancelled", "cancelled"]
    reply = await chat.say(VERA, GROUP, "/wieder 2, 3")
    assert reply.splitlines() == ["🔄 Wieder offen: <b>#2</b> B", "🔄 Wieder offen: <b>#3</b> C"]
    assert [t.status for t in stored_tasks(db)] == ["open", "open", "open", "cancelled"]
    mixed = await chat.say(VERA, GROUP, "/cancel 1 4")
    assert "Gestrichen: <b>#1</b> A" in mixed and "<b>#4</b> ist schon gestrichen." in mixed


async def test_several_numbers_are_all_or_nothing(chat: ChatHarness, db: Database) -> None:
    await make_tasks(chat, "A", "B")
    reply = await chat.say(VERA, GROUP, "/streichen 1 2 99 98")
    assert "#99, #98" in reply and "nichts geändert" in reply
    assert "#99" in await chat.say(VERA, GROUP, "/zuweisen 1 99 @vera")
    assert "#99" in await chat.say(VERA, GROUP, "/frist 1 99 Freitag")
    assert "#99" in await chat.say(VERA, GROUP, "/wieder 1 99")
    tasks = stored_tasks(db)
    assert [t.status for t in tasks] == ["open", "open"]
    assert [t.due_at for t in tasks] == [None, None]
    # Nicole created #3; Vera may not cancel it, so #1 is not cancelled either
    await chat.say(NICOLE, GROUP, "/task C")
    refused = await chat.say(VERA, GROUP, "/streichen 1 3")
    assert "Nicole" in refused
    assert [t.status for t in stored_tasks(db)] == ["open", "open", "open"]


async def test_assign_several(chat: ChatHarness, db: Database) -> None:
    await make_tasks(chat, "A", "B", "C")
    reply = await chat.say(VERA, GROUP, "/zuweisen 2 3 @vera")
    assert reply.count("Verantwortlich: ") == 2
    assert "<b>#2</b> B" in reply and "<b>#3</b> C" in reply and "<b>#1</b>" not in reply
    assert "Wem soll ich Aufgabe #2 geben?" in await chat.say(VERA, GROUP, "/zuweisen 2 3")
    listing = await chat.say(VERA, GROUP, "/aufgaben @vera")
    assert "#2" in listing and "#3" in listing and "#1 " not in listing


async def test_due_several_and_numbers_that_belong_to_the_date(
    chat: ChatHarness, db: Database
) -> None:
    await make_tasks(
        chat, "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O"
    )
    reply = await chat.say(VERA, GROUP, "/frist 3 4 Freitag")
    assert reply.splitlines() == [
        "📅 <b>#3</b> C",
        "Neue Frist: Fr, 21.06.2024",
        "📅 <b>#4</b> D",
        "Neue Frist: Fr, 21.06.2024",
    ]
    # `15.` and `12` are part of the date here, not task numbers
    assert "<b>#1</b> A\nNeue Frist: Mo, 15.07.2024" in await chat.say(
        VERA, GROUP, "/frist 1 15. Juli"
    )
    assert "#12" not in await chat.say(VERA, GROUP, "/frist 2 12 Uhr")
    cleared = await chat.say(VERA, GROUP, "/frist 3, 4 keine")
    assert cleared.count("Keine Frist mehr.") == 2
    tasks = stored_tasks(db)
    assert [t.due_at is not None for t in tasks[:4]] == [True, True, False, False]
    assert tasks[14].due_at is None and tasks[11].due_at is None
    assert "Welche Frist?" in await chat.say(VERA, GROUP, "/frist 3 4")
    assert "nicht verstanden" in await chat.say(VERA, GROUP, "/frist 3 4 irgendwann")
    assert "Aufgabe #77 gibt es" in await chat.say(VERA, GROUP, "/frist 77 irgendwann")
