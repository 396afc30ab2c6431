"""bot/logsetup.py: the bot token never reaches the log output."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logsetup import configure_logging, redact_token

TOKEN = "123456789:AAH-secret_TokenValue"
NOISY = ("httpx", "httpcore", "apscheduler")


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """configure_logging() + redact_token(), with the configured root handler writing here."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_noisy = {name: logging.getLogger(name).level for name in NOISY}
    configure_logging()
    stream = io.StringIO()
    handlers = logging.getLogger().handlers
    assert len(handlers) == 1 and isinstance(handlers[0], logging.StreamHandler)
    handlers[0].setStream(stream)
    redact_token(TOKEN)
    try:
        yield stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_noisy.items():
            logging.getLogger(name).setLevel(level)


def fail_with_token() -> None:
    raise RuntimeError(f"Client error '404 Not Found' for url 'https://api/bot{TOKEN}/getMe'")


def test_token_in_the_message(log_output: io.StringIO) -> None:
    logging.getLogger("bot").warning(f"calling https://api.telegram.org/bot{TOKEN}/getMe")
    text = log_output.getvalue()
    assert "https://api.telegram.org/bot[token]/getMe" in text
    assert TOKEN not in text


def test_token_in_the_arguments(log_output: io.StringIO) -> None:
    logging.getLogger("telegram.ext").info("url %s, again %r", f"x/bot{TOKEN}/y", TOKEN)
    text = log_output.getvalue()
    assert "url x/bot[token]/y" in text
    assert TOKEN not in text


def test_token_in_a_traceback(log_output: io.StringIO) -> None:
    try:
        fail_with_token()
    except RuntimeError:
        logging.getLogger("bot").exception("request failed")
    text = log_output.getvalue()
    assert "Traceback (most recent call last)" in text
    assert "request failed" in text and "RuntimeError" in text
    assert "bot[token]/getMe" in text
    assert TOKEN not in text


def test_token_in_a_chained_traceback_passed_as_exc_info(log_output: io.StringIO) -> None:
    try:
        try:
            fail_with_token()
        except RuntimeError as error:
            raise ConnectionError("network down") from error
    except ConnectionError as error:
        logging.getLogger("telegram.ext").error("retry loop: %s", error, exc_info=error)
    text = log_output.getvalue()
    assert "network down" in text and "bot[token]/getMe" in text
    assert TOKEN not in text


def test_harmless_lines_are_unchanged(log_output: io.StringIO) -> None:
    logging.getLogger("bot").info("boardbot starting (database %s)", "sqlite")
    line = log_output.getvalue().strip()
    assert line.endswith("INFO bot: boardbot starting (database sqlite)")


def test_a_broken_log_call_does_not_raise(log_output: io.StringIO) -> None:
    logging.getLogger("bot").info("%d tasks for %s", "many", TOKEN)  # wrong argument type
    text = log_output.getvalue()
    assert "tasks for" in text
    assert TOKEN not in text


def test_noisy_loggers_are_raised_to_warning(log_output: io.StringIO) -> None:
    assert logging.getLogger().level == logging.INFO
    for name in NOISY:
        assert logging.getLogger(name).level == logging.WARNING
    logging.getLogger("httpx").info(f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/x")
    assert log_output.getvalue() == ""
