"""bot/config.py, and how `python -m bot` reports configuration mistakes (no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, describe_settings_error

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
TOKEN = "123456:TEST-token-not-real"
SETTINGS_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "TELEGRAM_POLL_INTERVAL",
    "DATABASE_URL",
    "BOT_TIMEZONE",
    "BOT_LANGUAGE",
    "ALLOWED_CHAT_IDS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    env.setdefault("TELEGRAM_BOT_TOKEN", TOKEN)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None)


def settings_error(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    with pytest.raises(ValidationError) as caught:
        load(monkeypatch, **env)
    return describe_settings_error(caught.value)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(monkeypatch)
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)
    assert settings.database_url == "sqlite:///boardbot.db"
    assert settings.bot_timezone == "Europe/Berlin"
    assert settings.bot_language == "de"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.api_file_url == "https://api.telegram.org/file/bot"
    assert settings.allowed_chat_ids == frozenset()


def test_token_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(monkeypatch, TELEGRAM_BOT_TOKEN=f"  {TOKEN}\t")
    assert settings.telegram_bot_token.get_secret_value() == TOKEN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-1001, -1002", frozenset({-1001, -1002})),
        ("-1001,-1002,", frozenset({-1001, -1002})),
        ("-1001; -1002", frozenset({-1001, -1002})),
        ("-1001", frozenset({-1001})),
        ("", frozenset()),
        (" ", frozenset()),
    ],
)
def test_allowed_chat_ids(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: frozenset[int]
) -> None:
    settings = load(monkeypatch, ALLOWED_CHAT_IDS=value)
    assert settings.allowed_chat_ids == expected
    assert isinstance(settings.allowed_chat_ids, frozenset)


def test_chat_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    anyone = load(monkeypatch, ALLOWED_CHAT_IDS="")
    assert anyone.is_chat_allowed(-1001) and anyone.is_chat_allowed(-42)
    listed = load(monkeypatch, ALLOWED_CHAT_IDS="-1001, -1002")
    assert listed.is_chat_allowed(-1001) and listed.is_chat_allowed(-1002)
    assert not listed.is_chat_allowed(-1003)


def test_bad_chat_id_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    message = settings_error(monkeypatch, ALLOWED_CHAT_IDS="-1001, Vorstand")
    assert message.startswith("ALLOWED_CHAT_IDS is invalid")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Berlin", "../etc/passwd", "/etc/localtime"])
def test_bad_time_zone_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    message = settings_error(monkeypatch, BOT_TIMEZONE=zone)
    assert message.startswith("BOT_TIMEZONE is invalid")
    assert "unknown time zone" in message and "Europe/Berlin" in message
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_good_time_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    assert str(load(monkeypatch, BOT_TIMEZONE=zone).timezone) == zone


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://bb:secret@db/boardbot", "postgresql+psycopg://bb:secret@db/boardbot"),
        ("postgres://bb@db:5433/boardbot", "postgresql+psycopg://bb@db:5433/boardbot"),
        ("postgresql+psycopg://bb@db/boardbot", "postgresql+psycopg://bb@db/boardbot"),
        ("sqlite:///data/boardbot.db", "sqlite:///data/boardbot.db"),
    ],
)
def test_database_url(monkeypatch: pytest.MonkeyPatch, url: str, expected: str) -> None:
    assert load(monkeypatch, DATABASE_URL=url).database_url == expected


@pytest.mark.parametrize("url", ["", "boardbot.db", "postgres//db/boardbot"])
def test_malformed_database_url_is_named(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    assert settings_error(monkeypatch, DATABASE_URL=url).startswith("DATABASE_URL is invalid")


@pytest.mark.parametrize(
    ("base", "api", "files"),
    [
        (
            "http://127.0.0.1:8081/bot",
            "http://127.0.0.1:8081/bot",
            "http://127.0.0.1:8081/file/bot",
        ),
        (
            "http://127.0.0.1:8081/bot/",
            "http://127.0.0.1:8081/bot",
            "http://127.0.0.1:8081/file/bot",
        ),
        (
            " https://api.example.org/bot ",
            "https://api.example.org/bot",
            "https://api.example.org/file/bot",
        ),
        # without /bot python-telegram-bot would glue the token to the path (or the port)
        ("http://emulator/api", "http://emulator/api/bot", "http://emulator/api/file/bot"),
        ("http://localhost:8081", "http://localhost:8081/bot", "http://localhost:8081/file/bot"),
    ],
)
def test_api_file_url(monkeypatch: pytest.MonkeyPatch, base: str, api: str, files: str) -> None:
    settings = load(monkeypatch, TELEGRAM_API_BASE_URL=base)
    assert (settings.telegram_api_base_url, settings.api_file_url) == (api, files)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"BOT_LANGUAGE": "fr"}, "BOT_LANGUAGE"),
        ({"TELEGRAM_POLL_INTERVAL": "-1"}, "TELEGRAM_POLL_INTERVAL"),
        ({"TELEGRAM_POLL_INTERVAL": "soon"}, "TELEGRAM_POLL_INTERVAL"),
    ],
)
def test_other_invalid_values_are_named(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str
) -> None:
    assert settings_error(monkeypatch, **env).startswith(f"{variable} is invalid")


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token_points_to_botfather(
    monkeypatch: pytest.MonkeyPatch, token: str | None
) -> None:
    if token is not None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    message = describe_settings_error(caught.value)
    assert "TELEGRAM_BOT_TOKEN" in message and "@BotFather" in message
    assert len(message.splitlines()) == 1


def test_one_line_per_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("BOT_LANGUAGE", "fr")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    lines = describe_settings_error(caught.value).splitlines()
    assert len(lines) == 3
    assert [line.split()[0] for line in lines] == [
        "TELEGRAM_BOT_TOKEN",
        "BOT_TIMEZONE",
        "BOT_LANGUAGE",
    ]


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nALLOWED_CHAT_IDS=-1001, -1002\n")
    settings = Settings()
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert settings.allowed_chat_ids == frozenset({-1001, -1002})


# --- the process -----------------------------------------------------------------------------


def run_bot(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot` with only the given settings: no token unless given, no network."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
        "DATABASE_URL": f"sqlite:///{cwd / 'boardbot.db'}",
        **env,
    }
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    return subprocess.run(
        [python, "-m", "bot"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("token", [None, ""])
def test_process_without_token(tmp_path: Path, token: str | None) -> None:
    env = {} if token is None else {"TELEGRAM_BOT_TOKEN": token}
    result = run_bot(tmp_path, **env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "boardbot.db").exists()


def test_process_reads_a_bad_time_zone_from_dot_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBOT_TIMEZONE=Europe/Berlinn\n")
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert "BOT_TIMEZONE" in result.stderr and "Europe/Berlinn" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://boardbot@127.0.0.1:1/boardbot",  # nothing listens on port 1
        "sqlite:////proc/boardbot.db",  # not writable, even for root
        "sqlite:////proc/nonexistent-dir-xyz/sub/x.db",  # the folder cannot be created
        "mysql://boardbot@127.0.0.1:1/boardbot",  # driver not installed
        "not a url",
    ],
)
def test_process_with_unusable_database(tmp_path: Path, url: str) -> None:
    if url.startswith("sqlite:////proc") and not Path("/proc/self").exists():
        pytest.skip("needs /proc as a path nobody may write to")
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "DATABASE_URL" in result.stderr
    assert TOKEN not in result.stderr


def test_process_with_unreachable_bot_api(tmp_path: Path) -> None:
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN)  # the API URL points at port 9
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "TELEGRAM_API_BASE_URL" in result.stderr
    assert TOKEN not in result.stderr
