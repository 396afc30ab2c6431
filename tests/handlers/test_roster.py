"""The board's roster through the real Application, on SQLite and PostgreSQL: `/vorstand` adds,
removes and shows members, `/rolle` gives roles, only admins change anything, unknown and
ambiguous names are answered, `/vorstand neu` keeps the old term in the record, and a roster
of 200 fits Telegram's limits."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import col, select

from storage.database import Database
from storage.models import BoardSeat, Chat, Event
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness, utf16_length
from tests.support.telegram_html import visible_text

OTHER_NICOLE = {"id": 105, "is_bot": False, "first_name": "Nicole", "username": "nk"}
LIMIT = 4096


async def board_with_three(chat: ChatHarness) -> None:
    """Vera (admin), Nicole and Daniel have written in the group; Vera is admin."""
    for user in (VERA, NICOLE, DANIEL):
        await chat.say(user, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)


def seats(db: Database, **where: Any) -> list[BoardSeat]:
    with db.transaction() as session:
        query = select(BoardSeat).order_by(col(BoardSeat.term), col(BoardSeat.id))
        for name, value in where.items():
            query = query.where(getattr(BoardSeat, name) == value)
        return list(session.exec(query))


async def test_admins_add_members_and_give_roles_everyone_sees_them(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    empty = await chat.say(NICOLE, GROUP, "/vorstand")
    assert "noch niemand" in empty and "/vorstand @vera" in empty
    added = await chat.say(VERA, GROUP, "/vorstand @vera @dschaper @Nicole")
    assert "Im Vorstand eingetragen: Vera Kraus (@vera), Daniel (@dschaper), Nicole." in added
    assert "Amtszeit 1 seit Mi, 19.06.2024" in added and "Mitglieder: 3" in added
    again = await chat.say(VERA, GROUP, "/vorstand @vera")
    assert "Schon im Vorstand: Vera Kraus (@vera)." in again
    assert len(seats(db)) == 3
    assert await chat.say(VERA, GROUP, "/rolle @vera Vorsitzende") == (
        "Vera Kraus (@vera) ist jetzt Vorsitzende."
    )
    await chat.say(VERA, GROUP, "/rolle @dschaper Kassierer")
    shown = await chat.say(DANIEL, GROUP, "/vorstand")
    assert "• Vera Kraus (@vera) – Vorsitzende" in shown
    assert "• Daniel (@dschaper) – Kassierer" in shown and "• Nicole\n" not in shown
    assert shown.endswith("• Nicole")
    cleared = await chat.say(VERA, GROUP, "/rolle @dschaper -")
    assert cleared == "Daniel (@dschaper) hat keine Rolle mehr."
    assert [seat.role for seat in seats(db)] == ["Vorsitzende", None, None]


async def test_a_role_moves_from_its_previous_holder_but_beisitzer_are_several(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    await chat.say(VERA, GROUP, "/vorstand @vera @dschaper @Nicole")
    await chat.say(VERA, GROUP, "/rolle @dschaper Kassierer")
    await chat.say(VERA, GROUP, "/rolle @Nicole Kassiererin")  # the same role, other spelling
    assert [(seat.name, seat.role) for seat in seats(db)] == [
        ("Vera Kraus", None),
        ("Daniel", None),
        ("Nicole", "Kassiererin"),
    ]
    await chat.say(VERA, GROUP, "/rolle @vera Beisitzerin")
    await chat.say(VERA, GROUP, "/rolle @dschaper Beisitzer")
    assert [seat.role for seat in seats(db)] == ["Beisitzerin", "Beisitzer", "Kassiererin"]
    ambiguous = await chat.say(VERA, GROUP, "/aufgabe Protokoll lesen @beisitzer")
    assert "mehrere" in ambiguous and "@vera" in ambiguous and "@dschaper" in ambiguous


async def test_only_admins_change_the_roster(chat: ChatHarness, db: Database) -> None:
    await board_with_three(chat)
    for command in (
        "/vorstand @Nicole",
        "/rolle @Nicole Vorsitzende",
        "/vorstand raus @vera",
        "/vorstand neu @Nicole",
        "/uebergabe @vera @Nicole",
    ):
        refusal = await chat.say(NICOLE, GROUP, command)
        assert refusal.startswith("Den Vorstand ändern dürfen nur die Admins"), command
    assert seats(db) == []
    with db.transaction() as session:
        chat_row = session.get(Chat, GROUP["id"])
        assert chat_row is not None and chat_row.board_term == 1
    assert "noch niemand" in await chat.say(NICOLE, GROUP, "/vorstand")  # looking is for all


async def test_unknown_and_ambiguous_names_are_answered_and_nothing_is_stored(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    await chat.say(OTHER_NICOLE, GROUP, "/hilfe")
    unknown = await chat.say(VERA, GROUP, "/vorstand @vera @otto")
    assert "Ich kenne @otto nicht" in unknown
    ambiguous = await chat.say(VERA, GROUP, "/vorstand @Nicole")
    assert "mehrere" in ambiguous and "@nk" in ambiguous
    assert "Nicole (ohne Benutzernamen)" in ambiguous
    assert seats(db) == []
    html = await chat.say(VERA, GROUP, "/vorstand @vera <b>x</b>")
    assert "&lt;b&gt;x&lt;/b&gt;" in html and seats(db) == []
    assert "genau eine Person" in await chat.say(VERA, GROUP, "/rolle @vera @nk Kasse")
    assert "Welche Rolle?" in await chat.say(VERA, GROUP, "/rolle @vera")
    too_long = await chat.say(VERA, GROUP, "/rolle @vera " + "Sehr" * 20)
    assert "zu lang (80 Zeichen, höchstens 40)" in too_long and seats(db) == []


async def test_a_text_mention_adds_someone_who_never_wrote(chat: ChatHarness, db: Database) -> None:
    await board_with_three(chat)
    otto = {"id": 104, "is_bot": False, "first_name": "Otto", "last_name": "Berg"}
    text = "/vorstand Otto"
    entities = [
        {"type": "bot_command", "offset": 0, "length": utf16_length("/vorstand")},
        {"type": "text_mention", "offset": 10, "length": 4, "user": otto},
    ]
    [reply] = await chat.process(chat.message(VERA, GROUP, text, entities=entities))
    assert "Im Vorstand eingetragen: Otto Berg." in reply
    assert [(seat.user_id, seat.name) for seat in seats(db)] == [(104, "Otto Berg")]


async def test_removing_keeps_the_seat_with_its_dates_and_points_to_the_handover(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    await chat.say(VERA, GROUP, "/vorstand @vera @Nicole")
    await chat.say(VERA, GROUP, "/aufgabe Kasse prüfen @Nicole")
    chat.clock.advance(days=30)
    removed = await chat.say(VERA, GROUP, "/vorstand raus @Nicole")
    assert "Nicole ist nicht mehr im Vorstand" in removed and "#1" in removed
    assert "/uebergabe" in removed
    [kept] = seats(db, name="Nicole")
    assert kept.until == chat.clock.now
    assert "Nicole" not in await chat.say(VERA, GROUP, "/vorstand")
    assert "nicht im Vorstand" in await chat.say(VERA, GROUP, "/vorstand raus @dschaper")
    assert "Wer soll aus dem Vorstand?" in await chat.say(VERA, GROUP, "/vorstand raus")
    past = await chat.say(VERA, GROUP, "/vorstand 1")
    assert "• Nicole (Mi, 19.06.2024 bis Fr, 19.07.2024)" in past


async def test_a_new_term_keeps_the_old_roster_with_its_dates(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    await chat.say(VERA, GROUP, "/vorstand @vera @Nicole")
    await chat.say(VERA, GROUP, "/rolle @vera Vorsitzende")
    chat.clock.advance(days=365)
    started = await chat.say(VERA, GROUP, "/vorstand neu @Nicole @dschaper")
    assert "Amtszeit 2 beginnt" in started and "Amtszeit 1 bleibt" in started
    assert "Amtszeit 2 seit Do, 19.06.2025" in started and "Vera" not in started
    assert "/vorstand alt" in started  # the hint to the past term
    old = await chat.say(NICOLE, GROUP, "/vorstand alt")
    assert "Amtszeit 1" in old
    assert "• Vera Kraus (@vera) – Vorsitzende (Mi, 19.06.2024 bis Do, 19.06.2025)" in old
    assert old == await chat.say(NICOLE, GROUP, "/vorstand 1")
    assert "Amtszeit 3 gibt es" in await chat.say(NICOLE, GROUP, "/vorstand 3")
    assert "Amtszeit 0 gibt es" in await chat.say(NICOLE, GROUP, "/vorstand 0")
    assert [(s.term, s.name, s.until is None) for s in seats(db)] == [
        (1, "Vera Kraus", False),
        (1, "Nicole", False),
        (2, "Nicole", True),
        (2, "Daniel", True),
    ]
    with db.transaction() as session:
        actions = session.exec(select(Event.action).where(Event.item_type == "board")).all()
    assert "board_term" in actions and actions.count("board_add") == 4


async def test_an_unknown_name_in_a_new_term_keeps_the_current_one(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    await chat.say(VERA, GROUP, "/vorstand @vera")
    assert "Ich kenne @otto nicht" in await chat.say(VERA, GROUP, "/vorstand neu @otto")
    with db.transaction() as session:
        chat_row = session.get(Chat, GROUP["id"])
        assert chat_row is not None and chat_row.board_term == 1
    assert [seat.until for seat in seats(db)] == [None]


async def test_an_english_group_has_the_english_words(chat: ChatHarness, db: Database) -> None:
    await board_with_three(chat)
    await chat.say(VERA, GROUP, "/settings language english")
    await chat.say(VERA, GROUP, "/board @vera @Nicole")
    assert await chat.say(VERA, GROUP, "/role @Nicole treasurer") == "Nicole is now treasurer."
    shown = await chat.say(DANIEL, GROUP, "/board")
    assert "<b>Board</b> · term 1 since Wed, 19 Jun 2024" in shown
    assert "• Nicole – treasurer" in shown
    await chat.say(VERA, GROUP, "/board new @vera")
    assert "Board, term 1" in await chat.say(VERA, GROUP, "/board old")
    assert "I don't understand" in await chat.say(VERA, GROUP, "/board sideways")


async def test_a_roster_of_200_is_delivered_within_telegrams_limits(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)
    people = [
        {"id": 1000 + n, "is_bot": False, "first_name": f"Mitglied{n}", "username": f"m{n}"}
        for n in range(200)
    ]
    for person in people:
        await chat.say(person, GROUP, "/hilfe")
    mentions = " ".join(f"@m{n}" for n in range(200))
    replies = await chat.send(VERA, GROUP, f"/vorstand {mentions}")
    assert all(utf16_length(visible_text(reply)) <= LIMIT for reply in replies)
    assert len(seats(db)) == 200
    for n in range(200):
        await chat.say(VERA, GROUP, f"/rolle @m{n} Beisitzer für Bezirk {n} <&>")
    shown = await chat.send(DANIEL, GROUP, "/vorstand")
    assert len(shown) >= 2 and all(utf16_length(visible_text(r)) <= LIMIT for r in shown)
    text = "\n".join(shown)
    assert "Mitglieder: 200" in text and "Beisitzer für Bezirk 0 &lt;&amp;&gt;" in text
    # what does not fit in the few messages a reply may take is counted, with where to look
    listed = text.count("• Mitglied")
    more = re.search(r"… und (\d+) weitere: /export", text)
    assert listed + (int(more.group(1)) if more else 0) == 200


async def test_the_export_lists_the_current_board_and_past_terms(
    chat: ChatHarness, db: Database
) -> None:
    await board_with_three(chat)
    await chat.say(VERA, GROUP, "/export")
    assert not [d for d in chat.api.documents(GROUP["id"]) if "vorstand" in d["filename"]]
    await chat.say(VERA, GROUP, "/vorstand @vera @Nicole")
    await chat.say(VERA, GROUP, "/rolle @vera =Vorsitzende")  # a formula trigger, neutralised
    chat.clock.advance(days=365)
    await chat.say(VERA, GROUP, "/vorstand neu @dschaper")
    reply = await chat.say(VERA, GROUP, "/export")
    assert "Vorstand mit allen Amtszeiten" in reply
    [roster] = [d for d in chat.api.documents(GROUP["id"]) if "vorstand" in d["filename"]]
    assert roster["filename"] == "vorstand-2025-06-19.csv"
    lines = roster["data"].decode("utf-8-sig").splitlines()
    assert lines == [
        '"Amtszeit";"Name";"Benutzername";"Rolle";"seit";"bis"',
        '1;"Vera Kraus";"vera";"\'=Vorsitzende";"2024-06-19";"2025-06-19"',
        '1;"Nicole";"";"";"2024-06-19";"2025-06-19"',
        '2;"Daniel";"dschaper";"";"2025-06-19";""',
    ]
