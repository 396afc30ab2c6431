"""Continuing a group's question in the private chat (handlers.handover): the link under the
question of `/aufgabe` or `/beschluss` alone, `/start <token>` by the member it is for, and the
answer there making the item in the group. Both databases."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import select

from bot.language.limits import TITLE_MAX_LENGTH
from storage.database import Database
from storage.models import Decision, PendingPrompt, PrivateHandover, Task
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    VERA,
    ChatHarness,
    private_chat,
)
from tests.support.cards import ask_alone, last_question, markup_of

FORUM = {"id": -1005550002222, "type": "supergroup", "title": "Vorstand", "is_forum": True}
KASSE = 8
LINK = re.compile(r"https://t\.me/boardbot_test_bot\?start=([A-Za-z0-9_-]{22})")


def rows(db: Database, model: Any) -> list[Any]:
    with db.transaction() as session:
        return list(session.exec(select(model)).all())


def link_button(chat: ChatHarness, group: dict[str, Any] = GROUP) -> dict[str, Any]:
    """The link button of the last message to the group that has one."""
    for params in reversed(chat.api.sent(group["id"])):
        keyboard = (markup_of(params) or {}).get("inline_keyboard", [])
        if keyboard and "url" in keyboard[0][0]:
            button: dict[str, Any] = keyboard[0][0]
            return button
    raise AssertionError("no link was sent")


def token_of(button: dict[str, Any]) -> str:
    found = LINK.fullmatch(button["url"])
    assert found is not None, button["url"]
    return found.group(1)


async def follow(chat: ChatHarness, user: dict[str, Any], token: str) -> str:
    return await chat.say(user, private_chat(user), f"/start {token}")


async def offered(chat: ChatHarness, user: dict[str, Any], command: str = "/aufgabe") -> str:
    await ask_alone(chat, user, GROUP, command)
    return token_of(link_button(chat))


async def test_a_task_continued_privately(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    await ask_alone(chat, VERA, GROUP, "/aufgabe")
    button = link_button(chat)
    assert button["text"] == "🔒 Privat weitermachen"
    token = token_of(button)
    assert str(GROUP["id"]) not in button["url"]  # opaque: no chat id in the link
    group_question = [m for m in chat.api.messages if "Wie heißt" in m["text"]][-1]

    asked = await follow(chat, VERA, token)
    assert "für die Gruppe „Stadtvorstand“" in asked
    assert (markup_of(chat.api.sent(VERA["id"])[-1]) or {}).get("force_reply") is True
    assert [p.closed_at is not None for p in rows(db, PendingPrompt)] == [True]  # closed
    question = last_question(chat.api)
    # opened twice (a double tap): told where the question is, nothing new asked
    assert "schon geöffnet" in await follow(chat, VERA, token)
    assert last_question(chat.api) == question

    replies = await chat.send(
        VERA, private_chat(VERA), "Flyer <b>drucken</b> @dschaper", reply_to=question
    )
    # the card to the group, then the confirmation in the private chat
    assert len(replies) == 2 and replies[1] == "✅ Steht jetzt in der Gruppe „Stadtvorstand“."
    assert chat.api.sent(VERA["id"])[-1]["text"] == replies[1]
    [task] = rows(db, Task)
    assert task.title == "Flyer <b>drucken</b>" and task.created_by_id == VERA["id"]
    card = chat.api.sent(GROUP["id"])[-1]
    assert card["text"].startswith("✅ Aufgabe <b>#1</b> angelegt: Flyer &lt;b&gt;drucken")
    card_message = [m for m in chat.api.messages if m["chat"]["id"] == GROUP["id"]][-1]
    assert task.card_message_id == card_message["message_id"]
    assert rows(db, PrivateHandover) == []  # answered

    # the answer in the group after handing over makes no second task
    assert await chat.say(VERA, GROUP, "Noch einmal", reply_to=group_question) == (
        "Diese Frage ist schon beantwortet oder abgelaufen."
    )
    # the link again, and the private question again: nothing more
    assert "gilt nicht" in await follow(chat, VERA, token)
    assert await chat.send(VERA, private_chat(VERA), "Zweite", reply_to=question) == []
    assert len(rows(db, Task)) == 1


async def test_a_decision_continued_privately(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, DANIEL, "/beschluss")
    asked = await follow(chat, DANIEL, token)
    assert "Was wurde in der Gruppe „Stadtvorstand“ beschlossen?" in asked
    replies = await chat.send(
        DANIEL, private_chat(DANIEL), "Sommerfest am 14.09. 5:0:1", reply_to=last_question(chat.api)
    )
    assert replies[-1] == "✅ Steht jetzt in der Gruppe „Stadtvorstand“."
    [decision] = rows(db, Decision)
    assert decision.text.startswith("Sommerfest am 14.09.") and decision.votes_yes == 5
    assert "Sommerfest" in chat.api.sent(GROUP["id"])[-1]["text"]


async def test_someone_else_cannot_use_the_link(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, VERA)
    await chat.say(NICOLE, GROUP, "/hilfe")
    assert "für jemand anderen" in await follow(chat, NICOLE, token)
    assert [p.closed_at for p in rows(db, PendingPrompt)] == [None]  # Vera's stays open
    assert "für die Gruppe" in await follow(chat, VERA, token)  # still good for Vera


async def test_forged_and_expired_links(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, VERA)
    for forged in (token[:-1] + "!", token + " x", "A" * 15, str(GROUP["id"])):
        assert "gilt nicht" in await follow(chat, VERA, forged)
    assert "gilt nicht" in await follow(chat, VERA, "Q" * 22)  # well-formed, unknown
    chat.clock.advance(days=1, minutes=1)
    assert "abgelaufen" in await follow(chat, VERA, token)
    assert rows(db, Task) == []


async def test_a_member_who_left_cannot_continue(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, DANIEL)
    await chat.process(
        {
            "message_id": 900,
            "date": int(chat.clock.now.timestamp()),
            "chat": GROUP,
            "from": DANIEL,
            "left_chat_member": DANIEL,
        }
    )
    assert "nicht mehr in dieser Gruppe" in await follow(chat, DANIEL, token)
    assert rows(db, Task) == []


async def test_leaving_after_following_stores_nothing(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, DANIEL)
    await follow(chat, DANIEL, token)
    question = last_question(chat.api)
    await chat.process(
        {
            "message_id": 901,
            "date": int(chat.clock.now.timestamp()),
            "chat": GROUP,
            "from": DANIEL,
            "left_chat_member": DANIEL,
        }
    )
    reply = await chat.say(DANIEL, private_chat(DANIEL), "Kasse prüfen", reply_to=question)
    assert "nicht mehr in dieser Gruppe" in reply
    assert rows(db, Task) == []


async def test_a_refused_answer_keeps_the_question(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, VERA)
    await follow(chat, VERA, token)
    question = last_question(chat.api)
    too_long = "x" * (TITLE_MAX_LENGTH + 1)
    refused = await chat.say(VERA, private_chat(VERA), too_long, reply_to=question)
    assert "höchstens 500" in refused
    assert rows(db, Task) == [] and len(rows(db, PrivateHandover)) == 1
    await chat.send(VERA, private_chat(VERA), "Kurz", reply_to=question)
    assert [t.title for t in rows(db, Task)] == ["Kurz"]


async def test_the_card_goes_to_the_topic_of_the_question(chat: ChatHarness, db: Database) -> None:
    await chat.process(chat.message(VERA, FORUM, "/aufgabe", topic=KASSE))
    token = token_of(link_button(chat, FORUM))
    assert int(chat.api.sent(FORUM["id"])[-1]["message_thread_id"]) == KASSE
    await follow(chat, VERA, token)
    await chat.send(VERA, private_chat(VERA), "Kasse prüfen", reply_to=last_question(chat.api))
    card = chat.api.sent(FORUM["id"])[-1]
    assert "Kasse prüfen" in card["text"] and int(card["message_thread_id"]) == KASSE
    [task] = rows(db, Task)
    assert task.message_thread_id == KASSE


async def test_in_english(chat: ChatHarness, db: Database) -> None:
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/settings language en")
    await ask_alone(chat, VERA, GROUP, "/task")
    button = link_button(chat)
    assert button["text"] == "🔒 Continue privately"
    asked = await follow(chat, VERA, token_of(button))
    assert "for the group “Stadtvorstand”" in asked
    replies = await chat.send(
        VERA, private_chat(VERA), "Print flyers", reply_to=last_question(chat.api)
    )
    assert replies[-1] == "✅ It is now in the group “Stadtvorstand”."
    assert "Print flyers" in chat.api.sent(GROUP["id"])[-1]["text"]


async def test_forgetting_a_member_deletes_their_links(chat: ChatHarness, db: Database) -> None:
    token = await offered(chat, VERA)
    assert len(rows(db, PrivateHandover)) == 1
    await chat.send(VERA, private_chat(VERA), "/vergissmich ja")
    assert rows(db, PrivateHandover) == []
    assert "gilt nicht" in await follow(chat, VERA, token)


async def test_html_in_the_group_title_is_shown_as_text(chat: ChatHarness, db: Database) -> None:
    group = {"id": -1009990001111, "type": "supergroup", "title": "<b>Vor&stand</b>"}
    await chat.send(VERA, group, "/aufgabe")
    asked = await follow(chat, VERA, token_of(link_button(chat, group)))
    assert "„&lt;b&gt;Vor&amp;stand&lt;/b&gt;“" in asked


async def test_a_forged_reply_in_another_private_chat(chat: ChatHarness, db: Database) -> None:
    await follow(chat, VERA, await offered(chat, VERA))
    question = last_question(chat.api)
    # Nicole's update claims to reply to Vera's private question: not hers, nothing made
    assert await chat.send(NICOLE, private_chat(NICOLE), "Meins", reply_to=question) == []
    assert rows(db, Task) == [] and len(rows(db, PrivateHandover)) == 1


async def test_a_card_the_group_refuses_is_shown_privately(chat: ChatHarness, db: Database) -> None:
    await follow(chat, VERA, await offered(chat, VERA))
    question = last_question(chat.api)
    chat.api.fail_next("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")
    *tried, reply = await chat.send(VERA, private_chat(VERA), "Kasse prüfen", reply_to=question)
    assert len(tried) == 1  # the card, refused by Telegram
    assert not [
        m for m in chat.api.messages if m["chat"]["id"] == GROUP["id"] and "angelegt" in m["text"]
    ]
    assert reply.startswith("Gespeichert, aber ich konnte es nicht in der Gruppe zeigen:")
    assert "angelegt: Kasse prüfen" in reply
    [task] = rows(db, Task)
    assert task.title == "Kasse prüfen" and task.card_message_id is None


async def test_a_question_answered_in_the_group_cannot_be_answered_again_privately(
    chat: ChatHarness, db: Database
) -> None:
    token = await offered(chat, VERA)
    question = last_question(chat.api)
    assert "angelegt" in await chat.say(VERA, GROUP, "Flyer drucken", reply_to=question)
    assert "schon beantwortet" in await follow(chat, VERA, token)  # not a second question
    assert [task.title for task in rows(db, Task)] == ["Flyer drucken"]
