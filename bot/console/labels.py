"""Stable labels for what the console shows, so a typed press hits the button the member read.

Every message of the bot that the console shows gets a short number for the session (`[12]`),
and every button under it that number plus a letter (`[12a]`, `[12b]` …, after `z` comes `aa`).
A label never changes its meaning during the message's life:

- an edit keeps a button's letter when the edited message still has a button with the same
  callback data (or link), wherever it now sits — a toggled owner "✓ Vera" stays `[12c]`;
- a button the edit brings in gets the next letter that message has not used yet, so an old
  label never silently presses a new button (the audit's second `!1` after an edit);
- a label whose button an edit took away, or whose message was deleted, is refused with a
  line saying so (`LabelError`, a `console_` text key with its parameters).

Pure bookkeeping: no Telegram, no printing. `Labels.show` is called for every message and
edit the bot sends, `Labels.find` for every typed press.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

PRESS = re.compile(r"!\s*([0-9]{1,9})\s*([a-z]{1,3})", re.IGNORECASE)


def letters(index: int) -> str:
    """0 → "a", 25 → "z", 26 → "aa", 27 → "ab" … (spreadsheet columns, in lower case)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = string.ascii_lowercase[rest] + label
    return label


def parse_press(text: str) -> tuple[int, str] | None:
    """`!12a` → (12, "a"); None for anything that is not a press."""
    match = PRESS.fullmatch(text.strip())
    return (int(match.group(1)), match.group(2).lower()) if match else None


class LabelError(Exception):
    """A press the console refuses; `key` is a console text, `params` fill it in."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class ShownButton:
    """One inline button as the console shows it."""

    label: str  # "12a"
    text: str
    callback_data: str | None  # None: not a callback button (a link, say)
    url: str | None


@dataclass
class ShownMessage:
    """A bot message on the screen: its number, where it is, its buttons now."""

    number: int
    chat_id: int
    message_id: int
    rows: list[list[ShownButton]] = field(default_factory=list)
    letters_given: dict[str, str] = field(default_factory=dict)  # button identity → letter
    deleted: bool = False

    def button(self, letter: str) -> ShownButton | None:
        wanted = f"{self.number}{letter}"
        return next((b for row in self.rows for b in row if b.label == wanted), None)

    def relabel(self, keyboard: list[list[dict[str, Any]]]) -> None:
        """Take the keyboard of a send or an edit, keeping the letters of buttons that stay."""
        rows: list[list[ShownButton]] = []
        used_now: set[str] = set()
        for row in keyboard:
            shown = []
            for button in row:
                letter = self.letter_for(button_identity(button), used_now)
                used_now.add(letter)
                data, url = button.get("callback_data"), button.get("url")
                shown.append(
                    ShownButton(
                        label=f"{self.number}{letter}",
                        text=str(button.get("text", "")),
                        callback_data=str(data) if data is not None else None,
                        url=str(url) if url is not None else None,
                    )
                )
            rows.append(shown)
        self.rows = rows

    def letter_for(self, identity: str, used_now: set[str]) -> str:
        """The letter this button had, or the next unused one (two equal buttons in one
        keyboard are told apart by their order: `identity#2`)."""
        key, twin = identity, 1
        while key in self.letters_given and self.letters_given[key] in used_now:
            twin += 1
            key = f"{identity}#{twin}"
        if key not in self.letters_given:
            self.letters_given[key] = letters(len(self.letters_given))
        return self.letters_given[key]


def button_identity(button: dict[str, Any]) -> str:
    """What makes two buttons of one message the same button across an edit."""
    if button.get("callback_data") is not None:
        return f"data:{button['callback_data']}"
    if button.get("url") is not None:
        return f"url:{button['url']}"
    return f"text:{button.get('text', '')}"


class Labels:
    """The numbers and button labels of every bot message shown in this session."""

    def __init__(self) -> None:
        self.by_number: dict[int, ShownMessage] = {}
        self.by_message: dict[tuple[int, int], int] = {}

    def show(self, chat_id: int, message_id: int, markup: dict[str, Any] | None) -> ShownMessage:
        """The message as sent or edited now, numbered on first sight, its buttons labelled."""
        number = self.by_message.get((chat_id, message_id))
        if number is None:
            number = len(self.by_number) + 1
            self.by_number[number] = ShownMessage(number, chat_id, message_id)
            self.by_message[(chat_id, message_id)] = number
        shown = self.by_number[number]
        shown.relabel(list((markup or {}).get("inline_keyboard", [])))
        return shown

    def deleted(self, chat_id: int, message_id: int) -> ShownMessage | None:
        """Mark a message deleted; the shown message, if the console showed it."""
        number = self.by_message.get((chat_id, message_id))
        if number is None:
            return None
        shown = self.by_number[number]
        shown.deleted, shown.rows = True, []
        return shown

    def number_of(self, chat_id: int, message_id: int) -> int | None:
        return self.by_message.get((chat_id, message_id))

    def message(self, number: int) -> ShownMessage:
        """The live message `number`, or a LabelError saying why there is none."""
        shown = self.by_number.get(number)
        if shown is None:
            raise LabelError("console_no_message", number=number)
        if shown.deleted:
            raise LabelError("console_message_deleted", number=number)
        return shown

    def find(self, number: int, letter: str) -> tuple[ShownMessage, ShownButton]:
        """The button `[<number><letter>]` as it is now, or a LabelError saying why not."""
        shown = self.message(number)
        button = shown.button(letter)
        if button is not None:
            return shown, button
        label = f"{number}{letter}"
        if letter in shown.letters_given.values():
            raise LabelError("console_button_gone", label=label, number=number)
        raise LabelError("console_no_button", label=label, number=number)
