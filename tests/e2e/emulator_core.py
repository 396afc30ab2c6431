"""State of the Bot API emulator: users, chats, messages, the update queue, limits.

Everything here is guarded by ``State.lock`` (an RLock shared with ``State.changed``); the
aiohttp handlers and the synchronous test API both take it for short critical sections only.
"""

from __future__ import annotations

import copy
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .emulator_text import Entity, ParseError, detect_entities, parse_text, utf16_len, words

JSON = dict[str, Any]

UPDATE_TYPES = words(
    "message edited_message channel_post edited_channel_post business_connection "
    "business_message edited_business_message deleted_business_messages message_reaction "
    "message_reaction_count inline_query chosen_inline_result callback_query shipping_query "
    "pre_checkout_query purchased_paid_media poll poll_answer my_chat_member chat_member "
    "chat_join_request chat_boost removed_chat_boost"
)
# What Telegram sends when allowed_updates was never given (or given as an empty list).
DEFAULT_ALLOWED = UPDATE_TYPES - words("chat_member message_reaction message_reaction_count")
SERVICE_KEYS = (
    "new_chat_members",
    "left_chat_member",
    "migrate_to_chat_id",
    "migrate_from_chat_id",
    "group_chat_created",
    "supergroup_chat_created",
    "pinned_message",
    "new_chat_title",
    "forum_topic_created",
    "forum_topic_closed",
    "forum_topic_reopened",
)
# Values of these parameters are plain strings even if they look like JSON.
TEXT_PARAMS = words(
    "text caption parse_mode callback_query_id url language_code action inline_message_id "
    "business_connection_id message_effect_id description short_description name "
    "secret_token ip_address emoji"
)
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class ApiError(Exception):
    """An error answer in Telegram's shape; the HTTP status equals ``code``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str, parameters: JSON | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}", parameters)


@dataclass
class Upload:
    filename: str
    data: bytes
    content_type: str


def decode_form_value(name: str, value: str) -> Any:
    """Form fields are strings; PTB JSON-encodes every non-string value (RequestParameter)."""
    if name in TEXT_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class Params:
    """Typed access to the parameters of one call; tolerant like the real server."""

    def __init__(self, values: dict[str, Any], files: dict[str, Upload]) -> None:
        self.values = values
        self.files = files

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def string(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        try:
            return None if value in (None, "") else float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        return value in (True, 1, "true", "True", "1")

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def file(self, name: str) -> Upload | str | None:
        if name in self.files:
            return self.files[name]
        value = self.string(name)
        if value and value.startswith("attach://"):
            return self.files.get(value[len("attach://") :])
        return value

    def loggable(self) -> JSON:
        logged = dict(self.values)
        for key, up in self.files.items():
            logged[key] = {"filename": up.filename, "size": len(up.data), "mime": up.content_type}
        return logged


@dataclass
class ChatState:
    chat: JSON
    members: dict[int, str] = field(default_factory=dict)  # user id -> creator/administrator/member
    bot_status: str = "member"  # member | administrator | left | kicked
    migrated_to: int | None = None
    next_message_id: int = 1
    started: bool = False  # private chats: the user has written to the bot
    blocked: bool = False  # private chats: the user blocked the bot
    topics: dict[int, JSON] = field(default_factory=dict)  # thread id -> name, closed, … (forums)

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    @property
    def type(self) -> str:
        return str(self.chat["type"])

    def take_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1


@dataclass
class Failure:
    code: int
    description: str
    retry_after: int | None
    remaining: int


def member_json(user: JSON, status: str) -> JSON:
    member: JSON = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        rights = "manage_chat delete_messages manage_video_chats restrict_members change_info "
        rights += "invite_users pin_messages"
        member.update({f"can_{r}": True for r in rights.split()})
        member.update(can_be_edited=False, is_anonymous=False, can_promote_members=False)
        member.update(can_post_stories=False, can_edit_stories=False, can_delete_stories=False)
    elif status == "kicked":
        member["until_date"] = 0
    return member


class RateLimiter:
    """Telegram's documented flood limits: ~30 messages/s overall, 20/min per group."""

    def __init__(self, per_chat_per_minute: int, global_per_second: int) -> None:
        self.per_chat_per_minute = per_chat_per_minute
        self.global_per_second = global_per_second
        self.global_sends: deque[float] = deque()
        self.chat_sends: dict[int, deque[float]] = {}

    def check(self, chat_id: int, now: float) -> None:
        window = self.chat_sends.setdefault(chat_id, deque())
        for stamps, span in ((self.global_sends, 1.0), (window, 60.0)):
            while stamps and stamps[0] <= now - span:
                stamps.popleft()
        retry = 0.0
        if len(self.global_sends) >= self.global_per_second:
            retry = self.global_sends[0] + 1.0 - now
        if chat_id < 0 and len(window) >= self.per_chat_per_minute:
            retry = max(retry, window[0] + 60.0 - now)
        if retry > 0:
            seconds = max(1, math.ceil(retry))
            raise ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
        self.global_sends.append(now)
        window.append(now)


