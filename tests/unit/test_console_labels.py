"""bot/console/labels.py: a button's label keeps its meaning for the message's life, so a press
typed after an edit hits the button the member read — or is refused, never misdirected."""

from __future__ import annotations

from typing import Any

import pytest

from bot.console.labels import LabelError, Labels, letters, parse_press


def keyboard(*rows: list[tuple[str, str]]) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": t, "callback_data": d} for t, d in row] for row in rows]}


def labels_of(labels: Labels, number: int) -> dict[str, str | None]:
    rows = labels.by_number[number].rows
    return {b.label: b.callback_data for row in rows for b in row}


@pytest.mark.parametrize(
    ("index", "label"), [(0, "a"), (1, "b"), (25, "z"), (26, "aa"), (27, "ab"), (52, "ba")]
)
def test_letters_run_on_like_spreadsheet_columns(index: int, label: str) -> None:
    assert letters(index) == label


@pytest.mark.parametrize(
    ("typed", "press"),
    [("!12a", (12, "a")), ("!3B", (3, "b")), (" !7 aa ", (7, "aa")), ("!1", None), ("!a", None)],
)
def test_presses_are_read_strictly(typed: str, press: tuple[int, str] | None) -> None:
    assert parse_press(typed) == press
    assert parse_press("!12a; !13a") is None


def test_messages_are_numbered_once_and_buttons_lettered_row_by_row() -> None:
    labels = Labels()
    first = labels.show(-1, 500, keyboard([("✅", "r:1:done"), ("⏰", "r:1:day")], [("W", "w")]))
    second = labels.show(-1, 501, None)
    assert (first.number, second.number) == (1, 2)
    assert labels_of(labels, 1) == {"1a": "r:1:done", "1b": "r:1:day", "1c": "w"}
    assert labels.show(-1, 500, keyboard([("✅", "r:1:done")])).number == 1  # an edit
    assert labels.number_of(-1, 501) == 2 and labels.number_of(-1, 999) is None


def test_a_press_after_an_edit_still_hits_the_button_that_was_read() -> None:
    labels = Labels()
    owners = keyboard([("Vera", "o:3:101"), ("Nicole", "o:3:102")], [("OK", "o:3:ok")])
    labels.show(-1, 500, owners)
    # The press on Nicole ticks her; the edit moves her button to the front.
    ticked = keyboard([("✓ Nicole", "o:3:102"), ("Vera", "o:3:101")], [("OK", "o:3:ok")])
    labels.show(-1, 500, ticked)
    assert labels.find(1, "b")[1].callback_data == "o:3:102"
    assert labels.find(1, "b")[1].text == "✓ Nicole"
    assert labels.find(1, "a")[1].callback_data == "o:3:101"
    assert labels.find(1, "c")[1].callback_data == "o:3:ok"


def test_a_button_an_edit_brings_gets_a_new_letter_and_an_old_one_is_refused() -> None:
    labels = Labels()
    labels.show(-1, 500, keyboard([("◀", "l:open:1"), ("▶", "l:open:3")]))
    labels.show(-1, 500, keyboard([("◀", "l:open:2"), ("▶", "l:open:4")]))
    assert labels_of(labels, 1) == {"1c": "l:open:2", "1d": "l:open:4"}
    with pytest.raises(LabelError) as gone:
        labels.find(1, "b")
    assert (gone.value.key, gone.value.params) == (
        "console_button_gone",
        {"label": "1b", "number": 1},
    )
    with pytest.raises(LabelError) as never:
        labels.find(1, "e")
    assert never.value.key == "console_no_button"


def test_twin_buttons_get_a_letter_each_and_keep_them() -> None:
    labels = Labels()
    twins = keyboard([("x", "same"), ("y", "same")])
    labels.show(-1, 500, twins)
    labels.show(-1, 500, twins)
    assert labels_of(labels, 1) == {"1a": "same", "1b": "same"}


def test_a_deleted_or_unknown_message_has_no_buttons_to_press() -> None:
    labels = Labels()
    labels.show(-1, 500, keyboard([("↩️", "t:1:undo")]))
    assert labels.deleted(-1, 500) is not None and labels.deleted(-1, 777) is None
    with pytest.raises(LabelError) as deleted:
        labels.find(1, "a")
    assert deleted.value.key == "console_message_deleted"
    with pytest.raises(LabelError) as unknown:
        labels.message(2)
    assert (unknown.value.key, unknown.value.params) == ("console_no_message", {"number": 2})


def test_link_buttons_are_labelled_and_known_as_links() -> None:
    labels = Labels()
    link = {"text": "Privat weitermachen", "url": "https://t.me/boardbot_console_bot?start=x1"}
    labels.show(-1, 500, {"inline_keyboard": [[link]]})
    button = labels.find(1, "a")[1]
    assert button.callback_data is None and button.url == link["url"]
