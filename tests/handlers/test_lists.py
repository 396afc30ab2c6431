"""Paged lists through the real Application, on SQLite and PostgreSQL: /aufgaben and /meine
answer with one page, ◀ ▶ turn it in place, `#3 ✅` ticks a task off by /erledigt's rules, and
the private /meine acts on the member's tasks of all their groups."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Task, TaskStatus
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    private_chat,
)

NOT_PERMITTED = "#1 abhaken dürfen Vera Kraus, die Verantwortlichen und die Admins."


def status_of(db: Database, chat_id: int, number: int) -> str:
    with db.transaction() as session:
        task = session.exec(
            select(Task).where(Task.chat_id == chat_id, Task.number == number)
        ).one()
        return task.status


async def add_tasks(chat: ChatHarness, count: int, user: dict[str, Any] = VERA) -> None:
    for number in range(1, count + 1):
        await chat.say(user, GROUP, f"/aufgabe Aufgabe {number}")


async def list_message(
    chat: ChatHarness, user: dict[str, Any], where: dict[str, Any], text: str
) -> dict[str, Any]:
    """Send a list command; the one message the bot answered with, as a press shows it
    (with the command it replies to, as Telegram includes it)."""
    command = chat.message(user, where, text)
    before = len(chat.api.messages)
    await chat.process(command)
    [sent] = chat.api.messages[before:]
    if where["type"] != "private":
        sent["reply_to_message"] = command
    return sent


def current(chat: ChatHarness, message: dict[str, Any]) -> dict[str, Any]:
    """The message as it is now: its last edit applied."""
    edits = [
        e
        for e in chat.api.edits(message["chat"]["id"])
        if int(e["message_id"]) == message["message_id"]
    ]
    if not edits:
        return message
    shown = {**message, "text": edits[-1]["text"]}
    if edits[-1].get("reply_markup"):
        shown["reply_markup"] = edits[-1]["reply_markup"]
    else:
        shown.pop("reply_markup", None)
    return shown


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """label → callback data of the message's buttons."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def all_data(message: dict[str, Any]) -> list[str]:
    """The callback data of every button, in order (labels may repeat across groups)."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row]


def last_answer(chat: ChatHarness) -> dict[str, Any]:
    return [p for m, p in chat.api.calls if m == "answerCallbackQuery"][-1]


async def test_a_long_list_is_one_message_with_pages_turned_in_place(chat: ChatHarness) -> None:
    await add_tasks(chat, 25)
    listing = await list_message(chat, NICOLE, GROUP, "/aufgaben")
    assert listing["text"].startswith("📋 <b>Offene Aufgaben</b> (25)")
    assert listing["text"].count("<b>#") == 10 and "#11</b>" not in listing["text"]
    assert list(buttons(listing))[-3:] == ["◀", "1/3", "▶"]
    sent_before = len(chat.api.sent())
    assert await chat.press(NICOLE, listing, buttons(listing)["▶"]) == [""]
    page2 = current(chat, listing)
    assert "#11</b>" in page2["text"] and "#10</b>" not in page2["text"]
    assert "2/3" in buttons(page2)
    await chat.press(NICOLE, page2, buttons(page2)["▶"])
    page3 = current(chat, listing)
    assert "#25</b>" in page3["text"] and page3["text"].count("<b>#") == 5
    await chat.press(NICOLE, page3, buttons(page3)["▶"])  # wraps to the first page
    assert "#1</b>" in current(chat, listing)["text"]
    assert len(chat.api.sent()) == sent_before  # pages are edits, never new messages
    assert {int(e["message_id"]) for e in chat.api.edits()} == {listing["message_id"]}


async def test_ticking_off_from_the_list(chat: ChatHarness, db: Database) -> None:
    await add_tasks(chat, 12)
    listing = await list_message(chat, VERA, GROUP, "/aufgaben")
    await chat.press(VERA, listing, buttons(listing)["▶"])
    page2 = current(chat, listing)
    assert await chat.press(VERA, page2, buttons(page2)["#12 ✅"]) == ["✅ #12 erledigt"]
    assert status_of(db, GROUP["id"], 12) == TaskStatus.DONE
    after = current(chat, listing)
    assert "#12</b>" not in after["text"] and "#11</b>" in after["text"]
    assert "(11)" in after["text"]
    # the same press again (a double tap on the old page): said so, the page shown again
    edits = len(chat.api.edits())
    assert await chat.press(VERA, page2, buttons(page2)["#12 ✅"]) == [
        "#12 ist schon abgeschlossen."
    ]
    assert len(chat.api.edits()) == edits + 1
    assert "Vera Kraus · erledigt" in await chat.say(VERA, GROUP, "/verlauf 12")  # audited


async def test_a_tap_by_someone_who_may_not_is_an_alert_only(
    chat: ChatHarness, db: Database
) -> None:
    await add_tasks(chat, 2)
    listing = await list_message(chat, NICOLE, GROUP, "/aufgaben")
    sent, edits = len(chat.api.sent()), len(chat.api.edits())
    assert await chat.press(NICOLE, listing, buttons(listing)["#1 ✅"]) == [NOT_PERMITTED]
    assert last_answer(chat)["show_alert"] is True
    assert (len(chat.api.sent()), len(chat.api.edits())) == (sent, edits)
    assert status_of(db, GROUP["id"], 1) == TaskStatus.OPEN
    # an owner may, as with /erledigt
    await chat.say(VERA, GROUP, "/zuweisen 2 @Nicole")
    assert await chat.press(NICOLE, listing, buttons(listing)["#2 ✅"]) == ["✅ #2 erledigt"]
    # and an admin of the group may
    chat.make_admin(NICOLE, GROUP)
    assert await chat.press(NICOLE, listing, buttons(listing)["#1 ✅"]) == ["✅ #1 erledigt"]
    assert current(chat, listing)["text"] == "Keine offenen Aufgaben. 🎉"
    assert "reply_markup" not in current(chat, listing)


async def test_a_stale_page_shows_the_list_as_it_is_now(chat: ChatHarness, db: Database) -> None:
    await add_tasks(chat, 11)
    listing = await list_message(chat, VERA, GROUP, "/aufgaben")
    await chat.press(VERA, listing, buttons(listing)["▶"])
    page2 = current(chat, listing)
    await chat.say(VERA, GROUP, "/erledigt 11")  # typed meanwhile
    await chat.say(VERA, GROUP, "/aufgabe Neu dazu")
    assert await chat.press(VERA, page2, buttons(page2)["#11 ✅"]) == [
        "#11 ist schon abgeschlossen."
    ]
    now = current(chat, listing)
    assert "#12</b> Neu dazu" in now["text"] and "#11</b>" not in now["text"]
    await chat.say(VERA, GROUP, "/streichen 12")
    await chat.press(VERA, now, buttons(now)["1/2" if "1/2" in buttons(now) else "2/2"])
    shrunk = current(chat, listing)  # ten tasks left: page 2 is gone, page 1 is shown
    assert shrunk["text"].count("<b>#") == 10 and "◀" not in buttons(shrunk)


async def test_forged_and_misplaced_presses_do_nothing(chat: ChatHarness, db: Database) -> None:
    await add_tasks(chat, 3)
    listing = await list_message(chat, VERA, GROUP, "/aufgaben")
    help_message = await list_message(chat, VERA, GROUP, "/hilfe")
    task_data = buttons(listing)["#1 ✅"]
    unknown = ["Dieser Knopf gilt hier nicht (mehr)."]
    assert await chat.press(VERA, help_message, task_data) == unknown  # not on this message
    assert await chat.press(VERA, listing, task_data.replace(":open:", ":my:")) == unknown
    assert await chat.press(VERA, listing, "i:99999:open:1") == unknown
    assert await chat.press(VERA, listing, "l:open:1 ") == unknown
    assert status_of(db, GROUP["id"], 1) == TaskStatus.OPEN
    assert chat.api.edits() == []


async def test_only_the_asker_turns_the_pages_of_their_group_list(chat: ChatHarness) -> None:
    for number in range(1, 13):
        await chat.say(NICOLE, GROUP, f"/aufgabe Aufgabe {number} @vera")
    mine = await list_message(chat, VERA, GROUP, "/meine")
    assert mine["text"].startswith("🙋 <b>Deine offenen Aufgaben</b> (12)")
    edits = len(chat.api.edits())
    assert await chat.press(NICOLE, mine, buttons(mine)["▶"]) == [
        "Das ist die Liste von jemand anderem. Deine zeigt /meine."
    ]
    assert last_answer(chat)["show_alert"] is True and len(chat.api.edits()) == edits
    # ticking off follows the task's rules: Nicole created #1
    assert await chat.press(NICOLE, mine, buttons(mine)["#1 ✅"]) == ["✅ #1 erledigt"]
    assert "(11)" in current(chat, mine)["text"]  # still Vera's list
    await chat.press(VERA, current(chat, mine), buttons(current(chat, mine))["▶"])
    assert "#12</b>" in current(chat, mine)["text"]


async def test_private_mytasks_across_two_groups_announces_a_tick(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer drucken @vera")
    await chat.say(VERA, OTHER_GROUP, "/aufgabe Kasse <prüfen> @vera")
    await chat.say(VERA, GROUP, "/aufgabe Nicht meins @Nicole")
    mine = await list_message(chat, VERA, private_chat(VERA), "/meine")
    text = mine["text"]
    assert text.index("<b>Ortsverein Nord</b>") < text.index("<b>Stadtvorstand</b>")
    assert "Kasse &lt;prüfen&gt;" in text and "Nicht meins" not in text
    rows = mine["reply_markup"]["inline_keyboard"]
    assert [b["text"] for row in rows for b in row] == ["#1 ✅", "#1 📅"] * 2
    ticks = [d for d in all_data(mine) if d.startswith("i:")]
    dues = [d for d in all_data(mine) if d.startswith("t:")]
    assert [d.split(":")[1] for d in ticks] == [d.split(":")[1] for d in dues]
    assert all(d.endswith(":my:1") for d in ticks) and all(d.endswith(":due") for d in dues)
    flyer = next(d for d in ticks if _task_chat(db, d) == GROUP["id"])
    sent = len(chat.api.sent(GROUP["id"]))
    assert await chat.press(VERA, mine, flyer) == ["✅ #1 erledigt"]
    assert status_of(db, GROUP["id"], 1) == TaskStatus.DONE
    [notice] = chat.api.sent(GROUP["id"])[sent:]
    assert notice["text"] == "✅ Vera hat <b>#1</b> „Flyer drucken“ erledigt (im Privatchat)."
    after = current(chat, mine)
    assert "Flyer" not in after["text"] and "Kasse" in after["text"]
    # the creator Daniel may tick off a task of his from his private chat, too
    assert (
        "Stadtvorstand"
        in (await list_message(chat, DANIEL, private_chat(DANIEL), "/aufgaben"))["text"]
    )


def _task_chat(db: Database, data: str) -> int:
    with db.transaction() as session:
        task = session.get(Task, int(data.split(":")[1]))
        assert task is not None
        return task.chat_id


async def test_a_member_who_left_a_group_sees_and_ticks_nothing_of_it(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Flyer @vera")
    await chat.say(VERA, OTHER_GROUP, "/aufgabe Geheim @vera")
    mine = await list_message(chat, VERA, private_chat(VERA), "/meine")
    assert "Geheim" in mine["text"]
    left = chat.message(DANIEL, OTHER_GROUP, "", entities=[])
    del left["text"]
    left["left_chat_member"] = VERA
    await chat.process(left)
    secret = next(
        d for d in all_data(mine) if d.startswith("i:") and _task_chat(db, d) == OTHER_GROUP["id"]
    )
    sent = len(chat.api.sent(OTHER_GROUP["id"]))
    assert await chat.press(VERA, mine, secret) == ["Diese Aufgabe gibt es hier nicht mehr."]
    assert status_of(db, OTHER_GROUP["id"], 1) == TaskStatus.OPEN
    assert len(chat.api.sent(OTHER_GROUP["id"])) == sent
    now = current(chat, mine)
    assert (
        "Geheim" not in now["text"] and "Ortsverein" not in now["text"] and "Flyer" in now["text"]
    )
    again = await list_message(chat, VERA, private_chat(VERA), "/meine")
    assert "Geheim" not in again["text"]


async def test_an_english_group_gets_english_pages(chat: ChatHarness) -> None:
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/einstellungen sprache en")
    await add_tasks(chat, 11)
    listing = await list_message(chat, VERA, GROUP, "/tasks")
    assert listing["text"].startswith("📋 <b>Open tasks</b> (11)")
    await chat.press(VERA, listing, buttons(listing)["#3 ✅"])
    assert last_answer(chat)["text"] == "✅ #3 done"
    empty = await list_message(chat, NICOLE, GROUP, "/mytasks")
    assert "reply_markup" not in empty


async def test_private_tasks_list_ticks_by_the_groups_rules(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(DANIEL, GROUP, "/aufgabe Daniels Sache")
    await chat.say(VERA, GROUP, "/aufgabe Veras Sache")
    listing = await list_message(chat, VERA, private_chat(VERA), "/aufgaben")
    assert "Daniels Sache" in listing["text"] and "Veras Sache" in listing["text"]
    assert not any(d.startswith("t:") for d in all_data(listing))  # 📅 is /meine's
    group_messages = len(chat.api.sent(GROUP["id"]))
    assert await chat.press(VERA, listing, buttons(listing)["#1 ✅"]) == [
        "#1 abhaken dürfen Daniel, die Verantwortlichen und die Admins."
    ]
    assert last_answer(chat)["show_alert"] is True
    assert status_of(db, GROUP["id"], 1) == TaskStatus.OPEN
    assert await chat.press(VERA, listing, buttons(listing)["#2 ✅"]) == ["✅ #2 erledigt"]
    [notice] = chat.api.sent(GROUP["id"])[group_messages:]
    assert "Veras Sache" in notice["text"] and "(im Privatchat)" in notice["text"]


async def test_long_and_html_titles_stay_one_valid_message(chat: ChatHarness) -> None:
    for number in range(12):
        await chat.say(VERA, GROUP, f"/aufgabe <b>Kasse</b> & {'sehr lang ' * 45}{number}")
    listing = await list_message(chat, VERA, GROUP, "/aufgaben")
    assert len(listing["text"]) <= 4096 and listing["text"].count("<b>#") == 10
    assert "&lt;b&gt;Kasse&lt;/b&gt; &amp;" in listing["text"] and "…" in listing["text"]
    await chat.press(VERA, listing, buttons(listing)["▶"])
    page2 = current(chat, listing)
    assert page2["text"].count("<b>#") == 2 and len(page2["text"]) <= 4096


async def test_a_task_deleted_meanwhile_is_said_so_and_the_page_redrawn(
    chat: ChatHarness, db: Database
) -> None:
    await add_tasks(chat, 3)
    listing = await list_message(chat, VERA, GROUP, "/aufgaben")
    with db.transaction() as session:  # e.g. removed by an administrator in the database
        task = session.exec(select(Task).where(Task.chat_id == GROUP["id"], Task.number == 2)).one()
        session.delete(task)
    assert await chat.press(VERA, listing, buttons(listing)["#2 ✅"]) == [
        "Diese Aufgabe gibt es hier nicht mehr."
    ]
    now = current(chat, listing)
    assert "#2</b>" not in now["text"] and "(2)" in now["text"]
    assert list(buttons(now)) == ["#1 ✅", "#3 ✅"]


async def test_a_group_list_whose_asker_is_unknown_asks_for_a_new_one(chat: ChatHarness) -> None:
    await add_tasks(chat, 11, user=NICOLE)
    await chat.say(NICOLE, GROUP, "/zuweisen 1 2 3 4 5 6 7 8 9 10 11 @Nicole")
    mine = await list_message(chat, NICOLE, GROUP, "/meine")
    del mine["reply_to_message"]  # the command was deleted before the bot answered
    edits = len(chat.api.edits())  # the cards /zuweisen edited
    assert await chat.press(NICOLE, mine, buttons(mine)["▶"]) == [
        "Diese Liste ist zu alt zum Blättern. Schick /meine noch einmal."
    ]
    assert last_answer(chat)["show_alert"] is True and len(chat.api.edits()) == edits
