"""Secrets out of everything boardbot prints or logs.

The bot token is `<bot id>:<secret>`; the part after the colon alone is enough to use the bot,
so it is redacted on its own too (an error message may quote only a piece of a URL). The
webhook secret and the database password are redacted the same way. `load_settings` registers
them once; the log filter (`bot.logsetup`) and every place that prints a message to the
terminal (`boardbot check`, `boardbot db`, start-up errors) pass their text through `redact`.

A database URL shown to a person goes through `safe_database_url`: SQLAlchemy's
`hide_password=True` hides the password in the userinfo only, not one given as `?password=`.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO
from urllib.parse import quote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

TOKEN_LABEL = "[token]"
SECRET_LABEL = "[secret]"
PASSWORD_LABEL = "***"
# Shorter values would redact ordinary words (a password "a" would blank every "a").
MIN_SECRET_LENGTH = 4
PASSWORD_QUERY_KEYS = frozenset({"password", "passwd", "pwd", "sslpassword"})

_registered: dict[str, str] = {}


def token_parts(token: str) -> list[str]:
    """The token and its secret half (after the colon): both must never be shown."""
    parts = [token]
    _, colon, secret = token.partition(":")
    if colon and secret:
        parts.append(secret)
    return parts


def register_secret(value: str | None, label: str = SECRET_LABEL) -> None:
    """Redact `value` (and its URL-encoded form) from now on."""
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    for form in (value, quote(value, safe=""), quote(value)):
        _registered.setdefault(form, label)


def register_token(token: str) -> None:
    for part in token_parts(token):
        register_secret(part, TOKEN_LABEL)


def database_passwords(url: str) -> list[str]:
    """The passwords a database URL carries, in the userinfo or as a query parameter."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return []
    found = [str(parsed.password)] if parsed.password else []
    for key, value in parsed.query.items():
        if key.lower() in PASSWORD_QUERY_KEYS:
            found.extend([value] if isinstance(value, str) else list(value))
    return [password for password in found if password]


def register_database_url(url: str) -> None:
    for password in database_passwords(url):
        register_secret(password, PASSWORD_LABEL)


def forget_secrets() -> None:
    """For tests: start again with nothing registered."""
    _registered.clear()


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """`text` with every registered secret (and `extra` ones) replaced by a label."""
    secrets = dict(_registered)
    for value in extra:
        if value and len(value) >= MIN_SECRET_LENGTH:
            secrets.setdefault(value, SECRET_LABEL)
    # Longest first: the whole token before its secret half, so it reads `bot[token]/getMe`.
    for value in sorted(secrets, key=len, reverse=True):
        if value in text:
            text = text.replace(value, secrets[value])
    return text


def safe_database_url(url: str) -> str:
    """The database URL for messages: no password, neither in the userinfo nor the query."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(unreadable URL)"
    hidden = {
        key: PASSWORD_LABEL if key.lower() in PASSWORD_QUERY_KEYS else value
        for key, value in parsed.query.items()
    }
    shown = parsed.set(query=hidden).render_as_string(hide_password=True)
    # The query is percent-encoded when rendered: show the label as the userinfo one looks.
    return redact(shown.replace(quote(PASSWORD_LABEL, safe=""), PASSWORD_LABEL))


def print_redacted(text: str, *, file: TextIO | None = None) -> None:
    """`print` to stderr (or `file`) with the secrets taken out."""
    print(redact(text), file=file if file is not None else sys.stderr)


def _redacting_excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    # An unexpected crash still prints its traceback, only without the secrets in it.
    sys.stderr.write(redact("".join(traceback.format_exception(kind, value, tb))))


def install_excepthook() -> None:
    """Uncaught exceptions print their traceback redacted."""
    sys.excepthook = _redacting_excepthook
