"""Reply texts for records, German and English, with identical keys (merged in bot.messages)."""

from __future__ import annotations

DE: dict[str, str] = {}

EN: dict[str, str] = {}
