"""An in-process stand-in for the Telegram Bot API, for `boardbot console`.

python-telegram-bot sends every Bot API call through a `BaseRequest`; this one answers them
here instead of over the network, the way Telegram would: it keeps the messages of the
pretend chats (so the bot can edit them and buttons under them can be pressed), numbers
messages, refuses what Telegram refuses (unknown message, unchanged edit, a text over 4,096
characters, a thread that is no topic — the General one included —, an answer to a press that
was answered already, a method it does not know) with Telegram's error shape, and hands every
message, edit, deletion, file and callback answer to a `ChatView`, which prints it.

Replies work as in Telegram: `reply_parameters` store the replied-to message in the new one, and
a reply lands in the replied message's topic. The command menus (`setMyCommands` per `scope` and
`language_code`) are checked and kept in `menus`.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from telegram.request import BaseRequest, RequestData

from bot.console.entities import parse_html
from bot.console.forum import Forum
from bot.console.menus import Menus
from bot.console.polls import send_poll, stop_poll

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


def quoted(message: JSON) -> JSON:
    """A message as another one carries it in `reply_to_message` (one level deep, as Telegram
    sends it)."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def same_topic(message: JSON, thread_id: int) -> bool:
    return message.get("message_thread_id") == thread_id


class ChatView(Protocol):
    """Where the console shows what the bot does."""

    def bot_message(self, message: JSON, edited: bool, markup: JSON | None) -> None:
        """A message sent or edited; `markup` as the bot sent it (also a ForceReply or a
        reply keyboard, which Telegram does not keep in the message)."""

    def bot_document(self, message: JSON, filename: str, data: bytes) -> None: ...

    def callback_answer(self, text: str, alert: bool) -> None: ...

    def message_deleted(self, chat_id: int, message_id: int) -> None: ...


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


