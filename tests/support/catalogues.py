"""Checks of the gettext catalogues (bot/locale) and of the keys the code asks them for.

Each check returns a list of problems, one readable line each, so a test can show all of them
and the checks themselves can be tested on bad catalogues. A catalogue is read with Babel;
`Entry` is one key's texts: one form, or one per plural form of the language.
"""

from __future__ import annotations

import ast
import gettext
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, FALLBACK_LANGUAGE, catalogue_file
from bot.i18n_extract import called_name, german_context, literal_keys, translation_calls

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "bot" / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"


@dataclass(frozen=True)
class Entry:
    forms: tuple[str, ...]
    plural: bool
    fuzzy: bool = False


@dataclass(frozen=True)
class KeyUse:
    """A key found in the source: `kind` is "t", "tn" or "any" (a table or a key parameter)."""

    key: str
    kind: str
    where: str


def po_path(lang: str) -> Path:
    return ROOT / "bot" / catalogue_file(lang, ".po")


def catalogue_languages() -> list[str]:
    return sorted(path.parent.parent.name for path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def parse_po(text: bytes, lang: str) -> Catalog:
    return read_po(BytesIO(text), locale=lang, domain=DOMAIN)


def read_catalogue(path: Path, lang: str) -> Catalog:
    return parse_po(path.read_bytes(), lang)


def entries(catalogue: Catalog) -> dict[str, Entry]:
    found = {}
    for message in catalogue:
        if not message.id:
            continue
        if message.pluralizable:
            key, forms = str(message.id[0]), tuple(str(form) for form in message.string)
        else:
            key, forms = str(message.id), (str(message.string),)
        found[key] = Entry(forms, message.pluralizable, message.fuzzy)
    return found


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def entry_placeholders(entry: Entry) -> set[str]:
    return set().union(*(placeholders(form) for form in entry.forms))


# --- the catalogues ----------------------------------------------------------------------------


def po_header(text: bytes) -> dict[str, str]:
    """The header entry's fields as written in the file (Babel's reader fills in missing ones)."""
    match = re.search(rb'^msgid ""\nmsgstr ((?:".*"\n)+)', text, re.MULTILINE)
    if match is None:
        return {}
    lines = match.group(1).decode("utf-8").splitlines()
    fields = "".join(ast.literal_eval(line) for line in lines)
    return dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition(":") for line in fields.splitlines())
    )


def header_problems(lang: str, text: bytes) -> list[str]:
    """The header a translation tool needs: language, plural forms, UTF-8; not fuzzy."""
    header, problems = po_header(text), []
    if header.get("Language") != lang:
        problems.append(f"{lang}: header says Language {header.get('Language')}")
    if not re.fullmatch(r"nplurals=\d+; ?plural=.+;?", header.get("Plural-Forms", "")):
        problems.append(f"{lang}: header has no valid Plural-Forms")
    if "charset=utf-8" not in header.get("Content-Type", "").lower():
        problems.append(f"{lang}: header does not say charset=UTF-8")
    if parse_po(text, lang).fuzzy:
        problems.append(f"{lang}: the header is fuzzy, pybabel compile would skip the catalogue")
    return problems


def template_problems(key: str, lang: str, entry: Entry) -> list[str]:
    problems = []
    for form in entry.forms:
        try:
            placeholders(form)
        except ValueError as error:
            problems.append(f"{key} [{lang}]: not a valid format string ({error})")
    return problems


def entry_problems(key: str, lang: str, entry: Entry, base: Entry, nplurals: int) -> list[str]:
    """What is wrong with one language's entry, compared with the German one."""
    if entry.plural != base.plural:
        return [f"{key} [{lang}]: plural in one language and not in the other"]
    problems = template_problems(key, lang, entry)
    if entry.fuzzy:
        problems.append(f"{key} [{lang}]: fuzzy, so it is not compiled")
    if entry.plural and len(entry.forms) != nplurals:
        count = len(entry.forms)
        problems.append(f"{key} [{lang}]: {count} plural forms, the language has {nplurals}")
    if entry.plural and not all(entry.forms):
        problems.append(f"{key} [{lang}]: a plural form is empty")
    elif not any(entry.forms):
        problems.append(f"{key} [{lang}]: missing (empty)")
    if not problems and entry_placeholders(entry) != entry_placeholders(base):
        problems.append(
            f"{key} [{lang}]: placeholders {sorted(entry_placeholders(entry))}, "
            f"German has {sorted(entry_placeholders(base))}"
        )
    return problems


def catalogue_problems(catalogues: Mapping[str, Catalog]) -> list[str]:
    """Every language has every key, with the German placeholders and all its plural forms."""
    problems = []
    texts = {lang: entries(catalogue) for lang, catalogue in catalogues.items()}
    base = texts[FALLBACK_LANGUAGE]
    for lang, catalogue in catalogues.items():
        for key in sorted(texts[lang].keys() - base.keys()):
            problems.append(f"{key} [{lang}]: not in the German catalogue")
        for key, german in base.items():
            entry = texts[lang].get(key)
            if entry is None:
                problems.append(f"{key} [{lang}]: missing")
            else:
                problems += entry_problems(key, lang, entry, german, catalogue.num_plurals)
    return problems


