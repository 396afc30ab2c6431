"""How `boardbot console` shows the chat in a terminal: the bot's messages as a chat shows
them, inline buttons as numbers to press, and the speaker's name in front of each message.

Telegram turns a message sent with parse_mode HTML into plain text plus entities (bold, links,
mentions …, offsets in UTF-16 code units) and gives the bot that back; `parse_html` does the
same for the console's stand-in API, so `message.text_html` works as it does with Telegram.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO

INDENT = "    "


SIMPLE_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
MENTION_PREFIX = "tg://user?id="


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _HtmlParser(HTMLParser):
    """Telegram's parse_mode HTML: the plain text and its entities (UTF-16 offsets)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # of the text so far, in UTF-16 code units
        self.open: list[tuple[str, dict[str, str], int]] = []  # tag, attributes, start
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, {k: v or "" for k, v in attrs}, self.length))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, start = self.open.pop()
            if name == tag:
                self._close(name, attrs, start)
                return

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += utf16_length(data)

    def _close(self, tag: str, attrs: dict[str, str], start: int) -> None:
        entity: dict[str, Any] = {"offset": start, "length": self.length - start}
        if entity["length"] == 0:
            return
        href = attrs.get("href", "")
        if tag == "a" and href.startswith(MENTION_PREFIX):
            text = "".join(self.parts)  # the mention's own text is the name
            name = text.encode("utf-16-le")[2 * start :].decode("utf-16-le", errors="ignore")
            user_id = int(href.removeprefix(MENTION_PREFIX) or 0)
            user = {"id": user_id, "is_bot": False, "first_name": name or "?"}
            entity.update(type="text_mention", user=user)
        elif tag == "a":
            entity.update(type="text_link", url=href)
        elif tag == "span" and attrs.get("class") == "tg-spoiler":
            entity.update(type="spoiler")
        elif tag in SIMPLE_ENTITIES:
            entity.update(type=SIMPLE_ENTITIES[tag])
        else:
            return
        self.entities.append(entity)


def parse_html(html: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain text Telegram shows for `html` and the entities it keeps with it."""
    parser = _HtmlParser()
    parser.feed(html)
    parser.close()
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.parts), entities


def html_to_text(html: str) -> str:
    """The text a chat would show for a message sent with parse_mode HTML."""
    return parse_html(html)[0]


def button_rows(markup: dict[str, Any] | None) -> list[list[str]]:
    """The button labels of an inline keyboard, row by row."""
    if not markup:
        return []
    return [
        [str(button.get("text", "")) for button in row] for row in markup.get("inline_keyboard", [])
    ]


def format_buttons(labels: list[list[str]], first_number: int) -> list[str]:
    """`[1] ✅ Erledigt  [2] ⏰ +1 Tag` per row, numbered from `first_number`."""
    lines, number = [], first_number
    for row in labels:
        cells = []
        for label in row:
            cells.append(f"[{number}] {label}")
            number += 1
        lines.append("  ".join(cells))
    return lines


def format_message(speaker: str, text: str, buttons: list[str] | None = None) -> str:
    """`speaker: first line`, further lines and the buttons indented beneath it."""
    lines = text.strip("\n").split("\n") if text.strip() else [""]
    out = [f"{speaker}: {lines[0]}"]
    out += [f"{INDENT}{line}" if line else "" for line in lines[1:]]
    out += [f"{INDENT}{line}" for line in buttons or []]
    return "\n".join(out)


class ChatPrinter:
    """Prints the pretend chat; remembers which number presses which button.

    Button numbers run on through the session, so an older message's buttons stay pressable
    (as in Telegram) until the bot edits that message."""

    def __init__(
        self,
        out: TextIO,
        files_dir: Path,
        interactive: bool,
        typed: Callable[[], str] = lambda: "",
    ) -> None:
        self.out, self.files_dir, self.interactive = out, files_dir, interactive
        self.typed = typed  # the part of a line typed so far (from the line editor)
        self.buttons: dict[int, tuple[int, int, str | None]] = {}  # number → chat, message, data
        self.next_button = 1
        self.prompt = ""
        self.waiting = False  # the prompt is on screen, waiting for a line

    def write(self, text: str) -> None:
        """Print a block; while the prompt waits in a terminal, print above it and show it
        again with what has been typed so far (a reminder can come at any time)."""
        redraw = self.waiting and self.interactive
        if redraw:
            self.out.write("\r\x1b[K")
        self.out.write(text + "\n")
        if redraw:
            self.out.write(self.prompt + self.typed())
        self.out.flush()

    def note(self, text: str) -> None:
        self.write(f"  ({text})")

    def show_prompt(self, prompt: str) -> None:
        """The prompt for the next line (a terminal's line editor prints it)."""
        self.prompt, self.waiting = prompt, True

    def line_read(self) -> None:
        self.waiting = False

    # ------------------------------------------------------------------ ChatView
    def bot_message(self, message: dict[str, Any], edited: bool) -> None:
        chat_id, message_id = int(message["chat"]["id"]), int(message["message_id"])
        key = (chat_id, message_id)
        # An edit replaces the buttons: the old numbers no longer press anything.
        self.buttons = {n: b for n, b in self.buttons.items() if (b[0], b[1]) != key}
        markup = message.get("reply_markup")
        first = self.next_button
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                self.buttons[self.next_button] = (chat_id, message_id, button.get("callback_data"))
                self.next_button += 1
        buttons = format_buttons(button_rows(markup), first)
        speaker = self.speaker(message["chat"], edited)
        self.write(format_message(speaker, str(message.get("text", "")), buttons))

    def bot_document(self, message: dict[str, Any], filename: str, data: bytes) -> None:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / Path(filename).name
        path.write_bytes(data)
        size = f"{len(data) / 1024:.1f} kB" if len(data) >= 1024 else f"{len(data)} bytes"
        text = f"📎 {filename} ({size}), saved as {path}"
        self.write(format_message(self.speaker(message["chat"], False), text))

    def callback_answer(self, text: str) -> None:
        self.write(f"{INDENT}↳ {text}")

    @staticmethod
    def speaker(chat: dict[str, Any], edited: bool) -> str:
        name = "boardbot"
        if chat.get("type") == "private":
            name += f" → {chat.get('first_name', '')} (private)"
        return name + (" (edited)" if edited else "")
