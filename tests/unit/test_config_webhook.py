"""The webhook and log settings of bot/config.py."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.run import webhook_secret


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, telegram_bot_token="123:abc", **values)  # type: ignore[call-arg]


def test_defaults_are_polling_on_localhost() -> None:
    plain = settings()
    assert plain.webhook_url is None and plain.log_format == "text"
    assert (plain.webhook_listen, plain.webhook_port) == ("127.0.0.1", 8443)
    assert settings(webhook_url="  ").webhook_url is None


def test_the_webhook_path_comes_from_the_url() -> None:
    assert settings(webhook_url="https://bot.example.org/boardbot").webhook_path == "/boardbot"
    assert settings(webhook_url="https://bot.example.org").webhook_path == "/"


@pytest.mark.parametrize(
    "values",
    [
        {"webhook_url": "bot.example.org/hook"},
        {"webhook_url": "ftp://bot.example.org/"},
        {"webhook_port": 0},
        {"webhook_secret": "has spaces"},
        {"webhook_secret": "x" * 257},
        {"log_format": "xml"},
    ],
)
def test_bad_values_are_refused(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        settings(**values)


def test_the_secret_is_the_configured_one_or_random() -> None:
    chosen = "Abc_123-x" * 4
    assert webhook_secret(settings(webhook_secret=chosen)) == chosen
    first, second = webhook_secret(settings()), webhook_secret(settings())
    assert first != second and len(first) >= 32
