"""Telegram's parse_mode HTML as Telegram stores it: plain text plus entities (bold, links,
mentions …, offsets in UTF-16 code units). Telegram gives the bot that back; `parse_html` does
the same for the console's stand-in API, so `message.text_html` works as it does with Telegram.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

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