def context_problems(catalogues: Mapping[str, Catalog], template: Catalog) -> list[str]:
    """The template lists every German key, and every entry shows the current German text."""
    base = entries(catalogues[FALLBACK_LANGUAGE])
    problems = [
        f"{key}: not in {TEMPLATE.name}" for key in sorted(base.keys() - entries(template).keys())
    ]
    for lang, catalogue in catalogues.items():
        for message in catalogue:
            key = str(message.id[0] if message.pluralizable else message.id)
            if not key or key not in base:
                continue
            expected = german_context(list(base[key].forms))
            if _words(message.auto_comments) != _words(expected):
                problems.append(f"{key} [{lang}]: the German context is not the current text")
    return problems


def _words(lines: Iterable[str]) -> list[str]:
    """Comment text without its wrapping: Babel re-wraps long comment lines."""
    return " ".join(lines).split()


def _compiled_texts(mo: bytes) -> dict[object, str]:
    texts = dict(gettext.GNUTranslations(BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    texts.pop("", None)  # the header: dates and the Babel version, not texts
    return texts


def compiled_problems(lang: str, po: Catalog, mo: bytes) -> list[str]:
    """The shipped .mo says what compiling the .po now would say."""
    fresh = BytesIO()
    write_mo(fresh, po)
    expected, shipped = _compiled_texts(fresh.getvalue()), _compiled_texts(mo)
    differing = sorted(
        str(key)
        for key in expected.keys() | shipped.keys()
        if expected.get(key) != shipped.get(key)
    )
    if not differing:
        return []
    return [f"{lang}: the .mo does not match the .po ({differing[:5]}): run make messages-compile"]


# --- the keys the code uses -------------------------------------------------------------------


def source_files(root: Path = ROOT) -> list[Path]:
    """The code that replies (storage has no texts)."""
    return sorted(
        path for package in ("bot", "handlers") for path in (root / package).rglob("*.py")
    )


def _key_parameters(trees: Iterable[ast.Module]) -> dict[str, list[int]]:
    """Functions defined in our sources with parameters named `key` or `…_key`, by position."""
    found: dict[str, list[int]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                positions = [i for i, name in enumerate(names) if name.endswith("key")]
                if positions and node.name not in ("t", "tn"):
                    found[node.name] = positions
    return found


def _table_values(node: ast.AST) -> list[ast.expr]:
    """The values of a `…_KEYS` table: a dict's values, a tuple's or list's items."""
    if isinstance(node, ast.Dict):
        return list(node.values)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return list(node.elts)
    return []


def _target_names(node: ast.Assign | ast.AnnAssign) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _other_key_expressions(
    tree: ast.Module, key_parameters: Mapping[str, list[int]]
) -> Iterator[ast.expr]:
    """Keys passed to UserError or a `…key` parameter, assigned to `…key`, or in a `…_KEYS`
    table (a dict's values, a sequence's items)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name == "UserError" and node.args:
                yield node.args[0]
            for position in key_parameters.get(name, []):
                if position < len(node.args):
                    yield node.args[position]
            yield from (kw.value for kw in node.keywords if (kw.arg or "").endswith("_key"))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            names = _target_names(node)
            if any(name == "key" or name.endswith("_key") for name in names):
                yield node.value
            if any(name.endswith("_KEYS") for name in names):
                yield from _table_values(node.value)


def keys_used_in_source(paths: Iterable[Path] | None = None) -> list[KeyUse]:
    """Every literal message key in the code, with how it is read and where."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths or source_files()}
    key_parameters = _key_parameters(trees.values())
    used = []
    for path, tree in trees.items():
        where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        for line, name, key in translation_calls(tree, ("t", "tn")):
            used.append(KeyUse(key, name, f"{where}:{line}"))
        for expression in _other_key_expressions(tree, key_parameters):
            for key in literal_keys(expression):
                used.append(KeyUse(key, "any", f"{where}:{expression.lineno}"))
    return used


def key_prefixes_in_source(paths: Iterable[Path] | None = None) -> dict[str, str]:
    """Computed keys, `t(lang, f"weekday_{n}")` or `"history_field_" + name`: prefix → where."""
    found = {}
    for path in paths or source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and len(node.args) >= 2):
                continue
            name, key = called_name(node), node.args[1]
            head = key.values[0] if isinstance(key, ast.JoinedStr) and key.values else None
            if isinstance(key, ast.BinOp) and isinstance(key.op, ast.Add):
                head = key.left
            if name in ("t", "tn") and isinstance(head, ast.Constant):
                found[str(head.value)] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def usage_problems(used: Iterable[KeyUse], catalogue: Catalog) -> list[str]:
    """Every key the code uses exists, read by t() when singular and by tn() when plural."""
    known = entries(catalogue)
    problems = []
    for use in used:
        entry = known.get(use.key)
        if entry is None:
            problems.append(f"{use.where}: {use.key!r} is in no catalogue")
        elif use.kind == "t" and entry.plural:
            problems.append(f"{use.where}: {use.key!r} is a plural entry, read it with tn()")
        elif use.kind == "tn" and not entry.plural:
            problems.append(f"{use.where}: {use.key!r} has no plural forms, read it with t()")
    return problems
