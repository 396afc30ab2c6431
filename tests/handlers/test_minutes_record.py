"""The minutes as a record through the real Application, on SQLite and PostgreSQL: fixed at
`/sitzung ende` and unaffected by later changes, approval and who may give it, corrections as an
appendix that makes a new version, and the refusals."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.render.minutes import render_minutes
from storage.database import Database
from storage.meetings import meeting_by_number, minutes_data
from storage.models import Event, MinutesVersion
from tests.handlers.conftest import DANIEL, GROUP, NICOLE, VERA, ChatHarness
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")


def versions(db: Database) -> list[MinutesVersion]:
    with db.transaction() as session:
        query = select(MinutesVersion).order_by(MinutesVersion.meeting_id, MinutesVersion.version)  # type: ignore[arg-type]
        return list(session.exec(query).all())


def last_document(chat: ChatHarness) -> str:
    return str(chat.api.documents(GROUP["id"])[-1]["data"].decode("utf-8"))


async def held_meeting(chat: ChatHarness, title: str = "Juni") -> str:
    """Daniel opens a meeting; a task, a decision, a second task; 95 minutes later he closes
    it. The minutes posted at the end."""
    await chat.send(DANIEL, GROUP, f"/sitzung {title}")
    await chat.say(VERA, GROUP, "/anwesend")
    await chat.say(DANIEL, GROUP, "/aufgabe Flyer <drucken> @vera bis Freitag")
    await chat.say(DANIEL, GROUP, "/beschluss Sommerfest am 6. Juli 5:0:1")
    await chat.say(DANIEL, GROUP, "/aufgabe Saal buchen @Nicole am 28.06.2024")
    chat.clock.advance(minutes=95)
    [minutes] = await chat.send(DANIEL, GROUP, "/sitzung ende")
    return minutes


async def test_stored_minutes_do_not_change_when_the_record_does(
    chat: ChatHarness, db: Database
) -> None:
    ended = await held_meeting(chat)
    at_end = last_document(chat)
    assert visible_text(ended).startswith(
        "📝 Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Entwurf, Fassung 1\n"
    )
    [version] = versions(db)
    assert version.version == 1 and not version.backfilled and version.created_by_name == "Daniel"
    chat.clock.advance(days=1)
    assert "Erledigt" in await chat.say(VERA, GROUP, "/erledigt 1")
    await chat.say(DANIEL, GROUP, "/frist 2 15.07.2024")
    await chat.say(DANIEL, GROUP, "/aendern 2 Großen Saal buchen")
    await chat.say(DANIEL, GROUP, "/aufheben 1 Sommerfest fällt aus")

    shown = await chat.say(NICOLE, GROUP, "/protokoll 1")
    assert shown == ended
    assert last_document(chat) == at_end
    assert await chat.say(NICOLE, GROUP, "/protokoll") == ended
    text = visible_text(shown)
    assert "• #2 Saal buchen – Nicole – bis Fr, 28.06.2024" in text
    assert "aufgehoben" not in text
    # the record did change: rendering from today's data would say so
    with db.transaction() as session:
        meeting = meeting_by_number(session, GROUP["id"], 1)
        assert meeting is not None
        today = render_minutes(minutes_data(session, meeting, chat.clock.now), BERLIN, "de")
    assert "Großen Saal buchen" in today and "aufgehoben am" in today
    assert [v.html for v in versions(db)] == [version.html]


async def test_a_running_meeting_shows_a_live_draft_and_stores_nothing(
    chat: ChatHarness, db: Database
) -> None:
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    live = visible_text(await chat.say(VERA, GROUP, "/protokoll"))
    assert live.startswith(
        "📝 Zwischenstand der Sitzung am Mittwoch, 19. Juni 2024 – "
        "Live-Entwurf, wird mit /sitzung ende festgehalten\n"
    )
    assert versions(db) == []


async def test_approval_rules(chat: ChatHarness, db: Database) -> None:
    assert await chat.say(DANIEL, GROUP, "/protokoll genehmigen") == (
        "Es gibt noch kein Protokoll zum Genehmigen: Bisher wurde keine Sitzung beendet."
    )
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    assert (await chat.say(DANIEL, GROUP, "/protokoll genehmigen 1")).startswith(
        "Sitzung Nr. 1 läuft noch. Genehmigt wird ihr Protokoll nach <code>/sitzung ende</code>"
    )
    await chat.send(DANIEL, GROUP, "/sitzung ende")
    chat.clock.advance(days=7)
    await chat.send(VERA, GROUP, "/sitzung Juli")  # the next meeting, chaired by Vera

    assert await chat.say(NICOLE, GROUP, "/protokoll genehmigen") == (
        "Das Protokoll der Sitzung Nr. 1 genehmigen dürfen nur Daniel (hat sie eröffnet), wer "
        "die laufende Sitzung eröffnet hat, und die Admins der Gruppe."
    )
    assert await chat.say(VERA, GROUP, "/protokoll genehmigen 7") == (
        "Sitzung Nr. 7 gibt es hier nicht (bisher bis Nr. 2)."
    )
    assert "keine Sitzungsnummer" in await chat.say(VERA, GROUP, "/protokoll genehmigen alle")
    assert all(v.approved_at is None for v in versions(db))

    approved = await chat.say(VERA, GROUP, "/protokoll genehmigen")  # the last ended: no. 1
    assert approved == (
        "✅ Protokoll der Sitzung Nr. 1 genehmigt (Fassung 1, am Mi, 26.06.2024 von Vera Kraus). "
        "Es bleibt jetzt, wie es ist."
    )
    assert await chat.say(DANIEL, GROUP, "/protokoll genehmigen 1") == (
        "Das Protokoll der Sitzung Nr. 1 ist schon genehmigt (am Mi, 26.06.2024 von Vera Kraus)."
    )
    shown = visible_text(await chat.say(NICOLE, GROUP, "/protokoll 1"))
    assert shown.split("\n")[0] == (
        "📝 Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – "
        "Fassung 1, genehmigt am Mi, 26.06.2024 von Vera Kraus"
    )
    assert "Entwurf" not in shown
    assert last_document(chat).startswith(
        "# Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Fassung 1, genehmigt am"
    )
    with db.transaction() as session:
        events = session.exec(select(Event).where(Event.item_type == "minutes")).all()
        assert [(e.action, e.item_number, e.actor_name) for e in events] == [
            ("fix", 1, "Daniel"),
            ("approve", 1, "Vera Kraus"),
        ]

    # an admin may approve any minutes; the meeting's opener his own
    await chat.send(VERA, GROUP, "/sitzung ende")
    chat.make_admin(NICOLE, GROUP)
    assert "Sitzung Nr. 2 genehmigt" in await chat.say(NICOLE, GROUP, "/protokoll genehmigen 2")


async def test_the_opener_approves_his_own_minutes_without_a_meeting_running(
    chat: ChatHarness,
) -> None:
    await held_meeting(chat)
    assert "nur Daniel" in await chat.say(VERA, GROUP, "/protokoll genehmigen 1")
    assert "Sitzung Nr. 1 genehmigt" in await chat.say(DANIEL, GROUP, "/protokoll genehmigen 1")


async def test_corrections_make_versions_with_an_appendix(chat: ChatHarness, db: Database) -> None:
    await chat.send(DANIEL, GROUP, "/sitzung Juni")
    assert (await chat.say(NICOLE, GROUP, "/protokoll korrektur 1 Tippfehler")).startswith(
        "Sitzung Nr. 1 läuft noch, ihr Protokoll ist ein Live-Entwurf."
    )
    chat.clock.advance(minutes=30)
    [ended] = await chat.send(DANIEL, GROUP, "/sitzung ende")
    chat.clock.advance(hours=12, minutes=45)  # Do, 09:15

    added = await chat.say(NICOLE, GROUP, "/protokoll korrektur 1 Nicole war <i>entschuldigt</i>")
    assert added == (
        "📝 Korrektur zum Protokoll der Sitzung Nr. 1 aufgenommen, jetzt Fassung 2: "
        "Nicole war &lt;i&gt;entschuldigt&lt;/i&gt;\n"
        "Sie steht im Anhang „Korrekturen“; der Text des Protokolls bleibt, wie er war."
    )
    await chat.say(VERA, GROUP, "/protokoll korrektur Nr. 1 " + "lang " * 199 + "Ende")
    shown = await chat.say(DANIEL, GROUP, "/protokoll 1")
    check_telegram_html(shown)
    first, second, third = versions(db)
    assert (first.version, second.version, third.version) == (1, 2, 3)
    assert second.html.startswith(first.html) and third.html.startswith(second.html)
    assert second.created_by_name == "Nicole" and second.correction == (
        "Nicole war <i>entschuldigt</i>"
    )
    text, body = visible_text(shown), visible_text(ended)
    assert text.split("\n")[0].endswith("– Entwurf, Fassung 3")
    assert text.split("\n")[1:] == [
        *body.split("\n")[1:],
        "",
        "Korrekturen",
        "• Fassung 2, Do, 20.06.2024, 09:15, Nicole: Nicole war <i>entschuldigt</i>",
        "• Fassung 3, Do, 20.06.2024, 09:15, Vera Kraus: " + "lang " * 199 + "Ende",
    ]
    assert last_document(chat).endswith(
        "- **Fassung 2, Do, 20.06.2024, 09:15, Nicole:** Nicole war \\<i\\>entschuldigt\\</i\\>\n"
        "- **Fassung 3, Do, 20.06.2024, 09:15, Vera Kraus:** " + "lang " * 199 + "Ende\n"
    )

    # refusals store nothing
    assert "Zu welcher Sitzung?" in await chat.say(VERA, GROUP, "/protokoll korrektur Tippfehler")
    assert "Welche Korrektur?" in await chat.say(VERA, GROUP, "/protokoll korrektur 1")
    too_long = await chat.say(VERA, GROUP, "/protokoll korrektur 1 " + "x" * 1001)
    assert "1001 Zeichen, erlaubt sind höchstens 1000" in too_long
    assert "Sitzung Nr. 4 gibt es hier nicht" in await chat.say(
        VERA, GROUP, "/protokoll korrektur 4 Tippfehler"
    )
    assert len(versions(db)) == 3

    await chat.say(DANIEL, GROUP, "/protokoll genehmigen 1")
    refused = await chat.say(NICOLE, GROUP, "/protokoll korrektur 1 Noch etwas")
    assert refused == (
        "Das Protokoll der Sitzung Nr. 1 ist genehmigt (am Do, 20.06.2024 von Daniel) und wird "
        "nicht mehr geändert. Eine Berichtigung gehört ins Protokoll der nächsten Sitzung."
    )
    assert len(versions(db)) == 3 and versions(db)[-1].approved_by_name == "Daniel"
    assert "Fassung 3, genehmigt am Do, 20.06.2024 von Daniel" in await chat.say(
        NICOLE, GROUP, "/protokoll"
    )


async def test_long_minutes_with_html_in_titles_are_stored_and_shown_as_sent(
    chat: ChatHarness, db: Database
) -> None:
    title = "<b>Haushalt</b> & Satzung " + "lang " * 95
    await chat.send(DANIEL, GROUP, f"/sitzung {title}")
    for n in range(12):
        await chat.say(DANIEL, GROUP, f"/aufgabe <i>Punkt {n}</i> {'x' * 400} @vera bis Freitag")
    before = len(chat.api.sent())
    await chat.send(DANIEL, GROUP, "/sitzung ende")
    ended = [str(m["text"]) for m in chat.api.sent()[before:]]
    assert len(ended) > 1  # longer than one Telegram message: split, every part valid
    for part in ended:
        check_telegram_html(part)
    [version] = versions(db)
    assert "&lt;b&gt;Haushalt&lt;/b&gt; &amp; Satzung" in version.html
    assert "\\<i\\>Punkt 11\\</i\\>" in version.markdown
    await chat.say(VERA, GROUP, "/erledigt 3")
    assert await chat.send(NICOLE, GROUP, "/protokoll 1") == ended
