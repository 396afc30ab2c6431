"""Cutting Telegram HTML that is too long for one message without breaking it.

Telegram refuses a message whose HTML does not parse ("can't parse entities"), so a cut must
never fall inside a tag (`<a href=…>`) or an entity (`&amp;`), and every piece must close the
tags still open at the cut and open them again in the next piece. Lengths are counted in
UTF-16 code units by a `measure`: `text_length` on the HTML source (never shorter than what
Telegram shows; the default, conservative), or `visible_length`, the text after tags are
dropped and entities parsed — what Telegram counts against its 4,096 limit.

Everything the bot sends or edits goes through `fit_message` (a reply or a digest that may
become several messages) or `cap_message` (one message that must stay one: an edit under
buttons, a reminder with its buttons — the lines past the limit become "… +N more").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from bot.i18n import Language, t

TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|.", re.DOTALL)
TAG_NAME = re.compile(r"</?\s*([\w-]+)")
EMPTY_ELEMENT = re.compile(r"<([\w-]+)(?:\s[^<>]*)?></\1>")
ANY_TAG = re.compile(r"<[^<>]*>")
TELEGRAM_TEXT_LIMIT = 4096
Measure = Callable[[str], int]


def text_length(text: str) -> int:
    """Telegram's length of `text`: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def visible_length(html: str) -> int:
    """Telegram's length of the message `html` shows: tags dropped, entities parsed."""
    return text_length(unescape(ANY_TAG.sub("", html)))


def _closers(open_tags: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(open_tags))


def _apply(open_tags: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    """The tags open after `token` (a tag opens or closes one; anything else changes nothing)."""
    if not token.startswith("<") or len(token) < 3:
        return open_tags
    match = TAG_NAME.match(token)
    if match is None:
        return open_tags
    name = match.group(1).lower()
    if not token.startswith("</"):
        return [*open_tags, (name, token)]
    for index in range(len(open_tags) - 1, -1, -1):
        if open_tags[index][0] == name:
            return open_tags[:index]
    return open_tags


def cut_html_line(line: str, limit: int, measure: Measure = text_length) -> list[str]:
    """Pieces of `line`, each within `limit`, each valid HTML on its own when `line` is.

    Pieces without visible text are dropped (Telegram refuses a blank message)."""
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []
    piece, size, has_text, visible = "", 0, False, False
    for token in TOKEN.findall(drop_empty_elements(line)):
        after = _apply(open_tags, token)
        needed = size + measure(token) + measure(_closers(after))
        if needed > limit and has_text:
            if visible:  # a piece of spaces only is dropped
                pieces.append(piece + _closers(open_tags))
            piece = "".join(tag for _, tag in open_tags)
            size, has_text, visible = measure(piece), False, False
        piece += token
        size += measure(token)
        is_tag = token.startswith("<") and len(token) > 1
        has_text = has_text or not is_tag
        visible = visible or not (is_tag or token.isspace())
        open_tags = after
    if visible:
        pieces.append(piece + _closers(open_tags))
    return pieces


def drop_empty_elements(html: str) -> str:
    """`<b></b>` and the like show nothing; removed, they cannot pile up at a cut."""
    while True:
        shorter = EMPTY_ELEMENT.sub("", html)
        if shorter == html:
            return html
        html = shorter


def split_message(
    text: str, limit: int = TELEGRAM_TEXT_LIMIT, measure: Measure = text_length
) -> list[str]:
    """Split at line breaks into messages within `limit`; every line is closed HTML, so no tag
    is cut. A single over-long line (a very long escaped text) is cut between tags and
    entities, closing and reopening the tags open at the cut."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        if measure(line) > limit:
            if current.strip():  # Telegram refuses a blank message
                chunks.append(current)
            current = ""
            *whole, line = cut_html_line(line, limit, measure) or [""]
            chunks.extend(whole)
        candidate = f"{current}\n{line}" if current else line
        if measure(candidate) > limit:
            if current.strip():
                chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return chunks or [text[:limit]]


def fit_message(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """The messages `text` is sent as: one, or several split at lines, each within Telegram's
    limit as Telegram counts it."""
    return split_message(text, limit, visible_length)


def cap_message(text: str, more: Callable[[int], str], limit: int = TELEGRAM_TEXT_LIMIT) -> str:
    """`text` as ONE message within Telegram's limit: if it is too long, the lines that do not
    fit are dropped and `more(n)` (n: lines not shown in full) ends the message instead."""
    if visible_length(text) <= limit:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        tail = more(len(lines) - index)
        room = limit - visible_length("\n".join([*kept, tail])) - 1
        if visible_length(line) <= room:
            kept.append(line)
            continue
        head = cut_html_line(line, room, visible_length) if room > 0 else []
        if head and visible_length(head[0]) <= room:  # one token may be wider than the room
            kept.append(head[0])
        return "\n".join([*kept, tail])
    return "\n".join(kept)  # not reached: the whole text was too long


def more_marker(lang: Language) -> Callable[[int], str]:
    """The last line of a message that was cut to fit: "… +N more"."""
    return lambda count: t(lang, "message_more", count=count)
