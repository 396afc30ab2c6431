"""How `boardbot console` shows the chat in a terminal.

Every bot message gets a number for the session and its buttons labels (`bot.console.labels`):

    [3] boardbot › Finanzen: 📅 Heute fällig: #1 Flyer drucken
        [3a] ✅ Erledigt  [3b] ⏰ +1 Tag

The speaker part says where the message is (a private chat, a forum topic), what it answers
(`↩ [2]` for a reply to another bot message) and whether it was edited; beneath the text come
its inline buttons, or the line asking for an answer when it carries a ForceReply. Answers to
presses come as `↳ text` (a toast) or `⚠️ …` (an alert window, `show_alert`), deletions as a
note. The console's own words come from the catalogues in the chat's language (`lang`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from bot.console.forum import Forum
from bot.console.labels import Labels, ShownButton, ShownMessage
from bot.console.texts import console_text
from bot.i18n import Language

INDENT = "    "


def format_buttons(rows: list[list[ShownButton]]) -> list[str]:
    """`[3a] ✅ Erledigt  [3b] ⏰ +1 Tag` per row (a link button shows 🔗)."""
    return [
        "  ".join(f"[{b.label}] {b.text}{' 🔗' if b.url else ''}" for b in row)
        for row in rows
        if row
    ]


def format_message(speaker: str, text: str, extra: list[str] | None = None) -> str:
    """`speaker: first line`, further lines and the extra lines (buttons) indented beneath."""
    lines = text.strip("\n").split("\n") if text.strip() else [""]
    out = [f"{speaker}: {lines[0]}"]
    out += [f"{INDENT}{line}" if line else "" for line in lines[1:]]
    out += [f"{INDENT}{line}" for line in extra or []]
    return "\n".join(out)


def selective_targets(message: dict[str, Any]) -> list[str]:
    """Whom a `selective` ForceReply asks, as Telegram picks them: the members mentioned in the
    text, and the sender of the message it replies to."""
    text = str(message.get("text", ""))
    units = text.encode("utf-16-le")
    names = []
    for entity in message.get("entities") or []:
        if entity.get("type") == "text_mention":
            names.append(str(entity["user"].get("first_name", "")))
        elif entity.get("type") == "mention":
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            names.append(units[start:end].decode("utf-16-le", errors="ignore"))
    asked = (message.get("reply_to_message") or {}).get("from") or {}
    if asked and not asked.get("is_bot"):
        names.append(str(asked.get("first_name", "")))
    return list(dict.fromkeys(name for name in names if name))


def keyboard_line(rows: list[list[Any]]) -> str:
    """A reply keyboard's buttons, which type their text when tapped: `⌨ [Ja]  [Nein]`."""
    texts = [b.get("text", "") if isinstance(b, dict) else str(b) for row in rows for b in row]
    return "⌨ " + "  ".join(f"[{text}]" for text in texts)


def file_size(size: int) -> str:
    return f"{size / 1024:.1f} kB" if size >= 1024 else f"{size} B"


class ChatPrinter:
    """Prints the pretend chat; keeps the labels a typed press is looked up in."""

    def __init__(
        self,
        out: TextIO,
        files_dir: Path,
        interactive: bool,
        typed: Callable[[], str] = lambda: "",
        forum: Forum | None = None,
    ) -> None:
        self.out, self.files_dir, self.interactive = out, files_dir, interactive
        self.typed = typed  # the part of a line typed so far (from the line editor)
        self.labels = Labels()
        self.forum = forum or Forum()
        self.lang: Language = "de"  # the group's language; the session keeps it current
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

    def text(self, key: str, **params: object) -> str:
        return console_text(self.lang, key, **params)

    def note(self, key: str, **params: object) -> None:
        """One of the console's own lines, in parentheses, in the chat's language."""
        self.write(f"  ({self.text(key, **params)})")

    def show_prompt(self, prompt: str) -> None:
        """The prompt for the next line (a terminal's line editor prints it)."""
        self.prompt, self.waiting = prompt, True

    def line_read(self) -> None:
        self.waiting = False

    # ------------------------------------------------------------------ ChatView
    def bot_message(
        self, message: dict[str, Any], edited: bool, markup: dict[str, Any] | None
    ) -> None:
        shown = self.labels.show(int(message["chat"]["id"]), int(message["message_id"]), markup)
        extra = format_buttons(shown.rows) + self.reply_request(message, markup or {}, shown)
        speaker = self.speaker(message, shown, edited)
        self.write(format_message(speaker, str(message.get("text", "")), extra))

    def reply_request(
        self, message: dict[str, Any], markup: dict[str, Any], shown: ShownMessage
    ) -> list[str]:
        """The lines a ForceReply or a reply keyboard adds: who is asked and how to answer."""
        if markup.get("keyboard"):  # a reply keyboard: its buttons type their text
            return [keyboard_line(markup["keyboard"])]
        if not markup.get("force_reply"):
            return []
        asked = selective_targets(message) if markup.get("selective") else []
        if asked:
            names = ", ".join(asked)
            line = self.text("console_force_reply_for", number=shown.number, name=names)
        else:
            line = self.text("console_force_reply", number=shown.number)
        if markup.get("input_field_placeholder"):
            placeholder = markup["input_field_placeholder"]
            line += " " + self.text("console_input_placeholder", placeholder=placeholder)
        return [line]

    def bot_document(self, message: dict[str, Any], filename: str, data: bytes) -> None:
        shown = self.labels.show(int(message["chat"]["id"]), int(message["message_id"]), None)
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / Path(filename).name
        path.write_bytes(data)
        size = file_size(len(data))
        text = self.text("console_document", filename=filename, size=size, path=path)
        self.write(format_message(self.speaker(message, shown, False), text))

    def callback_answer(self, text: str, alert: bool) -> None:
        if alert:
            self.write(f"{INDENT}{self.text('console_alert', text=text)}")
        else:
            self.write(f"{INDENT}↳ {text}")

    def message_deleted(self, chat_id: int, message_id: int) -> None:
        shown = self.labels.deleted(chat_id, message_id)
        if shown is not None:
            self.note("console_message_deleted", number=shown.number)

    def speaker(self, message: dict[str, Any], shown: ShownMessage, edited: bool) -> str:
        """`[3] boardbot → Vera (privat) › Finanzen ↩ [2] (bearbeitet)`, the parts that apply."""
        chat = message["chat"]
        name = f"[{shown.number}] boardbot"
        if chat.get("type") == "private":
            name += f" → {chat.get('first_name', '')} ({self.text('console_private')})"
        if chat.get("is_forum"):
            name += f" › {self.topic_name(int(chat['id']), message.get('message_thread_id'))}"
        replied = message.get("reply_to_message") or {}
        number = self.labels.number_of(int(chat["id"]), int(replied.get("message_id", 0)))
        if number is not None and not replied.get("forum_topic_created"):
            name += f" ↩ [{number}]"
        return name + (f" ({self.text('console_edited')})" if edited else "")

    def topic_name(self, chat_id: int, thread_id: int | None) -> str:
        topic = self.forum.get(chat_id, thread_id) if thread_id else None
        return topic.name if topic else self.text("console_general_topic")
