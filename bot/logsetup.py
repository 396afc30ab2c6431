"""Logging set-up: one line per event, and the bot token never reaches a log line.

httpx logs every request URL at INFO and the URL contains the token, so httpx is raised to
WARNING; the redacting filter is the second line of defence for anything else (tracebacks).
"""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def redact_token(token: str) -> None:
    """Install the redacting filter on every root handler."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenRedactingFilter(token))
