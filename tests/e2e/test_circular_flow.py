"""An Umlaufbeschluss through the real bot process and the emulator: three board members vote
by poll, and the motion ends as a decision in the register, "im Umlaufverfahren". The roster is
put into the database directly (its commands are another part of issue 15). Parametrized over
SQLite and PostgreSQL through `database_url`."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from storage.database import Database
from storage.roster import add_board_member

from .conftest import BotProcess
from .emulator import BotApiEmulator


def ask(emu: BotApiEmulator, user: dict, chat: dict, text: str, expect: str) -> dict:  # type: ignore[type-arg]
    mark = emu.mark()
    emu.send_text(user, chat, text)
    return emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=15)


def seat(database_url: str, chat_id: int, *members: dict) -> None:  # type: ignore[type-arg]
    db = Database.from_url(database_url)
    try:
        with db.transaction() as session:
            for member in members:
                add_board_member(
                    session,
                    chat_id,
                    name=member["first_name"],
                    now=datetime.now(UTC),
                    user_id=member["id"],
                    username=member.get("username"),
                )
    finally:
        db.dispose()


def test_three_board_members_vote_by_poll_and_the_register_has_it(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    nicole = emu.create_user("Nicole")
    daniel = emu.create_user("Daniel", username="dschaper")
    group = emu.create_group("Stadtvorstand", [vera, nicole, daniel], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(group["id"], contains="Ich bin boardbot")
    year = datetime.now(ZoneInfo("Europe/Berlin")).year

    ask(emu, vera, group, "/umlauf Wir kaufen einen Beamer", "Vorstandsliste")
    seat(database_url, group["id"], vera, nicole, daniel)

    mark = emu.mark()
    emu.send_text(vera, group, "/umlauf Wir kaufen einen Beamer für 300 € bis Freitag")
    status = emu.wait_for_bot_message(group["id"], contains="Umlaufbeschluss U 1", after=mark)
    assert "Abgestimmt: 0 von 3" in status["text"]
    emu.wait_until_idle()
    (poll,) = emu.polls()
    assert poll["question"] == "U 1: Wir kaufen einen Beamer für 300 €"
    assert [o["text"] for o in poll["options"]] == ["Ja", "Nein", "Enthaltung"]
    assert not poll["is_anonymous"] and not poll["allows_revoting"]

    mark = emu.mark()
    emu.answer_poll(vera, poll["id"], [0])
    edited = emu.wait_for_bot_message(group["id"], contains="Abgestimmt: 1 von 3", after=mark)
    assert edited["message_id"] == status["message_id"] and "☑️ Vera: Ja" in edited["text"]
    with pytest.raises(AssertionError, match="does not allow"):
        emu.answer_poll(vera, poll["id"], [1])  # like Telegram: a vote cannot be changed

    emu.answer_poll(nicole, poll["id"], [0])
    mark = emu.mark()
    emu.answer_poll(daniel, poll["id"], [0])
    announced = emu.wait_for_bot_message(group["id"], contains="abgeschlossen", after=mark)
    assert "angenommen" in announced["text"] and f"B {year}/1" in announced["text"]
    assert "3 dafür, 0 dagegen" in announced["text"] or "einstimmig" in announced["text"]
    emu.wait_until_idle()
    assert emu.polls()[0]["is_closed"]  # stopped by the bot
    assert emu.polls()[0]["total_voter_count"] == 3
    with pytest.raises(AssertionError, match="closed"):
        emu.answer_poll(nicole, poll["id"], [1])

    register = ask(emu, nicole, group, "/beschluesse", f"B {year}/1")
    assert "im Umlaufverfahren" in register["text"]
    card = ask(emu, nicole, group, "/beschluesse 1", "Wir kaufen einen Beamer")
    assert "im Umlaufverfahren" in card["text"]
    ask(emu, vera, group, "/umlauf", "Kein Umlaufbeschluss ist offen")
