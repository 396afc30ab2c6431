"""Building the emulated world and acting as its users: the test-facing half of the emulator.

``EmulatorWorld`` is a mixin of ``BotApiEmulator``; every method is synchronous, takes the state
lock and queues updates the way Telegram would deliver them to the bot.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from .emulator_core import JSON, ChatState, Failure, RateLimiter, State
from .emulator_text import detect_entities, utf16_len
from .emulator_topics import topic_fields

Chat = JSON | int
_DEFAULT_ERRORS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def chat_id_of(chat: Chat) -> int:
    return int(chat["id"]) if isinstance(chat, dict) else int(chat)


def message_key(message: JSON) -> tuple[int, int]:
    """A Message JSON (``chat.id``) or a stored bot message (``chat_id``)."""
    chat_id = message["chat_id"] if "chat_id" in message else message["chat"]["id"]
    return int(chat_id), int(message["message_id"])


class EmulatorWorld:
    _state: State

    # ------------------------------------------------------------------ world building
    def _user(self, user: JSON | int) -> JSON:
        user_id = int(user["id"]) if isinstance(user, dict) else int(user)
        if user_id not in self._state.users:
            raise ValueError(f"unknown user {user_id}: create it with create_user()")
        return self._state.users[user_id]

    def _creator(self, chat: ChatState) -> JSON:
        for user_id, status in chat.members.items():
            if status == "creator":
                return self._state.users[user_id]
        return next(iter(self._state.users.values()))

    def create_user(
        self,
        first_name: str,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str = "de",
    ) -> JSON:
        with self._state.lock:
            user: JSON = {"id": self._state.next_user_id, "is_bot": False, "first_name": first_name}
            if last_name:
                user["last_name"] = last_name
            if username:
                user["username"] = username
            user["language_code"] = language_code
            self._state.next_user_id += 1
            self._state.users[user["id"]] = user
            return copy.deepcopy(user)

    def private_chat(self, user: JSON | int) -> JSON:
        with self._state.lock:
            return copy.deepcopy(self._state.private_chat(self._user(user)).chat)

    def _new_chat_id(self, supergroup: bool) -> int:
        n = self._state.next_group
        self._state.next_group += 1
        return -1_001_000_000_000 - n if supergroup else -1000 - n

    def create_group(
        self, title: str, members: list[JSON], supergroup: bool = False, *, bot_admin: bool = False
    ) -> JSON:
        """A group the first member created and added the bot to (my_chat_member + message)."""
        if not members:
            raise ValueError("a group needs at least one member: the first one adds the bot")
        st = self._state
        with st.lock:
            users = [self._user(m) for m in members]
            chat_id = self._new_chat_id(supergroup)
            kind = "supergroup" if supergroup else "group"
            chat = ChatState({"id": chat_id, "title": title, "type": kind}, bot_status="left")
            chat.members = {u["id"]: "creator" if i == 0 else "member" for i, u in enumerate(users)}
            st.chats[chat_id] = chat
            st.bot_status_changed(chat, users[0], "administrator" if bot_admin else "member")
            bot = st.bot_user
            msg = st.new_message(
                chat,
                users[0],
                new_chat_members=[bot],
                new_chat_member=bot,
                new_chat_participant=bot,
            )
            st.deliver("message", msg)
            return copy.deepcopy(chat.chat)

    def add_member(self, chat: Chat, user: JSON, *, added_by: JSON | None = None) -> JSON:
        st = self._state
        with st.lock:
            state, u = st.chat_state(chat), self._user(user)
            actor = self._user(added_by) if added_by else u
            state.members[u["id"]] = "member"
            msg = st.new_message(
                state, actor, new_chat_members=[u], new_chat_member=u, new_chat_participant=u
            )
            st.deliver("message", msg)
            st.member_update(state, actor, u, "left", "member")
            return copy.deepcopy(msg)

    def remove_member(self, chat: Chat, user: JSON, *, removed_by: JSON | None = None) -> JSON:
        st = self._state
        with st.lock:
            state, u = st.chat_state(chat), self._user(user)
            actor = self._user(removed_by) if removed_by else u
            old = state.members.pop(u["id"], "left")
            msg = st.new_message(state, actor, left_chat_member=u, left_chat_participant=u)
            st.deliver("message", msg)
            st.member_update(state, actor, u, old, "left" if actor is u else "kicked")
            return copy.deepcopy(msg)

    def kick_bot(self, chat: Chat, by: JSON | None = None) -> None:
        """Remove the bot: later calls get 403; my_chat_member + left_chat_member are queued."""
        st = self._state
        with st.lock:
            state = st.chat_state(chat)
            actor = self._user(by) if by else self._creator(state)
            # basic groups have no ban list: Telegram reports the bot as "left" there
            st.bot_status_changed(state, actor, "kicked", "left" if state.type == "group" else None)
            bot = st.bot_user
            msg = st.new_message(state, actor, left_chat_member=bot, left_chat_participant=bot)
            st.enqueue("message", msg)

    def set_bot_admin(self, chat: Chat, admin: bool = True) -> None:
        st = self._state
        with st.lock:
            state = st.chat_state(chat)
            st.bot_status_changed(
                state, self._creator(state), "administrator" if admin else "member"
            )

    def block_bot(self, user: JSON) -> None:
        """The user blocks the bot: sends to them get 403 until they write again."""
        st = self._state
        with st.lock:
            self.private_chat(user)
            state = st.chat_state(user["id"])
            state.blocked = True
            st.bot_status_changed(state, self._user(user), "kicked")

    def migrate_to_supergroup(self, chat: Chat) -> JSON:
        st = self._state
        with st.lock:
            old = st.chat_state(chat)
            new_id = self._new_chat_id(supergroup=True)
            info = {"id": new_id, "title": old.chat["title"], "type": "supergroup"}
            new = ChatState(info, members=dict(old.members), bot_status=old.bot_status)
            st.chats[new_id] = new
            actor = self._creator(old)
            st.deliver("message", st.new_message(old, actor, migrate_to_chat_id=new_id))
            old.migrated_to = new_id
            st.deliver("message", st.new_message(new, actor, migrate_from_chat_id=old.id))
            return copy.deepcopy(info)

    # ------------------------------------------------------------------ users act
    def send_text(
        self,
        user: JSON,
        chat: Chat,
        text: str,
        reply_to: JSON | None = None,
        entities: list[JSON] | None = None,
        edit_of: JSON | None = None,
        topic: int | None = None,
    ) -> JSON:
        """A user writes ``text`` (in forum topic ``topic``; None: General); entities are
        generated like Telegram unless given."""
        if edit_of is not None:
            return self.edit_text(user, edit_of, text, entities)
        st = self._state
        with st.lock:
            u = self._user(user)
            state = st.chat_state(chat)
            if state.type == "private":
                if state.id != u["id"]:
                    raise ValueError("only the user themself writes in their private chat")
                state.started = True
                if state.blocked:
                    state.blocked = False
                    st.bot_status_changed(state, u, "member")
            elif u["id"] not in state.members:
                raise AssertionError(f"{u['first_name']} is not a member of {state.chat['title']}")
            if state.migrated_to is not None:
                raise AssertionError(f"chat {state.id} was migrated to {state.migrated_to}")
            found = detect_entities(text) if entities is None else [dict(e) for e in entities]
            st.utf16_entities_ok(text, found)
            replied = None
            if reply_to is not None:
                replied = st.messages.get(message_key(reply_to), reply_to)
                topic = topic if topic is not None else replied.get("message_thread_id")
            if topic is not None:
                if topic not in state.topics or state.topics[topic]["deleted"]:
                    raise AssertionError(f"no topic {topic} in {state.chat['title']}")
                replied = replied or state.topics[topic]["root"]
            msg = st.new_message(
                state, u, reply_to_message=replied, text=text, entities=found,
                **topic_fields(state, topic),
            )  # fmt: skip
            st.deliver("message", msg)
            return copy.deepcopy(msg)

    def send_text_mention(
        self, user: JSON, chat: Chat, text: str, mentioned: JSON, name: str | None = None, **kw: Any
    ) -> JSON:
        """Like send_text, with a ``text_mention`` of ``mentioned`` on ``name`` (its first name)."""
        name = name or str(mentioned["first_name"])
        index = text.find(name)
        if index < 0:
            raise ValueError(f"{name!r} does not occur in {text!r}")
        mention = {
            "type": "text_mention",
            "offset": utf16_len(text[:index]),
            "length": utf16_len(name),
        }
        mention["user"] = copy.deepcopy(self._user(mentioned))
        entities = sorted([*detect_entities(text), mention], key=lambda e: e["offset"])
        return self.send_text(user, chat, text, entities=entities, **kw)

    def edit_text(
        self, user: JSON, message: JSON, new_text: str, entities: list[JSON] | None = None
    ) -> JSON:
        st = self._state
        with st.lock:
            msg = st.messages[message_key(message)]
            if msg["from"]["id"] != self._user(user)["id"]:
                raise AssertionError("users can only edit their own messages")
            msg["text"] = new_text
            found = detect_entities(new_text) if entities is None else [dict(e) for e in entities]
            st.utf16_entities_ok(new_text, found)
            msg.pop("entities", None)
            if found:
                msg["entities"] = found
            msg["edit_date"] = st.now()
            st.deliver("edited_message", msg)
            return copy.deepcopy(msg)

    def press_button(
        self, user: JSON, message: JSON, callback_data: str, *, check: bool = True
    ) -> str:
        """Queue a callback_query for ``message`` (Message JSON or stored bot message)."""
        st = self._state
        with st.lock:
            key = message_key(message)
            msg = st.messages.get(key)
            if msg is None or key in st.deleted:
                raise AssertionError(f"message {key} does not exist (deleted?)")
            rows = (msg.get("reply_markup") or {}).get("inline_keyboard", [])
            available = [b.get("callback_data") for row in rows for b in row]
            if check and callback_data not in available:
                raise AssertionError(f"no button {callback_data!r} on message {key}: {available}")
            query_id = str(4_611_686_018_427_387_904 + st.next_query)
            st.next_query += 1
            instance = int(hashlib.sha1(str(key[0]).encode()).hexdigest()[:15], 16)
            query = {"id": query_id, "from": self._user(user), "message": msg}
            query.update(chat_instance=str(instance), data=callback_data)
            st.callbacks[query_id] = False
            st.enqueue("callback_query", query)
            return query_id

    # ------------------------------------------------------------------ switches
    def set_privacy_mode(self, enabled: bool) -> None:
        with self._state.lock:
            self._state.privacy_mode = enabled

    def enforce_rate_limits(
        self, per_chat_per_minute: int = 20, global_per_second: int = 30
    ) -> None:
        with self._state.lock:
            self._state.rate = RateLimiter(per_chat_per_minute, global_per_second)

    def disable_rate_limits(self) -> None:
        with self._state.lock:
            self._state.rate = None

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` ("*" = any) fail with this error."""
        if description is None:
            description = _DEFAULT_ERRORS.get(error_code, "Error")
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
                retry_after = retry_after or 1
        failure = Failure(error_code, description, retry_after, times)
        with self._state.lock:
            self._state.failures.setdefault(method.lower(), []).append(failure)
