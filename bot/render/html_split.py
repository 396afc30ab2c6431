"""Cutting Telegram HTML that is too long for one message without breaking it.

Telegram refuses a message whose HTML does not parse ("can't parse entities"), so a cut must
never fall inside a tag (`<a href=…>`) or an entity (`&amp;`), and every piece must close the
tags still open at the cut and open them again in the next piece. Lengths are counted in
UTF-16 code units, as Telegram counts them, on the HTML source (which is never shorter than
the text Telegram shows), so a piece within `limit` is within Telegram's limit — as long as
the tags open at a cut fit easily in one piece (our renderers nest them two deep at most).
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|.", re.DOTALL)
TAG_NAME = re.compile(r"</?\s*([\w-]+)")
EMPTY_ELEMENT = re.compile(r"<([\w-]+)(?:\s[^<>]*)?></\1>")


def text_length(text: str) -> int:
    """Telegram's length of `text`: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


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


def cut_html_line(line: str, limit: int) -> list[str]:
    """Pieces of `line`, each within `limit`, each valid HTML on its own when `line` is.

    Pieces without visible text are dropped (Telegram refuses a blank message)."""
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []
    piece, size, has_text, visible = "", 0, False, False
    for token in TOKEN.findall(drop_empty_elements(line)):
        after = _apply(open_tags, token)
        needed = size + text_length(token) + text_length(_closers(after))
        if needed > limit and has_text:
            if visible:  # a piece of spaces only is dropped
                pieces.append(piece + _closers(open_tags))
            piece = "".join(tag for _, tag in open_tags)
            size, has_text, visible = text_length(piece), False, False
        piece += token
        size += text_length(token)
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
