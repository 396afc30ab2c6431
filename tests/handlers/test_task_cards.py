"""The buttons of a task's card in a group (handlers.task_cards), on both databases: each press
changes what the command would, edits the card in place and is answered; every refusal is an
alert to the presser alone; forged, stale and foreign presses change nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from storage.database import Database
from storage.models import Event, Reminder, ReminderStatus, Task, TaskOwner, TaskStatus
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, OTHER_GROUP, VERA, ChatHarness
from tests.support.cards import answers, button_data, button_texts, last_card, last_edit
from tests.support.offline import too_long

FRIDAY_END = datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)  # Fri 21.06. 23:59:59 in Berlin


def task(db: Database, number: int = 1, chat_id: int = GROUP["id"]) -> Task:
    with db.transaction() as session:
        found = session.exec(
            select(Task).where(Task.chat_id == chat_id, Task.number == number)
        ).one()
        session.expunge(found)
        return found


def owners(db: Database, task_id: int) -> list[str]:
    with db.transaction() as session:
        rows = session.exec(
            select(TaskOwner).where(TaskOwner.task_id == task_id).order_by(TaskOwner.position)
        ).all()
        return [row.name for row in rows]


async def new_card(chat: ChatHarness, text: str = "/aufgabe Flyer drucken") -> dict[str, Any]:
    await chat.say(VERA, GROUP, text)
    return last_card(chat.api)


async def press(
    chat: ChatHarness, user: dict[str, Any], card: dict[str, Any], data: str
) -> dict[str, Any]:
    """Press and return the one answer (text, show_alert); no message may go to the chat."""
    before_calls, before_sent = len(chat.api.calls), len(chat.api.sent())
    await chat.press(user, card, data)
    [answer] = answers(chat.api, before_calls)
    if answer.get("show_alert"):
        assert len(chat.api.sent()) == before_sent, "a refused press wrote to the chat"
    return answer


async def test_the_card_carries_the_row_and_done_edits_it(chat: ChatHarness, db: Database) -> None:
    card = await new_card(chat, "/aufgabe Flyer drucken @dschaper bis Freitag")
    assert card["text"].startswith("✅ Aufgabe <b>#1</b> angelegt: Flyer drucken")
    stored = task(db)
    assert stored.card_message_id == card["message_id"]
    tid = stored.id
    assert button_data(card) == [[f"t:{tid}:done", f"t:{tid}:due", f"t:{tid}:own", f"t:{tid}:undo"]]
    assert button_texts(card) == [["✅ Erledigt", "📅 Frist", "👤 Zuständig", "↩️ Rückgängig"]]

    # Nicole neither created nor owns it: an alert, nothing changes, nothing in the chat
    refused = await press(chat, NICOLE, card, f"t:{tid}:done")
    assert refused["show_alert"] is True and "Vera" in refused["text"]
    assert "<b>" not in refused["text"]  # alerts are plain text
    assert task(db).status == TaskStatus.OPEN

    # Daniel owns it: done, the card says so and offers only ↩️ to reopen
    edits = len(chat.api.edits())
    done = await press(chat, DANIEL, card, f"t:{tid}:done")
    assert done["text"] == "#1 ist erledigt. Danke!" and not done.get("show_alert")
    assert task(db).status == TaskStatus.DONE
    edit = last_edit(chat.api)
    assert len(chat.api.edits()) == edits + 1 and edit["message_id"] == card["message_id"]
    assert edit["text"].startswith("✅ Erledigt: <b>#1</b> <s>Flyer drucken</s> (von Daniel)")
    assert button_data(edit) == [[f"t:{tid}:undo"]]

    # a double press changes nothing and says why
    again = await press(chat, DANIEL, card, f"t:{tid}:done")
    assert again["text"] == "#1 ist schon abgeschlossen."
    # ↩️ under a done task reopens it
    reopened = await press(chat, DANIEL, card, f"t:{tid}:undo")
    assert reopened["text"] == "#1 ist wieder offen." and task(db).status == TaskStatus.OPEN
    assert button_data(last_edit(chat.api))[0][0] == f"t:{tid}:done"


async def test_due_by_quick_choice_replans_reminders(chat: ChatHarness, db: Database) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")  # the bot knows Daniel
    card = await new_card(chat, "/aufgabe Kassenbericht @dschaper")
    tid = task(db).id
    # an owner may set the due date now (issue 14), Nicole may not
    refused = await press(chat, NICOLE, card, f"t:{tid}:due")
    assert refused["show_alert"] is True and "Frist" in refused["text"]
    assert await chat.press(DANIEL, card, f"t:{tid}:due") == [""]
    choices = last_edit(chat.api)
    # the card stays (its head now names the task instead of saying it is new), the row
    # becomes the choices
    head, _, body = choices["text"].partition("\n")
    assert head == "📌 Aufgabe <b>#1</b>: Kassenbericht"
    assert body == card["text"].partition("\n")[2] and "Daniel" in body
    assert button_texts(choices)[0] == ["Heute", "Morgen", "Freitag"]
    assert button_data(choices)[-1] == [f"o:{tid}:ok"]

    answer = await press(chat, DANIEL, card, f"f:{tid}:fri")
    assert answer["text"] == "Frist für #1: Fr, 21.06.2024"
    stored = task(db)
    assert stored.due_at == FRIDAY_END and stored.due_has_time is False
    edit = last_edit(chat.api)
    assert "📅 bis Fr, 21.06.2024" in edit["text"]
    assert button_data(edit)[0][0] == f"t:{tid}:done"
    with db.transaction() as session:
        pending = session.exec(
            select(Reminder).where(
                Reminder.task_id == tid, Reminder.status == ReminderStatus.PENDING.value
            )
        ).all()
    assert pending, "setting a due date plans the task's reminders"

    await press(chat, VERA, card, f"f:{tid}:none")  # the creator may too
    assert task(db).due_at is None
    assert "📅" not in last_edit(chat.api)["text"]


async def test_owner_picker_toggles_pages_and_returns(chat: ChatHarness, db: Database) -> None:
    await chat.say(NICOLE, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/hilfe")
    card = await new_card(chat)
    tid = task(db).id
    assert (await press(chat, NICOLE, card, f"t:{tid}:own"))["show_alert"] is True
    await chat.press(VERA, card, f"t:{tid}:own")
    picker = last_edit(chat.api)
    assert button_texts(picker)[0] == ["Daniel", "Nicole"]
    assert button_texts(picker)[-1] == ["jemand anderes …", "fertig"]

    added = await press(chat, VERA, card, f"o:{tid}:{NICOLE['id']}")
    assert added["text"] == "Nicole ist jetzt zuständig."
    assert owners(db, tid) == ["Nicole"]
    assert button_texts(last_edit(chat.api))[0] == ["Daniel", "✓ Nicole"]
    assert "Nicole" in last_edit(chat.api)["text"]
    await press(chat, VERA, card, f"o:{tid}:{DANIEL['id']}")
    assert owners(db, tid) == ["Nicole", "Daniel"]
    removed = await press(chat, VERA, card, f"o:{tid}:{NICOLE['id']}")
    assert removed["text"] == "Nicole ist nicht mehr zuständig." and owners(db, tid) == ["Daniel"]

    # someone the bot does not know in this group: quietly nothing
    stranger = await press(chat, VERA, card, f"o:{tid}:555")
    assert not stranger.get("show_alert") and owners(db, tid) == ["Daniel"]
    await press(chat, VERA, card, f"o:{tid}:ok")
    assert button_data(last_edit(chat.api))[0][0] == f"t:{tid}:done"


async def test_owner_picker_pages_of_eight(chat: ChatHarness, db: Database) -> None:
    members = [{"id": 200 + i, "is_bot": False, "first_name": f"M{i:02d}"} for i in range(10)]
    for member in members:
        await chat.say(member, GROUP, "/hilfe")
    card = await new_card(chat)
    tid = task(db).id
    await chat.press(VERA, card, f"t:{tid}:own")
    first = button_data(last_edit(chat.api))
    assert sum(len(row) for row in first[:4]) == 8 and first[4] == [f"o:{tid}:p1"]
    await chat.press(VERA, card, f"o:{tid}:p1")
    second = button_texts(last_edit(chat.api))
    assert ["M07", "M08"] in second or ["M08", "M09"] in second
    assert button_data(last_edit(chat.api))[-2] == [f"o:{tid}:p0"]


async def test_undo_is_the_creators_for_ten_minutes(chat: ChatHarness, db: Database) -> None:
    card = await new_card(chat, "/aufgabe Saal buchen bis Freitag")
    tid = task(db).id
    refused = await press(chat, NICOLE, card, f"t:{tid}:undo")
    assert refused["show_alert"] is True and "Vera" in refused["text"]
    undone = await press(chat, VERA, card, f"t:{tid}:undo")
    assert undone["text"] == "#1 ist rückgängig gemacht."
    stored = task(db)
    assert stored.status == TaskStatus.CANCELLED  # kept, as /streichen keeps it
    edit = last_edit(chat.api)
    assert edit["text"].startswith("↩️ Rückgängig gemacht: <b>#1</b> <s>Saal buchen</s>")
    assert button_data(edit) == []
    with db.transaction() as session:
        actions = [e.action for e in session.exec(select(Event).where(Event.item_number == 1))]
        pending = session.exec(
            select(Reminder).where(
                Reminder.task_id == tid, Reminder.status == ReminderStatus.PENDING.value
            )
        ).all()
    assert actions == ["create", "cancel"] and pending == []
    again = await press(chat, VERA, card, f"t:{tid}:undo")
    assert again["text"] == "#1 wurde schon rückgängig gemacht."

    late_card = await new_card(chat, "/aufgabe Zweite Aufgabe")
    late = task(db, 2)
    chat.clock.advance(minutes=11)
    too_late = await press(chat, VERA, late_card, f"t:{late.id}:undo")
    assert too_late["show_alert"] is True and "/streichen 2" in too_late["text"]
    assert task(db, 2).status == TaskStatus.OPEN
    # the late press retires the stale ↩️ at once: the card is redrawn without it
    redrawn = last_edit(chat.api)
    assert redrawn["message_id"] == late_card["message_id"]
    assert f"t:{late.id}:undo" not in button_data(redrawn)[0]
    assert f"t:{late.id}:done" in button_data(redrawn)[0]
    # and so does any card drawn after the window
    await chat.press(VERA, late_card, f"o:{late.id}:ok")
    assert f"t:{late.id}:undo" not in button_data(last_edit(chat.api))[0]


async def test_an_admin_may_undo_and_change_anything(chat: ChatHarness, db: Database) -> None:
    card = await new_card(chat)
    tid = task(db).id
    chat.make_admin(NICOLE, GROUP)
    assert (await press(chat, NICOLE, card, f"f:{tid}:tomorrow"))["text"].startswith("Frist")
    assert (await press(chat, NICOLE, card, f"t:{tid}:undo"))["text"].endswith("gemacht.")
    assert task(db).status == TaskStatus.CANCELLED


async def test_forged_stale_and_foreign_presses_change_nothing(
    chat: ChatHarness, db: Database
) -> None:
    card = await new_card(chat)
    tid = task(db).id
    await chat.say(VERA, OTHER_GROUP, "/aufgabe Fremde Aufgabe")
    other_card = last_card(chat.api)
    foreign = task(db, 1, OTHER_GROUP["id"])
    await chat.say(VERA, GROUP, "/aufgaben")
    not_a_card = chat.api.messages[-1]
    edits = len(chat.api.edits())
    for message, data in [
        (card, f"t:{foreign.id}:done"),  # another chat's task on this chat's card
        (other_card, f"t:{tid}:done"),  # this task pressed in the other chat
        (not_a_card, f"t:{tid}:done"),  # another message of this chat
        (card, "t:99999:done"),  # a task that does not exist
        (card, f"t:{tid}:explode"),  # data no button carries
        (card, f"o:{tid}:p"),
        (card, "k:99999"),
    ]:
        answer = await press(chat, VERA, message, data)
        assert not answer.get("show_alert"), data
        assert answer["text"] == "Dieser Knopf gilt hier nicht (mehr).", data
    assert len(chat.api.edits()) == edits
    assert task(db).status == TaskStatus.OPEN and task(db, 1, OTHER_GROUP["id"]).status == "open"
    # a card replaced by a newer one (/frist 1 sends the task's card again) no longer counts
    await chat.say(VERA, GROUP, "/frist 1")
    stale = await press(chat, VERA, card, f"t:{tid}:done")
    assert stale["text"] == "Dieser Knopf gilt hier nicht (mehr)."
    assert task(db).status == TaskStatus.OPEN


async def test_html_and_long_titles_stay_one_valid_card(chat: ChatHarness, db: Database) -> None:
    title = "<b>Einladung</b> & <script>" + "x" * 470
    card = await new_card(chat, f"/aufgabe {title}")
    assert "&lt;b&gt;Einladung&lt;/b&gt; &amp; &lt;script&gt;" in card["text"]
    tid = task(db).id
    await press(chat, VERA, card, f"t:{tid}:done")
    assert "&lt;script&gt;" in last_edit(chat.api)["text"]


async def test_an_english_chat_gets_english_buttons(chat: ChatHarness, db: Database) -> None:
    chat.make_admin(DANIEL, GROUP)
    await chat.say(DANIEL, GROUP, "/einstellungen sprache en")
    await chat.say(VERA, GROUP, "/task Print flyers")
    card = last_card(chat.api)
    assert button_texts(card) == [["✅ Done", "📅 Due", "👤 Owner", "↩️ Undo"]]
    tid = task(db).id
    refused = await press(chat, NICOLE, card, f"t:{tid}:undo")
    assert refused["text"].startswith("Only Vera")
    assert (await press(chat, VERA, card, f"t:{tid}:done"))["text"] == "#1 is done. Thanks!"
    assert last_edit(chat.api)["text"].startswith("✅ Done: <b>#1</b>")


async def test_follow_ups_and_decisions_get_their_buttons(chat: ChatHarness, db: Database) -> None:
    await chat.say(VERA, GROUP, "/wiedervorlage Landesfinanzrat jeden Montag")
    card = last_card(chat.api)
    tid = task(db).id
    assert button_data(card)[0][0] == f"t:{tid}:done"
    assert card["text"].startswith("🔁 Wiedervorlage <b>#1</b> angelegt")
    await chat.say(VERA, GROUP, "/beschluss Sommerfest am 14.09. einstimmig")
    decision_card = last_card(chat.api)
    [[button]] = button_texts(decision_card)
    assert button == "📋 Aufgabe dazu"
    assert button_data(decision_card)[0][0].startswith("k:")


async def test_typed_changes_edit_the_card_too(chat: ChatHarness, db: Database) -> None:
    card = await new_card(chat)
    tid = task(db).id
    await chat.say(VERA, GROUP, "/frist 1 Freitag")
    edit = last_edit(chat.api)
    assert edit["message_id"] == card["message_id"] and "📅 bis Fr, 21.06.2024" in edit["text"]
    await chat.say(VERA, GROUP, "/aendern 1 Flyer und Plakate")
    assert "Flyer und Plakate" in last_edit(chat.api)["text"]
    await chat.say(VERA, GROUP, "/erledigt 1")
    edit = last_edit(chat.api)
    assert edit["text"].startswith("✅ Erledigt: <b>#1</b>")
    assert button_data(edit) == [[f"t:{tid}:undo"]]


async def test_a_card_with_very_many_owners_stays_within_telegrams_limit(
    chat: ChatHarness, db: Database
) -> None:
    names = " ".join(f"@Ehrenamtliche{i:03d}Musterfrau" for i in range(150))
    card = await new_card(chat, f"/aufgabe Sommerfest {names}")
    tid = task(db).id
    assert button_data(card)[0][0] == f"t:{tid}:done"  # the buttons sit under the last part
    await press(chat, VERA, card, f"t:{tid}:done")
    edit = last_edit(chat.api)
    assert not too_long(edit["text"]) and edit["text"].startswith("✅ Erledigt")
    assert task(db).status == TaskStatus.DONE


async def test_a_press_on_a_task_deleted_meanwhile(chat: ChatHarness, db: Database) -> None:
    card = await new_card(chat)
    tid = task(db).id
    await chat.press(VERA, card, f"f:{tid}:other")  # a question about it is open, too
    with db.transaction() as session:
        session.delete(session.get(Task, tid))
    answer = await press(chat, VERA, card, f"t:{tid}:done")
    assert answer["text"] == "Dieser Knopf gilt hier nicht (mehr)." and not answer.get("show_alert")
    question = [m for m in chat.api.messages if "Bis wann" in m["text"]][-1]
    assert await chat.send(VERA, GROUP, "Freitag", reply_to=question) == []  # gone with it
