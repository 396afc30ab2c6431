"""Dependencies (issue 13, finding 14): raised floors, a constraints file that `make run` and
`make test` install with, and `make audit`, which never fails for being offline."""

from __future__ import annotations

import http.server
import importlib.util
import json
import re
import sys
import threading
import tomllib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def load_audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


audit = load_audit()


def requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    found += [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    return {r.name.lower(): r for r in found}


def pins() -> dict[str, Version]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, pinned = line.split("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = Version(pinned)
    return found


def test_the_floors_exclude_the_vulnerable_tornado_and_old_ptb() -> None:
    wanted = requirements()
    assert not wanted["tornado"].specifier.contains("6.4.2")
    assert wanted["tornado"].specifier.contains("6.5")
    assert not wanted["python-telegram-bot"].specifier.contains("22.0")
    assert wanted["python-telegram-bot"].specifier.contains("22.8")
    assert Version(version("tornado")) >= Version("6.5")


def test_constraints_pin_every_requirement_within_its_bounds() -> None:
    pinned = pins()
    for name, requirement in requirements().items():
        assert name in pinned, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name])
    assert pinned["tornado"] >= Version("6.5")


def test_make_run_and_test_install_with_the_constraints_and_test_audits() -> None:
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line and "-e" in line]
    assert len(installs) == 2 and all("-c $(CONSTRAINTS)" in line for line in installs)
    assert "CONSTRAINTS = constraints.txt" in makefile
    [test_target] = [line for line in makefile.splitlines() if line.startswith("test:")]
    assert "audit" in test_target.split()


# --- make audit ------------------------------------------------------------------------------


class Answers(http.server.BaseHTTPRequestHandler):
    """A stand-in for PyPI's JSON API: `/ok` has vulnerability data, anything else is 404."""

    def do_GET(self) -> None:
        if self.path == "/ok":
            body = json.dumps({"info": {}, "vulnerabilities": [{"id": "PYSEC-1"}]}).encode()
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_pypi() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_offline_the_audit_is_skipped_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert audit.main(["--probe-url", "http://127.0.0.1:9/pypi/tornado/6.4.1/json"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("audit skipped: the vulnerability database") and out.count("\n") == 1


def test_a_mirror_without_vulnerability_data_counts_as_offline(
    fake_pypi: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert audit.main(["--probe-url", f"{fake_pypi}/missing"]) == 0
    assert "audit skipped" in capsys.readouterr().out
    assert audit.database_answers(f"{fake_pypi}/ok", 5)


def python_printing(text: str, code: int, sleep: float = 0) -> list[str]:
    script = f"import time, sys; time.sleep({sleep}); print({text!r}); sys.exit({code})"
    return [sys.executable, "-c", script]


def test_found_vulnerabilities_fail(capsys: pytest.CaptureFixture[str]) -> None:
    report = "tornado 6.4.1 PYSEC-2024-xyz 6.4.2\nFound 1 known vulnerability in 1 package"
    assert audit.run_audit(python_printing(report, 1), 30, 10) == 1
    assert "PYSEC-2024-xyz" in capsys.readouterr().out


def test_a_clean_audit_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert audit.run_audit(python_printing("No known vulnerabilities found", 0), 30, 10) == 0
    assert "No known vulnerabilities found" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (python_printing("never", 0, sleep=10), "did not finish within"),
        (python_printing("requests ConnectionError: Max retries exceeded", 1), "stopped answering"),
        (
            python_printing("a  Dependency not found on PyPI and could not be audited\n" * 3, 0),
            "answered for none",
        ),
    ],
)
def test_network_trouble_during_the_audit_skips(
    command: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert audit.run_audit(command, 1.5, 3) == 0
    assert reason in capsys.readouterr().out
