"""Text handling of the Bot API emulator: parse modes and automatic entities like Telegram.

* ``parse_html`` follows TDLib's ``parse_html`` (the parser the Bot API server uses): the same
  tags, the same character references, the same error messages with UTF-8 byte offsets.
* ``parse_markdown_v2`` / ``parse_markdown`` are simplified ports: reserved characters, unclosed
  entities and links are checked, exotic cases (nested ambiguity of ``___``) are not.
* ``detect_entities`` finds ``bot_command``, ``mention``, ``hashtag`` and ``url`` the way the
  server does for incoming text (TDLib's ``match_*`` rules, URLs simplified).

All offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Entity = dict[str, Any]

__all__ = [
    "Entity",
    "ParseError",
    "detect_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "parse_text",
    "utf16_len",
    "words",
]


class ParseError(ValueError):
    """Raised with the text Telegram puts after ``Bad Request: can't parse entities: ``."""


def words(text: str) -> frozenset[str]:
    """A set of space-separated names (keeps long name lists compact)."""
    return frozenset(text.split())


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _sorted(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


# --------------------------------------------------------------------------- HTML

_HTML_TAGS = words(
    "a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote"
)
_SIMPLE_TYPES = {
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
    "span": "spoiler",
}
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_REF_RE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([a-zA-Z]+));?")


def _decode_ref(src: str, i: int) -> tuple[str, int] | None:
    """Decode the character reference at ``src[i] == '&'``; None leaves the '&' literal."""
    m = _REF_RE.match(src, i)
    if m is None:
        return None
    hex_digits, dec_digits, name = m.groups()
    if name is not None:
        char = _NAMED_REFS.get(name)
        return (char, m.end()) if char is not None else None
    digits = hex_digits or dec_digits
    if len(digits) > 7:
        return None
    code = int(digits, 16 if hex_digits else 10)
    if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), m.end()


def _is_space(ch: str) -> bool:
    return ch in " \t\r\n\f\v"


def parse_html(src: str) -> tuple[str, list[Entity]]:
    """Telegram's HTML parse mode: returns (plain text, entities) or raises ParseError."""
    out: list[str] = []
    pos = 0  # UTF-16 length of the output so far
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, utf16 offset, index in out
    entities: list[Entity] = []
    n = len(src)
    i = 0

    def at(k: int) -> str:
        return src[k] if k < n else "\0"

    while i < n:
        ch = src[i]
        if ch == "&":
            decoded = _decode_ref(src, i)
            if decoded is not None:
                out.append(decoded[0])
                pos += utf16_len(decoded[0])
                i = decoded[1]
                continue
        if ch != "<":
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        begin = i
        begin_b = _byte_offset(src, begin)
        i += 1
        if at(i) == "/":  # end tag
            if not stack:
                raise ParseError(f"Unexpected end tag at byte offset {begin_b}")
            while i < n and not _is_space(src[i]) and src[i] != ">":
                i += 1
            end_name = src[begin + 2 : i].lower()
            while i < n and _is_space(src[i]):
                i += 1
            if at(i) != ">":
                raise ParseError(f"Unclosed end tag at byte offset {begin_b}")
            tag, argument, offset, out_index = stack.pop()
            if end_name and end_name != tag:
                raise ParseError(
                    f'Unmatched end tag at byte offset {begin_b}, expected "</{tag}>", '
                    f'found "</{end_name}>"'
                )
            if pos > offset:
                inner = "".join(out[out_index:])
                _add_html_entity(entities, tag, argument, offset, pos - offset, inner)
            i += 1
            continue
        # start tag
        while i < n and not _is_space(src[i]) and src[i] != ">":
            i += 1
        if i >= n:
            raise ParseError(f"Unclosed start tag at byte offset {begin_b}")
        tag = src[begin + 1 : i].lower()
        if tag not in _HTML_TAGS:
            raise ParseError(f'Unsupported start tag "{tag}" at byte offset {begin_b}')
        argument = ""
        while at(i) != ">":
            while i < n and _is_space(src[i]):
                i += 1
            if at(i) == ">":
                break
            attr_begin = i
            while i < n and not _is_space(src[i]) and src[i] not in "=>/\"'":
                i += 1
            attr = src[attr_begin:i].lower()
            if not attr:
                raise ParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin_b}'
                )
            while i < n and _is_space(src[i]):
                i += 1
            if at(i) != "=":
                if i >= n:
                    raise ParseError(f'Unclosed start tag "{tag}" at byte offset {begin_b}')
                if tag == "blockquote" and attr == "expandable":
                    argument = "1"
                continue
            i += 1
            while i < n and _is_space(src[i]):
                i += 1
            if i >= n:
                raise ParseError(f'Unclosed start tag "{tag}" at byte offset {begin_b}')
            value, i = _attribute_value(src, i)
            if i >= n:
                raise ParseError(f"Unclosed start tag at byte offset {begin_b}")
            if (tag, attr) in (("a", "href"), ("tg-emoji", "emoji-id")):
                argument = value
            elif tag == "code" and attr == "class" and value.startswith("language-"):
                argument = value[9:]
            elif tag == "span" and attr == "class" and value.startswith("tg-"):
                argument = value[3:]
            elif (tag, attr) == ("blockquote", "expandable"):
                argument = "1"
        if tag == "span" and argument != "spoiler":
            raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin_b}')
        stack.append((tag, argument, pos, len(out)))
        i += 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return "".join(out), _sorted(entities)


