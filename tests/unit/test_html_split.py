"""Splitting long Telegram HTML: no cut inside a tag or an entity, open tags closed and
reopened, every piece within the limit (UTF-16 units) and valid HTML."""

from __future__ import annotations

from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.html_split import cut_html_line, text_length
from bot.render.tasks import split_message
from tests.support.telegram_html import check_telegram_html, visible_text


@pytest.mark.parametrize(
    ("line", "limit", "expected"),
    [
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("&amp;" * 3, 12, ["&amp;&amp;", "&amp;"]),
        ("<b>" + "x" * 10 + "</b>", 12, ["<b>xxxxx</b>", "<b>xxxxx</b>"]),
        (
            '<a href="tg://user?id=1">Vera</a> ' + "y" * 5,
            40,
            ['<a href="tg://user?id=1">Vera</a> yyyyy'],
        ),
        ("😀" * 5, 4, ["😀😀", "😀😀", "😀"]),  # an emoji is two UTF-16 units
        ("\u200b \u200b", 1, ["\u200b", "\u200b"]),  # a piece of spaces only is dropped
        ("   ", 1, []),
        ("<b></b><i>x</i>", 8, ["<i>x</i>"]),
    ],
)
def test_cut_html_line(line: str, limit: int, expected: list[str]) -> None:
    assert cut_html_line(line, limit) == expected


def test_a_decision_of_escaped_brackets_splits_into_valid_messages() -> None:
    text = "📜 <b>B 2024/1</b> " + escape("<&>" * 700) + " · <i>einstimmig</i>\nzweite Zeile"
    chunks = split_message(text)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert text_length(chunk) <= 4096
        check_telegram_html(chunk)
    assert "".join(visible_text(c) for c in chunks).replace("\n", "") == visible_text(text).replace(
        "\n", ""
    )


piece = st.one_of(
    st.text(max_size=30).map(escape),
    st.sampled_from(["&amp;", "&lt;", "😀", "👩‍👩‍👧", "\u200f"]),
)


def tagged(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, body: f"<{tag}>{body}</{tag}>",
        st.sampled_from(["b", "i", "s", "u"]),
        st.lists(inner, max_size=6).map("".join),
    )


# our renderers nest tags two deep at most; the tags open at a cut must fit in a piece
markup = st.lists(piece | tagged(piece | tagged(piece)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(markup, st.integers(40, 200))
def test_pieces_are_valid_html_within_the_limit(line: str, limit: int) -> None:
    line = line.replace("\n", " ")
    pieces = cut_html_line(line, limit)
    for part in pieces:
        assert text_length(part) <= limit
        check_telegram_html(part)
        assert visible_text(part).strip()
    assert "".join(visible_text(p) for p in pieces).strip() == visible_text(line).strip() or (
        not pieces
    )
