"""The bot's command menus in the console's stand-in API: `setMyCommands` per `scope` and
`language_code`, checked the way Telegram checks them, kept so a test (or a curious member)
can see which menu whom would get. Telegram picks a member's menu from the narrowest scope and
the member's language first, the language-less entry next (`menu_for`).
"""

from __future__ import annotations

import json
import re
from typing import Any

COMMAND = re.compile(r"[a-z0-9_]{1,32}")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")
DESCRIPTION_MAX = 256
MAX_COMMANDS = 100
SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})
DEFAULT_SCOPE: dict[str, Any] = {"type": "default"}


def scope_problem(scope: dict[str, Any]) -> str | None:
    kind = scope.get("type")
    if kind not in SCOPES:
        return "Bad Request: unsupported scope type"
    if kind in CHAT_SCOPES and scope.get("chat_id") is None:
        return "Bad Request: chat_id is required for this scope"
    if kind == "chat_member" and scope.get("user_id") is None:
        return "Bad Request: user_id is required for this scope"
    return None


def commands_problem(commands: Any) -> str | None:
    if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
        return "Bad Request: commands must be a list of at most 100 commands"
    for command in commands:
        name, description = command.get("command", ""), command.get("description", "")
        if not COMMAND.fullmatch(str(name)):
            return "Bad Request: BOT_COMMAND_INVALID"
        if not 1 <= len(str(description).strip()) <= DESCRIPTION_MAX:
            return "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    return None


class Menus:
    """The menus set, by (scope, language code); "" is the menu for every language."""

    def __init__(self) -> None:
        self.menus: dict[tuple[str, str], list[dict[str, Any]]] = {}

    @staticmethod
    def key(scope: dict[str, Any] | None, language_code: str | None) -> tuple[str, str]:
        return json.dumps(scope or DEFAULT_SCOPE, sort_keys=True), language_code or ""

    def set(
        self, commands: Any, scope: dict[str, Any] | None, language_code: str | None
    ) -> str | None:
        """Keep the menu; Telegram's error description when it would refuse it."""
        if language_code and not LANGUAGE_CODE.fullmatch(language_code):
            return "Bad Request: invalid language code"
        problem = scope_problem(scope or DEFAULT_SCOPE) or commands_problem(commands)
        if problem:
            return problem
        key = self.key(scope, language_code)
        if commands:
            self.menus[key] = [dict(c) for c in commands]
        else:  # an empty list deletes, as in Telegram
            self.menus.pop(key, None)
        return None

    def get(self, scope: dict[str, Any] | None, language_code: str | None) -> list[dict[str, Any]]:
        return list(self.menus.get(self.key(scope, language_code), []))

    def delete(self, scope: dict[str, Any] | None, language_code: str | None) -> None:
        self.menus.pop(self.key(scope, language_code), None)

    def menu_for(self, scopes: list[dict[str, Any]], language_code: str) -> list[dict[str, Any]]:
        """The menu a member sees: the first of `scopes` (narrowest first) that has one, in
        their language or else the language-less one."""
        for scope in scopes:
            for code in (language_code, ""):
                menu = self.menus.get(self.key(scope, code))
                if menu:
                    return list(menu)
        return []


def scopes_for(chat: dict[str, Any], user_id: int, admin: bool) -> list[dict[str, Any]]:
    """The scopes Telegram looks through for a member's menu in `chat`, narrowest first."""
    chat_id = chat["id"]
    if chat.get("type") == "private":
        return [{"type": "chat", "chat_id": chat_id}, {"type": "all_private_chats"}, DEFAULT_SCOPE]
    scopes: list[dict[str, Any]] = [{"type": "chat_member", "chat_id": chat_id, "user_id": user_id}]
    if admin:
        scopes.append({"type": "chat_administrators", "chat_id": chat_id})
    scopes.append({"type": "chat", "chat_id": chat_id})
    if admin:
        scopes.append({"type": "all_chat_administrators"})
    return [*scopes, {"type": "all_group_chats"}, DEFAULT_SCOPE]
