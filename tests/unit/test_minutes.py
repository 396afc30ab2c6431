"""Unit tests of bot/render/minutes.py and bot/render/records.py: the minutes of the board
meeting from
the issue (German and English, HTML and Markdown), and the record's other replies.

Berlin is UTC+2 in June: 18:00 UTC is 20:00 local. 21.06.2024 is a Friday."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Language
from bot.render.minutes import (
    markdown_block,
    markdown_escape,
    minutes_filename,
    minutes_markdown,
    render_minutes,
    vote_text,
)
from bot.render.records import (
    render_agenda,
    render_attendance,
    render_decision_created,
    render_decision_line,
    render_decision_repealed,
    render_decision_view,
    render_meeting_opened,
)
from bot.render.tasks import split_message
from storage.meetings import AgendaData, DecisionProgress, MinutesData
from storage.models import (
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    MeetingNote,
    Task,
    TaskKind,
    TaskStatus,
)
from storage.protocol import AgendaEntry, Quorum
from storage.tasks import OwnerRef, TaskView
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
CHAT = -1001234567890
START = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
END = datetime(2024, 6, 19, 19, 45, tzinfo=UTC)
VERA = OwnerRef("Vera", 101, "vera")
NICOLE = OwnerRef("Nicole", 102)


def meeting(*, ended: bool = True, title: str = "") -> Meeting:
    return Meeting(
        id=3,
        chat_id=CHAT,
        number=3,
        title=title,
        started_at=START,
        ended_at=END if ended else None,
        created_by_name="Daniel",
        ended_by_name="Vera" if ended else None,
    )


def decision(
    number: int, text: str, *, votes: tuple[int, int, int] | None = None, **fields: object
) -> Decision:
    yes, no, abstain = votes or (None, None, None)
    return Decision(
        id=number,
        chat_id=CHAT,
        number=number,
        year=2024,
        text=text,
        decided_at=START,
        votes_yes=yes,
        votes_no=no,
        votes_abstain=abstain,
        meeting_id=3,
        created_by_name="Daniel",
        **fields,
    )


def task(
    number: int,
    title: str,
    owners: tuple[OwnerRef, ...] = (),
    *,
    due: datetime | None = None,
    has_time: bool = False,
    kind: TaskKind = TaskKind.TASK,
    status: TaskStatus = TaskStatus.OPEN,
    closed_at: datetime | None = None,
    decision_id: int | None = None,
) -> TaskView:
    return TaskView(
        Task(
            id=number,
            chat_id=CHAT,
            number=number,
            title=title,
            kind=kind.value,
            status=status.value,
            due_at=due,
            due_has_time=has_time,
            closed_at=closed_at,
            decision_id=decision_id,
            meeting_id=3,
        ),
        list(owners),
    )


RECOMMENDATION = decision(7, "Empfehlung an die neue Ratsfraktion", votes=(5, 0, 1))
CONGRESS = decision(
    8, "Der nächste Stadtparteitag kann erst Mitte November stattfinden", unanimous=True
)


BUDGET = AgendaItem(id=1, chat_id=CHAT, text="Haushalt 2025", created_by_name="Daniel")
SURPLUS = MeetingNote(
    meeting_id=3,
    agenda_item_id=1,
    text="Kassenbericht liegt vor, Überschuss 1.200 €",
    author_name="Vera Kraus",
    created_at=datetime(2024, 6, 19, 18, 10, tzinfo=UTC),
)
NEWCOMERS = task(
    12,
    "Treffen für Neumitglieder vorbereiten",
    (VERA,),
    due=datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC),
    decision_id=7,
)
BODIES = task(
    13, "Landesgremien vertreten", (VERA, NICOLE), due=datetime(2024, 6, 22, 21, 59, 59, tzinfo=UTC)
)


def board_minutes(*, ended: bool = True) -> MinutesData:
    """The board's report from the issue, as boardbot records it: TOP 1 with a note, the
    decision and the task recorded under it; a decision and a task recorded under no item."""
    return MinutesData(
        chat_title="Stadtvorstand",
        meeting=meeting(ended=ended),
        attendees=[
            Attendee(meeting_id=3, user_id=101, name="Vera Kraus"),
            Attendee(meeting_id=3, user_id=102, name="Nicole"),
            Attendee(meeting_id=3, user_id=103, name="Daniel"),
            Attendee(meeting_id=3, user_id=None, name="Daniel Schaper", status="guest"),
            Attendee(meeting_id=3, user_id=104, name="Jonas Weber", status="excused"),
        ],
        decisions=[RECOMMENDATION, CONGRESS],
        new_tasks=[NEWCOMERS, BODIES],
        completed=[
            task(
                9,
                "Kassenbericht 2023 prüfen",
                (NICOLE,),
                status=TaskStatus.DONE,
                closed_at=datetime(2024, 6, 18, 9, 0, tzinfo=UTC),
            )
        ],
        followups=[
            task(
                10,
                "Landesfinanzrat: Umlage 2024 festgelegt? Dann kennen wir unser Budget",
                kind=TaskKind.FOLLOWUP,
                due=datetime(2024, 6, 24, 7, 0, tzinfo=UTC),
                has_time=True,
            )
        ],
        referenced={7: RECOMMENDATION},
        minute_taker="Vera Kraus",
        entries=[AgendaEntry(1, BUDGET, [SURPLUS], [RECOMMENDATION], [NEWCOMERS])],
        quorum=Quorum(3, 5),
        next_meeting_at=datetime(2024, 7, 3, 17, 0, tzinfo=UTC),
        next_meeting_place="Parteibüro",
    )


GERMAN_MINUTES = """\
📝 <b>Protokoll der Sitzung am Mittwoch, 19. Juni 2024</b>
Stadtvorstand · Sitzung Nr. 3
20:00–21:45 Uhr
Protokoll: Vera Kraus

