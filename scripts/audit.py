"""`make audit` (run by `make test`): pip-audit over the pinned dependencies in constraints.txt.

pip-audit asks a vulnerability database on the network (by default PyPI's JSON API, one request
per pinned version). A machine or CI run that cannot reach it must not fail for that: the audit
is then skipped with one line saying why. "Reachable" is tested with the request pip-audit makes,
for a version with known vulnerabilities (a mirror or proxy may serve package pages but not
these, and pip-audit would then report every package as "not found" and call that clean). It is
time-boxed for the same reason (a half-open network makes requests hang). Found vulnerabilities
do fail: exit code 1 with pip-audit's report.

    python scripts/audit.py [--constraints constraints.txt] [--timeout 180]

Exit codes: 0 no known vulnerabilities, or skipped (offline, timed out); 1 vulnerabilities found
or pip-audit failed for another reason.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence

# What pip-audit's default service asks, for a release with known vulnerabilities.
PROBE_URL = "https://pypi.org/pypi/tornado/6.4.1/json"
NOT_AUDITED = "could not be audited"
PROBE_SECONDS = 10.0
AUDIT_SECONDS = 180.0
# What pip-audit (requests, urllib3) prints when the database cannot be reached mid-run.
OFFLINE_MARKERS = (
    "ConnectionError",
    "Max retries exceeded",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Read timed out",
    "Connection refused",
    "Network is unreachable",
)


def skip(reason: str) -> int:
    print(f"audit skipped: {reason}; run `make audit` again where it is reachable.")
    return 0


def database_answers(url: str, timeout: float) -> bool:
    """Whether `url` answers with PyPI's vulnerability data (a `vulnerabilities` list)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            data = json.loads(answer.read())
    except (OSError, ValueError):  # URLError, HTTPError, timeouts, not JSON
        return False
    return isinstance(data, dict) and isinstance(data.get("vulnerabilities"), list)


def pinned_count(constraints: str) -> int:
    with open(constraints, encoding="utf-8") as lines:
        return sum(1 for line in lines if "==" in line and not line.lstrip().startswith("#"))


def audit_command(constraints: str) -> list[str]:
    # --no-deps --disable-pip: audit exactly the pinned versions, without installing them.
    return [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        constraints,
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
    ]


def run_audit(command: Sequence[str], timeout: float, pinned: int) -> int:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return skip(f"pip-audit did not finish within {timeout:.0f} s (a slow or blocked network)")
    except FileNotFoundError:
        print("audit failed: pip-audit is not installed (pip install -e '.[dev]')")
        return 1
    output = result.stdout + result.stderr
    if result.returncode != 0 and any(marker in output for marker in OFFLINE_MARKERS):
        return skip("the vulnerability database stopped answering during the audit")
    if pinned and output.count(NOT_AUDITED) >= pinned:
        return skip("the vulnerability database answered for none of the pinned packages")
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--constraints", default="constraints.txt")
    parser.add_argument("--timeout", type=float, default=AUDIT_SECONDS)
    parser.add_argument("--probe-url", default=PROBE_URL)
    args = parser.parse_args(argv)
    if not database_answers(args.probe_url, PROBE_SECONDS):
        return skip(f"the vulnerability database ({args.probe_url}) is not reachable")
    pinned = pinned_count(args.constraints)
    return run_audit(audit_command(args.constraints), args.timeout, pinned)


if __name__ == "__main__":
    sys.exit(main())