def _attribute_value(src: str, i: int) -> tuple[str, int]:
    n = len(src)
    if src[i] not in "'\"":
        start = i
        while i < n and ((src[i].isascii() and src[i].isalnum()) or src[i] in ".-"):
            i += 1
        if i < n and not _is_space(src[i]) and src[i] != ">":
            raise ParseError(
                f"Unexpected end of name token at byte offset {_byte_offset(src, start)}"
            )
        return src[start:i].lower(), i
    quote = src[i]
    i += 1
    value: list[str] = []
    while i < n and src[i] != quote:
        if src[i] == "&":
            decoded = _decode_ref(src, i)
            if decoded is not None:
                value.append(decoded[0])
                i = decoded[1]
                continue
        value.append(src[i])
        i += 1
    if i < n:
        i += 1
    return "".join(value), i


def _add_html_entity(
    entities: list[Entity], tag: str, argument: str, offset: int, length: int, inner: str
) -> None:
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    entity: Entity = {"type": "", "offset": offset, "length": length}
    if tag in _SIMPLE_TYPES:
        entity["type"] = _SIMPLE_TYPES[tag]
    elif tag == "tg-emoji":
        if not argument.isdigit() or int(argument) <= 0:
            raise ParseError("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=argument)
    elif tag == "a":
        url = argument or inner
        if not url:
            return
        entity.update(type="text_link", url=url)
    elif tag == "pre":
        if last is not None and same_span and last["type"] == "code" and "language" in last:
            last["type"] = "pre"
            return
        entity["type"] = "pre"
    elif tag == "code":
        if last is not None and same_span and last["type"] == "pre" and argument:
            last["language"] = argument
            return
        entity["type"] = "code"
        if argument:
            entity["language"] = argument
    elif tag == "blockquote":
        entity["type"] = "expandable_blockquote" if argument else "blockquote"
    entities.append(entity)


# --------------------------------------------------------------------------- Markdown

_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


def parse_markdown_v2(src: str) -> tuple[str, list[Entity]]:
    """A simplified MarkdownV2: reserved characters must be escaped, entities must close."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int]] = []  # type, utf16 offset, byte offset of the marker
    languages: list[str] = [""]
    entities: list[Entity] = []
    n = len(src)
    i = 0
    while i < n:
        ch = src[i]
        top = stack[-1][0] if stack else None
        if ch == "\\" and i + 1 < n and 0 < ord(src[i + 1]) < 127:
            out.append(src[i + 1])
            pos += 1
            i += 2
            continue
        if top in ("code", "pre") and not (
            ch == "`" and (top == "code" or src.startswith("```", i))
        ):
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        if ch not in _MD2_RESERVED:
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        kind, size = "", 1
        if ch == "_":
            kind, size = ("underline", 2) if src.startswith("__", i) else ("italic", 1)
        elif ch == "*":
            kind = "bold"
        elif ch == "~":
            kind = "strikethrough"
        elif ch == "|" and src.startswith("||", i):
            kind, size = "spoiler", 2
        elif ch == "`":
            kind, size = ("pre", 3) if src.startswith("```", i) else ("code", 1)
        elif ch == "[":
            kind = "text_link"
        elif ch == "]" and top == "text_link":
            _, offset, _ = stack.pop()
            if not src.startswith("(", i + 1):
                i += 1
                continue
            end = i + 2
            url: list[str] = []
            while end < n and src[end] != ")":
                if src[end] == "\\" and end + 1 < n:
                    end += 1
                url.append(src[end])
                end += 1
            if end >= n:
                raise ParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(src, i + 1)}"
                )
            if pos > offset:
                entities.append(
                    {
                        "type": "text_link",
                        "offset": offset,
                        "length": pos - offset,
                        "url": "".join(url),
                    }
                )
            i = end + 1
            continue
        elif ch == ">" and (i == 0 or src[i - 1] == "\n"):
            i += 1  # a blockquote line marker; no entity is produced by this emulator
            continue
        else:
            raise ParseError(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        if top == kind and kind != "text_link":
            _, offset, _ = stack.pop()
            if pos > offset:
                entity: Entity = {"type": kind, "offset": offset, "length": pos - offset}
                if kind == "pre" and languages[-1]:
                    entity["language"] = languages[-1]
                entities.append(entity)
            i += size
            continue
        stack.append((kind, pos, _byte_offset(src, i)))
        i += size
        if kind == "pre":  # the rest of the opening line names the language
            newline = src.find("\n", i)
            language = src[i:newline] if newline >= 0 else ""
            ok = language.strip() == language and "`" not in language
            languages.append(language if ok else "")
            i = newline + 1 if ok and newline >= 0 else i
    if stack:
        kind, _, byte_off = stack[-1]
        raise ParseError(f"Can't find end of {_MD2_NAMES[kind]} entity at byte offset {byte_off}")
    return "".join(out), _sorted(entities)


def parse_markdown(src: str) -> tuple[str, list[Entity]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out: list[str] = []
    pos = 0
    entities: list[Entity] = []
    n = len(src)
    i = 0
    markers = {"*": "bold", "_": "italic", "`": "code", "[": "text_link"}
    while i < n:
        ch = src[i]
        if ch == "\\" and i + 1 < n and src[i + 1] in "*_`[":
            out.append(src[i + 1])
            pos += 1
            i += 2
            continue
        if ch not in markers:
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        kind = "pre" if src.startswith("```", i) else markers[ch]
        closer = {"pre": "```", "text_link": "]"}.get(kind, ch)
        start = i + len(closer) if kind == "pre" else i + 1
        end = src.find(closer, start)
        if end < 0 or (kind == "text_link" and not src.startswith("(", end + 1)):
            raise ParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
            )
        inner = src[start:end]
        entity: Entity = {"type": kind, "offset": pos, "length": utf16_len(inner)}
        i = end + len(closer)
        if kind == "text_link":
            close_paren = src.find(")", end + 2)
            if close_paren < 0:
                raise ParseError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
                )
            entity["url"] = src[end + 2 : close_paren]
            i = close_paren + 1
        out.append(inner)
        pos += entity["length"]
        if entity["length"]:
            entities.append(entity)
    return "".join(out), _sorted(entities)


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities for ``text`` sent with ``parse_mode`` (None = plain)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    if mode:
        raise ValueError(f"Unsupported parse_mode {parse_mode!r}")
    return text, []


# --------------------------------------------------------------------------- auto entities


def _is_word(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LN"


_SHORT_USERNAMES = words("ya gif wiki vid bing pic bold imdb coub like vote")
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
_URL_TRAILING = ".:;,('?!`"


def _spans(text: str) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    n = len(text)

    def prev_char(k: int) -> str:
        return text[k - 1] if k > 0 else " "

    def next_char(k: int) -> str:
        return text[k] if k < n else " "

    for m in re.finditer(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]*))?", text):
        before, after = prev_char(m.start()), next_char(m.end())
        if _is_word(before) or before in "/<>" or len(m.group(1)) > 64:
            continue
        if m.group(2) is not None and not 3 <= len(m.group(2)) <= 32:
            continue
        if not (_is_word(after) or after in "/<>"):
            spans.append(("bot_command", m.start(), m.end()))
    for m in re.finditer(r"@([A-Za-z0-9_]+)", text):
        name = m.group(1)
        if _is_word(prev_char(m.start())) or _is_word(next_char(m.end())):
            continue
        if 2 <= len(name) <= 32 and (len(name) >= 5 or name in _SHORT_USERNAMES):
            spans.append(("mention", m.start(), m.end()))
    for m in re.finditer(r"#(\w+)", text):
        if _is_word(prev_char(m.start())) or next_char(m.end()) == "#":
            continue
        if any(unicodedata.category(c).startswith("L") for c in m.group(1)):
            spans.append(("hashtag", m.start(), m.end()))
    for m in _URL_RE.finditer(text):
        end = m.end()
        while end > m.start() + 1 and text[end - 1] in _URL_TRAILING:
            end -= 1
        if not _is_word(prev_char(m.start())):
            spans.append(("url", m.start(), end))
    return spans


def detect_entities(text: str, existing: list[Entity] | None = None) -> list[Entity]:
    """Entities Telegram adds to ``text`` by itself (commands, mentions, hashtags, URLs).

    Spans overlapping ``existing`` code/pre/link entities or each other are dropped.
    """
    taken: list[tuple[int, int]] = [
        (e["offset"], e["offset"] + e["length"])
        for e in existing or []
        if e["type"] in ("code", "pre", "text_link", "text_mention", "url", "bot_command")
    ]
    found: list[Entity] = []
    for kind, start, end in sorted(_spans(text), key=lambda s: (s[1], s[2])):
        offset = utf16_len(text[:start])
        length = utf16_len(text[start:end])
        if any(offset < b and a < offset + length for a, b in taken):
            continue
        taken.append((offset, offset + length))
        found.append({"type": kind, "offset": offset, "length": length})
    return _sorted(found)
