"""An offline Bot API for handler tests: a `BaseRequest` that records every call and answers
like Telegram would, so the real `Application` runs without a network. Like Telegram, it
refuses a text longer than 4,096 UTF-16 units as shown (tags dropped, entities parsed), and a
send into a forum topic that was deleted or closed (`topic_errors`).
"""

from __future__ import annotations

import json
import time
from typing import Any

from telegram.request import BaseRequest, RequestData

from tests.support.telegram_html import TelegramHtmlError, visible_text

TEXT_LIMIT = 4096

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
        self._failures: list[tuple[str, int, str, int | None]] = []
        self.admins: set[tuple[int, int]] = set()  # (chat id, user id) pairs that administer
        self.messages: list[dict[str, Any]] = []  # every message "sent", as Telegram returned it
        # (chat id, topic) → Telegram's refusal, e.g. "Bad Request: message thread not found"
        self.topic_errors: dict[tuple[int, int], str] = {}
        # polls sent (sendPoll), by their id, as Telegram returned them; stopPoll closes one
        self.polls: dict[str, dict[str, Any]] = {}

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with a Telegram error."""
        self._failures += [(method, error_code, description, retry_after)] * times

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
        if request_data is not None and request_data.contains_files:
            # uploads (sendDocument) travel as multipart parts, not as parameters
            for name, (filename, content, mime_type) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                params[name] = {"filename": filename, "data": data, "mime_type": mime_type}
        self.calls.append((api_method, params))
        if api_method in ("sendMessage", "editMessageText") and too_long(str(params["text"])):
            refusal = {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message is too long",
            }
            return 400, json.dumps(refusal).encode()
        gone = self.topic_refusal(api_method, params)
        if gone is None and api_method == "stopPoll":
            gone = self.poll_refusal(params)
        if gone is not None:
            body = {"ok": False, "error_code": 400, "description": gone}
            return 400, json.dumps(body).encode()
        for index, (method, code, description, retry_after) in enumerate(self._failures):
            if method == api_method:
                del self._failures[index]
                error: dict[str, Any] = {
                    "ok": False,
                    "error_code": code,
                    "description": description,
                }
                if retry_after is not None:
                    error["parameters"] = {"retry_after": retry_after}
                return code, json.dumps(error).encode()
        body = {"ok": True, "result": self._result(api_method, params)}
        return 200, json.dumps(body).encode()

    def topic_refusal(self, api_method: str, params: dict[str, Any]) -> str | None:
        if api_method not in ("sendMessage", "sendDocument") or "message_thread_id" not in params:
            return None
        return self.topic_errors.get((int(params["chat_id"]), int(params["message_thread_id"])))

    def _result(self, api_method: str, params: dict[str, Any]) -> Any:
        if api_method == "getMe":
            return BOT_USER
        if api_method == "getChatMember":
            chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
            status = "creator" if (chat_id, user_id) in self.admins else "member"
            user = {"id": user_id, "is_bot": False, "first_name": "Member"}
            return {"status": status, "user": user, "is_anonymous": False}
        if api_method == "editMessageText":
            chat_id = int(params["chat_id"])
            return {
                "message_id": int(params["message_id"]),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "supergroup", "title": "Vorstand"},
                "from": BOT_USER,
                "text": params["text"],
            }
        if api_method == "sendDocument":
            chat_id = int(params["chat_id"])
            message_id, self._next_message_id = self._next_message_id, self._next_message_id + 1
            upload = params["document"]
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "supergroup", "title": "Vorstand"},
                "from": BOT_USER,
                "document": {
                    "file_id": f"DOC{message_id}",
                    "file_unique_id": f"U{message_id}",
                    "file_name": upload["filename"],
                    "mime_type": upload["mime_type"],
                    "file_size": len(upload["data"]),
                },
            }
        if api_method == "sendPoll":
            return self._send_poll(params)
        if api_method == "stopPoll":
            return self._stop_poll(params)
        if api_method == "sendMessage":
            chat_id = int(params["chat_id"])
            message_id, self._next_message_id = self._next_message_id, self._next_message_id + 1
            chat = {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}
            if chat_id < 0:
                chat["title"] = "Vorstand"
            else:
                chat["first_name"] = "Member"
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": params["text"],
            }
            markup = params.get("reply_markup")
            if isinstance(markup, str):
                markup = json.loads(markup)
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                # like Telegram: a message shows only inline keyboards (a ForceReply is not kept)
                message["reply_markup"] = markup
            if "message_thread_id" in params:
                message.update(message_thread_id=int(params["message_thread_id"]))
                message.update(is_topic_message=True)
            self.messages.append(message)
            return message
        return True

    def _send_poll(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message_id, self._next_message_id = self._next_message_id, self._next_message_id + 1
        options = params["options"]
        if isinstance(options, str):
            options = json.loads(options)
        texts = [o["text"] if isinstance(o, dict) else str(o) for o in options]
        poll = {
            "id": f"poll-{message_id}",
            "question": params["question"],
            "options": [
                {"text": text, "voter_count": 0, "persistent_id": str(i)}
                for i, text in enumerate(texts)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True) not in (False, "false"),
            "type": "regular",
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
            "allows_revoting": params.get("allows_revoting", True) not in (False, "false"),
            "members_only": False,
        }
        self.polls[poll["id"]] = {"chat_id": chat_id, "message_id": message_id, "poll": poll}
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "supergroup", "title": "Vorstand"},
            "from": BOT_USER,
            "poll": poll,
        }
        if "message_thread_id" in params:
            message.update(message_thread_id=int(params["message_thread_id"]))
        return message

    def _poll_at(self, params: dict[str, Any]) -> dict[str, Any] | None:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for entry in self.polls.values():
            if (entry["chat_id"], entry["message_id"]) == (chat_id, message_id):
                return entry
        return None

    def poll_refusal(self, params: dict[str, Any]) -> str | None:
        """Like Telegram: a poll that is not there, or stopped before, cannot be stopped."""
        entry = self._poll_at(params)
        if entry is None:
            return "Bad Request: message with poll to stop not found"
        if entry["poll"]["is_closed"]:
            return "Bad Request: poll has already been closed"
        return None

    def _stop_poll(self, params: dict[str, Any]) -> dict[str, Any]:
        entry = self._poll_at(params)
        assert entry is not None
        entry["poll"]["is_closed"] = True
        return dict(entry["poll"])

    def poll_sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The sendPoll parameters, optionally for one chat."""
        return [
            p
            for m, p in self.calls
            if m == "sendPoll" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The sendMessage parameters, optionally for one chat."""
        return [
            p
            for m, p in self.calls
            if m == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]

    def documents(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The sendDocument uploads: chat_id, filename, data (bytes) and mime_type."""
        return [
            {"chat_id": int(p["chat_id"]), **p["document"]}
            for m, p in self.calls
            if m == "sendDocument" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]

    def edits(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The editMessageText parameters, optionally for one chat."""
        return [
            p
            for m, p in self.calls
            if m == "editMessageText" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]


def too_long(html: str) -> bool:
    try:
        shown = visible_text(html)
    except TelegramHtmlError:  # other tests check the markup; here only the length counts
        shown = html
    return len(shown.strip().encode("utf-16-le")) // 2 > TEXT_LIMIT
