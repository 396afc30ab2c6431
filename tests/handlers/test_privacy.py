"""Issue 13, findings 1-3, as attacks through the real Application (SQLite and PostgreSQL):
forgetting rewrites only the member's own entries, finds every name the bot has seen them
under, and the personal export holds their own data and nothing that is not theirs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storage.database import Database
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness, private_chat
from tests.handlers.test_tasks import stored_tasks
from tests.handlers.test_trust import all_text

# Throw-away accounts whose names equal values the audit trail stores.
DONE = {"id": 201, "is_bot": False, "first_name": "done", "username": "open"}
OTHER_VERA = {"id": 202, "is_bot": False, "first_name": "Vera"}
OTHER_DANIEL = {"id": 203, "is_bot": False, "first_name": "Daniel", "last_name": "Berg"}
VERA_RENAMED = {"id": VERA["id"], "is_bot": False, "first_name": "V.", "username": "vk"}


async def forget(chat: ChatHarness, user: dict[str, Any]) -> list[str]:
    """`/vergissmich ja` in the user's private chat: the reply, and any notices to groups."""
    return await chat.send(user, private_chat(user), "/vergissmich ja")


async def leave(chat: ChatHarness, user: dict[str, Any]) -> None:
    message = chat.message(user, GROUP, "", entities=[])
    del message["text"]
    message["left_chat_member"] = user
    await chat.process(message)


async def personal_export(chat: ChatHarness, user: dict[str, Any]) -> dict[str, Any]:
    await chat.say(user, private_chat(user), "/export")
    document = chat.api.documents(user["id"])[-1]
    data: dict[str, Any] = json.loads(document["data"])
    return data


