"""Secrets never printed (issue 13, finding 4): the bot token and its secret half, the webhook
secret and the database password, in `boardbot check`, `boardbot db current`, start-up errors,
log lines and tracebacks; and TELEGRAM_API_BASE_URL without `/bot` is completed, not glued to
the token (httpx's "Invalid port: '8081<token>'" error used to print it)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import redaction
from bot.cli.command import main
from bot.logsetup import configure_logging, redact_token
from bot.redaction import redact, safe_database_url
from tests.unit.test_cli import OUR_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987654321:AAH-secret_Half-of-the-token-xyz"
SECRET_HALF = TOKEN.split(":", 1)[1]
PASSWORD = "hunter2-Pa55word"
# nothing listens on port 1: the database cannot be opened
PG_QUERY_PASSWORD = f"postgresql://boardbot@127.0.0.1:1/boardbot?password={PASSWORD}"
PG_USERINFO_PASSWORD = f"postgresql://boardbot:{PASSWORD}@127.0.0.1:1/boardbot"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in OUR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    root = logging.getLogger()
    handlers, level, hook = root.handlers[:], root.level, sys.excepthook
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook = hook
    redaction.forget_secrets()


def assert_no_secret(text: str) -> None:
    for secret in (TOKEN, SECRET_HALF, PASSWORD):
        assert secret not in text, text


@pytest.mark.parametrize("base", ["http://127.0.0.1:9", "http://127.0.0.1:9/"])
def test_check_with_a_base_url_without_bot_prints_no_token(
    base: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", base)  # a local Bot API server, as often given
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert_no_secret(captured.out + captured.err)
    assert "Invalid port" not in captured.out
    # /bot was added, so the request went to the right place (where nothing listens)
    assert "FAIL  Telegram: Cannot reach the Telegram Bot API at http://127.0.0.1:9/bot" in (
        captured.out
    )


@pytest.mark.parametrize(
    "base", ["localhost:8081", "http://localhost:80x1/bot", "ftp://example.org/bot", "https://"]
)
def test_a_base_url_that_cannot_be_one_is_refused_in_one_line(
    base: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", base)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL  configuration: TELEGRAM_API_BASE_URL is invalid")
    assert "https://api.telegram.org/bot" in out  # the example of a good one
    assert_no_secret(out)


def test_a_token_pasted_into_the_base_url_is_not_repeated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", f"http://localhost:8081{TOKEN}")
    assert main(["check"]) == 1
    assert_no_secret(capsys.readouterr().out)


@pytest.mark.parametrize("url", [PG_QUERY_PASSWORD, PG_USERINFO_PASSWORD])
def test_db_current_and_check_print_no_database_password(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "current"]) == 3
    captured = capsys.readouterr()
    assert "Cannot open the database" in captured.err and "127.0.0.1:1" in captured.err
    assert_no_secret(captured.out + captured.err)

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert "database postgresql+psycopg://boardbot" in captured.out
    assert_no_secret(captured.out + captured.err)


def test_the_safe_database_url_hides_both_kinds_of_password() -> None:
    shown = safe_database_url(f"postgresql://u:{PASSWORD}@db/x?password={PASSWORD}&sslmode=on")
    assert shown == "postgresql://u:***@db/x?password=***&sslmode=on"


def test_a_start_up_error_prints_no_database_password(tmp_path: Path) -> None:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9",
        "DATABASE_URL": PG_QUERY_PASSWORD,
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr
    assert_no_secret(result.stdout + result.stderr)


def test_the_secret_half_alone_is_redacted_in_logs_and_tracebacks() -> None:
    configure_logging()
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)  # type: ignore[attr-defined]
    redact_token(TOKEN)
    log = logging.getLogger("test.redaction")
    log.warning("Invalid port: '8081%s'", SECRET_HALF)
    try:
        raise ValueError(f"url /bot{TOKEN}/getMe and {SECRET_HALF}")
    except ValueError:
        log.exception("failed")
    text = stream.getvalue()
    assert "Invalid port: '8081[token]'" in text
    assert "url /bot[token]/getMe and [token]" in text
    assert_no_secret(text)


def test_an_uncaught_exception_prints_a_redacted_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    redaction.register_token(TOKEN)
    redaction.install_excepthook()
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    try:
        raise RuntimeError(f"boom {TOKEN}")
    except RuntimeError as error:
        sys.excepthook(RuntimeError, error, error.__traceback__)
    assert "RuntimeError: boom [token]" in stderr.getvalue()
    assert_no_secret(stderr.getvalue())


def test_short_values_are_not_taken_for_secrets() -> None:
    redaction.register_secret("a")
    redaction.register_database_url("postgresql://u:p@db/x")
    assert redact("a password p") == "a password p"
    redaction.register_token("1:abcdef")
    assert redact("1:abcdef and abcdef") == "[token] and [token]"