<b>Anwesend (3)</b>
Vera Kraus, Nicole, Daniel
Entschuldigt (1): Jonas Weber
Gäste (1): Daniel Schaper
beschlussfähig: 3 von 5 anwesend

<b>TOP 1: Haushalt 2025</b>
vorgeschlagen von Daniel
• Kassenbericht liegt vor, Überschuss 1.200 € – Vera Kraus, 20:10 Uhr
• <b>B 2024/7</b> Empfehlung an die neue Ratsfraktion – \
angenommen (5 dafür, 0 dagegen, 1 Enthaltung)
• <b>#12</b> Treffen für Neumitglieder vorbereiten – Vera – bis Fr, 21.06.2024 – zu B 2024/7

<b>Beschlüsse</b>
• <b>B 2024/8</b> Der nächste Stadtparteitag kann erst Mitte November stattfinden – \
einstimmig angenommen

<b>Aufgaben</b>
• <b>#13</b> Landesgremien vertreten – Vera, Nicole – bis Sa, 22.06.2024

<b>Erledigt seit der letzten Sitzung</b>
• <b>#9</b> Kassenbericht 2023 prüfen – Nicole – erledigt am Di, 18.06.2024

<b>Offene Wiedervorlagen</b>
• <b>#10</b> Landesfinanzrat: Umlage 2024 festgelegt? Dann kennen wir unser Budget – \
Wiedervorlage am Mo, 24.06.2024, 09:00 Uhr

Nächste Sitzung: Mittwoch, 3. Juli 2024, 19:00 Uhr, Parteibüro

<i>Eröffnet von Daniel, beendet von Vera. Erstellt mit boardbot.</i>"""

GERMAN_MARKDOWN = """\
# Protokoll der Sitzung am Mittwoch, 19. Juni 2024

Stadtvorstand · Sitzung Nr. 3

20:00–21:45 Uhr

Protokoll: Vera Kraus

## Anwesend (3)

Vera Kraus, Nicole, Daniel

Entschuldigt (1): Jonas Weber

Gäste (1): Daniel Schaper

beschlussfähig: 3 von 5 anwesend

## TOP 1: Haushalt 2025

vorgeschlagen von Daniel

- Kassenbericht liegt vor, Überschuss 1.200 € – Vera Kraus, 20:10 Uhr
- **B 2024/7** Empfehlung an die neue Ratsfraktion – angenommen (5 dafür, 0 dagegen, 1 Enthaltung)
- **#12** Treffen für Neumitglieder vorbereiten – Vera – bis Fr, 21.06.2024 – zu B 2024/7

## Beschlüsse

- **B 2024/8** Der nächste Stadtparteitag kann erst Mitte November stattfinden – \
einstimmig angenommen

## Aufgaben

- **#13** Landesgremien vertreten – Vera, Nicole – bis Sa, 22.06.2024

## Erledigt seit der letzten Sitzung

- **#9** Kassenbericht 2023 prüfen – Nicole – erledigt am Di, 18.06.2024

## Offene Wiedervorlagen

- **#10** Landesfinanzrat: Umlage 2024 festgelegt? Dann kennen wir unser Budget – \
Wiedervorlage am Mo, 24.06.2024, 09:00 Uhr

Nächste Sitzung: Mittwoch, 3. Juli 2024, 19:00 Uhr, Parteibüro