def leaves(value: Any) -> Iterator[Any]:
    """Every scalar in a JSON structure, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


# --- finding 1: forgetting falsified the audit trail -------------------------------------------


async def test_forgetting_accounts_named_like_stored_values_changes_no_history(
    chat: ChatHarness,
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer drucken @vera")
    await chat.say(VERA, GROUP, "/erledigt 1")
    trail = await chat.say(NICOLE, GROUP, "/verlauf 1")
    assert "Status: offen → erledigt" in trail and "Verantwortlich: Vera" in trail
    for account in (DONE, OTHER_VERA):  # "done"/"open" and a second Vera use the bot, then go
        await chat.say(account, GROUP, "/hilfe")
        [reply] = await forget(chat, account)
        assert reply.startswith("Erledigt")
    assert await chat.say(NICOLE, GROUP, "/verlauf 1") == trail
    assert "Vera" in await chat.say(NICOLE, GROUP, "/aufgaben alle")


async def test_forgetting_one_daniel_keeps_the_other_daniels_tasks(chat: ChatHarness) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    await chat.say(OTHER_DANIEL, GROUP, "/hilfe")
    await chat.say(VERA, GROUP, "/aufgabe Kasse prüfen @dschaper")
    await chat.say(VERA, GROUP, "/zuweisen 1 @dschaper @Nicole")
    await forget(chat, OTHER_DANIEL)
    trail = await chat.say(NICOLE, GROUP, "/verlauf 1")
    assert "Verantwortlich: Daniel → Daniel, Nicole" in trail
    assert "ehemaliges Mitglied" not in trail
    assert "Daniel" in await chat.say(DANIEL, GROUP, "/meine")


async def test_a_bare_name_is_forgotten_only_where_the_bot_linked_it(chat: ChatHarness) -> None:
    # "@vera" is typed before Vera ever wrote: a bare name, linked to her when she shows up
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer @vera")
    await chat.say(DANIEL, GROUP, "/aufgabe Kuchen @Gerd")
    await chat.say(VERA, GROUP, "/hilfe")
    [_, told] = await forget(chat, VERA)
    assert "für <b>#1</b>." in told
    trail = await chat.say(NICOLE, GROUP, "/verlauf 1")
    assert "Verantwortlich: vera" not in trail and "ehemaliges Mitglied" in trail
    assert "Verantwortlich: Gerd" in await chat.say(NICOLE, GROUP, "/verlauf 2")


# --- finding 2: erasure was incomplete -----------------------------------------------------


async def test_forgetting_finds_old_names_case_variants_guests_and_copied_mentions(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(VERA, GROUP, "/hilfe")  # seen as Vera Kraus, @vera
    await chat.send(DANIEL, GROUP, "/sitzung Vorstand")
    await chat.say(VERA, GROUP, "/anwesend")
    await chat.say(DANIEL, GROUP, "/anwesend Gerd Busch")
    question = chat.message(DANIEL, GROUP, "Kann @vera die Flyer holen?", entities=[])
    await chat.say(NICOLE, GROUP, "/aufgabe", reply_to=question)
    await chat.say(VERA_RENAMED, GROUP, "/hilfe")  # renamed herself since
    await chat.say(DANIEL, GROUP, "/anwesend @VERA")  # registered as guests under old names
    await chat.say(NICOLE, GROUP, "/anwesend Vera Kraus")
    await chat.say(DANIEL, GROUP, "/aufgabe Kuchen backen @vk")
    before = all_text(db)
    assert "Kraus" in before and "'VERA'" in before and "@vera" in before
    reply, told = await forget(chat, VERA_RENAMED)
    assert reply.startswith("Erledigt")
    assert told == (
        "ℹ️ Ein Mitglied hat seine Daten löschen lassen und ist nicht mehr verantwortlich für "
        "<b>#2</b>. Neu zuweisen: <code>/zuweisen 2 @Name</code>"
    )
    after = all_text(db).lower()
    for trace in ("kraus", "vera", "'vk'", "'v.'", str(VERA["id"])):
        assert trace not in after, trace
    assert [t.title for t in stored_tasks(db)] == [
        "Kann ehemaliges Mitglied die Flyer holen?",
        "Kuchen backen",
    ]
    minutes = await chat.say(NICOLE, GROUP, "/protokoll")
    assert "(Gast)" not in minutes.replace("Gerd Busch (Gast)", "")
    assert "ehemaliges Mitglied" in minutes
    # the open task has no owner now (no ghost owner in the list)
    assert (await chat.say(NICOLE, GROUP, "/aufgaben")).endswith("<b>#2</b> Kuchen backen")


async def test_forgotten_attendee_is_not_shown_as_a_guest_in_english(
    chat: ChatHarness,
) -> None:
    chat.make_admin(DANIEL, GROUP)
    assert "English" in await chat.say(DANIEL, GROUP, "/einstellungen sprache en")
    await chat.send(DANIEL, GROUP, "/meeting Board")
    await chat.say(VERA, GROUP, "/present")
    await forget(chat, VERA)
    present = await chat.say(NICOLE, GROUP, "/present")
    assert "ehemaliges Mitglied" in present and "(guest)" not in present


async def test_personal_export_holds_my_data_and_nobody_elses(chat: ChatHarness) -> None:
    await chat.say(VERA, GROUP, "/hilfe")
    await chat.say(NICOLE, GROUP, "/hilfe")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer @Nicole")
    await chat.say(DANIEL, GROUP, "/zuweisen 1 @vera @Nicole")  # names Vera as an owner
    await chat.send(VERA, GROUP, "/sitzung Vorstand")  # the opener may register a guest
    await chat.say(VERA, GROUP, "/anwesend")
    await chat.say(VERA, GROUP, "/anwesend Gerd Busch")
    await chat.say(VERA, GROUP, "/aufgabe Plakate")
    data = await personal_export(chat, VERA)
    [assigned] = [e for e in data["events"] if e["action"] == "assign"]
    assert assigned["by_me"] is False
    assert assigned["after"]["owners"] == [{"name": "Vera", "user_id": VERA["id"]}]
    assert [a["present"] for a in data["attendance"]] == ["me", "someone I registered"]
    assert [t["title"] for t in data["tasks_owned"]] == ["Flyer"]
    assert [t["title"] for t in data["task_created_by_id"]] == ["Plakate"]
    values = list(leaves(data))
    for other in (DANIEL, NICOLE):
        assert other["id"] not in values
    text = json.dumps(data, ensure_ascii=False)
    for name in ("Daniel", "dschaper", "Nicole", "Gerd"):
        assert name not in text, name
    assert "Kraus" in text  # her own name is in it


# --- finding 3: an ex-member read live data -----------------------------------------------------


async def test_ex_member_export_shows_nothing_that_changed_after_leaving(
    chat: ChatHarness,
) -> None:
    await chat.say(VERA, GROUP, "/aufgabe Plakate kleben bis Freitag")
    await chat.say(VERA, GROUP, "/beschluss Sommerfest im Juli")
    chat.clock.advance(minutes=10)
    await leave(chat, VERA)
    chat.clock.advance(minutes=10)
    chat.make_admin(DANIEL, GROUP)
    await chat.say(DANIEL, GROUP, "/aendern 1 Plakate geheim umplanen")
    await chat.say(DANIEL, GROUP, "/frist 1 keine")
    await chat.say(DANIEL, GROUP, "/streichen 1")
    await chat.say(DANIEL, GROUP, "/aufheben B 1 vertraulicher Grund")
    await chat.say(DANIEL, GROUP, "/aufgabe Neues Geheimprojekt @vera")
    data = await personal_export(chat, VERA)
    [task] = data["task_created_by_id"]
    assert (task["title"], task["status"]) == ("Plakate kleben", "open")
    assert task["due"] is not None
    [decision] = data["decision_created_by_id"]
    assert decision["text"] == "Sommerfest im Juli" and "reason" not in decision
    assert data["groups"] == [{"id": GROUP["id"], "left_at": "2024-06-19T18:10:00+00:00"}]
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("geheim", "Geheim", "vertraulich", "Daniel", "cancelled", "Stadtvorstand"):
        assert secret not in text, secret


async def test_a_guest_entry_is_forgotten_by_a_first_name_only_when_nobody_else_has_it(
    chat: ChatHarness, db: Database
) -> None:
    await chat.say(DANIEL, GROUP, "/hilfe")
    await chat.say(OTHER_DANIEL, GROUP, "/hilfe")
    await chat.send(VERA, GROUP, "/sitzung Vorstand")
    await chat.say(VERA, GROUP, "/anwesend Daniel")  # which Daniel? it stays
    await chat.say(VERA, GROUP, "/anwesend daniel berg")  # his full name, any case: his
    await forget(chat, OTHER_DANIEL)
    present = await chat.say(NICOLE, GROUP, "/anwesend")
    assert "Daniel (Gast), ehemaliges Mitglied, Nicole" in present
    assert "Berg" not in all_text(db)
