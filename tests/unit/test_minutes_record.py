"""Unit tests of bot/render/minutes_record.py and bot/language/minutes.py: the status in the
title line (draft, approved, live), the appendix of corrections in HTML and Markdown, the
texts a version stores (the body never changes), and reading `/protokoll …`.

Berlin is UTC+2 in June: 18:00 UTC is 20:00 local."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.language.minutes import (
    CORRECTION_MAX_LENGTH,
    CorrectionNumberMissingError,
    MinutesNumberInvalidError,
    MinutesRequest,
    parse_minutes_args,
)
from bot.language.records import TextMissingError, TextTooLongError
from bot.render.minutes_record import (
    fixed_texts,
    live_html,
    live_markdown,
    shown_html,
    shown_markdown,
    status_text,
    version_texts,
)
from tests.support.telegram_html import check_telegram_html, visible_text
from tests.unit.test_minutes import BERLIN, board_minutes

FIXED = datetime(2024, 6, 19, 19, 45, tzinfo=UTC)
NEXT_DAY = datetime(2024, 6, 20, 7, 15, tzinfo=UTC)  # Do, 09:15 in Berlin
APPROVED = datetime(2024, 6, 26, 18, 5, tzinfo=UTC)  # Mi, 26.06.2024


@dataclass(frozen=True)
class Version:
    """A stored version as the renderer reads it."""

    version: int
    html: str
    markdown: str
    correction: str | None = None
    created_at: datetime = FIXED
    created_by_name: str = "Vera"
    approved_at: datetime | None = None
    approved_by_name: str | None = None


def first_version(**fields: object) -> Version:
    html_text, markdown = fixed_texts(board_minutes(), BERLIN, "de")
    return Version(1, html_text, markdown, **fields)  # type: ignore[arg-type]


def corrected(first: Version, *corrections: tuple[str, str]) -> Version:
    """`first` with one version per (author, text) correction; the last one."""
    made = [
        Version(n, "", "", text, NEXT_DAY, author)
        for n, (author, text) in enumerate(corrections, 2)
    ]
    html_text, markdown = version_texts(first, made, BERLIN, "de")
    return Version(len(made) + 1, html_text, markdown, made[-1].correction)


# --- the title line -------------------------------------------------------------------------


def test_a_draft_says_so_with_its_version_in_the_title_line() -> None:
    shown = visible_text(shown_html(first_version(), BERLIN, "de"))
    assert shown.startswith(
        "📝 Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Entwurf, Fassung 1\n"
        "Stadtvorstand · Sitzung Nr. 3\n"
    )
    markdown = shown_markdown(first_version(), BERLIN, "de")
    assert markdown.startswith(
        "# Protokoll der Sitzung am Mittwoch, 19. Juni 2024 – Entwurf, Fassung 1\n\n"
    )


def test_approved_minutes_say_when_and_by_whom_and_no_longer_draft() -> None:
    version = first_version(approved_at=APPROVED, approved_by_name="Daniel <Chef>")
    assert status_text(version, BERLIN, "de") == (
        "Fassung 1, genehmigt am Mi, 26.06.2024 von Daniel <Chef>"
    )
    html_text = shown_html(version, BERLIN, "de")
    check_telegram_html(html_text)
    assert "Daniel &lt;Chef&gt;" in html_text.split("\n")[0]
    assert "Entwurf" not in html_text
    assert "von Daniel \\<Chef\\>" in shown_markdown(version, BERLIN, "de").split("\n")[0]


def test_english_status() -> None:
    version = first_version(approved_at=APPROVED, approved_by_name="Daniel")
    assert status_text(version, BERLIN, "en") == "version 1, approved on Wed, 26 Jun 2024 by Daniel"
    assert status_text(first_version(), BERLIN, "en") == "draft, version 1"


def test_only_the_title_line_gets_the_status() -> None:
    version = first_version()
    lines = shown_html(version, BERLIN, "de").split("\n")
    assert lines[1:] == version.html.split("\n")[1:]


def test_a_running_meeting_is_a_live_draft() -> None:
    html_text = live_html(board_minutes(ended=False), BERLIN, "de")
    assert visible_text(html_text).startswith(
        "📝 Zwischenstand der Sitzung am Mittwoch, 19. Juni 2024 – "
        "Live-Entwurf, wird mit /sitzung ende festgehalten\n"
    )
    markdown = live_markdown(board_minutes(ended=False), BERLIN, "en")
    assert markdown.split("\n")[0].endswith("– live draft, fixed by /meeting end")


# --- what a version stores ------------------------------------------------------------------


def test_a_backfilled_version_says_it_was_made_later() -> None:
    html_text, markdown = fixed_texts(board_minutes(), BERLIN, "de", backfilled_at=APPROVED)
    plain, _ = fixed_texts(board_minutes(), BERLIN, "de")
    check_telegram_html(html_text)
    assert html_text.startswith(plain)
    note = "Nachträglich erstellt am Mi, 26.06.2024: Die Sitzung endete, bevor boardbot"
    assert note in visible_text(html_text).split("\n")[-1]
    assert markdown.endswith("Stand von diesem Tag.*\n")


def test_corrections_grow_an_appendix_and_leave_the_body_as_it_was() -> None:
    first = first_version()
    second = corrected(first, ("Vera Kraus", "Unter B 2024/7 fehlt die Frist: bis 30.06."))
    third = corrected(
        first,
        ("Vera Kraus", "Unter B 2024/7 fehlt die Frist: bis 30.06."),
        ("Nicole", "Nicole war <b>entschuldigt</b> & nicht da"),
    )
    assert second.html.startswith(first.html + "\n")
    assert third.html.startswith(second.html + "\n")
    assert third.markdown.startswith(first.markdown.rstrip("\n"))
    check_telegram_html(third.html)
    shown = visible_text(shown_html(third, BERLIN, "de"))
    assert shown.split("\n")[0].endswith("– Entwurf, Fassung 3")
    assert shown.endswith(
        "Erstellt mit boardbot.\n\n"
        "Korrekturen\n"
        "• Fassung 2, Do, 20.06.2024, 09:15, Vera Kraus: "
        "Unter B 2024/7 fehlt die Frist: bis 30.06.\n"
        "• Fassung 3, Do, 20.06.2024, 09:15, Nicole: Nicole war <b>entschuldigt</b> & nicht da"
    )
    assert "Nicole war &lt;b&gt;entschuldigt&lt;/b&gt; &amp; nicht da" in third.html
    assert third.markdown.endswith(
        "## Korrekturen\n\n"
        "- **Fassung 2, Do, 20.06.2024, 09:15, Vera Kraus:** "
        "Unter B 2024/7 fehlt die Frist: bis 30.06.\n"
        "- **Fassung 3, Do, 20.06.2024, 09:15, Nicole:** "
        "Nicole war \\<b\\>entschuldigt\\</b\\> & nicht da\n"
    )


def test_without_corrections_a_version_is_the_first_one() -> None:
    first = first_version()
    assert version_texts(first, [], BERLIN, "de") == (first.html, first.markdown)


def test_english_appendix() -> None:
    correction = Version(2, "", "", "Typo in B 2024/8", NEXT_DAY, "Vera")
    html_text, _ = version_texts(first_version(), [correction], BERLIN, "en")
    expected = "Corrections\n• Version 2, Thu, 20 Jun 2024, 09:15, Vera: Typo in B 2024/8"
    assert visible_text(html_text).endswith(expected)


def test_readme_shows_approved_minutes_with_a_correction() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    first = first_version()
    second = corrected(first, ("Vera Kraus", "Unter B 2024/7 fehlt die Frist: bis 30.06."))
    approved = Version(
        2, second.html, second.markdown, approved_at=APPROVED, approved_by_name="Daniel"
    )
    markdown = shown_markdown(approved, BERLIN, "de")
    title = markdown.split("\n")[0]
    appendix = markdown[markdown.index("## Korrekturen") :]
    assert f"```markdown\n{title}\n" in readme
    assert f"{appendix}```" in readme


# --- reading /protokoll ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", MinutesRequest("show")),
        ("3", MinutesRequest("show", 3)),
        ("Nr. 3", MinutesRequest("show", 3)),
        ("#12", MinutesRequest("show", 12)),
        ("genehmigen", MinutesRequest("approve")),
        ("Genehmigen 2", MinutesRequest("approve", 2)),
        ("approve nr.4", MinutesRequest("approve", 4)),
        (
            "korrektur 3 Nicole war entschuldigt",
            MinutesRequest("correct", 3, "Nicole war entschuldigt"),
        ),
        (
            "Korrektur: Nr. 3 5 Enthaltungen, nicht 4",
            MinutesRequest("correct", 3, "5 Enthaltungen, nicht 4"),
        ),
        ("correction #2  typo\nin B 7", MinutesRequest("correct", 2, "typo in B 7")),
    ],
)
def test_minutes_arguments(args: str, expected: MinutesRequest) -> None:
    assert parse_minutes_args(args) == expected


@pytest.mark.parametrize("args", ["drei", "genehmigen drei", "3 4", "1234567890", "approve 2 3"])
def test_not_a_meeting_number(args: str) -> None:
    with pytest.raises(MinutesNumberInvalidError):
        parse_minutes_args(args)


@pytest.mark.parametrize("args", ["korrektur", "korrektur Nicole war da", "correction  "])
def test_a_correction_needs_the_meetings_number(args: str) -> None:
    with pytest.raises(CorrectionNumberMissingError):
        parse_minutes_args(args)


def test_a_correction_needs_a_text_of_reasonable_length() -> None:
    with pytest.raises(TextMissingError):
        parse_minutes_args("korrektur 3")
    with pytest.raises(TextMissingError):
        parse_minutes_args("korrektur 3 \u200b ")
    with pytest.raises(TextTooLongError):
        parse_minutes_args("korrektur 3 " + "x" * (CORRECTION_MAX_LENGTH + 1))
    assert parse_minutes_args("korrektur 3 " + "x" * CORRECTION_MAX_LENGTH).text == "x" * 1000
