"""How a decision's result is shown: the confirmation, the register line, the single view, the
minutes and the CSV say "abgelehnt" / "abgelehnt (Stimmengleichheit)", and "no vote recorded"
is not "einstimmig: nein". Also the migration that derives the result of existing rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from bot.i18n import Language
from bot.render.exports import decisions_csv
from bot.render.minutes import minutes_markdown, render_minutes, result_label, vote_text
from bot.render.records import render_decision_created, render_decision_line, render_decision_view
from storage.database import upgrade_database
from storage.meetings import MinutesData
from storage.models import Decision, Meeting
from tests.support.migrations import migrate
from tests.support.telegram_html import check_telegram_html, visible_text

BERLIN = ZoneInfo("Europe/Berlin")
CHAT = -1001234567890
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
MEETING = Meeting(id=3, chat_id=CHAT, number=3, started_at=NOW, created_by_name="Daniel")


def decision(
    number: int,
    *,
    votes: tuple[int, int, int] | None = None,
    unanimous: bool = False,
    result: str | None = None,
) -> Decision:
    yes, no, abstain = votes or (None, None, None)
    return Decision(
        id=number,
        chat_id=CHAT,
        number=number,
        year=2024,
        text=f"Antrag {number}",
        decided_at=NOW,
        votes_yes=yes,
        votes_no=no,
        votes_abstain=abstain,
        unanimous=unanimous,
        result=result,
        meeting_id=3,
        created_by_name="Daniel",
    )


ADOPTED_5_0_1 = decision(1, votes=(5, 0, 1), result="adopted")
REJECTED_2_4_1 = decision(2, votes=(2, 4, 1), result="rejected")
TIE_3_3_0 = decision(3, votes=(3, 3, 0), result="rejected")
REJECTED_IN_WORDS = decision(4, result="rejected")
ADOPTED_IN_WORDS = decision(5, result="adopted")
NO_VOTE = decision(6)
UNANIMOUSLY_REJECTED = decision(7, votes=(0, 5, 0), unanimous=True, result="rejected")


@pytest.mark.parametrize(
    ("d", "de", "en"),
    [
        (ADOPTED_5_0_1, "5 dafür, 0 dagegen, 1 Enthaltung", "5 in favour, 0 against, 1 abstention"),
        (
            REJECTED_2_4_1,
            "2 dafür, 4 dagegen, 1 Enthaltung – abgelehnt",
            "2 in favour, 4 against, 1 abstention – rejected",
        ),
        (
            TIE_3_3_0,
            "3 dafür, 3 dagegen, 0 Enthaltungen – abgelehnt (Stimmengleichheit)",
            "3 in favour, 3 against, 0 abstentions – rejected (tie)",
        ),
        (REJECTED_IN_WORDS, "abgelehnt", "rejected"),
        (ADOPTED_IN_WORDS, "angenommen", "adopted"),
        (NO_VOTE, None, None),
        (
            UNANIMOUSLY_REJECTED,
            "einstimmig abgelehnt (0 dafür, 5 dagegen, 0 Enthaltungen)",
            "unanimously rejected (0 in favour, 5 against, 0 abstentions)",
        ),
    ],
)
def test_vote_text_says_the_result(d: Decision, de: str | None, en: str | None) -> None:
    assert (vote_text(d, "de"), vote_text(d, "en")) == (de, en)


def created(d: Decision, lang: Language = "de") -> list[str]:
    html = render_decision_created(d, None, None, BERLIN, lang)
    check_telegram_html(html)
    return visible_text(html).splitlines()


def test_a_rejected_motion_is_not_announced_as_a_decision() -> None:
    assert created(REJECTED_2_4_1) == [
        "📜 Antrag B 2024/2 abgelehnt am Mi, 19.06.2024:",
        "Antrag 2",
        "🗳 Abstimmung: 2 dafür, 4 dagegen, 1 Enthaltung",
    ]
    assert (
        created(TIE_3_3_0)[0]
        == "📜 Antrag B 2024/3 abgelehnt (Stimmengleichheit) am Mi, 19.06.2024:"
    )
    assert created(REJECTED_IN_WORDS) == [
        "📜 Antrag B 2024/4 abgelehnt am Mi, 19.06.2024:",
        "Antrag 4",
    ]
    assert created(TIE_3_3_0, "en")[0] == "📜 Motion B 2024/3 rejected (tie) on Wed, 19 Jun 2024:"
    assert "gefasst" not in "\n".join(created(UNANIMOUSLY_REJECTED))


def test_an_adopted_motion_is_still_a_decision_with_the_task_hint() -> None:
    lines = created(ADOPTED_5_0_1)
    assert lines[0] == "📜 Beschluss B 2024/1 gefasst am Mi, 19.06.2024:"
    assert lines[-1].startswith("Aufgaben dazu:")
    assert created(ADOPTED_IN_WORDS)[0].startswith("📜 Beschluss B 2024/5 gefasst")


def test_register_line_and_view_mark_the_rejection() -> None:
    line = visible_text(render_decision_line(TIE_3_3_0, BERLIN, "de"))
    assert line == (
        "✖️ B 2024/3 · Mi, 19.06.2024 · Antrag 3 · "
        "3 dafür, 3 dagegen, 0 Enthaltungen – abgelehnt (Stimmengleichheit)"
    )
    assert visible_text(render_decision_line(ADOPTED_5_0_1, BERLIN, "de")).startswith("▫️ ")
    view = visible_text(
        render_decision_view(
            REJECTED_2_4_1,
            meeting=None,
            amended=None,
            amendments=[],
            tasks=[],
            tz=BERLIN,
            lang="de",
            now=NOW,
        )
    )
    assert view.startswith("📜 Antrag B 2024/2 vom Mi, 19.06.2024\nAntrag 2\n")
    assert "🗳 Abstimmung: 2 dafür, 4 dagegen, 1 Enthaltung – abgelehnt\n" in view


def test_minutes_say_the_result() -> None:
    data = MinutesData(
        chat_title="Stadtvorstand",
        meeting=MEETING,
        attendees=[],
        decisions=[ADOPTED_5_0_1, REJECTED_2_4_1, TIE_3_3_0, NO_VOTE],
        new_tasks=[],
        completed=[],
        followups=[],
        referenced={},
    )
    text = visible_text(render_minutes(data, BERLIN, "de"))
    assert "• B 2024/1 Antrag 1 – angenommen (5 dafür, 0 dagegen, 1 Enthaltung)\n" in text
    assert "• B 2024/2 Antrag 2 – abgelehnt (2 dafür, 4 dagegen, 1 Enthaltung)\n" in text
    assert "– abgelehnt bei Stimmengleichheit (3 dafür, 3 dagegen, 0 Enthaltungen)" in text
    assert "• B 2024/6 Antrag 6\n" in text  # no vote recorded: no result made up
    assert "gefasst" not in text
    markdown = minutes_markdown(data, BERLIN, "en")
    assert "- **B 2024/2** Antrag 2 – rejected (2 in favour, 4 against, 1 abstention)" in markdown


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_a_result_column_and_no_vote_is_not_einstimmig_nein() -> None:
    register = [ADOPTED_5_0_1, REJECTED_2_4_1, TIE_3_3_0, REJECTED_IN_WORDS, NO_VOTE]
    header, *rows = read_csv(decisions_csv(register, {}, BERLIN, "de"))
    assert header[8] == "Einstimmig" and header[-1] == "Ergebnis" and len(header) == 15
    assert [(row[8], row[-1]) for row in rows] == [
        ("nein", "angenommen"),
        ("nein", "abgelehnt"),
        ("nein", "abgelehnt (Stimmengleichheit)"),
        ("nein", "abgelehnt"),
        ("", "keine Abstimmung erfasst"),
    ]
    english = read_csv(decisions_csv([NO_VOTE, UNANIMOUSLY_REJECTED], {}, BERLIN, "en"))
    assert english[0][-1] == "Result"
    assert [(row[8], row[-1]) for row in english[1:]] == [
        ("", "no vote recorded"),
        ("yes", "rejected"),
    ]
    assert result_label(ADOPTED_IN_WORDS, "en") == "adopted"


# --- migration 0007 -----------------------------------------------------------------------------


@pytest.fixture
def engine_at_0005(blank_engine: Engine) -> Engine:
    """A database of each kind migrated to 0005, the revision before the result column."""
    migrate(blank_engine, "0005")
    return blank_engine


OLD_ROWS = [  # number, yes, no, abstain, unanimous → the result 0007 derives
    (1, 5, 0, 1, False, "adopted"),
    (2, 2, 4, 1, False, "rejected"),
    (3, 3, 3, 0, False, "rejected"),
    (4, None, None, None, True, "adopted"),
    (5, None, None, None, False, None),
    (6, 6, 0, 0, True, "adopted"),
]


def test_migration_derives_the_result_of_existing_decisions(engine_at_0005: Engine) -> None:
    with engine_at_0005.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chat (id, type, title, active, created_at, reminder_hour) "
                "VALUES (-1001, 'supergroup', 'Vorstand', true, '2024-06-19', 9)"
            )
        )
        for number, yes, no, abstain, unanimous, _ in OLD_ROWS:
            connection.execute(
                text(
                    "INSERT INTO decision (chat_id, number, year, text, decided_at, votes_yes, "
                    "votes_no, votes_abstain, unanimous, created_by_name) VALUES (-1001, :number, "
                    "2024, 'x', '2024-06-19', :yes, :no, :abstain, :unanimous, 'Daniel')"
                ),
                {
                    "number": number,
                    "yes": yes,
                    "no": no,
                    "abstain": abstain,
                    "unanimous": unanimous,
                },
            )
    upgrade_database(engine_at_0005)
    with engine_at_0005.connect() as connection:
        rows = connection.execute(text("SELECT number, result FROM decision ORDER BY number"))
        found = [tuple(row) for row in rows]
    assert found == [(row[0], row[5]) for row in OLD_ROWS]
