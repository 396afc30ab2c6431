"""The reply catalogs in bot/messages.py: same keys and placeholders in both languages, every
template renders and is valid Telegram HTML, and every key the code asks for exists."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from bot.i18n import SUPPORTED_LANGUAGES, t
from bot.messages import CATALOGS
from tests.support.telegram_html import TelegramHtmlError, check_telegram_html, visible_text

# The merged catalogs of every area, as the bot uses them.
DE, EN = CATALOGS["de"], CATALOGS["en"]
ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")])
KEYS = sorted(DE)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def dummy_params(key: str, value: str = "X1") -> dict[str, str]:
    return dict.fromkeys(placeholders(DE[key]) | placeholders(EN[key]), value)


# --- the strict checker itself must be able to say no -----------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "plain text",
        "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>x &lt; y</code>",
        '<a href="tg://user?id=1">Vera</a> &amp; &quot;Nicole&quot; &#8212; &#x27;',
        '<pre><code class="language-python">print(1)</code></pre>',
        '<b>a <i>b</i> <span class="tg-spoiler">c</span></b>',
        "<blockquote>zitat</blockquote>",
    ],
)
def test_checker_accepts_telegram_html(html: str) -> None:
    check_telegram_html(html)


@pytest.mark.parametrize(
    "html",
    [
        "a < b",
        "a > b",
        "AT&T",
        "&nbsp;",
        "<div>x</div>",
        "<br>",
        "<b>open",
        "close</b>",
        "<b><i>x</b></i>",
        "<a>no href</a>",
        '<a href="x"><a href="y">z</a></a>',
        '<b class="x">x</b>',
        "<code><b>x</b></code>",
        '<span class="red">x</span>',
    ],
)
def test_checker_refuses_what_telegram_refuses(html: str) -> None:
    with pytest.raises(TelegramHtmlError):
        check_telegram_html(html)


# --- catalogs --------------------------------------------------------------------------------


def test_catalogs_have_the_same_keys() -> None:
    assert set(CATALOGS) == set(SUPPORTED_LANGUAGES)
    assert sorted(DE) == sorted(EN)
    assert len(DE) > 40


@pytest.mark.parametrize("key", KEYS)
def test_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(DE[key]) == placeholders(EN[key])


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_template_renders_as_valid_telegram_html(lang: str, key: str) -> None:
    template = CATALOGS[lang][key]
    assert template.strip(), "empty template"
    rendered = t(lang, key, **dummy_params(key))  # type: ignore[arg-type]
    assert "{" not in rendered and "}" not in rendered
    if placeholders(template):
        assert "X1" in rendered
    check_telegram_html(rendered)
    # already-escaped user text stays valid
    check_telegram_html(t(lang, key, **dummy_params(key, "&lt;b&gt; &amp;")))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_help_and_usage_texts(lang: str) -> None:
    private_help = t(lang, "help") + t(lang, "private_welcome")  # type: ignore[arg-type]
    check_telegram_html(private_help)
    shown = visible_text(private_help)
    assert "<" in shown  # the "<title>"/"<Titel>" placeholders are shown, escaped in the source
    for key in KEYS:
        if key.startswith("usage_"):
            usage = t(lang, key)  # type: ignore[arg-type]
            assert usage.startswith("/")
            check_telegram_html(usage)
            for wrapper in ("number_missing", "number_invalid", "group_only"):
                params = dummy_params(wrapper) | {"usage": usage, "example": usage}
                check_telegram_html(t(lang, wrapper, **params))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_usage_commands_are_in_the_help(lang: str) -> None:
    help_text = visible_text(t(lang, "help"))  # type: ignore[arg-type]
    for key in KEYS:
        if key.startswith("usage_"):
            command = t(lang, key).split()[0]  # type: ignore[arg-type]
            assert f"{command} " in help_text, f"{key}: {command} is not in the help"


# --- keys used in the code -------------------------------------------------------------------


def _constants(node: ast.AST) -> list[str]:
    """The strings an expression can evaluate to: "a", or both branches of `"a" if x else "b"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [value for operand in node.values for value in _constants(operand)]
    return []


def _key_parameters(trees: list[ast.Module]) -> dict[str, list[int]]:
    """Functions defined in our sources with parameters named `…key`, and their positions."""
    found: dict[str, list[int]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                positions = [i for i, name in enumerate(names) if name.endswith("key")]
                if positions:
                    found[node.name] = positions
    return found


def keys_used_in_source() -> dict[str, list[str]]:
    """Message keys passed to t(), UserError() or a `…key` parameter, with their locations."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES}
    key_parameters = _key_parameters(list(trees.values()))
    used: dict[str, list[str]] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            expressions: list[ast.AST] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name == "t" and len(node.args) >= 2:
                    expressions.append(node.args[1])
                elif name == "UserError" and node.args:
                    expressions.append(node.args[0])
                for position in key_parameters.get(name, []):
                    if position < len(node.args):
                        expressions.append(node.args[position])
                expressions += [kw.value for kw in node.keywords if (kw.arg or "").endswith("_key")]
            elif isinstance(node, ast.Assign):
                targets = [n.id for n in node.targets if isinstance(n, ast.Name)]
                if any(target == "key" or target.endswith("_key") for target in targets):
                    expressions.append(node.value)
            for expression in expressions:
                for key in _constants(expression):
                    where = f"{path.relative_to(ROOT)}:{getattr(expression, 'lineno', '?')}"
                    used.setdefault(key, []).append(where)
    return used


def test_source_scan_finds_the_keys() -> None:
    used = keys_used_in_source()
    # a scan that finds nothing would make the next test pass vacuously
    assert len(used) >= 30
    for expected in ("task_created", "due_label", "number_missing", "date_past", "usage_done"):
        assert expected in used


def test_every_key_used_in_the_code_exists_in_both_catalogs() -> None:
    missing = {
        key: places
        for key, places in keys_used_in_source().items()
        if key not in DE or key not in EN
    }
    assert not missing, f"keys missing from a catalog: {missing}"
