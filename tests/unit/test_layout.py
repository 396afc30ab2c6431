"""The layering rules of the package layout (README, "Layout"), read from the source with `ast`.

- `storage` is the bottom floor: it imports nothing from `bot` or `handlers`.
- `bot.language` and `bot.render` are pure: no `telegram`, no `storage`, no `handlers`.
- A handler area imports no other handler area; `handlers.common` is what they share.
- Nothing below the wiring imports the wiring's entry points (`bot.application`, `bot.run`).

Every import counts, also those inside functions and under `TYPE_CHECKING`: a layer that only
names another layer's types still depends on it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module `path` imports, absolute, with the line it is imported on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = (package or module_name(path)).split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:  # `from bot import dates` imports bot.dates
                yield node.lineno, f"{base}.{alias.name}"


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def handler_area(name: str) -> str | None:
    """`handlers.tasks` → "tasks"; `handlers.common.x` and `handlers` itself → None."""
    parts = name.split(".")
    if parts[0] != "handlers" or len(parts) < 2 or parts[1] == "common":
        return None
    return parts[1]


def violations(path: Path) -> list[str]:
    me = module_name(path)
    found = []
    for line, target in imported_modules(path):
        if within(me, "storage") and within(target, "bot", "handlers"):
            found.append(f"{me}:{line} imports {target} (storage imports neither bot nor handlers)")
        if within(me, "bot.language", "bot.render") and within(
            target, "telegram", "storage", "handlers", "bot.reminders", "bot.cli", "bot.console"
        ):
            found.append(f"{me}:{line} imports {target} (language and render are pure)")
        if within(me, "bot.language") and within(target, "bot.render"):
            found.append(f"{me}:{line} imports {target} (reading never depends on writing)")
        if within(me, "bot.reminders", "bot.i18n") and within(target, "handlers"):
            found.append(f"{me}:{line} imports {target} (handlers sit above the reminders)")
        mine, theirs = handler_area(me), handler_area(target)
        if mine is not None and theirs is not None and mine != theirs:
            found.append(f"{me}:{line} imports {target} (handler areas share only via common)")
        if within(me, "handlers.common") and theirs is not None:
            found.append(f"{me}:{line} imports {target} (common must not depend on an area)")
        if within(
            me, "storage", "handlers", "bot.language", "bot.render", "bot.reminders"
        ) and within(target, "bot.application", "bot.run", "bot.worker", "bot.cli", "bot.console"):
            found.append(f"{me}:{line} imports {target} (only the wiring imports the wiring)")
    return found


def test_the_source_tree_is_found() -> None:
    names = {module_name(path) for path in source_modules()}
    assert {"storage.models", "bot.application", "handlers.common.context"} <= names
    assert {"bot.language.dates", "bot.render.tasks", "bot.reminders.dispatcher"} <= names


@pytest.mark.parametrize("path", source_modules(), ids=module_name)
def test_module_keeps_the_layering_rules(path: Path) -> None:
    assert violations(path) == []


@pytest.mark.parametrize(
    "package", [p for p in source_modules() if p.name == "__init__.py"], ids=module_name
)
def test_every_package_says_what_lives_there(package: Path) -> None:
    docstring = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 40, f"{module_name(package)} needs a docstring"


@pytest.mark.parametrize("path", source_modules(), ids=module_name)
def test_every_module_says_what_it_is(path: Path) -> None:
    if path.name == "__init__.py":
        return
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), module_name(path)


def test_the_checker_catches_a_violation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule test itself can fail: a storage module that imports bot is reported."""
    fake_root = tmp_path
    (fake_root / "storage").mkdir()
    bad = fake_root / "storage" / "bad.py"
    bad.write_text('"""Bad."""\nfrom bot.reminders.schedule import next_occurrence\n')
    (fake_root / "handlers").mkdir()
    cross = fake_root / "handlers" / "tasks.py"
    cross.write_text('"""Bad."""\nimport handlers.decisions\n')
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake_root)
    assert any("storage imports neither" in v for v in violations(bad))
    assert any("share only via common" in v for v in violations(cross))
