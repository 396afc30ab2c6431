"""Replies capped (issue 12): `/aufgaben alle` in a group with hundreds of tasks is three
messages ending with "… und N weitere: /export", not a quarter of an hour of messages —
through the real bot and the emulator, which refuses texts over Telegram's 4,096 characters."""

from __future__ import annotations

from sqlmodel import select

from bot.reminders.schedule import PLANNER
from storage.database import Database
from storage.models import Chat
from storage.tasks import create_task

from .conftest import BotProcess
from .emulator import BotApiEmulator

TASKS = 300


def seed_tasks(url: str, chat_id: int, count: int) -> None:
    db = Database.from_url(url)
    try:
        with db.transaction() as session:
            chat = session.exec(select(Chat).where(Chat.id == chat_id)).one()
            for n in range(count):
                create_task(
                    session,
                    chat_id=chat.id,
                    title=f"Aufgabe {n}: Stände, Flyer und Plakate für das Sommerfest",
                    owners=[],
                    due_at=None,
                    due_has_time=False,
                    created_by_id=None,
                    created_by_name="Vera",
                    now=chat.created_at,
                    planner=PLANNER,
                )
    finally:
        db.dispose()


def test_a_long_list_is_three_messages_and_points_to_the_export(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Stadtvorstand", [vera], supergroup=True)
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot", timeout=15)
    seed_tasks(database_url, board["id"], TASKS)
    mark = emu.mark()
    emu.send_text(vera, board, "/aufgaben alle")
    emu.wait_for_bot_message(board["id"], contains="weitere: /export", after=mark, timeout=30)
    emu.wait_until_idle(timeout=15)
    replies = [m["text"] for m in emu.bot_messages(board["id"])][-3:]
    everything = [m["text"] for m in emu.bot_messages(board["id"])]
    assert sum("Stände, Flyer" in text for text in everything) == 3, "more than three messages"
    shown = sum(text.count("Aufgabe ") for text in replies)
    assert replies[-1].splitlines()[-1] == f"… und {TASKS - shown} weitere: /export"
    assert not [r for r in emu.requests if r["status"] >= 400], "Telegram refused a message"
