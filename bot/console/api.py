"""An in-process stand-in for the Telegram Bot API, for `boardbot console`.

python-telegram-bot sends every Bot API call through a `BaseRequest`; this one answers them
here instead of over the network, the way Telegram would: it keeps the messages of the
pretend chats (so the bot can edit them and buttons under them can be pressed), numbers
messages, refuses what Telegram refuses (unknown message, unchanged edit, a text over 4,096
characters, a method it does not know) with Telegram's error shape, and hands every message,
edit, file and callback answer to a `ChatView`, which prints it. A send into a forum topic
(`message_thread_id`) is kept as a message of that topic.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from telegram.request import BaseRequest, RequestData

from bot.console.screen import parse_html

JSON = dict[str, Any]
MESSAGE_LIMIT = 4096
BOT_USER: JSON = {
    "id": 1000001,
    "is_bot": True,
    "first_name": "boardbot",
    "username": "boardbot_console_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Methods whose only effect in a real chat is cosmetic: accepted, nothing to show.
ACCEPTED = frozenset(
    {
        "setMyCommands",
        "deleteMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "setChatMenuButton",
        "deleteWebhook",
        "sendChatAction",
        "pinChatMessage",
        "unpinChatMessage",
        "close",
        "logOut",
    }
)


class ChatView(Protocol):
    """Where the console shows what the bot does."""

    def bot_message(self, message: JSON, edited: bool) -> None: ...

    def bot_document(self, message: JSON, filename: str, data: bytes) -> None: ...

    def callback_answer(self, text: str) -> None: ...


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


class ConsoleBotApi(BaseRequest):
    """Answers the bot's calls in-process; `chats` are the chats the console made up."""

    def __init__(self, view: ChatView, clock: Callable[[], datetime]) -> None:
        self.view, self.clock = view, clock
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        # Message ids only grow, also across console sessions (the database keeps old ids).
        self.message_ids = itertools.count(int(time.time()))

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
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            for key, (filename, content, _mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                params[key] = {"filename": filename, "data": data}
        try:
            body: JSON = {"ok": True, "result": self.call(name, params)}
            status = 200
        except ApiError as error:
            status = error.code
            body = {"ok": False, "error_code": error.code, "description": error.description}
        return status, json.dumps(body).encode()

    # ------------------------------------------------------------------ the chats
    def add_chat(self, chat: JSON) -> None:
        self.chats[int(chat["id"])] = chat

    def new_message(self, chat_id: int, sender: JSON, **fields: Any) -> JSON:
        """A message in a chat (from a member or the bot), stored so it can be edited."""
        message: JSON = {
            "message_id": next(self.message_ids),
            "date": int(self.clock().timestamp()),
            "chat": self.chat(chat_id),
            "from": sender,
            **fields,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def chat(self, chat_id: Any) -> JSON:
        try:
            return self.chats[int(chat_id)]
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    def stored(self, chat_id: Any, message_id: Any) -> JSON:
        found = self.messages.get((int(self.chat(chat_id)["id"]), int(message_id)))
        if found is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return found

    # ------------------------------------------------------------------ the methods
    def call(self, name: str, p: JSON) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ACCEPTED:
            return True
        handler = METHODS.get(name)
        if handler is None:
            raise ApiError(404, "Not Found")
        return handler(self, p)

    @staticmethod
    def topic_of(p: JSON) -> JSON:
        """The fields of a message sent into a forum topic (none for General)."""
        if p.get("message_thread_id") is None:
            return {}
        return {"message_thread_id": int(p["message_thread_id"]), "is_topic_message": True}

    @staticmethod
    def text_of(p: JSON) -> JSON:
        """The text and entities Telegram would store for these parameters."""
        raw = str(p.get("text", ""))
        if p.get("parse_mode", "").upper() == "HTML":
            text, entities = parse_html(raw)
        else:
            text, entities = raw, list(p.get("entities") or [])
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MESSAGE_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        return {"text": text, "entities": entities} if entities else {"text": text}

    def send_message(self, p: JSON) -> JSON:
        fields = {**self.text_of(p), **self.topic_of(p)}
        if p.get("reply_markup"):
            fields["reply_markup"] = p["reply_markup"]
        message = self.new_message(int(self.chat(p["chat_id"])["id"]), BOT_USER, **fields)
        self.view.bot_message(message, edited=False)
        return message

    def edit_message_text(self, p: JSON) -> JSON:
        return self.edit(self.stored(p.get("chat_id"), p.get("message_id")), self.text_of(p), p)

    def edit_message_reply_markup(self, p: JSON) -> JSON:
        message = self.stored(p.get("chat_id"), p.get("message_id"))
        fields: JSON = {k: message[k] for k in ("text", "entities") if k in message}
        return self.edit(message, fields, p)

    def edit(self, message: JSON, fields: JSON, p: JSON) -> JSON:
        markup = p.get("reply_markup") or None
        unchanged = {k: message.get(k) for k in ("text", "entities")} == {
            "text": fields.get("text"),
            "entities": fields.get("entities"),
        }
        if unchanged and markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        for key in ("text", "entities", "reply_markup"):
            message.pop(key, None)
        message.update(fields)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = int(self.clock().timestamp())
        self.view.bot_message(message, edited=True)
        return message

    def send_document(self, p: JSON) -> JSON:
        upload = p.get("document")
        if not isinstance(upload, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        data: bytes = upload["data"]
        filename = str(upload["filename"] or "file")
        document = {"file_id": f"F{len(self.messages)}", "file_unique_id": "U", "file_size": 0}
        document.update(file_name=filename, file_size=len(data))
        chat_id = int(self.chat(p["chat_id"])["id"])
        message = self.new_message(chat_id, BOT_USER, document=document, **self.topic_of(p))
        self.view.bot_document(message, filename, data)
        return message

    def answer_callback_query(self, p: JSON) -> bool:
        if p.get("text"):
            self.view.callback_answer(str(p["text"]))
        return True

    def delete_message(self, p: JSON) -> bool:
        self.messages.pop((int(p["chat_id"]), int(p["message_id"])), None)
        return True

    def get_chat_member(self, p: JSON) -> JSON:
        # In the console every member owns the group, so admin-only settings can be tried.
        user = {"id": int(p["user_id"]), "is_bot": False, "first_name": "Member"}
        return {"status": "creator", "user": user, "is_anonymous": False}


METHODS: dict[str, Callable[[ConsoleBotApi, JSON], Any]] = {
    "sendMessage": ConsoleBotApi.send_message,
    "editMessageText": ConsoleBotApi.edit_message_text,
    "editMessageReplyMarkup": ConsoleBotApi.edit_message_reply_markup,
    "sendDocument": ConsoleBotApi.send_document,
    "answerCallbackQuery": ConsoleBotApi.answer_callback_query,
    "deleteMessage": ConsoleBotApi.delete_message,
    "getChatMember": ConsoleBotApi.get_chat_member,
}
