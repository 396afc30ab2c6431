"""Inline buttons as plain values: what a button says and the callback data it sends back,
in rows. Whoever talks to Telegram turns a `Keyboard` into its markup (`bot.keyboards`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    """A button under a message; `callback_data` is at most 64 bytes (Telegram's limit). A
    button with a `url` opens that link instead (its `callback_data` is empty, never sent)."""

    text: str
    callback_data: str
    url: str | None = None


Keyboard = Sequence[Sequence[Button]]  # rows, top to bottom; buttons left to right