*Eröffnet von Daniel, beendet von Vera. Erstellt mit boardbot.*
"""


def test_german_minutes_read_like_a_secretarys_report() -> None:
    html = render_minutes(board_minutes(), BERLIN, "de")
    assert html == GERMAN_MINUTES
    check_telegram_html(html)


def test_german_markdown_minutes() -> None:
    assert minutes_markdown(board_minutes(), BERLIN, "de") == GERMAN_MARKDOWN


def test_english_minutes() -> None:
    html = render_minutes(board_minutes(), BERLIN, "en")
    check_telegram_html(html)
    text = visible_text(html)
    assert text.startswith("📝 Minutes of the meeting on Wednesday, 19 June 2024\n")
    assert "Stadtvorstand · Meeting no. 3\n20:00–21:45\n" in text
    assert "Minutes taken by Vera Kraus\n" in text
    assert (
        "Present (3)\nVera Kraus, Nicole, Daniel\nExcused (1): Jonas Weber\n"
        "Guests (1): Daniel Schaper\nquorate: 3 of 5 present\n"
    ) in text
    assert "Item 1: Haushalt 2025\nproposed by Daniel\n" in text
    assert "• Kassenbericht liegt vor, Überschuss 1.200 € – Vera Kraus, 20:10\n" in text
    assert (
        "B 2024/7 Empfehlung an die neue Ratsfraktion – adopted (5 in favour, 0 against, 1 " in text
    )
    assert "abstention)\n" in text and "– adopted unanimously" in text
    assert "Next meeting: Wednesday, 3 July 2024, 19:00, Parteibüro\n" in text
    assert "#12 Treffen für Neumitglieder vorbereiten – Vera – due Fri, 21 Jun 2024" in text
    assert "– for B 2024/7" in text
    assert (
        "Completed since the previous meeting\n• #9 Kassenbericht 2023 prüfen – Nicole – done"
        in text
    )
    assert "Open follow-ups\n• #10" in text and "follow up on Mon, 24 Jun 2024, 09:00" in text
    assert text.endswith("Opened by Daniel, closed by Vera. Written by boardbot.")
    markdown = minutes_markdown(board_minutes(), BERLIN, "en")
    assert markdown.startswith("# Minutes of the meeting on Wednesday, 19 June 2024\n")
    assert "## Item 1: Haushalt 2025\n\nproposed by Daniel\n\n- Kassenbericht" in markdown
    assert "## Decisions\n\n- **B 2024/8**" in markdown


def test_running_meeting_gives_interim_minutes_and_empty_sections_say_so() -> None:
    data = board_minutes(ended=False)
    empty = MinutesData(
        chat_title="Vorstand",
        meeting=meeting(ended=False, title="Klausur"),
        attendees=[],
        decisions=[],
        new_tasks=[],
        completed=[],
        followups=[],
    )
    text = visible_text(render_minutes(data, BERLIN, "de"))
    assert text.startswith("📝 Zwischenstand der Sitzung am Mittwoch, 19. Juni 2024\n")
    assert "seit 20:00 Uhr (läuft noch)" in text
    assert text.endswith("Eröffnet von Daniel. Erstellt mit boardbot.")
    empty_text = visible_text(render_minutes(empty, BERLIN, "de"))
    assert "Vorstand · Sitzung Nr. 3 · Klausur\n" in empty_text
    assert "Anwesend (0)\nNiemand eingetragen." in empty_text
    assert "Beschlüsse\nKeine.\n" in empty_text and "Aufgaben\nKeine.\n" in empty_text
    assert "Erledigt" not in empty_text and "Wiedervorlagen" not in empty_text
    assert "Tagesordnung" not in empty_text


def test_user_text_is_escaped_in_html_and_markdown() -> None:
    data = board_minutes()
    data.decisions[1] = decision(8, "<b>Fett</b> & *Sterne* _unter_ [Link](x) | a <script>")
    data.attendees[3] = Attendee(
        meeting_id=3, user_id=None, name="1. Vorsitzende <Gast>", status="guest"
    )
    item = AgendaItem(id=1, chat_id=CHAT, text="# <i>Kasse</i>", created_by_name="<Daniel>")
    note = MeetingNote(
        meeting_id=3, text="- <a href='x'>Link</a> & mehr", author_name="Vera", created_at=START
    )
    data.entries[0] = AgendaEntry(1, item, [note])
    html = render_minutes(data, BERLIN, "de")
    check_telegram_html(html)
    assert "&lt;b&gt;Fett&lt;/b&gt; &amp; *Sterne*" in html
    assert "<b>TOP 1: # &lt;i&gt;Kasse&lt;/i&gt;</b>\nvorgeschlagen von &lt;Daniel&gt;" in html
    assert "• - &lt;a href=&#x27;x&#x27;&gt;Link&lt;/a&gt; &amp; mehr – Vera, 20:00 Uhr" in html
    assert "Gäste (1): 1. Vorsitzende &lt;Gast&gt;" in html
    markdown = minutes_markdown(data, BERLIN, "de")
    assert r"<b>Fett</b>" not in markdown and "<script>" not in markdown
    assert r"\<b\>Fett\</b\> & \*Sterne\* \_unter\_ \[Link\](x) \| a \<script\>" in markdown
    assert r"Gäste (1): 1. Vorsitzende \<Gast\>" in markdown  # mid-line, no list
    assert r"## TOP 1: # \<i\>Kasse\</i\>" in markdown
    assert r"- \- \<a href='x'\>Link\</a\> & mehr – Vera, 20:00 Uhr" in markdown


def test_long_minutes_are_split_into_valid_messages() -> None:
    data = board_minutes()
    long_title = "Sehr langer Aufgabentitel mit vielen Wörtern " * 10
    data.new_tasks.extend(task(100 + i, long_title, (VERA,)) for i in range(30))
    chunks = split_message(render_minutes(data, BERLIN, "de"))
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= 4096
        check_telegram_html(chunk)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Punkt", r"1\. Punkt"),
        ("# kein Titel", r"\# kein Titel"),
        ("- keine Liste", r"\- keine Liste"),
        ("+ auch nicht", r"\+ auch nicht"),
        ("2024 war gut", "2024 war gut"),
        ("**#12** Titel", "**#12** Titel"),
    ],
)
def test_markdown_line_starts(text: str, expected: str) -> None:
    assert markdown_block(text) == expected


def test_markdown_escape_keeps_one_line() -> None:
    assert markdown_escape("a\nb\r\nc") == "a b  c"


def test_minutes_filename() -> None:
    assert minutes_filename(meeting(), BERLIN, "de") == "protokoll-2024-06-19.md"
    assert minutes_filename(meeting(), BERLIN, "en") == "minutes-2024-06-19.md"


@pytest.mark.parametrize(
    ("votes", "unanimous", "de", "en"),
    [
        (
            (5, 0, 1),
            False,
            "5 dafür, 0 dagegen, 1 Enthaltung",
            "5 in favour, 0 against, 1 abstention",
        ),
        (
            (5, 1, 2),
            False,
            "5 dafür, 1 dagegen, 2 Enthaltungen",
            "5 in favour, 1 against, 2 abstentions",
        ),
        (
            (6, 0, 0),
            True,
            "einstimmig (6 dafür, 0 dagegen, 0 Enthaltungen)",
            "unanimous (6 in favour, 0 against, 0 abstentions)",
        ),
        (None, True, "einstimmig", "unanimous"),
        (None, False, None, None),
    ],
)
def test_vote_text(
    votes: tuple[int, int, int] | None, unanimous: bool, de: str | None, en: str | None
) -> None:
    d = decision(1, "x", votes=votes, unanimous=unanimous)
    assert (vote_text(d, "de"), vote_text(d, "en")) == (de, en)


# --- replies ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_decision_replies_are_valid_html(lang: Language) -> None:
    amended = decision(3, "Budget <500 €>")
    new = decision(9, "Budget 600 € & mehr", votes=(4, 1, 0), amends_id=3)
    created = render_decision_created(new, meeting(ended=False), amended, BERLIN, lang)
    check_telegram_html(created)
    view = render_decision_view(
        amended,
        meeting=meeting(),
        amended=None,
        amendments=[new],
        tasks=[task(12, "Flyer <neu>", (VERA,))],
        tz=BERLIN,
        lang=lang,
        now=START,
    )
    check_telegram_html(view)
    repealed = decision(4, "Alt", repealed_at=END, repealed_reason="<überholt>")
    check_telegram_html(render_decision_repealed(repealed, [task(12, "x")], lang))
    check_telegram_html(render_decision_line(repealed, BERLIN, lang))


def test_german_decision_replies() -> None:
    amended = decision(3, "Budget 500 €")
    new = decision(9, "Budget 600 €", votes=(4, 1, 0), amends_id=3)
    created = visible_text(
        render_decision_created(new, meeting(ended=False), amended, BERLIN, "de")
    )
    assert created.splitlines() == [
        "📜 Beschluss B 2024/9 gefasst am Mi, 19.06.2024:",
        "Budget 600 €",
        "🗳 Abstimmung: 4 dafür, 1 dagegen, 0 Enthaltungen",
        "✏️ Ändert B 2024/3: Budget 500 €",
        "🏛 In der Sitzung Nr. 3",
        "Aufgaben dazu: /aufgabe … zu B 9 oder /aufgabe als Antwort auf diese Nachricht.",
    ]
    view = visible_text(
        render_decision_view(
            amended,
            meeting=None,
            amended=None,
            amendments=[new],
            tasks=[],
            tz=BERLIN,
            lang="de",
            now=START,
        )
    )
    assert "✏️ Geändert durch B 2024/9" in view
    assert "Noch keine Aufgaben dazu: /aufgabe … zu B 3" in view
    repealed = decision(4, "Alt", repealed_at=END, repealed_reason="überholt")
    line = visible_text(render_decision_line(repealed, BERLIN, "de"))
    assert line == "⛔ B 2024/4 · Mi, 19.06.2024 · Alt · aufgehoben am Mi, 19.06.2024"
    text = visible_text(render_decision_repealed(repealed, [task(12, "x"), task(13, "y")], "de"))
    assert text.splitlines() == [
        "⛔ Beschluss B 2024/4 aufgehoben: Alt",
        "Grund: überholt",
        "Dazu sind noch Aufgaben offen: #12, #13. Nicht mehr nötig? /streichen 12",
    ]


def test_meeting_opening_and_attendance() -> None:
    opened = render_meeting_opened(meeting(ended=False, title="Juni <Klausur>"), 2, BERLIN, "de")
    check_telegram_html(opened)
    assert visible_text(opened).splitlines()[:2] == [
        "🏛 Sitzung Nr. 3 eröffnet am Mi, 19.06.2024, 20:00 Uhr.",
        "📌 Juni <Klausur>",
    ]
    assert "Vorschläge für die Tagesordnung: 2" in opened
    people = [
        Attendee(meeting_id=3, user_id=101, name="Vera <V>"),
        Attendee(meeting_id=3, user_id=None, name="Daniel Schaper", status="guest"),
    ]
    attendance = render_attendance(meeting(ended=False), people, "de")
    check_telegram_html(attendance)
    assert visible_text(attendance).endswith("Anwesend (2): Vera <V>, Daniel Schaper (Gast)")
    closed = visible_text(render_attendance(meeting(), people, "en"))
    assert closed.startswith("🏁 Meeting no. 3 has ended.")
    assert "Nobody yet." in render_attendance(meeting(ended=False), [], "en")


def test_agenda() -> None:
    now = datetime(2024, 6, 25, 10, 0, tzinfo=UTC)
    overdue = task(
        12, "Treffen vorbereiten", (VERA,), due=datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC)
    )
    soon = task(14, "Plakate", due=datetime(2024, 6, 28, 21, 59, 59, tzinfo=UTC))
    done = task(13, "Fraktion informieren", status=TaskStatus.DONE, closed_at=END, decision_id=7)
    data = AgendaData(
        chat_title="Stadtvorstand",
        last_meeting=meeting(),
        open_meeting=None,
        overdue=[overdue],
        due_soon=[soon],
        followups=[task(10, "Umlage?", kind=TaskKind.FOLLOWUP)],
        decisions=[DecisionProgress(RECOMMENDATION, [done], overdue=False)],
        proposals=[AgendaItem(chat_id=CHAT, text="Haushalt <2025>", created_by_name="Nicole")],
    )
    html = render_agenda(data, BERLIN, "de", now)
    check_telegram_html(html)
    text = visible_text(html)
    assert text.splitlines()[:2] == [
        "🗓 Tagesordnung für die nächste Sitzung",
        "Letzte Sitzung: Nr. 3 am Mi, 19.06.2024",
    ]
    order = [
        "⚠️ Überfällig (1)",
        "⏰ In den nächsten 7 Tagen fällig (1)",
        "🔁 Offene Wiedervorlagen (1)",
    ]
    order += ["📜 Beschlüsse zum Nachhalten (1)", "💡 Vorschläge (1)"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "B 2024/7 Empfehlung an die neue Ratsfraktion · alle Aufgaben erledigt (#13)" in text
    assert "Haushalt <2025> · von Nicole" in text
    empty = AgendaData("Vorstand", None, None, [], [], [], [], [])
    assert "liegt nichts an" in render_agenda(empty, BERLIN, "de", now)


def test_readme_shows_the_minutes_as_rendered() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"```markdown\n{GERMAN_MARKDOWN}```" in readme
