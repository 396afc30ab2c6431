"""The shape both formats of the minutes are written from, and its two serialisers.

An `Outline` is a title, subtitle lines, sections of lines of plain-text spans (some bold)
and a footer; `outline_html` escapes and marks it up as Telegram HTML, `outline_markdown` as
Markdown. So both formats always say the same, and user text is escaped once, at the edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


Line = list[Span]


@dataclass
class Section:
    """A heading, lines without a bullet (`intro`), then lines with one (unless `bullets`
    is False)."""

    heading: str
    lines: list[Line] = field(default_factory=list)
    bullets: bool = True
    intro: list[Line] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    subtitle: list[str]
    sections: list[Section]
    footer: str
    closing: list[str] = field(default_factory=list)  # lines after the sections


def _html_line(line: Line) -> str:
    return "".join(f"<b>{escape(s.text)}</b>" if s.bold else escape(s.text) for s in line)


def _markdown_line(line: Line) -> str:
    return markdown_block(
        "".join(
            f"**{markdown_escape(s.text)}**" if s.bold else markdown_escape(s.text) for s in line
        )
    )


# --- serialisers --------------------------------------------------------------------------------


def outline_html(outline: Outline) -> str:
    """Telegram HTML; every line is closed markup, so `split_message` may cut between lines."""
    lines = [f"📝 <b>{escape(outline.title)}</b>", *(escape(s) for s in outline.subtitle)]
    for section in outline.sections:
        lines += section_html(section)
    if outline.closing:
        lines += ["", *(escape(line) for line in outline.closing)]
    lines += ["", f"<i>{escape(outline.footer)}</i>"]
    return "\n".join(lines)


def section_html(section: Section) -> list[str]:
    """A section's lines in Telegram HTML, after an empty line (also the appendix of stored
    minutes, bot.render.minutes_record)."""
    lines = ["", f"<b>{escape(section.heading)}</b>", *(_html_line(line) for line in section.intro)]
    for line in section.lines:
        body = _html_line(line)
        lines.append(f"• {body}" if section.bullets else body)
    return lines


def section_markdown(section: Section) -> list[str]:
    """A section's lines in Markdown (`##` heading, paragraphs, `-` list), after an empty line."""
    lines = ["", f"## {markdown_escape(section.heading)}", ""]
    for line in section.intro:  # paragraphs, like the subtitle
        lines += [_markdown_line(line), ""]
    if section.intro and not section.lines:
        lines.pop()
    for line in section.lines:
        body = _markdown_line(line)
        lines.append(f"- {body}" if section.bullets else body)
    return lines


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\s*\d*)([#>+=.)-])")


def markdown_escape(text: str) -> str:
    """Backslash-escape what Markdown (CommonMark) would read as inline markup or raw HTML."""
    return _MARKDOWN_INLINE.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def markdown_block(text: str) -> str:
    """A line's content that must not start a heading, quote or list: `# x`, `1. x`, `- x`."""
    match = _MARKDOWN_BLOCK_START.match(text)
    if match is None or (match.group(1).strip() and match.group(2) not in ".)"):
        return text
    return f"{match.group(1)}\\{text[match.end(1) :]}"


def outline_markdown(outline: Outline) -> str:
    """Markdown for a report or website: `#` title, `##` sections, `-` lists."""
    lines = [f"# {markdown_escape(outline.title)}", ""]
    for subtitle in outline.subtitle:  # paragraphs: hard line breaks differ between flavours
        lines += [markdown_block(markdown_escape(subtitle)), ""]
    lines.pop()
    for section in outline.sections:
        lines += section_markdown(section)
    for closing in outline.closing:
        lines += ["", markdown_block(markdown_escape(closing))]
    lines += ["", f"*{markdown_escape(outline.footer)}*", ""]
    return "\n".join(lines)
