"""Forum topics (issue 14, part T) through the real Application and dispatcher, on SQLite and
PostgreSQL: a reply goes to the topic of its command and quotes it; items remember their topic
and their reminders go there, or to the topic the admins chose; General never gets a
`message_thread_id`; a deleted or closed topic falls back to General, said once in the chat
(also after a restart), and the reminder is neither lost nor sent twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from handlers.common.replies import post_in_topic
from storage.database import Database
from storage.models import Chat, Decision, Meeting, Task, TopicNotice
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
from tests.handlers.test_reminders import at, reminders

FORUM = {"id": -1005550001111, "type": "supergroup", "title": "Vorstand", "is_forum": True}
FLYER, KASSE, BOT_TOPIC = 7, 8, 9  # the topics of the forum
GONE = "Bad Request: message thread not found"
# Wed 19.06 20:00 in Berlin: "bis morgen" is due Thu 20.06, reminded at 09:00
DUE_MORNING = at(20, 9) + timedelta(seconds=1)


def last_sent(chat: ChatHarness) -> dict[str, Any]:
    return chat.api.sent()[-1]


def thread(params: dict[str, Any]) -> int | None:
    value = params.get("message_thread_id")
    return None if value is None else int(value)


def stored(db: Database, model: type[Any]) -> list[Any]:
    with db.transaction() as session:
        return list(session.exec(select(model)).all())


async def test_a_reply_goes_to_the_topic_of_the_command_and_quotes_it(chat: ChatHarness) -> None:
    command = chat.message(VERA, FORUM, "/aufgabe Flyer drucken bis Freitag", topic=FLYER)
    [reply] = await chat.process(command)
    assert "Flyer drucken" in reply
    params = last_sent(chat)
    assert thread(params) == FLYER
    assert int(params["reply_parameters"]["message_id"]) == command["message_id"]


async def test_general_and_plain_groups_never_get_a_thread_id(chat: ChatHarness) -> None:
    await chat.say(VERA, FORUM, "/aufgabe Flyer drucken")  # the forum's General topic
    assert "message_thread_id" not in last_sent(chat)
    # in a group without topics a reply carries a thread id, but is no topic message
    plain = chat.message(VERA, GROUP, "/aufgaben")
    plain.update(message_thread_id=plain["message_id"] - 1)
    await chat.process(plain)
    assert "message_thread_id" not in last_sent(chat)


async def test_refusals_and_unknown_commands_answer_in_the_topic(chat: ChatHarness) -> None:
    await chat.process(chat.message(VERA, FORUM, "/erledigt 42", topic=KASSE))
    assert thread(last_sent(chat)) == KASSE
    await chat.process(chat.message(VERA, FORUM, "/aufgabn Flyer", topic=KASSE))
    hint = last_sent(chat)
    assert "/aufgabe" in str(hint["text"]) and thread(hint) == KASSE


async def test_items_remember_the_topic_they_were_created_in(
    chat: ChatHarness, db: Database
) -> None:
    await chat.process(chat.message(VERA, FORUM, "/aufgabe Flyer drucken", topic=FLYER))
    await chat.process(chat.message(VERA, FORUM, "/wiedervorlage Kasse geprüft? jeden Montag"))
    await chat.process(chat.message(VERA, FORUM, "/beschluss Sommerfest am 6.7. 5:0:0", topic=8))
    await chat.process(chat.message(VERA, FORUM, "/sitzung Juni", topic=BOT_TOPIC))
    tasks = sorted(stored(db, Task), key=lambda task: task.number)
    assert [task.message_thread_id for task in tasks] == [FLYER, None]
    assert [d.message_thread_id for d in stored(db, Decision)] == [KASSE]
    assert [m.message_thread_id for m in stored(db, Meeting)] == [BOT_TOPIC]


async def test_a_reminder_goes_to_its_tasks_topic_and_the_overview_to_general(
    chat: ChatHarness, db: Database
) -> None:
    await chat.process(chat.message(VERA, FORUM, "/aufgabe Flyer drucken bis morgen", topic=7))
    chat.clock.now = DUE_MORNING
    [reminder] = await chat.dispatch()
    assert "Flyer drucken" in reminder["text"] and reminder["message_thread_id"] == FLYER
    chat.clock.now = at(24, 9) + timedelta(seconds=1)  # Monday: the weekly overview
    sent = await chat.dispatch()
    overview = [m for m in sent if "Wochenüberblick" in m["text"]]
    assert overview and all("message_thread_id" not in m for m in overview)


async def test_reminders_due_in_the_same_minute_are_one_message_per_topic(
    chat: ChatHarness,
) -> None:
    for title, topic in (("Flyer", FLYER), ("Plakate", FLYER), ("Kasse", KASSE)):
        await chat.process(chat.message(VERA, FORUM, f"/aufgabe {title} bis morgen", topic=topic))
    await chat.say(VERA, FORUM, "/aufgabe Saal buchen bis morgen")  # General
    chat.clock.now = DUE_MORNING
    sent = await chat.dispatch()
    by_topic = {m.get("message_thread_id"): m["text"] for m in sent}
    assert len(sent) == 3 and set(by_topic) == {FLYER, KASSE, None}
    assert "Flyer" in by_topic[FLYER] and "Plakate" in by_topic[FLYER]
    assert "Kasse" in by_topic[KASSE] and "Flyer" not in by_topic[KASSE]
    assert "Saal buchen" in by_topic[None]


async def test_the_admins_topic_takes_the_bots_own_posts(chat: ChatHarness, db: Database) -> None:
    await chat.process(chat.message(VERA, FORUM, "/aufgabe Flyer bis morgen", topic=FLYER))
    refused = await chat.process(chat.message(NICOLE, FORUM, "/einstellungen thema", topic=9))
    assert "nur die Admins" in refused[0]
    chat.make_admin(DANIEL, FORUM)
    [chosen] = await chat.process(chat.message(DANIEL, FORUM, "/einstellungen thema", topic=9))
    assert "dieses Thema" in chosen and thread(last_sent(chat)) == BOT_TOPIC
    with db.transaction() as session:
        forum = session.get(Chat, FORUM["id"])
        assert forum is not None and forum.bot_thread_id == BOT_TOPIC
    shown = await chat.process(chat.message(VERA, FORUM, "/einstellungen", topic=FLYER))
    assert "gewählte Thema" in shown[0]
    chat.clock.now = DUE_MORNING
    [reminder] = await chat.dispatch()
    assert "Flyer" in reminder["text"] and reminder["message_thread_id"] == BOT_TOPIC
    chat.clock.now = at(24, 9) + timedelta(seconds=1)
    overview = [m for m in await chat.dispatch() if "Wochenüberblick" in m["text"]]
    assert overview and all(m["message_thread_id"] == BOT_TOPIC for m in overview)


async def test_the_admins_topic_is_cleared_by_aus_or_by_choosing_general(
    chat: ChatHarness, db: Database
) -> None:
    chat.make_admin(DANIEL, FORUM)
    await chat.process(chat.message(DANIEL, FORUM, "/einstellungen thema", topic=BOT_TOPIC))
    cleared = await chat.process(chat.message(DANIEL, FORUM, "/einstellungen thema aus", topic=7))
    assert "wieder in das Thema ihrer Aufgabe" in cleared[0]
    await chat.process(chat.message(DANIEL, FORUM, "/einstellungen thema", topic=BOT_TOPIC))
    assert "wieder" in await chat.say(DANIEL, FORUM, "/einstellungen thema")  # in General
    with db.transaction() as session:
        forum = session.get(Chat, FORUM["id"])
        assert forum is not None and forum.bot_thread_id is None
    await chat.process(chat.message(VERA, FORUM, "/aufgabe Flyer bis morgen", topic=FLYER))
    chat.clock.now = DUE_MORNING
    [reminder] = await chat.dispatch()
    assert reminder["message_thread_id"] == FLYER


async def test_a_group_without_topics_has_no_topic_to_choose(chat: ChatHarness) -> None:
    chat.make_admin(DANIEL, GROUP)
    assert "keine Themen" in await chat.say(DANIEL, GROUP, "/einstellungen thema")
    assert "Thema" not in await chat.say(DANIEL, GROUP, "/einstellungen")


async def test_a_deleted_topic_falls_back_to_general_and_says_so_once(
    chat: ChatHarness, db: Database, database_url: str
) -> None:
    for title in ("Flyer", "Plakate"):
        command = chat.message(VERA, FORUM, f"/aufgabe {title} bis morgen", topic=FLYER)
        await chat.process(command)
    chat.api.topic_errors[(FORUM["id"], FLYER)] = GONE
    chat.clock.now = DUE_MORNING
    sent = await chat.dispatch()
    assert [m.get("message_thread_id") for m in sent] == [None, None]  # reminder, then notice
    reminder, notice = sent
    assert "Flyer" in reminder["text"] and "Plakate" in reminder["text"]
    assert "gelöscht oder geschlossen" in notice["text"]
    assert all(r.message_id == reminder["message_id"] for r in reminders(db, kind="due"))
    assert {r.status for r in reminders(db, kind="due")} == {"sent"}
    assert len(stored(db, TopicNotice)) == 1
    # the next message for the lost topic goes to General without a second notice,
    # also after a restart
    await chat.app.shutdown()
    restarted = await start_harness(make_settings(database_url), db, chat.clock)
    restarted.api.topic_errors = chat.api.topic_errors
    try:
        chat.clock.now = at(21, 9) + timedelta(seconds=1)  # the overdue reminders
        again = await restarted.dispatch()
        assert len(again) == 1 and "message_thread_id" not in again[0]
        assert "Flyer" in again[0]["text"]
    finally:
        await restarted.app.shutdown()
        await chat.app.initialize()  # the fixture shuts it down again


async def test_a_closed_topic_takes_no_reply_the_reply_goes_to_general(
    chat: ChatHarness, db: Database
) -> None:
    chat.api.topic_errors[(FORUM["id"], KASSE)] = "Bad Request: TOPIC_CLOSED"
    command = chat.message(VERA, FORUM, "/aufgabe Kasse prüfen", topic=KASSE)
    await chat.process(command)
    refused, reply, notice = chat.api.sent()  # the offline API records the refused call too
    assert thread(refused) == KASSE and refused["text"] == reply["text"]
    assert "message_thread_id" not in reply and "reply_parameters" not in reply
    assert "gelöscht oder geschlossen" in notice["text"] and "message_thread_id" not in notice
    [task] = stored(db, Task)
    assert task.number == 1  # created once: the fallback is no second attempt at the command


async def test_a_lost_chosen_topic_tells_the_admins_what_to_do_in_english(
    chat: ChatHarness,
) -> None:
    chat.make_admin(DANIEL, FORUM)
    await chat.say(DANIEL, FORUM, "/einstellungen sprache en")
    await chat.process(chat.message(DANIEL, FORUM, "/settings topic", topic=BOT_TOPIC))
    await chat.process(chat.message(VERA, FORUM, "/task Flyer by tomorrow", topic=FLYER))
    chat.api.topic_errors[(FORUM["id"], BOT_TOPIC)] = "Bad Request: TOPIC_DELETED"
    chat.clock.now = DUE_MORNING
    reminder, notice = await chat.dispatch()
    assert "Flyer" in reminder["text"] and "message_thread_id" not in reminder
    assert "deleted or closed" in notice["text"] and "/settings topic off" in notice["text"]


async def test_minutes_and_their_file_go_to_the_meetings_topic(chat: ChatHarness) -> None:
    await chat.process(chat.message(DANIEL, FORUM, "/sitzung Juni", topic=BOT_TOPIC))
    attendance = [p for p in chat.api.sent() if "reply_markup" in p]
    assert attendance and thread(attendance[-1]) == BOT_TOPIC
    await chat.process(chat.message(DANIEL, FORUM, "/sitzung ende", topic=FLYER))
    minutes = last_sent(chat)
    assert thread(minutes) == BOT_TOPIC and "reply_parameters" not in minutes
    [document] = [p for m, p in chat.api.calls if m == "sendDocument"]
    assert thread(document) == BOT_TOPIC


async def test_a_document_of_a_command_goes_to_its_topic(chat: ChatHarness) -> None:
    await chat.process(chat.message(DANIEL, FORUM, "/sitzung Juni"))
    await chat.say(DANIEL, FORUM, "/sitzung ende")
    await chat.process(chat.message(VERA, FORUM, "/protokoll", topic=KASSE))
    [_, document] = [p for m, p in chat.api.calls if m == "sendDocument"]
    assert thread(document) == KASSE and thread(last_sent(chat)) == KASSE


async def test_a_notice_from_a_private_chat_goes_to_the_admins_topic(chat: ChatHarness) -> None:
    chat.make_admin(DANIEL, FORUM)
    await chat.process(chat.message(DANIEL, FORUM, "/einstellungen thema", topic=BOT_TOPIC))
    await chat.process(chat.message(VERA, FORUM, "/aufgabe Flyer @vera", topic=FLYER))
    await chat.send(VERA, private_chat(VERA), "/vergissmich ja")
    notice = last_sent(chat)
    assert "Daten löschen lassen" in str(notice["text"]) and thread(notice) == BOT_TOPIC
    assert int(notice["chat_id"]) == FORUM["id"]


async def test_a_post_from_a_button_press_goes_to_the_pressed_messages_topic(
    chat: ChatHarness, db: Database
) -> None:
    services = chat.app.bot_data["services"]
    await chat.say(VERA, FORUM, "/hilfe")  # the bot knows the forum
    sent = await post_in_topic(chat.app.bot, FORUM["id"], "Wann?", FLYER)
    assert sent.message_thread_id == FLYER and thread(last_sent(chat)) == FLYER
    chat.api.topic_errors[(FORUM["id"], FLYER)] = GONE
    notices = services.topic_notices
    fallback = await post_in_topic(chat.app.bot, FORUM["id"], "Wann?", FLYER, notices=notices)
    assert fallback.message_thread_id is None
    assert "gelöscht oder geschlossen" in str(last_sent(chat)["text"])
    assert [(n.chat_id, n.thread_id) for n in stored(db, TopicNotice)] == [(FORUM["id"], FLYER)]


async def test_a_reminder_refused_for_good_is_reported_in_its_topic(
    chat: ChatHarness, db: Database
) -> None:
    await chat.process(chat.message(VERA, FORUM, "/aufgabe Flyer bis morgen", topic=FLYER))
    chat.api.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    chat.clock.now = DUE_MORNING
    [report] = await chat.dispatch()
    assert "konnte ich nicht senden" in report["text"] and report["message_thread_id"] == FLYER
    assert [r.status for r in reminders(db, kind="due")] == ["failed"]


async def test_a_long_reply_in_a_closed_topic_goes_to_general_whole_with_one_notice(
    chat: ChatHarness,
) -> None:
    title = "Unterlagen für die Mitgliederversammlung <b>zusammenstellen</b> " * 3
    for number in range(30):
        await chat.say(VERA, FORUM, f"/aufgabe {number}: {title}")
    chat.api.topic_errors[(FORUM["id"], KASSE)] = "Bad Request: TOPIC_CLOSED"
    before = len(chat.api.sent())
    await chat.process(chat.message(VERA, FORUM, "/aufgaben alle", topic=KASSE))
    refused, *delivered = chat.api.sent()[before:]
    assert thread(refused) == KASSE
    notices = [p for p in delivered if "gelöscht oder geschlossen" in str(p["text"])]
    parts = [p for p in delivered if p not in notices]
    assert len(notices) == 1 and len(parts) >= 2  # the list needs several messages
    assert all("message_thread_id" not in p for p in delivered)
    assert "&lt;b&gt;zusammenstellen" in str(parts[0]["text"])  # titles stay escaped
