"""The `pybabel extract` methods for our monolingual catalogues (see `babel.cfg`).

`extract_python_keys` finds the keys the code passes to `t()` and `tn()`. Babel's own Python
extractor cannot be used: it reads `t(lang, "a" if x else "b")` as the one msgid "ab". Here
both branches count, and an expression that is not a literal key is skipped.

`extract_german_catalogue` reads the German catalogue, the source of every text. The msgids are
keys, so the template cannot come from the code alone: keys built at run time
(`f"history_action_{action}"`) or kept in tables would be missing from it, and `pybabel update`
would retire them in every language. It yields every German entry, singular or plural, with
its German text as the extracted comment (`#. de: …`) translators see in every catalogue. A key
the code asks for but no catalogue has yet becomes an empty entry in every language, which the
catalogue test then reports.

Option in the mapping file: `plural_keyword` (default `tn`), the function whose keyword spec
reads a plural key (`-k tn:2,2`, the key named as singular and plural msgid).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO

from babel.messages.pofile import read_po

GERMAN = "de"

# (line number, function name, messages, comments), as Babel's extractors yield them.
Extracted = tuple[int, str | None, str | tuple[str | None, ...], list[str]]


def literal_keys(node: ast.AST) -> list[str]:
    """The keys an expression can be: "a", or both branches of `"a" if x else "b"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literal_keys(node.body) + literal_keys(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [key for operand in node.values for key in literal_keys(operand)]
    return []


def called_name(call: ast.Call) -> str:
    """`t` for `t(...)` and for `i18n.t(...)`."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def translation_calls(tree: ast.AST, names: Collection[str]) -> Iterator[tuple[int, str, str]]:
    """(line, function, key) for every call of `names` whose key (argument 2) is literal."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node) in names and len(node.args) >= 2:
            for key in literal_keys(node.args[1]):
                yield node.lineno, called_name(node), key


def extract_python_keys(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, str],
) -> Iterator[Extracted]:
    """The literal keys passed to the keyword functions, as Babel's `extract` expects them."""
    tree = ast.parse(fileobj.read())
    for lineno, name, key in sorted(translation_calls(tree, keywords)):
        # argument 2 is the key: `-k t:2` reads it once, `-k tn:2,2` as singular and plural
        yield lineno, name, (None, key), []


def german_context(forms: list[str]) -> list[str]:
    """The German text as comment lines: `de: …`, or `de[0]: …`, `de[1]: …` for plurals."""
    lines: list[str] = []
    for index, form in enumerate(forms):
        label = GERMAN if len(forms) == 1 else f"{GERMAN}[{index}]"
        first, *rest = form.split("\n")
        lines += [f"{label}: {first}", *rest]
    return lines


def extract_german_catalogue(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, str],
) -> Iterator[Extracted]:
    """Every entry of the German catalogue `fileobj` as Babel's `extract` expects it."""
    plural_keyword = options.get("plural_keyword", "tn")
    for message in read_po(fileobj, locale=GERMAN):
        if not message.id:  # the header
            continue
        lineno = message.lineno or 0
        if message.pluralizable:
            key = str(message.id[0])
            forms = [str(form) for form in message.string or ()]
            # the plural keyword's spec names the key twice (singular and plural msgid)
            yield lineno, plural_keyword, (key, key), german_context(forms)
        else:
            yield lineno, None, str(message.id), german_context([str(message.string)])
