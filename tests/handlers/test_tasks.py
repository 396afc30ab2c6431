"""/task, /tasks and /mytasks through the real Application, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlmodel import select

from storage.database import Database
from storage.models import Task, TaskOwner
from tests.handlers.conftest import (
    DANIEL,
    GROUP,
    NICOLE,
    OTHER_GROUP,
    VERA,
    ChatHarness,
    private_chat,
)
from tests.support.cards import ask_alone


def stored_tasks(db: Database) -> list[Task]:
    with db.transaction() as session:
        return list(session.exec(select(Task).order_by(Task.chat_id, Task.number)).all())


async def test_task_with_owner_and_date_is_confirmed_and_stored(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")  # Vera is now a known member
    reply = await chat.say(
        DANIEL, GROUP, "/aufgabe Treffen für Neumitglieder vorbereiten @vera bis Freitag"
    )
    assert "Aufgabe <b>#1</b> angelegt: Treffen für Neumitglieder vorbereiten" in reply
    assert '<a href="tg://user?id=101">Vera</a>' in reply
    assert "bis Fr, 21.06.2024" in reply
    [task] = stored_tasks(db)
    assert (task.number, task.title, task.status) == (
        1,
        "Treffen für Neumitglieder vorbereiten",
        "open",
    )
    assert task.due_at is not None and task.due_at.isoformat() == "2024-06-21T21:59:59+00:00"
    assert task.due_has_time is False
    assert task.created_by_id == DANIEL["id"]


async def test_numbers_count_per_chat(chat: ChatHarness) -> None:
    assert "#1" in await chat.say(VERA, GROUP, "/task First")
    assert "#2" in await chat.say(VERA, GROUP, "/task Second")
    assert "#1" in await chat.say(VERA, OTHER_GROUP, "/task Elsewhere")


async def test_time_is_echoed_and_english_keyword_works(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(VERA, GROUP, "/task Call the printer by tomorrow 9am")
    assert "Call the printer" in reply and "Do, 20.06.2024, 09:00 Uhr" in reply
    [task] = stored_tasks(db)
    assert task.due_has_time and task.due_at is not None
    assert task.due_at.isoformat() == "2024-06-20T07:00:00+00:00"


async def test_unknown_member_name_is_kept_as_plain_name(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(VERA, GROUP, "/task Landesgremien vertreten @Vera @Nicole am 22.06.2024")
    assert '<a href="tg://user?id=101">Vera</a>, Nicole\n' in reply
    with db.transaction() as session:
        owners = session.exec(select(TaskOwner).order_by(TaskOwner.position)).all()
        assert [(o.name, o.user_id) for o in owners] == [("Vera", VERA["id"]), ("Nicole", None)]


async def test_text_mention_of_member_without_username(chat: ChatHarness) -> None:
    text = "/task Kassenbericht Nicole bis 30.06."
    offset = len("/task Kassenbericht ")
    entities = [
        {"type": "bot_command", "offset": 0, "length": 5},
        {"type": "text_mention", "offset": offset, "length": 6, "user": NICOLE},
    ]
    reply = await chat.say(VERA, GROUP, text, entities=entities)
    assert "angelegt: Kassenbericht\n" in reply
    assert '<a href="tg://user?id=102">Nicole</a>' in reply
    assert "So, 30.06.2024" in reply


async def test_reply_to_a_message_takes_its_text_as_title(chat: ChatHarness) -> None:
    original = chat.message(NICOLE, GROUP, "Wir brauchen neue Flyer für den Infostand", entities=[])
    reply = await chat.say(VERA, GROUP, "/aufgabe bis KW 27", reply_to=original)
    assert "angelegt: Wir brauchen neue Flyer für den Infostand" in reply
    assert "So, 07.07.2024" in reply


async def test_html_in_title_is_shown_literally(chat: ChatHarness, db: Database) -> None:
    reply = await chat.say(VERA, GROUP, "/task <b>Flyer</b> & <script>x</script>")
    assert "&lt;b&gt;Flyer&lt;/b&gt; &amp; &lt;script&gt;" in reply
    assert stored_tasks(db)[0].title == "<b>Flyer</b> & <script>x</script>"


async def test_bad_input_gets_a_clear_reply_and_stores_nothing(
    chat: ChatHarness, db: Database
) -> None:
    # issue 14: `/aufgabe` alone asks for the title (tests/handlers/test_prompts.py)
    assert "Wie heißt die Aufgabe?" in await ask_alone(chat, VERA, GROUP, "/aufgabe")
    assert "Bitte gib einen Titel an" in await chat.say(VERA, GROUP, "/aufgabe @vera bis Freitag")
    reply = await chat.say(VERA, GROUP, "/aufgabe Bericht bis irgendwann")
    assert "„irgendwann“ habe ich nicht verstanden" in reply and "bis Freitag" in reply
    reply = await chat.say(VERA, GROUP, "/aufgabe Bericht bis heute 14:30")
    assert "Vergangenheit" in reply
    reply = await chat.say(VERA, GROUP, "/aufgabe " + "x" * 501)
    assert "501 Zeichen" in reply and "500" in reply
    reply = await chat.say(VERA, GROUP, "/aufgabe " + "y" * 5000)
    assert "5000 Zeichen" in reply
    assert stored_tasks(db) == []
    # The failed attempts used no number: the next task is #1.
    assert "#1" in await chat.say(VERA, GROUP, "/aufgabe Jetzt aber")


async def test_list_is_sorted_overdue_first_and_filters(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/task Ohne Datum")
    await chat.say(VERA, GROUP, "/task Später @vera bis Mitte November")
    await chat.say(VERA, GROUP, "/task Bald bis morgen")
    chat.clock.advance(days=3)  # "Bald" (due Thursday) is now overdue
    listing = await chat.say(VERA, GROUP, "/aufgaben")
    lines = listing.splitlines()
    assert lines[0] == "📋 <b>Offene Aufgaben</b> (3)"
    assert lines[1].startswith("⚠️ <b>#3</b> Bald") and "(überfällig)" in lines[1]
    assert "#2" in lines[2] and "Fr, 15.11.2024" in lines[2]
    assert "#1" in lines[3]
    overdue = await chat.say(VERA, GROUP, "/aufgaben überfällig")
    assert "#3" in overdue and "#2" not in overdue
    mine = await chat.say(VERA, GROUP, "/aufgaben @vera")
    assert "#2" in mine and "#1" not in mine
    assert "verstehe ich hier nicht" in await chat.say(VERA, GROUP, "/aufgaben quatsch")


async def test_mytasks_in_private_chat_only_shows_my_groups(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/task Flyer @vera")
    await chat.say(DANIEL, OTHER_GROUP, "/task Geheim @vera")  # Vera never seen in OTHER_GROUP
    mine = await chat.say(VERA, private_chat(VERA), "/meine")
    assert "Flyer" in mine and "Stadtvorstand" in mine
    assert "Geheim" not in mine and "Ortsverein" not in mine
    assert "keine offenen Aufgaben" in await chat.say(NICOLE, private_chat(NICOLE), "/meine")
    # /tasks in private: open tasks of my groups only.
    listing = await chat.say(VERA, private_chat(VERA), "/aufgaben")
    assert "Flyer" in listing and "Geheim" not in listing


async def test_member_who_left_loses_private_access(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/task Flyer @vera")
    left = chat.message(DANIEL, GROUP, "", entities=[])
    del left["text"]
    left["left_chat_member"] = VERA
    await chat.process(left)
    assert "Flyer" not in await chat.say(VERA, private_chat(VERA), "/meine")


async def test_long_lists_are_split_under_telegram_limit(chat: ChatHarness) -> None:
    for index in range(20):
        await chat.say(VERA, GROUP, f"/task {'Sehr langer Titel ' * 24}{index}")
    # the filtered lists answer as text, split (the plain /tasks is one page: test_lists.py)
    replies = await chat.send(VERA, GROUP, "/tasks all")
    assert len(replies) >= 3
    assert all(len(reply) <= 4096 for reply in replies)
    assert sum(reply.count("<b>#") for reply in replies) == 20
