"""All settings in one pydantic-settings class, read from the environment and `.env`."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
# What Telegram allows in a webhook's secret_token (Bot API, setWebhook); fewer than 32
# characters could be guessed by anyone who can reach the webhook port.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_SECRET_MIN_LENGTH = 32
API_URL_EXAMPLE = "e.g. https://api.telegram.org/bot or http://localhost:8081/bot"


def normalise_api_base_url(value: str) -> str:
    """TELEGRAM_API_BASE_URL as python-telegram-bot needs it: `http(s)://host[:port]/…/bot`.

    The token is appended to it, so a base without `/bot` (a local Bot API server is often
    given as `http://localhost:8081`) would glue the token to the port and make httpx print
    it in an "Invalid port" error: `/bot` is added instead. Anything that cannot be an API
    URL is refused; the message never repeats the value (it may hold a token by mistake)."""
    base = value.strip().rstrip("/")
    parts = urlsplit(base)
    try:
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(f"has an invalid port ({API_URL_EXAMPLE})") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"not an http(s) URL ({API_URL_EXAMPLE})")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"must not contain ?, # or user:password@ ({API_URL_EXAMPLE})")
    return base if base.endswith("/bot") else base + "/bot"


class Settings(BaseSettings):
    """boardbot's configuration; the environment variable names are the field names in capitals."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    telegram_poll_interval: float = Field(default=0.0, ge=0)
    # Stay within Telegram's flood limits (30 messages/s, 20 per minute and group); switch
    # off only against a local Bot API emulator that has no limits.
    telegram_rate_limit: bool = True
    # How long a claimed reminder is reserved for the process that claimed it; the claim is
    # renewed before every send, so this only matters for a process that died or hangs.
    reminder_claim_lease_seconds: float = Field(default=120.0, ge=1, le=3600)
    # Flood budgets: more commands than this within FLOOD_WINDOW_SECONDS from one member (or
    # from one group, all members together) get one "bitte langsamer", then silence for
    # FLOOD_PAUSE_SECONDS. A group's replies are limited to 20 a minute by Telegram anyway.
    flood_user_commands: int = Field(default=20, ge=1)
    flood_chat_commands: int = Field(default=30, ge=1)
    flood_window_seconds: float = Field(default=60.0, gt=0)
    flood_pause_seconds: float = Field(default=120.0, ge=0)
    database_url: str = "sqlite:///boardbot.db"
    bot_timezone: str = "Europe/Berlin"
    bot_language: Literal["de", "en"] = "de"
    allowed_chat_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Webhook mode when WEBHOOK_URL is set (the public https address Telegram posts to);
    # the bot listens on WEBHOOK_LISTEN:WEBHOOK_PORT behind a reverse proxy that ends TLS.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None  # random per start when unset
    log_format: Literal["text", "json"] = "text"

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("is empty")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("allowed_chat_ids", mode="before")
    @classmethod
    def _split_chat_ids(cls, value: object) -> object:
        # An env var arrives as "-1001, -1002"; pydantic's default would expect JSON.
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        return value

    @field_validator("bot_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Berlin)") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _prefer_psycopg3(cls, value: str) -> str:
        # A bare postgresql:// URL would make SQLAlchemy look for psycopg2, which we do not ship.
        for prefix in ("postgresql://", "postgres://"):
            if value.startswith(prefix):
                value = "postgresql+psycopg://" + value[len(prefix) :]
        try:
            make_url(value)
        except ArgumentError as exc:
            raise ValueError(
                "not a database URL (e.g. sqlite:///boardbot.db or "
                "postgresql://user:password@host/boardbot)"
            ) from exc
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("not a URL (e.g. https://bot.example.org/boardbot)")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        if not WEBHOOK_SECRET_PATTERN.fullmatch(secret):
            raise ValueError("use 32-256 characters of A-Z, a-z, 0-9, _ and -")
        if len(secret) < WEBHOOK_SECRET_MIN_LENGTH:
            raise ValueError(
                f"is {len(secret)} characters long; use at least {WEBHOOK_SECRET_MIN_LENGTH} "
                "(e.g. the output of: openssl rand -hex 32)"
            )
        return SecretStr(secret)

    @field_validator("telegram_api_base_url")
    @classmethod
    def _api_base_url(cls, value: str) -> str:
        return normalise_api_base_url(value)

    @property
    def api_file_url(self) -> str:
        """The file download URL that belongs to the API base URL (…/bot → …/file/bot)."""
        return self.telegram_api_base_url.removesuffix("/bot") + "/file/bot"

    @property
    def webhook_path(self) -> str:
        """The local path the webhook listens on: the path of WEBHOOK_URL (`/` when none)."""
        return urlsplit(self.webhook_url or "").path or "/"

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.bot_timezone)

    def is_chat_allowed(self, chat_id: int) -> bool:
        """Whether this group may use the bot: any group when no list is configured."""
        return not self.allowed_chat_ids or chat_id in self.allowed_chat_ids


def describe_settings_error(exc: Exception) -> str:
    """One sentence per configuration problem, naming the variable and how to fix it."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return f"Configuration error: {exc}"
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]).upper() if error["loc"] else "configuration"
        if field == "TELEGRAM_BOT_TOKEN":
            lines.append(
                "TELEGRAM_BOT_TOKEN is missing: ask @BotFather in Telegram for a token "
                "(/newbot) and put TELEGRAM_BOT_TOKEN=<token> into .env (see .env.example)."
            )
        else:
            lines.append(f"{field} is invalid: {error['msg']} (see .env.example).")
    return "\n".join(lines)
