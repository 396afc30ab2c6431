"""Liveness you can see (issue 12): the dispatcher's heartbeat, `boardbot check`'s reminder
line and the running bot's WARNING when no dispatcher runs or reminders are overdue — on
SQLite and on PostgreSQL."""

from __future__ import annotations

import logging

import pytest

from bot.cli.check import reminders_lines
from bot.reminders.liveness import LivenessWatch, read_liveness
from storage.database import Database
from tests.handlers.conftest import GROUP, VERA, ChatHarness, FakeClock, make_settings


async def test_the_dispatcher_beats_and_check_says_when_it_stops(
    chat: ChatHarness, db: Database, clock: FakeClock, database_url: str
) -> None:
    settings = make_settings(database_url)
    await chat.send(VERA, GROUP, "/hilfe")
    assert reminders_lines(settings, now=lambda: clock.now) == []  # nothing ran, nothing due
    await chat.dispatch()
    dispatcher = chat.app.bot_data["reminder_dispatcher"]
    with db.transaction() as session:
        state = read_liveness(session, clock.now)
    assert (state.last_beat, state.worker, state.overdue) == (clock.now, dispatcher.worker, 0)
    [(level, line)] = reminders_lines(settings, now=lambda: clock.now)
    assert level == "ok" and dispatcher.worker in line and "none overdue" in line
    clock.advance(seconds=61)
    [(level, line)] = reminders_lines(settings, now=lambda: clock.now)
    assert level == "warn" and "no reminder dispatcher has run for 61 s" in line


async def test_check_counts_reminders_overdue_by_more_than_five_minutes(
    chat: ChatHarness, clock: FakeClock, database_url: str
) -> None:
    await chat.send(VERA, GROUP, "/aufgabe Flyer drucken bis morgen")
    await chat.dispatch()  # a dispatcher ran, then stopped
    clock.advance(days=2)  # the reminders of "bis morgen" fell due meanwhile
    found = reminders_lines(make_settings(database_url), now=lambda: clock.now)
    assert [level for level, _ in found] == ["warn", "warn"], found
    assert any("reminder(s) overdue by more than 5 minutes" in line for _, line in found)
    await chat.dispatch()  # a dispatcher runs again and sends them
    assert reminders_lines(make_settings(database_url), now=lambda: clock.now)[0][0] == "ok"


async def test_the_bot_warns_once_when_nobody_dispatches(
    chat: ChatHarness, db: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch = LivenessWatch(db, clock)
    await chat.send(VERA, GROUP, "/hilfe")
    await chat.dispatch()
    caplog.set_level(logging.WARNING, logger="bot.reminders.liveness")
    assert await watch.check() == {}
    clock.advance(minutes=3)
    assert set(await watch.check()) == {"silent"}
    assert set(await watch.check()) == {"silent"}
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.reminders.liveness"]
    assert len(warnings) == 1 and "no reminder dispatcher has run for 180 s" in warnings[0]
    await chat.dispatch()
    assert await watch.check() == {}
    assert "on time again" in caplog.records[-1].getMessage()
