"""An offline Bot API for handler tests: a `BaseRequest` that records every call and answers
like Telegram would, so the real `Application` runs without a network.
"""

from __future__ import annotations

import json
import time
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER: dict[str, Any] = {
    "id": 999000,
    "is_bot": True,
    "first_name": "boardbot",
    "username": "boardbot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


class OfflineBotApi(BaseRequest):
    """Records `(method, parameters)` and returns canned, well-formed results."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._next_message_id = 1

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((api_method, params))
        body = {"ok": True, "result": self._result(api_method, params)}
        return 200, json.dumps(body).encode()

    def _result(self, api_method: str, params: dict[str, Any]) -> Any:
        if api_method == "getMe":
            return BOT_USER
        if api_method == "sendMessage":
            chat_id = int(params["chat_id"])
            message_id, self._next_message_id = self._next_message_id, self._next_message_id + 1
            chat = {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}
            if chat_id < 0:
                chat["title"] = "Vorstand"
            else:
                chat["first_name"] = "Member"
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": params["text"],
            }
        return True

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The sendMessage parameters, optionally for one chat."""
        return [
            p
            for m, p in self.calls
            if m == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]
