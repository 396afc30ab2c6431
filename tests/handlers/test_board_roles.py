"""Role mentions and the handover after an election, through the real Application on SQLite
and PostgreSQL: `@kassierer` is whoever holds the role and the item follows the role when it
changes hands (reminders name the new holder); `/uebergabe` moves open tasks, follow-ups and
the role with an audit entry per item; forgetting keeps a seat's role, not its name."""

from __future__ import annotations

import json

from sqlmodel import col, select

from storage.database import Database
from storage.models import BoardSeat, Event, Task, TaskOwner
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness, private_chat
from tests.handlers.test_reminders import at

KASSIERER = {"id": 106, "is_bot": False, "first_name": "Karl", "username": "kassierer"}


async def board(chat: ChatHarness) -> None:
    """Vera (admin, Vorsitzende) and Daniel (Kassierer) on the board; Nicole a member."""
    for user in (VERA, NICOLE, DANIEL):
        await chat.say(user, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/vorstand @vera @dschaper")
    await chat.say(VERA, GROUP, "/rolle @vera Vorsitzende")
    await chat.say(VERA, GROUP, "/rolle @dschaper Kassierer")


def owners(db: Database) -> dict[int, list[tuple[str, int | None, str | None]]]:
    """Task number → its owners as (name, user id, role key)."""
    with db.transaction() as session:
        rows = session.exec(
            select(Task.number, TaskOwner.name, TaskOwner.user_id, TaskOwner.role)
            .join(TaskOwner, col(TaskOwner.task_id) == col(Task.id))
            .order_by(col(Task.number), col(TaskOwner.position))
        ).all()
    found: dict[int, list[tuple[str, int | None, str | None]]] = {}
    for number, name, user_id, role in rows:
        found.setdefault(number, []).append((name, user_id, role))
    return found


def events(db: Database, action: str) -> list[Event]:
    with db.transaction() as session:
        return list(session.exec(select(Event).where(Event.action == action)))


async def test_a_role_mention_assigns_the_holder_and_follows_the_role(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    card = await chat.say(NICOLE, GROUP, "/aufgabe Kasse prüfen @kassiererin bis Freitag")
    assert "Daniel" in card
    await chat.say(NICOLE, GROUP, "/aufgabe Beleg abheften @Kassierer")
    await chat.say(NICOLE, GROUP, "/erledigt 2")
    await chat.say(NICOLE, GROUP, "/aufgabe Einladung @vorsitzende @dschaper")
    assert owners(db)[1] == [("Daniel", 103, "treasurer")]
    assert owners(db)[3] == [("Vera Kraus", 101, "chair"), ("Daniel", 103, None)]
    moved = await chat.say(VERA, GROUP, "/rolle @Nicole Kassiererin")
    assert "Nicole ist jetzt Kassiererin." in moved and "gehen mit: #1" in moved
    assert owners(db)[1] == [("Nicole", 102, "treasurer")]
    assert owners(db)[2] == [("Daniel", 103, "treasurer")]  # done: stays as it was
    assert owners(db)[3] == [("Vera Kraus", 101, "chair"), ("Daniel", 103, None)]  # by name
    [event] = events(db, "role_moved")
    assert event.item_number == 1 and '"user_id": 102' in (event.after or "")
    assert "der Rolle gefolgt" in await chat.say(VERA, GROUP, "/verlauf 1")
    chat.clock.now = at(20, 9, 1)  # the day before Friday 21.06.
    [reminder] = await chat.dispatch()
    assert "Kasse prüfen" in reminder["text"] and "tg://user?id=102" in reminder["text"]
    assert "tg://user?id=103" not in reminder["text"]


async def test_zuweisen_and_follow_ups_read_roles_too(chat: ChatHarness, db: Database) -> None:
    await board(chat)
    await chat.say(NICOLE, GROUP, "/aufgabe Flyer")
    await chat.say(NICOLE, GROUP, "/zuweisen 1 @vorsitzender")
    await chat.say(NICOLE, GROUP, "/wiedervorlage Ist die Umlage da? @treasurer jeden Montag")
    assert owners(db) == {1: [("Vera Kraus", 101, "chair")], 2: [("Daniel", 103, "treasurer")]}


async def test_a_role_nobody_holds_is_answered_and_nothing_is_stored(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    refusal = await chat.say(NICOLE, GROUP, "/aufgabe Protokoll @schriftführerin")
    assert "Die Rolle „schriftführerin“ hat im Vorstand gerade niemand" in refusal
    assert "/rolle @Name schriftführerin" in refusal
    assert "niemand" in await chat.say(NICOLE, GROUP, "/aufgabe Protokoll @schriftfuehrerin")
    assert owners(db) == {}
    await chat.say(VERA, GROUP, "/vorstand raus @dschaper")  # the treasurer left the board
    assert "niemand" in await chat.say(NICOLE, GROUP, "/aufgabe Kasse @kassierer")
    # a word that is no common role and no role held stays a plain name, as before
    await chat.say(NICOLE, GROUP, "/aufgabe Website @webmaster")
    assert owners(db) == {1: [("webmaster", None, None)]}
    await chat.say(VERA, GROUP, "/rolle @Nicole Webmaster")
    await chat.say(NICOLE, GROUP, "/aufgabe Impressum @WEBMASTER")
    assert owners(db)[2] == [("Nicole", 102, "webmaster")]


async def test_a_member_named_kassierer_wins_over_the_role(chat: ChatHarness, db: Database) -> None:
    await board(chat)
    await chat.say(KASSIERER, GROUP, "/hilfe")
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse prüfen @kassierer")
    assert owners(db)[1] == [("Karl", 106, None)]
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse zählen @kassiererin")  # no such username
    assert owners(db)[2] == [("Daniel", 103, "treasurer")]


async def test_handover_moves_open_tasks_follow_ups_and_the_role(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse prüfen @dschaper")
    await chat.say(NICOLE, GROUP, "/aufgabe Beleg @kassierer")
    await chat.say(NICOLE, GROUP, "/aufgabe Erledigtes @dschaper")
    await chat.say(NICOLE, GROUP, "/erledigt 3")
    await chat.say(NICOLE, GROUP, "/wiedervorlage Umlage da? @dschaper jeden Montag")
    await chat.say(NICOLE, GROUP, "/aufgabe Gemeinsam @dschaper @Nicole")
    await chat.say(NICOLE, GROUP, "/aufgabe Fremd @vera")
    summary = await chat.say(VERA, GROUP, "/uebergabe @dschaper an @Nicole")
    assert summary == (
        "<b>Übergabe</b> von @dschaper an Nicole\n"
        "Offene Aufgaben und Wiedervorlagen (4): #1, #2, #4, #5\n"
        "Rolle: Kassierer"
    )
    found = owners(db)
    assert found[1] == [("Nicole", 102, None)] and found[2] == [("Nicole", 102, "treasurer")]
    assert found[3] == [("Daniel", 103, None)]  # done
    assert found[4] == [("Nicole", 102, None)]
    assert found[5] == [("Nicole", 102, None)]  # not twice
    assert found[6] == [("Vera", 101, None)]
    assert sorted(e.item_number or 0 for e in events(db, "handover")) == [1, 2, 4, 5]
    with db.transaction() as session:
        roles = session.exec(select(BoardSeat.name, BoardSeat.role)).all()
    assert sorted(roles, key=str) == sorted(
        [("Vera Kraus", "Vorsitzende"), ("Daniel", None), ("Nicole", "Kassierer")], key=str
    )
    again = await chat.say(VERA, GROUP, "/uebergabe @dschaper @Nicole")
    assert again == (
        "@dschaper hat keine offenen Aufgaben, Wiedervorlagen oder Rollen – nichts übergeben."
    )


async def test_handover_refusals(chat: ChatHarness, db: Database) -> None:
    await board(chat)
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse @dschaper")
    assert "dieselbe Person" in await chat.say(VERA, GROUP, "/uebergabe @dschaper @Daniel")
    assert "Wen meinst du mit „@otto“" in await chat.say(VERA, GROUP, "/uebergabe @otto @Nicole")
    assert "Ich kenne @otto nicht" in await chat.say(VERA, GROUP, "/uebergabe @dschaper @otto")
    for usage in ("/uebergabe @dschaper", "/uebergabe", "/uebergabe @a @b @c", "/uebergabe x y"):
        assert "So geht die Übergabe" in await chat.say(VERA, GROUP, usage), usage
    taken = await chat.say(VERA, GROUP, "/uebergabe @dschaper @vera")
    assert "@vera ist schon Vorsitzende" in taken
    assert owners(db)[1] == [("Daniel", 103, None)] and events(db, "handover") == []


async def test_handover_from_someone_who_left_the_group_and_typed_with_umlaut(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse @dschaper")
    await chat.say(NICOLE, GROUP, "/aufgabe Schlüssel @Hausmeister")  # a plain name
    leaving = chat.message(DANIEL, GROUP, "", entities=[])
    del leaving["text"]
    leaving["left_chat_member"] = DANIEL
    await chat.process(leaving)
    typed = chat.message(VERA, GROUP, "/übergabe @dschaper @Nicole", entities=[])
    [summary] = await chat.process(typed)
    assert "#1" in summary and "Rolle: Kassierer" in summary
    await chat.say(VERA, GROUP, "/uebergabe @hausmeister @vera")
    assert owners(db) == {1: [("Nicole", 102, None)], 2: [("Vera Kraus", 101, None)]}


async def test_a_big_handover_is_summed_up_in_one_short_message(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    for number in range(30):
        await chat.say(NICOLE, GROUP, f"/aufgabe Punkt {number} @dschaper")
    summary = await chat.say(VERA, GROUP, "/uebergabe @dschaper @Nicole")
    assert "(30): #1, #2" in summary and "#20 und 10 weitere" in summary and "#21" not in summary
    assert len(events(db, "handover")) == 30


async def test_forgetting_a_member_keeps_the_seat_and_its_role(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    await chat.say(DANIEL, private_chat(DANIEL), "/vergissmich ja")
    with db.transaction() as session:
        seat = session.exec(select(BoardSeat).where(BoardSeat.role == "Kassierer")).one()
        assert (seat.name, seat.user_id, seat.username) == ("ehemaliges Mitglied", None, None)
    shown = await chat.say(VERA, GROUP, "/vorstand")
    assert "• ehemaliges Mitglied – Kassierer" in shown and "dschaper" not in shown
    # the role is still held on the board's record: a task for it goes to nobody by name
    card = await chat.say(NICOLE, GROUP, "/aufgabe Kasse @kassierer")
    assert "ehemaliges Mitglied" in card
    await chat.say(VERA, GROUP, "/rolle @Nicole Kassierer")
    assert owners(db)[1] == [("Nicole", 102, "treasurer")]


async def test_a_plain_reminder_for_a_role_follows_it_but_a_handover_leaves_it(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    await chat.say(NICOLE, GROUP, "/erinnere Kasse zählen @kassierer morgen 18 Uhr")
    await chat.say(NICOLE, GROUP, "/erinnere Schlüssel holen @dschaper morgen 18 Uhr")
    await chat.say(VERA, GROUP, "/uebergabe @dschaper @Nicole")  # reminders stay (plain ones)
    assert owners(db) == {1: [("Nicole", 102, "treasurer")], 2: [("Daniel", 103, None)]}
    await chat.say(VERA, GROUP, "/rolle @vera Kassierer")
    assert owners(db)[1] == [("Vera Kraus", 101, "treasurer")]


async def test_the_personal_export_holds_the_members_seats(chat: ChatHarness, db: Database) -> None:
    await board(chat)
    await chat.say(DANIEL, private_chat(DANIEL), "/export")
    document = chat.api.documents(DANIEL["id"])[-1]
    data = json.loads(document["data"])
    assert [(s["term"], s["role"], s["username"]) for s in data["board_seats"]] == [
        (1, "Kassierer", "dschaper")
    ]


async def test_handover_between_two_people_picked_from_the_list(
    chat: ChatHarness, db: Database
) -> None:
    await board(chat)
    await chat.say(NICOLE, GROUP, "/aufgabe Kasse @dschaper")

    def picked(*users: dict[str, object]) -> dict[str, object]:
        text, entities = "/uebergabe", [{"type": "bot_command", "offset": 0, "length": 10}]
        for user in users:
            name = str(user["first_name"])
            entities.append(
                {"type": "text_mention", "offset": len(text) + 1, "length": len(name), "user": user}
            )
            text += " " + name
        return chat.message(VERA, GROUP, text, entities=entities)

    [same] = await chat.process(picked(DANIEL, DANIEL))
    assert "dieselbe Person" in same
    [summary] = await chat.process(picked(DANIEL, NICOLE))
    assert "<b>Übergabe</b> von @dschaper an Nicole" in summary
    assert owners(db)[1] == [("Nicole", 102, None)]
