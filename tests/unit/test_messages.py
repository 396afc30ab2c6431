"""The gettext catalogues in bot/locale: every language has every key with the German
placeholders and all plural forms, every text renders and is valid Telegram HTML, the shipped
.mo files match their .po sources, and every key the code asks for exists (and is read with
tn() exactly when it has plural forms). The checks themselves are tested on bad catalogues."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from bot.i18n import CATALOGUES as CATALOGUES_COMPILED
from bot.i18n import SUPPORTED_LANGUAGES, Language, t, tn
from bot.render.help import HELP_SECTIONS, MAIN, full_help, render_help
from tests.support.catalogues import (
    TEMPLATE,
    catalogue_languages,
    catalogue_problems,
    compiled_problems,
    context_problems,
    entries,
    header_problems,
    key_prefixes_in_source,
    keys_used_in_source,
    parse_po,
    placeholders,
    po_path,
    read_catalogue,
    usage_problems,
)
from tests.support.telegram_html import TelegramHtmlError, check_telegram_html, visible_text

CATALOGUES = {lang: read_catalogue(po_path(lang), lang) for lang in catalogue_languages()}
TEXTS = {lang: entries(catalogue) for lang, catalogue in CATALOGUES.items()}
DE, EN = TEXTS["de"], TEXTS["en"]
KEYS = sorted(DE)
PLURAL_KEYS = [key for key in KEYS if DE[key].plural]


def dummy_params(key: str, value: str = "X1") -> dict[str, str]:
    fields = {
        field
        for entry in (DE[key], EN[key])
        for form in entry.forms
        for field in placeholders(form)
    }
    return dict.fromkeys(fields, value)


@cache
def count_for_each_form(lang: Language) -> list[int]:
    """A count that selects each plural form of the language, in form order."""
    plural = CATALOGUES_COMPILED[lang].plural  # type: ignore[attr-defined]
    counts: dict[int, int] = {}
    for n in [*range(200), *(10**k for k in range(3, 7))]:
        counts.setdefault(plural(n), n)
    return [counts[form] for form in sorted(counts)]


def rendered(lang: Language, key: str, value: str = "X1") -> list[str]:
    """Every form of `key` as the bot sends it: one text, or one per plural form."""
    if not DE[key].plural:
        return [t(lang, key, **dummy_params(key, value))]
    return [tn(lang, key, n, **dummy_params(key, value)) for n in count_for_each_form(lang)]


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


# --- the catalogues ---------------------------------------------------------------------------


def test_every_supported_language_has_a_catalogue() -> None:
    assert set(CATALOGUES) == set(SUPPORTED_LANGUAGES)
    assert len(DE) > 200
    assert PLURAL_KEYS, "the plural entries were not read"


def test_catalogues_are_complete_and_agree() -> None:
    assert catalogue_problems(CATALOGUES) == []


def test_same_keys_in_every_catalogue() -> None:
    assert sorted(DE) == sorted(EN)


@pytest.mark.parametrize("key", KEYS)
def test_same_placeholders_in_both_languages(key: str) -> None:
    assert {f for form in DE[key].forms for f in placeholders(form)} == {
        f for form in EN[key].forms for f in placeholders(form)
    }


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(lang: Language) -> None:
    mo = po_path(lang).with_suffix(".mo")
    assert mo.exists(), "run make messages-compile"
    assert compiled_problems(lang, CATALOGUES[lang], mo.read_bytes()) == []


def test_template_and_translator_context_are_current() -> None:
    """After changing a German text: make messages-extract messages-update messages-compile."""
    assert context_problems(CATALOGUES, read_catalogue(TEMPLATE, "de")) == []


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_template_renders_as_valid_telegram_html(lang: Language, key: str) -> None:
    for form in TEXTS[lang][key].forms:
        assert form.strip(), "empty template"
    for text, form in zip(rendered(lang, key), TEXTS[lang][key].forms, strict=True):
        assert "{" not in text and "}" not in text
        if placeholders(form):
            assert "X1" in text
        check_telegram_html(text)
    # already-escaped user text stays valid
    for text in rendered(lang, key, "&lt;b&gt; &amp;"):
        check_telegram_html(text)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_plural_entries_choose_their_form_by_the_count(lang: Language) -> None:
    singular, plural = TEXTS[lang]["vote_abstain"].forms
    assert tn(lang, "vote_abstain", 1, count=1) == singular.format(count=1)
    for n in (0, 2, 7):
        assert tn(lang, "vote_abstain", n, count=n) == plural.format(count=n)
    assert tn("de", "vote_abstain", 1, count=1) == "1 Enthaltung"
    assert tn("de", "vote_abstain", 3, count=3) == "3 Enthaltungen"


def test_a_key_no_catalogue_has_is_an_error_not_the_key() -> None:
    with pytest.raises(KeyError):
        t("en", "no_such_key")
    with pytest.raises(KeyError):
        tn("en", "no_such_key", 2)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_help_and_usage_texts(lang: str) -> None:
    private_help = render_help(MAIN, lang, private=True).text  # type: ignore[arg-type]
    check_telegram_html(private_help)
    for section in HELP_SECTIONS:  # the help's details are in its sections now
        check_telegram_html(render_help(section, lang).text)  # type: ignore[arg-type]
    shown = visible_text(full_help(lang))  # type: ignore[arg-type]
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
    help_text = visible_text(full_help(lang))  # type: ignore[arg-type]  # some section
    for key in KEYS:
        if key.startswith("usage_"):
            command = t(lang, key).split()[0]  # type: ignore[arg-type]
            assert f"{command} " in help_text, f"{key}: {command} is not in the help"


# --- keys used in the code -------------------------------------------------------------------


def test_source_scan_finds_the_keys() -> None:
    used = keys_used_in_source()
    # a scan that finds nothing would make the next test pass vacuously
    assert len({use.key for use in used}) >= 150
    found = {(use.key, use.kind) for use in used}
    for expected in ("task_created", "due_label", "number_missing", "date_past", "usage_done"):
        assert expected in {use.key for use in used}
    assert ("vote_abstain", "tn") in found  # a tn() call
    assert ("min_title_running", "t") in found and ("min_title", "t") in found  # both branches
    assert ("recurrence_every_week", "any") in found  # a table of keys
    assert ("csv_kind_followup", "any") in found


def test_every_key_used_in_the_code_exists_and_is_read_the_right_way() -> None:
    assert usage_problems(keys_used_in_source(), CATALOGUES["de"]) == []


def test_computed_keys_have_entries() -> None:
    prefixes = key_prefixes_in_source()
    assert {"history_action_", "weekday_", "language_"} <= prefixes.keys()
    missing = {p: where for p, where in prefixes.items() if not any(k.startswith(p) for k in KEYS)}
    assert not missing


# --- the checks can say no --------------------------------------------------------------------

HEADER = """
msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"""
GOOD_DE = """
msgid "greeting"
msgstr "Hallo {name}"

