"""What the console makes of typed lines, as pure functions: made-up members, the entities
Telegram would add to a message, and the console's own small syntax (`/time +1d`)."""

from __future__ import annotations

import re
import unicodedata
import zlib
from datetime import timedelta
from typing import Any

MAX_JUMP = timedelta(days=366)
JUMP = re.compile(r"^\+?\s*(\d+)\s*(m|min|h|d|w)$", re.IGNORECASE)
JUMP_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
REPLY = re.compile(r"([0-9]{1,9})\s+(\S.*)", re.DOTALL)


def make_member(name: str, language_code: str = "de") -> dict[str, Any]:
    """A made-up Telegram user; the same name always gets the same id and username."""
    first, _, last = name.strip().partition(" ")
    user: dict[str, Any] = {
        "id": 10_000 + zlib.crc32(name.strip().lower().encode()),
        "is_bot": False,
        "first_name": first,
        "language_code": language_code,
    }
    if last:
        user["last_name"] = last
    ascii_name = unicodedata.normalize("NFKD", name.strip().lower()).encode("ascii", "ignore")
    username = re.sub(r"[^a-z0-9_]", "", ascii_name.decode().replace(" ", "_"))
    if username:
        user["username"] = username
    return user


def command_entities(text: str) -> list[dict[str, Any]]:
    """The `bot_command` entity Telegram adds to a message starting with a command."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def parse_jump(text: str) -> timedelta | None:
    match = JUMP.match(text.strip())
    if match is None:
        return None
    delta = timedelta(**{JUMP_UNITS[match.group(2).lower()]: int(match.group(1))})
    return delta if timedelta(0) < delta <= MAX_JUMP else None


def parse_reply(text: str) -> tuple[int, str] | None:
    """`/reply 5 Freitag` (without the command) → (5, "Freitag"); None without both."""
    match = REPLY.fullmatch(text.strip())
    return (int(match.group(1)), match.group(2).strip()) if match else None


def start_payload(url: str, bot_username: str) -> str | None:
    """The `start` payload of a deep link to this bot (`https://t.me/<bot>?start=…`), which
    Telegram turns into `/start …` in the member's private chat; None for any other link."""
    match = re.fullmatch(
        rf"(?:https?://)?t\.me/{re.escape(bot_username)}\?start=([A-Za-z0-9_-]{{1,64}})",
        url.strip(),
        re.IGNORECASE,
    )
    return match.group(1) if match else None
