"""Logging set-up: one line per event, and the bot token never reaches a log line.

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
    """Replaces the token in a record's formatted message with `[token]`."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A malformed format string must not make the logging call raise; log it as text.
            message = f"{record.msg} {record.args!r}"
            record.msg, record.args = message, None
        if self.token and self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), None
        if record.exc_info and self.token:
            text = logging.Formatter().formatException(record.exc_info)
            if self.token in text:
                record.exc_text = text.replace(self.token, "[token]")
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
    """Install the redacting filter on every root handler."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenRedactingFilter(token))
