"""The history renderer (bot.render.history) shows any stored value instead of failing: events
written before migration 0006, rewritten by the old forgetting, or of a kind it does not know."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.render.history import render_history
from storage.audit import EventView

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)


def one_line(action: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    events = [EventView(action, "Daniel <D>", AT, before, after)]
    return render_history("Verlauf", events, BERLIN, "de").splitlines()[1]


def test_owner_entries_and_bare_names_read_as_names() -> None:
    line = one_line(
        "assign",
        {"owners": ["Vera", {"name": "Gerd"}]},
        {"owners": [{"name": "Vera", "user_id": 101}, {"name": "ehemaliges Mitglied"}]},
    )
    assert line.endswith("Verantwortlich: Vera, Gerd → Vera, ehemaliges Mitglied")
    assert "Daniel &lt;D&gt;" in line


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        # what the old /vergissmich made of a status when an account was called "done"
        ({"status": "open"}, {"status": "ehemaliges Mitglied"}, "offen → ehemaliges Mitglied"),
        ({"due": "kaputt"}, {"due": 5}, "Frist: kaputt → 5"),
        ({"due": "2024-06-21T10:00:00"}, {"due": None}, "Fr, 21.06.2024, 12:00 Uhr → –"),
        (
            {},
            {"owners": [None, 3, {"x": "<b>"}]},
            "None, 3, {&#x27;x&#x27;: &#x27;&lt;b&gt;&#x27;}",
        ),
        ({}, {"<odd>": {"nested": True}}, "&lt;odd&gt;: {&#x27;nested&#x27;: True}"),
    ],
)
def test_unexpected_values_are_shown_as_stored(
    before: dict[str, Any], after: dict[str, Any], shown: str
) -> None:
    assert shown in one_line("done", before, after)


def test_an_unknown_action_is_named_as_stored() -> None:
    assert "· merge&amp;go" in one_line("merge&go", {}, {})
