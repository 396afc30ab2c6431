"""The console plays circular resolutions: `/umlauf` shows the poll with numbered options, and
`/abstimmen` answers it as the current member (a poll answer without a chat, as Telegram
sends it), until the motion is decided and the poll closed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storage.roster import add_board_member
from tests.unit.test_console_session import Console, console


def seat_current(chat: Console) -> None:
    session = chat.session
    with session.db.transaction() as db:
        add_board_member(
            db,
            session.group_id,
            name=session.member["first_name"],
            now=datetime.now(UTC),
            user_id=session.member["id"],
        )


async def test_a_circular_played_in_the_console(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        await chat.type("/hilfe")
        seat_current(chat)
        await chat.type("/as Nicole")
        seat_current(chat)
        out = await chat.type("/as Vera", "/umlauf Wir kaufen einen Beamer")
        assert "Umlaufbeschluss U 1" in out
        assert "📊 U 1: Wir kaufen einen Beamer" in out and "1) Ja   2) Nein   3) Enthaltung" in out
        out = await chat.type("/abstimmen vielleicht")
        assert "/abstimmen ja|nein|enthaltung" in out
        out = await chat.type("/abstimmen ja")
        assert "Abgestimmt: 1 von 2" in out
        out = await chat.type("/as Nicole", "/abstimmen 1")
        assert "abgeschlossen: angenommen" in out
        out = await chat.type("/abstimmen nein")  # the poll is closed: nothing left to answer
        assert "/abstimmen ja|nein|enthaltung" in out
