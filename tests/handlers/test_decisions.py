"""/decision, /decisions, /repeal and tasks linked to decisions, through the real Application,
on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Counter, Decision, Task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    make_settings,
    private_chat,
    start_harness,
)
from tests.support.cards import ask_alone
from tests.support.offline import BOT_USER
from tests.support.telegram_html import visible_text


def decisions(db: Database) -> list[Decision]:
    with db.transaction() as session:
        return list(session.exec(select(Decision).order_by(Decision.chat_id, Decision.number)))


def tasks(db: Database) -> list[Task]:
    with db.transaction() as session:
        return list(session.exec(select(Task).order_by(Task.number)))


def counter(db: Database, name: str) -> int | None:
    with db.transaction() as session:
        row = session.get(Counter, (GROUP["id"], name))
        return row.value if row else None


def bot_message(chat: ChatHarness, text: str) -> dict[str, Any]:
    """A bot message as Telegram delivers it inside a reply (plain text, sent by the bot)."""
    return chat.message(BOT_USER, GROUP, visible_text(text), entities=[])


async def test_decision_with_vote_is_numbered_with_the_year_and_stored(
    chat: ChatHarness, db: Database
) -> None:
    reply = await chat.say(DANIEL, GROUP, "/beschluss Empfehlung an die neue Ratsfraktion 5:0:1")
    assert reply.startswith("📜 <b>Beschluss B 2024/1</b> gefasst am Mi, 19.06.2024:\n")
    assert (
        "Empfehlung an die neue Ratsfraktion\n🗳 Abstimmung: 5 dafür, 0 dagegen, 1 Enthaltung"
        in reply
    )
    assert "🏛" not in reply  # no meeting open
    second = await chat.say(VERA, GROUP, "/decision Next congress in mid-November unanimous")
    assert "B 2024/2" in second and "Abstimmung: einstimmig" in second
    first, other = decisions(db)
    assert (first.number, first.year, first.text) == (
        1,
        2024,
        "Empfehlung an die neue Ratsfraktion",
    )
    assert (first.votes_yes, first.votes_no, first.votes_abstain, first.unanimous) == (
        5,
        0,
        1,
        False,
    )
    assert first.created_by_id == DANIEL["id"] and first.created_by_name == "Daniel"
    assert first.decided_at.isoformat() == "2024-06-19T18:00:00+00:00"
    assert other.unanimous and other.votes_yes is None and other.created_by_id == VERA["id"]
    # numbers count per chat
    assert "B 2024/1" in await chat.say(VERA, OTHER_GROUP, "/beschluss Woanders")


async def test_year_is_the_chats_local_year(chat: ChatHarness, db: Database) -> None:
    chat.clock.now = chat.clock.now.replace(month=12, day=31, hour=23, minute=30)  # 00:30 local
    assert "B 2025/1" in await chat.say(DANIEL, GROUP, "/beschluss Silvesterbeschluss")
    assert decisions(db)[0].year == 2025


async def test_reply_takes_the_text_and_the_vote_comes_from_the_command(
    chat: ChatHarness, db: Database
) -> None:
    proposal = chat.message(NICOLE, GROUP, "Wir empfehlen der Ratsfraktion X & Y", entities=[])
    reply = await chat.say(DANIEL, GROUP, "/beschluss 4:1:0", reply_to=proposal)
    assert "Wir empfehlen der Ratsfraktion X &amp; Y" in reply and "4 dafür, 1 dagegen" in reply
    assert decisions(db)[0].text == "Wir empfehlen der Ratsfraktion X & Y"


async def test_bad_votes_and_missing_text_store_nothing(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(DANIEL, GROUP, "/beschluss Empfehlung 5:x:1")
    assert "„5:x:1“ ist kein Abstimmungsergebnis" in reply and "gespeichert wurde nichts" in reply
    assert "ist kein Abstimmungsergebnis" in await chat.say(DANIEL, GROUP, "/beschluss Text 0:0:0")
    assert "Was wurde beschlossen?" in await ask_alone(chat, DANIEL, GROUP, "/beschluss")
    assert "Was wurde beschlossen?" in await chat.say(DANIEL, GROUP, "/beschluss einstimmig")
    assert "2001 Zeichen" in await chat.say(DANIEL, GROUP, "/beschluss " + "x" * 2001)
    reply = await chat.say(DANIEL, GROUP, "/beschluss Budget neu ändert B 9")
    assert "Beschluss B 9 gibt es in dieser Gruppe nicht" in reply
    assert decisions(db) == [] and counter(db, "decision") is None
    assert "B 2024/1" in await chat.say(DANIEL, GROUP, "/beschluss Jetzt aber")


async def test_register_search_and_single_view(chat: ChatHarness) -> None:
    await chat.say(DANIEL, GROUP, "/beschluss Sperrung der Hauptstraße beantragen 5:0:1")
    await chat.say(DANIEL, GROUP, "/beschluss Beschlüsse künftig im Netz veröffentlichen")
    await chat.say(DANIEL, GROUP, "/beschluss Empfehlung an die <neue> Ratsfraktion einstimmig")
    register = await chat.say(VERA, GROUP, "/beschluesse")
    lines = register.splitlines()
    assert lines[0] == "📜 <b>Beschlussregister</b> (3)"
    assert lines[1].startswith("▫️ <b>B 2024/3</b>") and "&lt;neue&gt;" in lines[1]
    assert lines[3].startswith("▫️ <b>B 2024/1</b>") and "5 dafür" in lines[3]
    found = await chat.say(VERA, GROUP, "/beschluesse strasse")
    assert "(1)" in found and "Hauptstraße" in found and "B 2024/2" not in found
    assert "Beschlüsse künftig" in await chat.say(VERA, GROUP, "/beschluesse Beschlusse netz")
    assert "Beschlüsse künftig" in await chat.say(VERA, GROUP, "/decisions BESCHLUESSE")
    none = await chat.say(VERA, GROUP, "/beschluesse Haushalt <2025>")
    assert none == "Kein Beschluss enthält „Haushalt &lt;2025&gt;“."
    for ref in ("1", "B 1", "2024/1", "B 2024/1", "#1"):
        view = await chat.say(VERA, GROUP, f"/beschluesse {ref}")
        assert view.startswith("📜 <b>Beschluss B 2024/1</b> vom Mi, 19.06.2024\n"), ref
        assert "Erfasst von Daniel" in view and "Noch keine Aufgaben dazu" in view
    assert "gibt es in dieser Gruppe nicht" in await chat.say(VERA, GROUP, "/beschluesse 2023/1")
    assert "B 7 gibt es" in await chat.say(VERA, GROUP, "/beschluesse B 7")
    # a bare number that is no decision's is searched for (a year, an amount)
    assert "Kein Beschluss enthält „7“" in await chat.say(VERA, GROUP, "/beschluesse 7")
    await chat.say(DANIEL, GROUP, "/beschluss Haushalt 2025 aufstellen")
    assert "(1)" in await chat.say(VERA, GROUP, "/beschluesse 2025")


async def test_latest_decisions_only(chat: ChatHarness) -> None:
    for index in range(17):
        await chat.say(DANIEL, GROUP, f"/beschluss Punkt {index + 1}")
    register = await chat.say(VERA, GROUP, "/beschluesse")
    assert register.splitlines()[0] == "📜 <b>Beschlussregister</b> – die neuesten 15 von 17"
    assert "B 2024/17" in register and "B 2024/3<" in register and "B 2024/2<" not in register


async def test_repeal_keeps_the_record(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/beschluss Flyer für das Sommerfest drucken 5:0:0")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer gestalten @vera zu B 1")
    chat.clock.advance(days=1)
    refused = await chat.say(NICOLE, GROUP, "/aufheben B 2024/1 Sommerfest <abgesagt>")
    assert refused.startswith("<b>B 2024/1</b> aufheben dürfen nur Daniel (hat ihn festgehalten)")
    chat.make_admin(NICOLE, GROUP)  # an admin of the group may
    reply = await chat.say(NICOLE, GROUP, "/aufheben B 2024/1 Sommerfest <abgesagt>")
    assert reply.splitlines() == [
        "⛔ <b>Beschluss B 2024/1</b> aufgehoben: Flyer für das Sommerfest drucken",
        "Grund: Sommerfest &lt;abgesagt&gt;",
        "Dazu sind noch Aufgaben offen: #1. Nicht mehr nötig? <code>/streichen 1</code>",
    ]
    [stored] = decisions(db)
    assert stored.repealed_at is not None and stored.repealed_at.isoformat().startswith(
        "2024-06-20"
    )
    assert (stored.repealed_reason, stored.repealed_by_id) == (
        "Sommerfest <abgesagt>",
        NICOLE["id"],
    )
    again = await chat.say(VERA, GROUP, "/aufheben 1")
    assert again == "Beschluss B 2024/1 ist schon seit Do, 20.06.2024 aufgehoben."
    register = await chat.say(VERA, GROUP, "/beschluesse")
    assert "⛔ <b>B 2024/1</b>" in register and "<s>Flyer" in register
    assert "aufgehoben am Do, 20.06.2024" in register
    view = await chat.say(VERA, GROUP, "/beschluesse 1")
    assert "⛔ Aufgehoben am Do, 20.06.2024 von Nicole\nGrund: Sommerfest &lt;abgesagt&gt;" in view
    refused = await chat.say(VERA, GROUP, "/aufgabe Noch mehr Flyer zu B 1")
    assert "ist aufgehoben" in refused and len(tasks(db)) == 1


async def test_repeal_errors(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/beschluss Etwas")
    assert "Welcher Beschluss?" in await chat.say(VERA, GROUP, "/aufheben")
    assert "„sieben“ ist keine Beschlussnummer" in await chat.say(VERA, GROUP, "/aufheben sieben")
    assert "B 2 gibt es" in await chat.say(VERA, GROUP, "/aufheben 2 weil")
    assert "B 2023/1 gibt es" in await chat.say(VERA, GROUP, "/aufheben 2023/1")
    assert all(d.repealed_at is None for d in decisions(db))


async def test_tasks_link_by_reference_or_reply(chat: ChatHarness, db: Database) -> None:
    confirmation = await chat.say(DANIEL, GROUP, "/beschluss Empfehlung an die neue Ratsfraktion")
    await chat.say(VERA, GROUP, "/hilfe")
    linked = await chat.say(
        DANIEL, GROUP, "/aufgabe Treffen für Neumitglieder vorbereiten zu B 1 @vera bis Freitag"
    )
    assert "angelegt: Treffen für Neumitglieder vorbereiten\n" in linked
    assert linked.endswith("📅 bis Fr, 21.06.2024\n📜 zu Beschluss B 2024/1")
    by_reply = await chat.say(
        NICOLE, GROUP, "/aufgabe Fraktion informieren", reply_to=bot_message(chat, confirmation)
    )
    assert "#2" in by_reply and "zu Beschluss B 2024/1" in by_reply
    # replying without a title: the decision's text becomes the title
    titled = await chat.say(NICOLE, GROUP, "/aufgabe", reply_to=bot_message(chat, confirmation))
    assert "angelegt: Empfehlung an die neue Ratsfraktion" in titled
    # a member's message that merely quotes the wording links nothing
    quoted = chat.message(VERA, GROUP, visible_text(confirmation), entities=[])
    plain = await chat.say(NICOLE, GROUP, "/aufgabe Kaffee kochen", reply_to=quoted)
    assert "Beschluss" not in plain
    assert [t.decision_id for t in tasks(db)] == [1, 1, 1, None]
    view = await chat.say(VERA, GROUP, "/beschluesse B 1")
    assert "<b>Aufgaben dazu</b> (3)" in view and "#1</b> Treffen" in view
    assert "#4" not in view
    # an unknown decision refuses the task, nothing stored
    assert "B 9 gibt es" in await chat.say(VERA, GROUP, "/aufgabe Irgendwas zu B 9")
    assert len(tasks(db)) == 4


async def test_private_chat_is_refused(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(VERA, private_chat(VERA), "/beschluss Geheim")
    assert "nur in eurer Gruppe" in reply and "/beschluss Empfehlung" in reply
    assert decisions(db) == []


async def test_english(database_url: str, db: Database, clock: Any) -> None:
    chat = await start_harness(make_settings(database_url, bot_language="en"), db, clock)
    try:
        reply = await chat.say(VERA, GROUP, "/decision Recommend the council group 5:0:1")
        assert reply.startswith("📜 <b>Decision B 2024/1</b> recorded on Wed, 19 Jun 2024:")
        assert "5 in favour, 0 against, 1 abstention" in reply
        assert "“5:x:1” is not a vote" in await chat.say(VERA, GROUP, "/decision Text 5:x:1")
        assert "Register of decisions" in await chat.say(VERA, GROUP, "/decisions")
        assert "repealed: Recommend" in await chat.say(VERA, GROUP, "/repeal 1 outdated")
    finally:
        await chat.app.shutdown()