msgid "votes"
msgid_plural "votes"
msgstr[0] "{count} Stimme"
msgstr[1] "{count} Stimmen"
"""
GOOD_EN = """
msgid "greeting"
msgstr "Hello {name}"

msgid "votes"
msgid_plural "votes"
msgstr[0] "{count} vote"
msgstr[1] "{count} votes"
"""


def catalogue(lang: str, body: str, header: str = HEADER) -> Catalog:
    return parse_po((header.format(lang=lang) + body).encode(), lang)


def problems_with_english(english: str) -> list[str]:
    return catalogue_problems({"de": catalogue("de", GOOD_DE), "en": catalogue("en", english)})


def test_checker_accepts_a_good_pair() -> None:
    assert problems_with_english(GOOD_EN) == []


@pytest.mark.parametrize(
    ("english", "complaint"),
    [
        (GOOD_EN.replace('msgstr "Hello {name}"', 'msgstr ""'), "greeting [en]: missing"),
        (GOOD_EN.split('msgid "votes"')[0], "votes [en]: missing"),
        (GOOD_EN.replace("{name}", "{nom}"), "greeting [en]: placeholders ['nom']"),
        (GOOD_EN.replace("{count} votes", "votes"), None),  # the union still has {count}
        (
            GOOD_EN.replace("{count} vote", "a vote").replace("{count} votes", "votes"),
            "votes [en]: placeholders []",
        ),
        (
            GOOD_EN.replace('msgstr[1] "{count} votes"', 'msgstr[1] ""'),
            "votes [en]: a plural form is empty",
        ),
        (GOOD_EN.replace('msgstr[1] "{count} votes"\n', ""), "votes [en]: a plural form is empty"),
        (GOOD_EN.replace('msgid "greeting"', '#, fuzzy\nmsgid "greeting"'), "greeting [en]: fuzzy"),
        (
            GOOD_EN.replace("Hello {name}", "Hello {name"),
            "greeting [en]: not a valid format string",
        ),
        (GOOD_EN + '\nmsgid "extra"\nmsgstr "x"\n', "extra [en]: not in the German catalogue"),
        (
            GOOD_EN.replace(
                'msgid_plural "votes"\nmsgstr[0] "{count} vote"\nmsgstr[1] "{count} votes"',
                'msgstr "{count} votes"',
            ),
            "votes [en]: plural in one language and not in the other",
        ),
    ],
)
def test_checker_refuses_a_bad_catalogue(english: str, complaint: str | None) -> None:
    found = problems_with_english(english)
    if complaint is None:
        assert found == []
    else:
        assert any(problem.startswith(complaint) for problem in found), found


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_catalogue_headers(lang: Language) -> None:
    assert header_problems(lang, po_path(lang).read_bytes()) == []


@pytest.mark.parametrize(
    ("header", "complaint"),
    [
        ("#, fuzzy" + HEADER, "fuzzy"),
        (HEADER.replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', ""), "Plural-Forms"),
        (HEADER.replace("nplurals=2; ", ""), "Plural-Forms"),
        (HEADER.replace("UTF-8", "latin-1"), "UTF-8"),
        (HEADER.replace("{lang}", "fr"), "Language fr"),
    ],
)
def test_checker_refuses_a_bad_header(header: str, complaint: str) -> None:
    assert header_problems("de", (HEADER.format(lang="de") + GOOD_DE).encode()) == []
    found = header_problems("de", (header.format(lang="de") + GOOD_DE).encode())
    assert any(complaint in problem for problem in found), found


def test_checker_refuses_a_stale_mo() -> None:
    english = catalogue("en", GOOD_EN)
    compiled = BytesIO()
    write_mo(compiled, english)
    assert compiled_problems("en", english, compiled.getvalue()) == []
    changed = catalogue("en", GOOD_EN.replace("Hello", "Hi"))
    assert compiled_problems("en", changed, compiled.getvalue())
    grown = catalogue("en", GOOD_EN + '\nmsgid "new"\nmsgstr "new"\n')
    assert compiled_problems("en", grown, compiled.getvalue())


def test_checker_refuses_stale_context_and_template() -> None:
    german = catalogue("de", GOOD_DE)
    assert context_problems({"de": german}, catalogue("de", GOOD_DE))  # no "#. de:" comments
    template = catalogue("de", "")
    assert any("not in" in p for p in context_problems({"de": german}, template))


def test_source_checks_refuse_unknown_and_misread_keys(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        "def f(lang, n, flag):\n"
        "    t(lang, 'greeting', name='x')\n"
        "    t(lang, 'votes')\n"
        "    tn(lang, 'greeting', n)\n"
        "    t(lang, 'unknown' if flag else 'greeting')\n"
        "    raise UserError('also_unknown')\n"
        "SOME_KEYS = {1: 'votes', 2: 'in_a_table'}\n",
        encoding="utf-8",
    )
    used = keys_used_in_source([source])
    found = usage_problems(used, catalogue("de", GOOD_DE))
    assert len(found) == 5, found
    assert any("'votes' is a plural entry" in p for p in found)
    assert any("'greeting' has no plural forms" in p for p in found)
    for key in ("unknown", "also_unknown", "in_a_table"):
        assert any(f"{key!r} is in no catalogue" in p for p in found)
