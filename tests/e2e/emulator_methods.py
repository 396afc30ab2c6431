"""Bot API methods of the emulator (all but getUpdates, which the server long-polls itself).

Each handler runs with ``State.lock`` held, returns the ``result`` JSON or raises ApiError.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from .emulator_core import (
    JSON,
    ApiError,
    ChatState,
    Params,
    State,
    Upload,
    bad_request,
    member_json,
)
from .emulator_text import words
from .emulator_topics import thread_for, topic_fields

Handler = Callable[[State, Params], Any]
METHODS: dict[str, Handler] = {}
# Methods that send or edit and therefore count for flood limits.
RATE_LIMITED = words("sendmessage senddocument editmessagetext editmessagereplymarkup")
CHAT_ACTIONS = words(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note"
)
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def method(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        METHODS[name] = func
        return func

    return register


def _inline(markup: JSON | None) -> JSON | None:
    """Only inline keyboards are attached to a sent message."""
    return markup if markup and "inline_keyboard" in markup else None


def _reply_target(st: State, chat: ChatState, p: Params) -> JSON | None:
    reply = p.json("reply_parameters") or {}
    if not reply and p.has("reply_to_message_id"):
        reply = {"message_id": p.integer("reply_to_message_id")}
        reply["allow_sending_without_reply"] = p.flag("allow_sending_without_reply")
    if not reply:
        return None
    target_chat = int(reply.get("chat_id") or chat.id)
    key = (target_chat, int(reply["message_id"]))
    target = st.messages.get(key)
    if target is None or key in st.deleted:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return target


# ---------------------------------------------------------------------- bot & commands
@method("getMe")
def get_me(st: State, p: Params) -> JSON:
    me = dict(st.bot_user)
    me.update(can_join_groups=True, can_read_all_group_messages=not st.privacy_mode)
    me.update(supports_inline_queries=False, can_connect_to_business=False, has_main_web_app=False)
    return me


@method("logOut")
@method("close")
@method("deleteWebhook")
def always_true(st: State, p: Params) -> bool:
    if p.flag("drop_pending_updates"):
        st.updates.clear()
    st.webhook = {}
    return True


@method("setWebhook")
def set_webhook(st: State, p: Params) -> bool:
    """Records the webhook (the emulator does not post to it; tests post themselves)."""
    url = p.string("url") or ""
    if not url:
        return always_true(st, p)
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: HTTPS url must be provided for webhook")
    secret = p.string("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("secret token contains unallowed characters")
    if p.flag("drop_pending_updates"):
        st.updates.clear()
    st.webhook = {"url": url, "secret_token": secret, "allowed_updates": p.json("allowed_updates")}
    return True


@method("getWebhookInfo")
def get_webhook_info(st: State, p: Params) -> JSON:
    url = st.webhook.get("url", "")
    return {"url": url, "has_custom_certificate": False, "pending_update_count": len(st.updates)}


def _scope_key(p: Params) -> tuple[str, str]:
    scope = p.json("scope") or {"type": "default"}
    if "chat_id" in scope:
        scope = {**scope, "chat_id": int(scope["chat_id"])}
    language = p.string("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return json_key(scope), language


def json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@method("setMyCommands")
def set_my_commands(st: State, p: Params) -> bool:
    commands = p.json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    for command in commands:
        if not COMMAND_RE.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        description = str(command.get("description", "")).strip()
        if not description:
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    st.commands[_scope_key(p)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


@method("getMyCommands")
def get_my_commands(st: State, p: Params) -> list[JSON]:
    return copy.deepcopy(st.commands.get(_scope_key(p), []))


@method("deleteMyCommands")
def delete_my_commands(st: State, p: Params) -> bool:
    st.commands.pop(_scope_key(p), None)
    return True


def _bot_text(field: str, limit: int) -> tuple[Handler, Handler]:
    def setter(st: State, p: Params) -> bool:
        value = p.string(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        st.bot_texts[(field, p.string("language_code") or "")] = value
        return True

    def getter(st: State, p: Params) -> JSON:
        return {field: st.bot_texts.get((field, p.string("language_code") or ""), "")}

    return setter, getter


for _field, _limit, _suffix in (
    ("description", 512, "Description"),
    ("short_description", 120, "ShortDescription"),
    ("name", 64, "Name"),
):
    METHODS[f"setMy{_suffix}"], METHODS[f"getMy{_suffix}"] = _bot_text(_field, _limit)


@method("setChatMenuButton")
def set_chat_menu_button(st: State, p: Params) -> bool:
    return True


@method("getChatMenuButton")
def get_chat_menu_button(st: State, p: Params) -> JSON:
    return {"type": "commands"}


# ---------------------------------------------------------------------- messages
@method("sendMessage")
def send_message(st: State, p: Params) -> JSON:
    chat = st.writable_chat(p.values.get("chat_id"))
    raw = p.string("text") or ""
    parse_mode = p.string("parse_mode")
    text, entities = st.parse(raw, parse_mode, p.json("entities"), caption=False)
    reply = _reply_target(st, chat, p)
    thread = thread_for(st, chat, p, reply)
    markup = st.check_markup(p.json("reply_markup"))
    msg = st.new_message(
        chat,
        st.bot_user,
        reply_to_message=reply,
        text=text,
        entities=entities,
        reply_markup=_inline(markup),
        **topic_fields(chat, thread),
    )
    st.record_bot_message(msg, raw, parse_mode, markup)
    return msg


@method("sendDocument")
def send_document(st: State, p: Params) -> JSON:
    chat = st.writable_chat(p.values.get("chat_id"))
    document = p.file("document")
    if not document:
        raise bad_request("there is no document in the request")
    if isinstance(document, str):  # a file_id or URL: nothing is uploaded
        document = Upload(document.rsplit("/", 1)[-1], b"", "application/octet-stream")
    elif not document.data:
        raise bad_request("file must be non-empty")
    raw = p.string("caption") or ""
    parse_mode = p.string("parse_mode")
    caption, entities = st.parse(raw, parse_mode, p.json("caption_entities"), caption=True)
    markup = st.check_markup(p.json("reply_markup"))
    reply = _reply_target(st, chat, p)
    thread = thread_for(st, chat, p, reply)
    digest = hashlib.sha1(document.data).hexdigest()
    info = {
        "file_id": f"BQACAgI{digest[:24]}",
        "file_unique_id": f"AgAD{digest[:12]}",
        "file_name": document.filename,
        "mime_type": document.content_type,
        "file_size": len(document.data),
    }
    msg = st.new_message(
        chat,
        st.bot_user,
        reply_to_message=reply,
        document=info,
        caption=caption or None,
        caption_entities=entities,
        reply_markup=_inline(markup),
        **topic_fields(chat, thread),
    )
    record = st.record_bot_message(msg, raw, parse_mode, markup)
    record.update(filename=document.filename, mime_type=document.content_type, data=document.data)
    return msg


def _editable(st: State, p: Params, verb: str) -> tuple[ChatState, JSON, JSON]:
    if p.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = st.writable_chat(p.values.get("chat_id"))
    key = (chat.id, p.integer("message_id", required=True) or 0)
    msg = st.messages.get(key)
    if msg is None or key in st.deleted:
        raise bad_request(f"message to {verb} not found")
    record = st.records.get(key)
    if record is None:
        raise bad_request(f"message can't be {verb}ed")
    return chat, msg, record


def _apply_edit(st: State, msg: JSON, record: JSON, **changes: Any) -> JSON:
    previous = {k: record[k] for k in ("text", "html", "parse_mode", "reply_markup")}
    record["edits"].append({**previous, "date": msg.get("edit_date", msg["date"])})
    record.update(changes)
    msg["edit_date"] = st.now()
    markup = _inline(record["reply_markup"])
    if markup is None:
        msg.pop("reply_markup", None)
    else:
        msg["reply_markup"] = markup
    st.touch(record, "edited")
    return msg


@method("editMessageText")
def edit_message_text(st: State, p: Params) -> JSON:
    _, msg, record = _editable(st, p, "edit")
    if "text" not in msg:
        raise bad_request("there is no text in the message to edit")
    raw = p.string("text") or ""
    parse_mode = p.string("parse_mode")
    text, entities = st.parse(raw, parse_mode, p.json("entities"), caption=False)
    markup = st.check_markup(p.json("reply_markup"))
    same_text = text == msg["text"] and entities == msg.get("entities", [])
    if same_text and _inline(markup) == msg.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    msg["text"] = text
    msg.pop("entities", None)
    if entities:
        msg["entities"] = entities
    return _apply_edit(
        st, msg, record, text=text, html=raw, parse_mode=parse_mode, entities=entities,
        reply_markup=markup,
    )  # fmt: skip


@method("editMessageReplyMarkup")
def edit_message_reply_markup(st: State, p: Params) -> JSON:
    _, msg, record = _editable(st, p, "edit")
    markup = st.check_markup(p.json("reply_markup"))
    if _inline(markup) == msg.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    return _apply_edit(st, msg, record, reply_markup=markup)


def _delete(st: State, chat: ChatState, message_id: int) -> None:
    key = (chat.id, message_id)
    msg = st.messages.get(key)
    if msg is None or key in st.deleted:
        raise bad_request("message to delete not found")
    own = msg.get("from", {}).get("id") == st.bot_id
    if not own and chat.type != "private" and chat.bot_status != "administrator":
        raise bad_request("message can't be deleted")
    st.deleted.add(key)
    if key in st.records:
        st.records[key]["deleted"] = True
    st.changed.notify_all()


@method("deleteMessage")
def delete_message(st: State, p: Params) -> bool:
    chat = st.writable_chat(p.values.get("chat_id"))
    _delete(st, chat, p.integer("message_id", required=True) or 0)
    return True


@method("deleteMessages")
def delete_messages(st: State, p: Params) -> bool:
    chat = st.writable_chat(p.values.get("chat_id"))
    for message_id in p.json("message_ids") or []:
        with contextlib.suppress(ApiError):  # Telegram skips messages it can't delete
            _delete(st, chat, int(message_id))
    return True


def _pin(st: State, p: Params, pinned: bool) -> bool:
    chat = st.writable_chat(p.values.get("chat_id"))
    if chat.type != "private" and chat.bot_status != "administrator":
        raise bad_request("not enough rights to manage pinned messages in the chat")
    key = (chat.id, p.integer("message_id") or 0)
    if key not in st.messages or key in st.deleted:
        raise bad_request("message to pin not found" if pinned else "message to unpin not found")
    if key in st.records:
        st.records[key]["pinned"] = pinned
    return True


METHODS["pinChatMessage"] = lambda st, p: _pin(st, p, True)
METHODS["unpinChatMessage"] = lambda st, p: _pin(st, p, False)


@method("answerCallbackQuery")
def answer_callback_query(st: State, p: Params) -> bool:
    query_id = p.string("callback_query_id") or ""
    if st.callbacks.get(query_id, True):
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    st.callbacks[query_id] = True
    answer = {k: p.values[k] for k in ("text", "show_alert", "url", "cache_time") if p.has(k)}
    st.callback_answers.append({"callback_query_id": query_id, **answer})
    st.changed.notify_all()
    return True


@method("sendChatAction")
def send_chat_action(st: State, p: Params) -> bool:
    st.writable_chat(p.values.get("chat_id"))
    if p.string("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


# ---------------------------------------------------------------------- chats
@method("getChat")
def get_chat(st: State, p: Params) -> JSON:
    chat = st.writable_chat(p.values.get("chat_id"))
    info = copy.deepcopy(chat.chat)
    info.update(accent_color_id=0, max_reaction_count=11)
    info["accepted_gift_types"] = dict.fromkeys(
        (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        ),
        False,
    )
    return info


@method("getChatMember")
def get_chat_member(st: State, p: Params) -> JSON:
    chat = st.writable_chat(p.values.get("chat_id"))
    user_id = p.integer("user_id", required=True)
    if user_id == st.bot_id:
        return member_json(st.bot_user, chat.bot_status)
    user = st.users.get(user_id or 0)
    if user is None:
        raise bad_request("user not found")
    if chat.type == "private":
        return member_json(user, "member" if user_id == chat.id else "left")
    return member_json(user, chat.members.get(user["id"], "left"))


@method("getChatAdministrators")
def get_chat_administrators(st: State, p: Params) -> list[JSON]:
    chat = st.writable_chat(p.values.get("chat_id"))
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [
        member_json(st.users[uid], status)
        for uid, status in chat.members.items()
        if status in ("creator", "administrator")
    ]
    if chat.bot_status == "administrator":
        admins.append(member_json(st.bot_user, "administrator"))
    return admins


@method("getChatMemberCount")
def get_chat_member_count(st: State, p: Params) -> int:
    chat = st.writable_chat(p.values.get("chat_id"))
    if chat.type == "private":
        return 2
    return len(chat.members) + (chat.bot_status in ("member", "administrator"))


@method("leaveChat")
def leave_chat(st: State, p: Params) -> bool:
    chat = st.writable_chat(p.values.get("chat_id"))
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    st.bot_status_changed(chat, st.bot_user, "left")
    return True


CANONICAL = {name.lower(): name for name in [*METHODS, "getUpdates"]}