class State:
    def __init__(self, token: str, bot_username: str, bot_first_name: str) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, ChatState] = {}
        self.messages: dict[tuple[int, int], JSON] = {}  # every message, current version
        self.deleted: set[tuple[int, int]] = set()
        self.records: dict[tuple[int, int], JSON] = {}  # messages the bot sent (test view)
        self.events: list[JSON] = []  # snapshot of a record after each send/edit
        self.seq = 0
        self.updates: list[JSON] = []  # queued until confirmed by a higher offset
        self.next_update_id = 1
        self.delivered_ids: set[int] = set()
        self.allowed_updates: frozenset[str] = DEFAULT_ALLOWED
        self.privacy_mode = True
        self.webhook: JSON = {}  # url, secret_token, … of setWebhook; empty: none set
        self.callbacks: dict[str, bool] = {}  # query id -> answered
        self.polls: dict[str, JSON] = {}  # poll id -> poll, chat, message, answers (polls)
        self.callback_answers: list[JSON] = []
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}  # (field, language) -> value
        self.requests: list[JSON] = []
        self.inflight = 0
        self.last_activity = time.monotonic()
        self.failures: dict[str, list[Failure]] = {}
        self.rate: RateLimiter | None = None
        self.wake: Callable[[], None] = lambda: None
        self.next_user_id = 1001
        self.next_group = 1
        self.next_query = 1

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def now() -> int:
        return int(time.time())

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    def chat_state(self, chat: JSON | int) -> ChatState:
        chat_id = int(chat["id"]) if isinstance(chat, dict) else int(chat)
        if chat_id not in self.chats:
            raise KeyError(f"unknown chat {chat_id}")
        return self.chats[chat_id]

    def private_chat(self, user: JSON) -> ChatState:
        if user["id"] not in self.chats:
            chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            chat.update({k: user[k] for k in ("last_name", "username") if k in user})
            self.chats[user["id"]] = ChatState(chat, members={user["id"]: "member"})
        return self.chats[user["id"]]

    def lookup_chat(self, raw: Any) -> ChatState:
        """The chat a Bot API call names, with Telegram's errors for the usual failures."""
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        state = self.chats.get(chat_id)
        if state is None and chat_id in self.users:
            state = self.private_chat(self.users[chat_id])
        if state is None:
            raise bad_request("chat not found")
        if state.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": state.migrated_to},
            )
        return state

    def writable_chat(self, raw: Any) -> ChatState:
        state = self.lookup_chat(raw)
        kind = "supergroup chat" if state.type == "supergroup" else "group chat"
        if state.type == "private":
            if state.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not state.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif state.bot_status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")
        elif state.bot_status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind}")
        return state

    def check_limits(self, method: str, chat_id: int | None) -> None:
        failures = self.failures.get(method.lower()) or self.failures.get("*")
        if failures:
            failure = failures[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                failures.pop(0)
            params = {"retry_after": failure.retry_after} if failure.retry_after else None
            raise ApiError(failure.code, failure.description, params)
        if self.rate is not None and chat_id is not None:
            self.rate.check(chat_id, time.monotonic())

    def parse(
        self, text: str, parse_mode: str | None, entities: Any, caption: bool
    ) -> tuple[str, list[Entity]]:
        what = "message caption" if caption else "message text"
        if isinstance(entities, list) and not parse_mode:
            plain, parsed = text, [dict(e) for e in entities]
        else:
            try:
                plain, parsed = parse_text(text, parse_mode)
            except ParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
            except ValueError:
                raise bad_request(f"unsupported parse_mode {parse_mode}") from None
        if not caption and not plain.strip():
            raise bad_request("message text is empty")
        if len(plain) > (1024 if caption else 4096):
            raise bad_request(f"{what} is too long" if caption else "message is too long")
        parsed = sorted(parsed + detect_entities(plain, parsed), key=lambda e: e["offset"])
        return plain, parsed

    @staticmethod
    def check_markup(markup: Any) -> JSON | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "force_reply" in markup:  # ForceReply: asks the (selected) users for a reply
            if markup["force_reply"] is not True:
                raise bad_request("can't parse reply keyboard markup JSON object")
            if len(str(markup.get("input_field_placeholder", ""))) > 64:
                raise bad_request("input field placeholder is too long")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")
        return markup

    # ------------------------------------------------------------------ messages
    def new_message(self, chat: ChatState, sender: JSON, **fields: Any) -> JSON:
        msg: JSON = {
            "message_id": chat.take_message_id(),
            "from": copy.deepcopy(sender),
            "chat": copy.deepcopy(chat.chat),
            "date": self.now(),
        }
        msg.update({k: v for k, v in fields.items() if v is not None and v != []})
        if "reply_to_message" in msg:
            msg["reply_to_message"] = {
                k: v for k, v in msg["reply_to_message"].items() if k != "reply_to_message"
            }
        self.messages[(chat.id, msg["message_id"])] = msg
        return msg

    def record_bot_message(
        self, msg: JSON, raw: str, parse_mode: str | None, markup: JSON | None
    ) -> JSON:
        text_key = "caption" if "document" in msg else "text"
        reply = msg.get("reply_to_message")
        record: JSON = {
            "message_id": msg["message_id"],
            "chat_id": msg["chat"]["id"],
            "kind": "document" if "document" in msg else "text",
            "text": msg.get(text_key, ""),
            "html": raw,
            "parse_mode": parse_mode,
            "entities": msg.get("entities" if text_key == "text" else "caption_entities", []),
            "reply_markup": markup,
            "reply_to": reply["message_id"] if reply else None,
            "thread_id": msg.get("message_thread_id"),  # the forum topic; None: General
            "date": msg["date"],
            "edits": [],
            "deleted": False,
            "pinned": False,
        }
        self.records[(record["chat_id"], record["message_id"])] = record
        self.touch(record, "sent")
        return record

    def touch(self, record: JSON, event: str) -> None:
        self.seq += 1
        record["seq"] = record.get("seq", self.seq)
        record["last_seq"] = self.seq
        snapshot = copy.deepcopy(record)
        snapshot["event"] = event
        self.events.append(snapshot)
        self.changed.notify_all()

    # ------------------------------------------------------------------ updates
    def enqueue(self, kind: str, payload: JSON) -> bool:
        if kind not in self.allowed_updates:
            return False
        update = {"update_id": self.next_update_id, kind: copy.deepcopy(payload)}
        self.next_update_id += 1
        self.updates.append(update)
        self.changed.notify_all()
        self.wake()
        return True

    def bot_receives(self, msg: JSON) -> bool:
        """Group privacy mode as Telegram applies it (private chats get everything)."""
        chat = self.chats[int(msg["chat"]["id"])]
        if chat.type == "private":
            return not chat.blocked
        if chat.bot_status not in ("member", "administrator"):
            return False
        if not self.privacy_mode or any(key in msg for key in SERVICE_KEYS):
            return True
        replied = msg.get("reply_to_message") or {}
        if replied.get("from", {}).get("id") == self.bot_id:
            return True
        text = msg.get("text") or msg.get("caption") or ""
        encoded = text.encode("utf-16-le")
        username = str(self.bot_user["username"]).lower()
        for entity in msg.get("entities") or msg.get("caption_entities") or []:
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            part = encoded[start:end].decode("utf-16-le").lower()
            addressee = part.split("@", 1)[1] if "@" in part else username
            if entity["type"] == "bot_command" and entity["offset"] == 0 and addressee == username:
                return True
            if entity["type"] == "mention" and part == "@" + username:
                return True
            if entity["type"] == "text_mention" and entity["user"]["id"] == self.bot_id:
                return True
        return False

    def deliver(self, kind: str, msg: JSON) -> bool:
        return self.bot_receives(msg) and self.enqueue(kind, msg)

    def take_updates(self, offset: int | None, limit: int) -> list[JSON]:
        if offset is not None and offset < 0:
            self.updates = self.updates[offset:]
        elif offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        batch = copy.deepcopy(self.updates[:limit])
        if batch:
            self.delivered_ids.update(u["update_id"] for u in batch)
            self.changed.notify_all()
        return batch

    def member_changed(self, chat: ChatState, actor: JSON, user: JSON, old: str, new: str) -> JSON:
        return {
            "chat": copy.deepcopy(chat.chat),
            "from": copy.deepcopy(actor),
            "date": self.now(),
            "old_chat_member": member_json(user, old),
            "new_chat_member": member_json(user, new),
        }

    def member_update(self, chat: ChatState, actor: JSON, user: JSON, old: str, new: str) -> None:
        """A ``chat_member`` update: only for admin bots that asked for it, like Telegram."""
        if chat.bot_status == "administrator":
            self.enqueue("chat_member", self.member_changed(chat, actor, user, old, new))

    def bot_status_changed(
        self, chat: ChatState, actor: JSON, new: str, shown: str | None = None
    ) -> None:
        old, chat.bot_status = chat.bot_status, new
        update = self.member_changed(chat, actor, self.bot_user, old, shown or new)
        self.enqueue("my_chat_member", update)

    def utf16_entities_ok(self, text: str, entities: list[Entity]) -> None:
        total = utf16_len(text)
        for entity in entities:
            if entity["offset"] < 0 or entity["offset"] + entity["length"] > total:
                raise ValueError(f"entity {entity} is outside the text ({total} UTF-16 units)")
