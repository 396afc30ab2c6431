"""A strict checker for Telegram's HTML parse mode (https://core.telegram.org/bots/api#html-style).

Stricter than Telegram where that is cheap: only the documented tags and attributes, tags
balanced and properly nested, every `<`, `>` and `&` outside a tag escaped, only the named
entities Telegram knows (&lt; &gt; &amp; &quot;) plus numeric ones, nothing inside <code>/<pre>
except <code> directly in <pre>, no links inside links.
"""

from __future__ import annotations

import re
from html import unescape

# tag -> attributes it may carry (a required attribute is checked separately)
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
}
REQUIRED_ATTRIBUTES = {"a": "href", "span": "class", "tg-emoji": "emoji-id"}

_TAG = re.compile(r"<(?P<close>/)?(?P<name>[a-z][a-z-]*)(?P<attrs>(?:\s+[^<>]*)?)>")
_ATTR = re.compile(r'\s+(?P<name>[a-z][a-z-]*)(?:="(?P<value>[^"<>]*)")?')
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


class TelegramHtmlError(ValueError):
    pass


def _attributes(name: str, text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    position = 0
    for match in _ATTR.finditer(text):
        if match.start() != position:
            break
        found[match["name"]] = match["value"] or ""
        position = match.end()
    if text[position:].strip():
        raise TelegramHtmlError(f"malformed attributes in <{name}{text}>")
    unknown = set(found) - ALLOWED_TAGS[name]
    if unknown:
        raise TelegramHtmlError(f"<{name}> does not take {sorted(unknown)}")
    required = REQUIRED_ATTRIBUTES.get(name)
    if required and not found.get(required):
        raise TelegramHtmlError(f"<{name}> needs {required}")
    if name == "span" and found["class"] != "tg-spoiler":
        raise TelegramHtmlError('<span> must be class="tg-spoiler"')
    return found


def check_telegram_html(text: str) -> None:
    """Raise TelegramHtmlError unless `text` is valid Telegram HTML."""
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG.match(text, position)
            if match is None:
                raise TelegramHtmlError(f"unescaped '<' at {position}: {text[position:][:30]!r}")
            name = match["name"]
            if name not in ALLOWED_TAGS:
                raise TelegramHtmlError(f"tag <{name}> is not supported by Telegram")
            if match["close"]:
                if match["attrs"].strip():
                    raise TelegramHtmlError(f"closing tag </{name}> with attributes")
                if not stack or stack[-1] != name:
                    raise TelegramHtmlError(f"</{name}> does not close {stack[-1:] or 'anything'}")
                stack.pop()
            else:
                _attributes(name, match["attrs"])
                inside = stack[-1] if stack else None
                if inside == "code" or (inside == "pre" and name != "code"):
                    raise TelegramHtmlError(f"<{name}> inside <{inside}>")
                if name == "a" and "a" in stack:
                    raise TelegramHtmlError("link inside a link")
                stack.append(name)
            position = match.end()
        elif char == "&":
            match = _ENTITY.match(text, position)
            if match is None:
                raise TelegramHtmlError(f"unescaped '&' at {position}: {text[position:][:30]!r}")
            position = match.end()
        elif char == ">":
            raise TelegramHtmlError(f"unescaped '>' at {position}")
        else:
            position += 1
    if stack:
        raise TelegramHtmlError(f"unclosed tags: {stack}")


def visible_text(html: str) -> str:
    """What Telegram shows for valid HTML: tags removed, entities decoded."""
    check_telegram_html(html)
    return unescape(_TAG.sub("", html))
