"""The webhook's secret check in constant time.

python-telegram-bot's webhook server (`telegram.ext._utils.webhookhandler`) compares the
`X-Telegram-Bot-Api-Secret-Token` header with `!=`, which stops at the first wrong character:
timing the 403s would let someone who can reach the port guess the secret character by
character. PTB offers no hook for the check, so `use_constant_time_secret_check` replaces its
request handler class with a subclass whose check uses `hmac.compare_digest`; everything else
(content type, parsing, queueing the update) stays PTB's. The replacement is checked at start-up:
if a PTB release renames the class, the bot refuses to serve webhooks instead of silently
falling back to the old comparison.
"""

from __future__ import annotations

import hmac
from http import HTTPStatus

import tornado.web
from telegram.ext._utils import webhookhandler

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ConstantTimeSecretHandler(webhookhandler.TelegramHandler):
    """PTB's webhook request handler with the secret compared in constant time."""

    def _validate_post(self) -> None:
        if self.request.headers.get("Content-Type", None) != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.secret_token is None:
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
            # Neither the expected nor the given secret is logged.
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="wrong secret token")


def use_constant_time_secret_check() -> None:
    """Make PTB's webhook server use `ConstantTimeSecretHandler` (idempotent)."""
    current = getattr(webhookhandler, "TelegramHandler", None)
    if current is None or not issubclass(ConstantTimeSecretHandler, current):
        raise RuntimeError("python-telegram-bot's webhook handler changed; update bot/webhook.py")
    webhookhandler.TelegramHandler = ConstantTimeSecretHandler  # type: ignore[misc]
