"""Guided input (handlers.common.prompting): a command without its argument, and the buttons
that need a typed value, ask with a ForceReply; the asked member's reply is read as the command
would read it; the question survives a restart and expires after a day. Both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Decision, PendingPrompt, Task, TaskOwner
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    FakeClock,
    make_settings,
    private_chat,
    start_harness,
)
from tests.support.cards import (
    ask_alone,
    button_data,
    last_card,
    last_edit,
    last_question,
    markup_of,
)

FRIDAY_END = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)


def tasks(db: Database) -> list[Task]:
    with db.transaction() as session:
        return list(session.exec(select(Task).order_by(Task.number)).all())


def owner_names(db: Database, task_id: int | None) -> list[str]:
    with db.transaction() as session:
        rows = session.exec(
            select(TaskOwner).where(TaskOwner.task_id == task_id).order_by(TaskOwner.position)
        ).all()
        return [row.name for row in rows]


GONE = "Diese Frage ist schon beantwortet oder abgelaufen."


def prompts(db: Database) -> list[PendingPrompt]:
    """The questions still open (answered ones are kept a week, closed)."""
    with db.transaction() as session:
        return [p for p in session.exec(select(PendingPrompt)).all() if p.closed_at is None]


def forced(api: Any) -> dict[str, Any]:
    """The ForceReply markup of the last question (the link to continue privately follows)."""
    sent = [p for m, p in api.calls if m == "sendMessage" and "force_reply" in str(p)]
    markup = markup_of(sent[-1])
    assert markup is not None
    return markup


async def test_a_command_with_only_invisible_marks_counts_as_alone(
    chat: ChatHarness, db: Database
) -> None:
    for invisible in ("\ufeff", "\u200b \u2060", "\u00a0"):
        ask = await ask_alone(chat, VERA, GROUP, f"/aufgabe {invisible}")
        assert "Wie heißt die Aufgabe?" in ask
    assert tasks(db) == [] and len(prompts(db)) == 3


async def test_task_alone_asks_for_the_title(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    ask = await ask_alone(chat, VERA, GROUP, "/aufgabe")
    assert "Wie heißt die Aufgabe?" in ask and 'href="tg://user?id=101"' in ask
    assert forced(chat.api)["force_reply"] is True and forced(chat.api)["selective"] is True
    question = last_question(chat.api)
    assert tasks(db) == [] and len(prompts(db)) == 1

    # the answer makes the task exactly as `/aufgabe <answer>`, card included
    card_text = await chat.say(
        VERA, GROUP, "Flyer drucken @dschaper bis Freitag", reply_to=question
    )
    assert card_text.startswith("✅ Aufgabe <b>#1</b> angelegt: Flyer drucken")
    [task] = tasks(db)
    assert task.title == "Flyer drucken" and task.due_at == FRIDAY_END
    assert owner_names(db, task.id) == ["Daniel"]
    assert task.card_message_id == last_card(chat.api)["message_id"]
    assert button_data(last_card(chat.api))[0][0] == f"t:{task.id}:done"
    assert prompts(db) == []  # answered: the question is closed
    # a second reply to the same question is chat, not a second task
    assert await chat.say(VERA, GROUP, "Noch was", reply_to=question) == GONE
    assert len(tasks(db)) == 1


async def test_someone_else_answering_is_told_kindly(chat: ChatHarness, db: Database) -> None:
    await ask_alone(chat, VERA, GROUP, "/aufgabe")
    question = last_question(chat.api)
    reply = await chat.say(NICOLE, GROUP, "Mein Titel", reply_to=question)
    assert "ging an jemand anderen" in reply
    assert tasks(db) == [] and len(prompts(db)) == 1  # Vera can still answer
    await chat.say(VERA, GROUP, "Vera's Titel", reply_to=question)
    assert [t.title for t in tasks(db)] == ["Vera's Titel"]


async def test_an_answer_after_a_restart_is_understood(
    chat: ChatHarness, db: Database, database_url: str, clock: FakeClock
) -> None:
    await ask_alone(chat, VERA, GROUP, "/aufgabe")
    question = last_question(chat.api)
    await chat.app.shutdown()
    restarted = await start_harness(make_settings(database_url), db, clock)
    try:
        restarted._ids = chat._ids  # new update ids, as Telegram's keep counting
        reply = await restarted.say(VERA, GROUP, "Nach dem Neustart", reply_to=question)
        assert "angelegt: Nach dem Neustart" in reply
    finally:
        await restarted.app.shutdown()
        await chat.app.initialize()  # the fixture shuts it down again


async def test_questions_expire_after_a_day(chat: ChatHarness, db: Database) -> None:
    await ask_alone(chat, VERA, GROUP, "/aufgabe")
    question = last_question(chat.api)
    chat.clock.advance(days=1, minutes=1)
    # too late, and said so: the member must not believe the task was made
    assert await chat.say(VERA, GROUP, "Zu spät", reply_to=question) == GONE
    assert tasks(db) == []
    await ask_alone(chat, VERA, GROUP, "/aufgabe")  # a new question
    fresh = last_question(chat.api)
    assert "angelegt" in await chat.say(VERA, GROUP, "Flyer", reply_to=fresh)
    assert [t.title for t in tasks(db)] == ["Flyer"]
    assert await chat.say(VERA, GROUP, "Flyer", reply_to=fresh) == GONE  # answered already
    assert len(tasks(db)) == 1
    chat.clock.advance(days=8)  # a week later the questions are forgotten: the reply is chat
    await ask_alone(chat, VERA, GROUP, "/aufgabe")  # (forgetting happens on the next question)
    assert await chat.send(VERA, GROUP, "Zu spät", reply_to=question) == []


async def test_replies_to_other_bot_messages_are_left_alone(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/aufgaben")
    listing = chat.api.messages[-1]
    assert await chat.send(NICOLE, GROUP, "Danke!", reply_to=listing) == []


async def test_other_date_asks_and_reads_it_like_frist(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Kassenbericht")
    card = last_card(chat.api)
    [task] = tasks(db)
    assert await chat.press(VERA, card, f"f:{task.id}:other") == [
        "Antworte bitte auf meine Frage im Chat."
    ]
    question = last_question(chat.api)
    assert "Bis wann soll <b>#1</b> Kassenbericht erledigt sein?" in question["text"]
    assert forced(chat.api)["selective"] is True and "tg://user?id=101" in question["text"]
    # an unreadable date: the usual refusal, and the question stays open
    refusal = await chat.say(VERA, GROUP, "irgendwann mal", reply_to=question)
    assert "nicht verstanden" in refusal and "bis Freitag" in refusal
    assert tasks(db)[0].due_at is None and len(prompts(db)) == 1
    # Nicole may not answer for Vera
    assert "jemand anderen" in await chat.say(NICOLE, GROUP, "Freitag", reply_to=question)
    done = await chat.say(VERA, GROUP, "bis Freitag", reply_to=question)
    assert "Fr, 21.06.2024" in done
    assert tasks(db)[0].due_at == FRIDAY_END and prompts(db) == []
    edit = last_edit(chat.api)
    assert edit["message_id"] == card["message_id"] and "Fr, 21.06.2024" in edit["text"]
    assert button_data(edit)[0][0] == f"t:{task.id}:done"


async def test_someone_else_as_owner_by_name(chat: ChatHarness, db: Database) -> None:
    await chat.say(NICOLE, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/aufgabe Saal buchen")
    card = last_card(chat.api)
    [task] = tasks(db)
    await chat.press(VERA, card, f"o:{task.id}:other")
    question = last_question(chat.api)
    assert "Wer ist für <b>#1</b> Saal buchen zuständig?" in question["text"]
    await chat.say(VERA, GROUP, "@Nicole", reply_to=question)
    assert owner_names(db, task.id) == ["Nicole"]
    await chat.press(VERA, card, f"o:{task.id}:other")
    reply = await chat.say(VERA, GROUP, "Frau Kraus", reply_to=last_question(chat.api))
    assert "Frau Kraus" in reply and owner_names(db, task.id) == ["Nicole", "Frau Kraus"]
    assert "Frau Kraus" in last_edit(chat.api)["text"]


async def test_due_and_assign_alone_offer_the_buttons(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/aufgabe Protokoll @dschaper")
    [task] = tasks(db)
    reply = await chat.say(DANIEL, GROUP, "/frist 1")  # Daniel owns it: he may set the date
    assert "Protokoll" in reply and "/frist 1 bis Freitag" in reply
    assert "angelegt" not in reply  # the task is not new; the card says what it is
    choices = last_card(chat.api)
    assert button_data(choices)[0] == [
        f"f:{task.id}:today",
        f"f:{task.id}:tomorrow",
        f"f:{task.id}:fri",
    ]
    await chat.press(DANIEL, choices, f"f:{task.id}:tomorrow")
    assert tasks(db)[0].due_at is not None
    assert last_edit(chat.api)["text"].startswith("📌 Aufgabe <b>#1</b>: Protokoll")
    assert "nur Vera" in await chat.say(NICOLE, GROUP, "/frist 1")
    # assigning stays the creator's
    await chat.say(VERA, GROUP, "/zuweisen 1")
    picker = last_card(chat.api)
    assert [f"o:{task.id}:other", f"o:{task.id}:ok"] in button_data(picker)
    assert tasks(db)[0].card_message_id == picker["message_id"]
    assert "nur Vera" in await chat.say(DANIEL, GROUP, "/zuweisen 1")


async def test_owner_may_now_set_the_due_date_by_typing(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/aufgabe Protokoll @dschaper")
    assert "Fr, 21.06.2024" in await chat.say(DANIEL, GROUP, "/frist 1 Freitag")
    assert "nur Vera" in await chat.say(NICOLE, GROUP, "/frist 1 Montag")
    assert "nur Vera" in await chat.say(DANIEL, GROUP, "/aendern 1 Neuer Titel")  # still hers


async def test_decision_alone_and_its_task_button(chat: ChatHarness, db: Database) -> None:
    ask = await ask_alone(chat, DANIEL, GROUP, "/beschluss")
    assert "Was wurde beschlossen?" in ask
    confirmation = await chat.say(
        DANIEL, GROUP, "Sommerfest am 14.09. einstimmig", reply_to=last_question(chat.api)
    )
    assert "Sommerfest" in confirmation
    with db.transaction() as session:
        [decision] = session.exec(select(Decision)).all()
    card = last_card(chat.api)
    assert decision.card_message_id == card["message_id"]
    assert button_data(card) == [[f"k:{decision.id}"]]

    # anyone may add a task to it; the asked member's answer makes it, linked to the decision
    await chat.press(NICOLE, card, f"k:{decision.id}")
    question = last_question(chat.api)
    assert "Wie heißt die Aufgabe zu B 2024/1?" in question["text"]
    reply = await chat.say(NICOLE, GROUP, "Getränke bestellen bis Freitag", reply_to=question)
    assert "Getränke bestellen" in reply and "B 2024/1" in reply
    [task] = tasks(db)
    assert task.decision_id == decision.id and task.due_at == FRIDAY_END
    # a forged decision press on another message is refused quietly
    assert await chat.press(NICOLE, last_card(chat.api), f"k:{decision.id}") == [
        "Dieser Knopf gilt hier nicht (mehr)."
    ]


async def test_a_repealed_decision_gets_no_task(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/beschluss Alter Beschluss")
    card = last_card(chat.api)
    with db.transaction() as session:
        [decision] = session.exec(select(Decision)).all()
    await chat.press(DANIEL, card, f"k:{decision.id}")
    question = last_question(chat.api)
    await chat.say(DANIEL, GROUP, "/aufheben 1 überholt")
    assert "aufgehoben" in await chat.say(DANIEL, GROUP, "Eine Aufgabe", reply_to=question)
    assert tasks(db) == []
    answer = await chat.press(DANIEL, card, f"k:{decision.id}")
    assert answer and "aufgehoben" in answer[0]


async def test_forgetting_a_member_drops_the_questions_to_them(
    chat: ChatHarness, db: Database
) -> None:
    await ask_alone(chat, VERA, GROUP, "/aufgabe")
    await ask_alone(chat, NICOLE, GROUP, "/aufgabe")
    await chat.send(VERA, private_chat(VERA), "/vergissmich ja")
    assert [p.user_id for p in prompts(db)] == [NICOLE["id"]]
