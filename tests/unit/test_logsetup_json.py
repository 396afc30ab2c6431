"""LOG_FORMAT=json: one JSON object per line (ts, level, logger, msg, exc), token redacted."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logsetup import configure_logging, redact_token

TOKEN = "123456789:AAH-secret_TokenValue"


@pytest.fixture
def json_output(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    monkeypatch.setenv("LOG_FORMAT", "json")
    configure_logging()
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    redact_token(TOKEN)
    try:
        yield stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


def events(stream: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_object_per_event(json_output: io.StringIO) -> None:
    logging.getLogger("bot").info("connected as @%s", "boardbot")
    logging.getLogger("bot.worker").warning('a "quoted"\nsecond line')
    first, second = events(json_output)
    assert first["level"] == "INFO" and first["logger"] == "bot"
    assert first["msg"] == "connected as @boardbot"
    assert first["ts"].endswith("+00:00") and "T" in first["ts"]
    assert second["msg"] == 'a "quoted"\nsecond line'  # still one line of output


def test_the_token_is_redacted_in_message_and_traceback(json_output: io.StringIO) -> None:
    try:
        raise RuntimeError(f"failed: https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        logging.getLogger("telegram.ext").exception("url %s", f"bot{TOKEN}/x")
    (event,) = events(json_output)
    assert event["msg"] == "url bot[token]/x"
    assert "Traceback (most recent call last)" in event["exc"]
    assert "bot[token]/getMe" in event["exc"]
    assert TOKEN not in json_output.getvalue()


def test_text_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    try:
        configure_logging()
        assert type(root.handlers[0].formatter) is logging.Formatter
        configure_logging(log_format="json")
        assert type(root.handlers[0].formatter).__name__ == "JsonFormatter"
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
