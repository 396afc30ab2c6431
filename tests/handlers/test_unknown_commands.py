"""Unknown and mistyped commands, through the real Application on SQLite and PostgreSQL: one
short answer with the closest commands, in the chat's language, once a minute per chat, and
silence for other bots' commands."""

from __future__ import annotations

import pytest

from tests.handlers.conftest import DANIEL, GROUP, OTHER_GROUP, VERA, ChatHarness, private_chat
from tests.support.offline import BOT_USER

ME = BOT_USER["username"]


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("/aufgabee Flyer drucken", "Meintest du /aufgabe oder /aufgaben?"),
        ("/beschlusse", "Meintest du /beschluesse?"),
        ("/erledgt 3", "Meintest du /erledigt?"),
        ("/ändern 3 Neuer Titel", "Meintest du /aendern?"),
        ("/beschlüsse", "Meintest du /beschluesse?"),
        ("/aufgabe_ Flyer", "Meintest du /aufgabe?"),
        (f"/zuweisn@{ME} 3 @vera", "Meintest du /zuweisen?"),
    ],
)
async def test_mistyped_commands_get_the_closest(
    chat: ChatHarness, typed: str, answer: str
) -> None:
    reply = await chat.say(VERA, GROUP, typed)
    assert reply == f"{answer} Alle Befehle: /hilfe"


async def test_unknown_command_addressed_to_us_or_in_private(chat: ChatHarness) -> None:
    reply = await chat.say(VERA, GROUP, f"/wetter@{ME}")
    assert reply == "Den Befehl /wetter kenne ich nicht. Alle Befehle: /hilfe"
    private = await chat.say(VERA, private_chat(VERA), "/wetter")
    assert private == "Den Befehl /wetter kenne ich nicht. Alle Befehle: /hilfe"


@pytest.mark.parametrize(
    "typed", ["/ban @spammer", "/start@otherbot", "/aufgabee@otherbot Flyer", "/stats", "/kick"]
)
async def test_other_bots_commands_stay_unanswered(chat: ChatHarness, typed: str) -> None:
    assert await chat.send(VERA, GROUP, typed) == []


async def test_at_most_one_answer_a_minute_per_chat(chat: ChatHarness) -> None:
    assert len(await chat.send(VERA, GROUP, "/aufgabee")) == 1
    assert await chat.send(DANIEL, GROUP, "/erledgt 3") == []
    assert len(await chat.send(VERA, OTHER_GROUP, "/erledgt 3")) == 1  # another chat
    chat.clock.advance(seconds=59)
    assert await chat.send(VERA, GROUP, "/erledgt 3") == []
    chat.clock.advance(seconds=2)
    assert len(await chat.send(VERA, GROUP, "/erledgt 3")) == 1


async def test_answer_in_the_chats_language(chat: ChatHarness) -> None:
    chat.make_admin(VERA, GROUP)
    assert "Saved" in await chat.say(VERA, GROUP, "/einstellungen sprache en")
    reply = await chat.say(VERA, GROUP, "/taks")
    assert reply == "Did you mean /tasks? All commands: /help"
    chat.clock.advance(minutes=2)
    unknown = await chat.say(VERA, GROUP, f"/weather@{ME}")
    assert unknown == "I don't know the command /weather. All commands: /help"


async def test_known_commands_and_plain_text_are_not_answered_twice(chat: ChatHarness) -> None:
    replies = await chat.send(VERA, GROUP, "/aufgabe Flyer drucken")
    assert len(replies) == 1 and "Flyer drucken" in replies[0]
    assert len(await chat.send(VERA, GROUP, f"/hilfe@{ME}")) == 1
    assert await chat.send(VERA, private_chat(VERA), "/home/vera ist ein Pfad", entities=[]) == []
    assert await chat.send(VERA, GROUP, "Flyer sind gedruckt", entities=[]) == []
