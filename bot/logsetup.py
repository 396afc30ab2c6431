"""Logging set-up: one line per event, and no secret (the bot token, its secret half, the
webhook secret, the database password) reaches a log line.

httpx logs every request URL at INFO and the URL contains the token, so httpx is raised to
WARNING; the redacting filter is the second line of defence for anything else (tracebacks).

`LOG_FORMAT=json` writes one JSON object per line (ts, level, logger, msg, and exc with the
traceback), for journald or a log collector; the default is one line of text per event.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

from bot.redaction import redact, register_secret, register_token

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record; a traceback is a field, so every event stays one line."""

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            # exc_text is set (redacted) by TokenRedactingFilter when the token was in it.
            event["exc"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


class TokenRedactingFilter(logging.Filter):
    """Replaces the token, its secret half and every other registered secret
    (`bot.redaction`) in a record's message and traceback with a label such as `[token]`."""

    def __init__(self, token: str = "") -> None:
        super().__init__()
        if token:
            register_token(token)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A malformed format string must not make the logging call raise; log it as text.
            message = f"{record.msg} {record.args!r}"
            record.msg, record.args = message, None
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            redacted = redact(text)
            if redacted != text:
                record.exc_text = redacted
        return True


def configure_logging(level: int = logging.INFO, log_format: str | None = None) -> None:
    """Log to stderr; `log_format` is "text" or "json" (default: the LOG_FORMAT variable)."""
    chosen = log_format or os.environ.get("LOG_FORMAT", "text")
    handler = logging.StreamHandler(sys.stderr)
    is_json = chosen.strip().lower() == "json"
    handler.setFormatter(JsonFormatter() if is_json else logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def redact_token(token: str) -> None:
    """Redact `token` (and its secret half) from now on; installs the redacting filter on
    every root handler that has none yet."""
    register_token(token)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenRedactingFilter) for f in handler.filters):
            handler.addFilter(TokenRedactingFilter())


def redact_secret(secret: str) -> None:
    """Redact another secret (the webhook secret) the same way, labelled `[secret]`."""
    register_secret(secret)
    redact_token("")
