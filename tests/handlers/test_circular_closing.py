"""A circular resolution's reminder rows: once a day only those who have not voted are
mentioned, the deadline closes it (also after a restart); withdrawing one; forgetting a voter;
an English chat. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.application import prepare_serving
from bot.cli.export import FORMATS, run_export
from storage.database import Database
from storage.models import Circular, ReminderStatus
from tests.handlers.circular_support import (
    OUTSIDER,
    circular_reminders,
    circulars,
    decisions,
    start,
    vote,
    votes,
)
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


async def test_the_daily_reminder_mentions_only_those_who_have_not_voted(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    chat.clock.now = datetime(2024, 6, 20, 7, 0, tzinfo=UTC)  # Thursday 9:00 Berlin
    (reminder,) = await chat.dispatch()
    text = reminder["text"]
    assert "U 1" in text and "bitte in der Umfrage abstimmen" in text
    assert 'tg://user?id=102">Nicole' in text and 'tg://user?id=103">Daniel' in text
    assert "Vera" not in text
    assert await chat.dispatch() == []  # once a day
    await vote(chat, NICOLE, [0])
    chat.clock.now = datetime(2024, 6, 21, 7, 0, tzinfo=UTC)
    (friday,) = await chat.dispatch()
    assert "Daniel" in friday["text"] and "Nicole" not in friday["text"]


async def test_the_deadline_closes_it_with_the_votes_cast(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    await vote(chat, NICOLE, [0])
    chat.clock.now = datetime(2024, 6, 21, 22, 0, tzinfo=UTC)  # past Friday 23:59:59 Berlin
    sent = await chat.dispatch()
    announcement = sent[-1]["text"]
    assert "abgelehnt" in announcement and "B 2024/1" in announcement  # Daniel did not agree
    (decision,) = decisions(db)
    assert decision.by_circular and (decision.votes_yes, decision.votes_no) == (2, 0)
    assert circulars(db)[0].status == "rejected"
    assert [m for m, _ in chat.api.calls].count("stopPoll") == 1
    assert await vote(chat, DANIEL, [0]) == []  # after the close it counts no more
    assert len(decisions(db)) == 1


async def test_a_majority_board_at_the_deadline_counts_the_votes_cast(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/einstellungen umlauf mehrheit")
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    await vote(chat, NICOLE, [2])  # 1 Ja, 0 Nein, 1 Enthaltung, Daniel could still say Nein
    assert decisions(db) == []
    chat.clock.now = datetime(2024, 6, 21, 22, 0, tzinfo=UTC)
    await chat.dispatch()
    (decision,) = decisions(db)
    assert decision.result == "adopted" and decision.votes_abstain == 1


async def test_it_closes_at_the_deadline_after_a_restart(
    database_url: str, db: Database, clock: FakeClock
) -> None:
    first = await start_harness(make_settings(database_url), db, clock)
    try:
        await start(db, first, "Beamer bis Freitag")
        poll = next(iter(first.api.polls))
    finally:
        await first.app.shutdown()
    again = await start_harness(make_settings(database_url), db, clock)
    try:
        again.api.polls = first.api.polls  # the same Telegram
        await vote(again, VERA, [0], poll=poll)  # the poll id still leads to the circular
        assert len(votes(db)) == 1
        again.clock.now = datetime(2024, 6, 21, 22, 0, tzinfo=UTC)
        sent = await again.dispatch()
        assert "abgelehnt" in sent[-1]["text"]
        assert decisions(db)[0].votes_yes == 1
    finally:
        await again.app.shutdown()


async def test_withdrawing_by_its_starter_or_an_admin_stops_its_reminders(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer")
    refused = await chat.say(NICOLE, GROUP, "/umlauf abbrechen 1")
    assert "Vera" in refused and circulars(db)[0].status == "open"
    assert "U 1 ist zurückgezogen" in await chat.say(VERA, GROUP, "/umlauf abbrechen U 1")
    assert circulars(db)[0].status == "withdrawn" and decisions(db) == []
    assert {r.status for r in circular_reminders(db)} == {ReminderStatus.CANCELLED.value}
    assert [m for m, _ in chat.api.calls].count("stopPoll") == 1
    assert "Zurückgezogen von Vera" in chat.api.edits()[-1]["text"]
    assert "schon abgeschlossen" in await chat.say(VERA, GROUP, "/umlauf abbrechen 1")
    assert "gibt es hier nicht" in await chat.say(VERA, GROUP, "/umlauf abbrechen 9")
    assert "Zum Beispiel" in await chat.say(VERA, GROUP, "/umlauf abbrechen")


async def test_alone_it_lists_the_open_ones(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer")
    await chat.say(VERA, GROUP, "/umlauf Leinwand")
    await vote(chat, VERA, [0])  # on the latest poll: Leinwand
    listed = await chat.say(NICOLE, GROUP, "/umlauf")
    assert "Offene Umlaufbeschlüsse" in listed and "(2)" in listed
    assert "U 1</b> Beamer" in listed and "U 2</b> Leinwand" in listed
    assert "Abgestimmt: 1 von 3" in listed


async def test_forgetting_a_voter_keeps_the_count(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer")
    await vote(chat, DANIEL, [0])
    await chat.say(DANIEL, private_chat(DANIEL), "/vergissmich ja")
    (recorded,) = votes(db)
    assert recorded.name == "ehemaliges Mitglied" and recorded.user_id is None
    await vote(chat, VERA, [0])
    (announcement,) = await vote(chat, NICOLE, [0])
    assert "angenommen" in announcement
    assert decisions(db)[0].votes_yes == 3  # the forgotten member's Ja still counts


async def test_an_english_chat_reads_it_in_english(chat: ChatHarness, db: Database) -> None:
    await chat.send(VERA, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/settings language en")
    status = await start(db, chat, "Buy a projector by Friday")
    assert "Circular resolution U 1" in status and "Fri, 21 Jun 2024" in status
    assert "every board member must agree" in status
    options = chat.api.poll_sent()[0]["options"]
    assert "Abstain" in str(options)
    for member in (VERA, NICOLE, DANIEL):
        replies = await vote(chat, member, [0])
    assert "adopted" in replies[0] and "by circular resolution" in replies[0]


async def test_the_export_has_the_poll_and_every_answer_with_its_time(
    chat: ChatHarness, db: Database
) -> None:
    await start(db, chat, "Beamer für 300 €")
    chat.clock.advance(minutes=5)
    await vote(chat, VERA, [0])
    await vote(chat, OUTSIDER, [1])
    chat.clock.advance(minutes=5)
    await vote(chat, NICOLE, [0])
    await vote(chat, DANIEL, [0])
    await chat.send(VERA, GROUP, "/export")
    files = {d["filename"]: d["data"] for d in chat.api.documents()}
    csv_name = next(name for name in files if name.startswith("umlaufbeschluesse-"))
    rows = [line.split(";") for line in files[csv_name].decode("utf-8-sig").splitlines()]
    assert rows[0][:3] == ['"Umlauf"', '"Antrag"', '"Regel"']
    answers = [(r[7].strip('"'), r[8].strip('"'), r[9].strip('"'), r[10]) for r in rows[1:]]
    assert answers == [
        ("Vera", "ja", "Ja", '"2024-06-19 20:05"'),
        ("Mallory", "nein", "Nein", '"2024-06-19 20:05"'),
        ("Nicole", "ja", "Ja", '"2024-06-19 20:10"'),
        ("Daniel", "ja", "Ja", '"2024-06-19 20:10"'),
    ]
    assert "angenommen – B 2024/1" in rows[1][6]
    markdown = files[csv_name.replace(".csv", ".md")].decode("utf-8")
    assert "## Umlaufbeschluss U 1" in markdown
    assert "Stimmberechtigt: Vera, Nicole, Daniel" in markdown
    assert "2024-06-19 20:05 Mallory: Nein (nicht im Vorstand, zählt nicht)" in markdown
    register = next(name for name in files if name.startswith("beschluesse-"))
    assert "im Umlaufverfahren" in files[register].decode("utf-8-sig")


async def test_a_members_own_copy_has_their_answers(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer")
    await vote(chat, NICOLE, [2])
    await chat.send(NICOLE, private_chat(NICOLE), "/start")
    await chat.send(NICOLE, private_chat(NICOLE), "/export")
    (document,) = [d for d in chat.api.documents() if d["filename"].endswith(".json")]
    copy = json.loads(document["data"])
    (answer,) = copy["circular_votes"]
    assert (answer["circular"], answer["motion"], answer["answer"]) == (1, "Beamer", "abstain")
    assert answer["counts"] is True


async def test_a_poll_the_last_run_did_not_send_goes_out_at_start_up(
    database_url: str, db: Database, clock: FakeClock
) -> None:
    first = await start_harness(make_settings(database_url), db, clock)
    try:
        await start(db, first, "Beamer")
        with db.transaction() as session:  # as if it had stopped between commit and sendPoll
            lost = session.get(Circular, circulars(db)[0].id)
            assert lost is not None
            lost.poll_id = lost.poll_message_id = None
        await prepare_serving(first.app)  # a minute has not passed: another instance may send
        assert len(first.api.poll_sent()) == 1
    finally:
        await first.app.shutdown()
    clock.advance(minutes=2)
    again = await start_harness(make_settings(database_url), db, clock)
    try:
        await prepare_serving(again.app)  # what the bot does before its first update
        (poll,) = again.api.poll_sent()
        assert poll["question"] == "U 1: Beamer"
        sent = circulars(db)[0].poll_id
        assert sent is not None
        await vote(again, VERA, [0], poll=sent)
        assert len(votes(db)) == 1
        await prepare_serving(again.app)
        assert len(again.api.poll_sent()) == 1  # once
    finally:
        await again.app.shutdown()


async def test_an_adopted_motion_is_announced_with_a_task_button(
    chat: ChatHarness, db: Database
) -> None:
    """Like a decision's confirmation, the announcement is the decision's card: 📋 Aufgabe
    dazu asks for the title of a task implementing it — also when the deadline closed it."""
    await chat.send(VERA, GROUP, "/hilfe")
    chat.make_admin(VERA, GROUP)
    await chat.say(VERA, GROUP, "/einstellungen umlauf mehrheit")
    await start(db, chat, "Beamer bis Freitag")
    await vote(chat, VERA, [0])
    chat.clock.now = datetime(2024, 6, 21, 22, 0, tzinfo=UTC)
    announcement = (await chat.dispatch())[-1]
    [[button]] = announcement["reply_markup"]["inline_keyboard"]
    assert button["text"] == "📋 Aufgabe dazu"
    (decision,) = decisions(db)
    assert decision.card_message_id == announcement["message_id"]
    answers = await chat.press(NICOLE, announcement, button["callback_data"])
    assert answers == ["Antworte bitte auf meine Frage im Chat."]  # the question follows
    assert "Wie heißt die Aufgabe zu B 2024/1" in chat.api.sent()[-1]["text"]


async def test_a_rejected_motion_has_no_task_button(chat: ChatHarness, db: Database) -> None:
    await start(db, chat, "Beamer")
    await vote(chat, VERA, [1])
    announcement = chat.api.messages[-1]
    assert "abgelehnt" in announcement["text"] and "reply_markup" not in announcement


async def test_the_cli_export_writes_the_same_circular_files(
    chat: ChatHarness, db: Database, tmp_path: Path
) -> None:
    await start(db, chat, "Beamer")
    await vote(chat, VERA, [0])
    await vote(chat, NICOLE, [1])
    before = len(chat.api.documents())
    await chat.send(VERA, GROUP, "/export")
    sent = {d["filename"]: d["data"] for d in chat.api.documents(GROUP["id"])[before:]}
    assert {"umlaufbeschluesse-2024-06-19.csv", "umlaufbeschluesse-2024-06-19.md"} <= set(sent)
    settings = chat.app.bot_data["services"].settings
    out = tmp_path / "export"
    assert run_export(db, settings, GROUP["id"], FORMATS, out, now=chat.clock.now) == 0
    assert {path.name: path.read_bytes() for path in out.iterdir()} == sent