class ConsoleBotApi(BaseRequest):
    """Answers the bot's calls in-process; `chats` are the chats the console made up."""

    def __init__(
        self, view: ChatView, clock: Callable[[], datetime], forum: Forum | None = None
    ) -> None:
        self.view, self.clock = view, clock
        self.forum = forum or Forum()
        self.menus = Menus()
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.presses: dict[str, bool] = {}  # callback query id → answered yet
        self.polls: dict[str, JSON] = {}  # poll id → the poll's message (bot.console.polls)
        self.not_admins: set[int] = set()  # members `/admin off` made ordinary
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

    def delete_thread(self, chat_id: int, thread_id: int) -> list[tuple[int, int]]:
        """A deleted topic takes all its messages with it; their keys."""
        self.forum.topics.get(chat_id, {}).pop(thread_id, None)
        gone = [
            key
            for key, message in self.messages.items()
            if key[0] == chat_id and message.get("message_thread_id") == thread_id
        ]
        for key in gone:
            del self.messages[key]
        return gone

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
        fields = self.text_of(p)
        markup = p.get("reply_markup") or None
        if markup and "inline_keyboard" in markup:  # the only markup a message carries
            fields["reply_markup"] = markup
        message = self.bot_sends(p, fields)
        self.view.bot_message(message, edited=False, markup=markup)
        return message

    def bot_sends(self, p: JSON, fields: JSON) -> JSON:
        """A new bot message in the chat, topic and reply that `p` asks for."""
        chat_id = int(self.chat(p.get("chat_id"))["id"])
        replied = self.replied_to(chat_id, p)
        thread = p.get("message_thread_id")
        if thread is None and replied is not None:
            thread = replied.get("message_thread_id")  # a reply goes into its message's topic
        if thread is not None:
            problem = self.forum.thread_problem(chat_id, int(thread))
            if problem:
                raise ApiError(400, problem)
            fields.update(message_thread_id=int(thread), is_topic_message=True)
        if replied is not None:
            fields["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }
        return self.new_message(chat_id, BOT_USER, **fields)

    def replied_to(self, chat_id: int, p: JSON) -> JSON | None:
        """The message `reply_parameters` name (in the same chat and topic), if it exists."""
        wanted = p.get("reply_parameters") or {}
        if not wanted.get("message_id"):
            return None
        replied = self.messages.get((chat_id, int(wanted["message_id"])))
        thread = p.get("message_thread_id")
        if replied is not None and thread is not None and not same_topic(replied, int(thread)):
            replied = None  # a reply must be in the same topic
        if replied is None and not wanted.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        return replied

    def edit_message_text(self, p: JSON) -> JSON:
        return self.edit(self.stored(p.get("chat_id"), p.get("message_id")), self.text_of(p), p)

    def edit_message_reply_markup(self, p: JSON) -> JSON:
        message = self.stored(p.get("chat_id"), p.get("message_id"))
        fields: JSON = {k: message[k] for k in ("text", "entities") if k in message}
        return self.edit(message, fields, p)

    def edit(self, message: JSON, fields: JSON, p: JSON) -> JSON:
        markup = p.get("reply_markup") or None
        if markup and "inline_keyboard" not in markup:
            raise ApiError(400, "Bad Request: inline keyboard expected")
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
        self.view.bot_message(message, edited=True, markup=markup)
        return message

    def send_document(self, p: JSON) -> JSON:
        upload = p.get("document")
        if not isinstance(upload, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        data: bytes = upload["data"]
        filename = str(upload["filename"] or "file")
        document = {"file_id": f"F{len(self.messages)}", "file_unique_id": "U", "file_size": 0}
        document.update(file_name=filename, file_size=len(data))
        message = self.bot_sends(p, {"document": document})
        self.view.bot_document(message, filename, data)
        return message

    def answer_callback_query(self, p: JSON) -> bool:
        query_id = str(p.get("callback_query_id"))
        if self.presses.get(query_id, True):  # unknown, or answered already
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self.presses[query_id] = True
        if p.get("text"):
            self.view.callback_answer(str(p["text"]), alert=bool(p.get("show_alert")))
        return True

    def pressed(self, query_id: str) -> None:
        """A press is on its way to the bot: it may be answered once."""
        self.presses[query_id] = False

    def answered(self, query_id: str) -> bool:
        return self.presses.get(query_id, False)

    def delete_message(self, p: JSON) -> bool:
        key = (int(self.chat(p.get("chat_id"))["id"]), int(p.get("message_id") or 0))
        if self.messages.pop(key, None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.view.message_deleted(*key)
        return True

    def set_my_commands(self, p: JSON) -> bool:
        problem = self.menus.set(p.get("commands"), p.get("scope"), p.get("language_code"))
        if problem:
            raise ApiError(400, problem)
        return True

    def get_my_commands(self, p: JSON) -> list[JSON]:
        return self.menus.get(p.get("scope"), p.get("language_code"))

    def delete_my_commands(self, p: JSON) -> bool:
        self.menus.delete(p.get("scope"), p.get("language_code"))
        return True

    def get_chat_member(self, p: JSON) -> JSON:
        # In the console every member owns the group, so admin-only settings can be tried,
        # unless `/admin off` made them an ordinary member.
        user_id = int(p["user_id"])
        user = {"id": user_id, "is_bot": False, "first_name": "Member"}
        if user_id in self.not_admins:
            return {"status": "member", "user": user}
        return {"status": "creator", "user": user, "is_anonymous": False}

    def get_chat(self, p: JSON) -> JSON:
        """The chat with the fields Telegram's ChatFullInfo always has (`is_forum` once the
        console made the group a forum)."""
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts"), False)
        gifts.update(premium_subscription=False, gifts_from_channels=False)
        full: JSON = {"accent_color_id": 0, "max_reaction_count": 11}
        return {**self.chat(p.get("chat_id")), **full, "accepted_gift_types": gifts}

    def is_admin(self, user_id: int) -> bool:
        return user_id not in self.not_admins


METHODS: dict[str, Callable[[ConsoleBotApi, JSON], Any]] = {
    "sendMessage": ConsoleBotApi.send_message,
    "editMessageText": ConsoleBotApi.edit_message_text,
    "editMessageReplyMarkup": ConsoleBotApi.edit_message_reply_markup,
    "sendDocument": ConsoleBotApi.send_document,
    "answerCallbackQuery": ConsoleBotApi.answer_callback_query,
    "deleteMessage": ConsoleBotApi.delete_message,
    "getChatMember": ConsoleBotApi.get_chat_member,
    "getChat": ConsoleBotApi.get_chat,
    "setMyCommands": ConsoleBotApi.set_my_commands,
    "getMyCommands": ConsoleBotApi.get_my_commands,
    "deleteMyCommands": ConsoleBotApi.delete_my_commands,
    "sendPoll": send_poll,
    "stopPoll": stop_poll,
}
