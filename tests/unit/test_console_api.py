"""bot/console/api.py with forum.py and menus.py: topics, replies, press answers, deletions and
command menus behave as Telegram's Bot API does, refusals included."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Bot, ChatFullInfo

from bot.console.api import ApiError, ConsoleBotApi
from bot.console.forum import GENERAL_THREAD_ID

GROUP = {"id": -100, "type": "supergroup", "title": "Vorstand", "is_forum": True}
VERA = {"id": 42, "is_bot": False, "first_name": "Vera"}
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
THREAD_NOT_FOUND = "Bad Request: message thread not found"
REPLIED_NOT_FOUND = "Bad Request: message to be replied not found"


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []
        self.markups: list[Any] = []

    def bot_message(self, message: dict[str, Any], edited: bool, markup: Any) -> None:
        self.markups.append(markup)
        self.seen.append(("edit" if edited else "message", message.get("text")))

    def bot_document(self, message: dict[str, Any], filename: str, data: bytes) -> None:
        self.seen.append(("document", message.get("message_thread_id")))

    def callback_answer(self, text: str, alert: bool) -> None:
        self.seen.append(("alert" if alert else "toast", text))

    def message_deleted(self, chat_id: int, message_id: int) -> None:
        self.seen.append(("deleted", message_id))


@pytest.fixture
def view() -> Recorder:
    return Recorder()


@pytest.fixture
def api(view: Recorder) -> ConsoleBotApi:
    api = ConsoleBotApi(view, lambda: NOW)
    api.add_chat(dict(GROUP))
    return api


def refused(api: ConsoleBotApi, method: str, **params: Any) -> str:
    with pytest.raises(ApiError) as error:
        api.call(method, params)
    assert error.value.code == 400
    return error.value.description


def topic(api: ConsoleBotApi, name: str) -> int:
    created = api.new_message(-100, VERA, forum_topic_created={"name": name})
    api.forum.add(-100, created["message_id"], name)
    return int(created["message_id"])


def test_sends_go_into_a_topic_and_general_or_unknown_threads_are_refused(
    api: ConsoleBotApi, view: Recorder
) -> None:
    finance = topic(api, "Finanzen")
    sent = api.call("sendMessage", {"chat_id": -100, "text": "Hi", "message_thread_id": finance})
    assert sent["message_thread_id"] == finance and sent["is_topic_message"] is True
    general = {"chat_id": -100, "text": "Hi", "message_thread_id": GENERAL_THREAD_ID}
    assert refused(api, "sendMessage", **general) == THREAD_NOT_FOUND
    assert refused(api, "sendMessage", **{**general, "message_thread_id": 999}) == THREAD_NOT_FOUND
    plain = api.call("sendMessage", {"chat_id": -100, "text": "in General"})
    assert "message_thread_id" not in plain
    api.forum.get(-100, finance).closed = True  # type: ignore[union-attr]
    closed = {**general, "message_thread_id": finance}
    assert refused(api, "sendMessage", **closed) == "Bad Request: TOPIC_CLOSED"
    assert view.seen == [("message", "Hi"), ("message", "in General")]


def test_documents_and_edits_accept_the_thread(api: ConsoleBotApi, view: Recorder) -> None:
    finance = topic(api, "Finanzen")
    upload = {"filename": "a.csv", "data": b"x"}
    document = {"chat_id": -100, "document": upload, "message_thread_id": GENERAL_THREAD_ID}
    assert refused(api, "sendDocument", **document) == THREAD_NOT_FOUND
    sent = api.call("sendDocument", {**document, "message_thread_id": finance})
    assert sent["message_thread_id"] == finance
    text = api.call("sendMessage", {"chat_id": -100, "text": "a", "message_thread_id": finance})
    edit = {"chat_id": -100, "message_id": text["message_id"], "message_thread_id": finance}
    assert api.call("editMessageText", {**edit, "text": "b"})["text"] == "b"
    assert view.seen == [("document", finance), ("message", "a"), ("edit", "b")]


def test_a_reply_quotes_its_message_and_lands_in_its_topic(api: ConsoleBotApi) -> None:
    finance = topic(api, "Finanzen")
    asked = api.new_message(-100, VERA, text="/frist 3", message_thread_id=finance)
    asked["reply_to_message"] = {"message_id": finance}
    quote = {"message_id": asked["message_id"]}
    sent = api.call("sendMessage", {"chat_id": -100, "text": "Wann?", "reply_parameters": quote})
    assert sent["message_thread_id"] == finance  # no thread given: the replied message's
    assert sent["reply_to_message"]["text"] == "/frist 3"
    assert "reply_to_message" not in sent["reply_to_message"]  # one level deep, as Telegram
    other = topic(api, "Sonstiges")
    elsewhere = {"chat_id": -100, "text": "x", "reply_parameters": quote}
    elsewhere["message_thread_id"] = other
    assert refused(api, "sendMessage", **elsewhere) == REPLIED_NOT_FOUND
    gone = {"chat_id": -100, "text": "x", "reply_parameters": {"message_id": 99}}
    assert refused(api, "sendMessage", **gone) == REPLIED_NOT_FOUND
    lenient = {"message_id": 99, "allow_sending_without_reply": True}
    sent = api.call("sendMessage", {**gone, "reply_parameters": lenient})
    assert "reply_to_message" not in sent and "message_thread_id" not in sent


def test_only_inline_keyboards_stay_in_the_message(api: ConsoleBotApi, view: Recorder) -> None:
    markup = {"force_reply": True, "selective": True, "input_field_placeholder": "Freitag"}
    sent = api.call("sendMessage", {"chat_id": -100, "text": "Bis wann?", "reply_markup": markup})
    assert "reply_markup" not in sent  # as Telegram: the view alone sees the ForceReply
    assert view.markups == [markup]
    edit = {"chat_id": -100, "message_id": sent["message_id"], "text": "Wann?"}
    assert refused(api, "editMessageText", **edit, reply_markup=markup) == (
        "Bad Request: inline keyboard expected"
    )
    buttons = {"inline_keyboard": [[{"text": "ok", "callback_data": "x"}]]}
    assert api.call("editMessageText", {**edit, "reply_markup": buttons})["reply_markup"] == buttons


def test_every_press_is_answered_once(api: ConsoleBotApi, view: Recorder) -> None:
    invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert refused(api, "answerCallbackQuery", callback_query_id="7") == invalid  # never pressed
    api.pressed("7")
    assert not api.answered("7")
    api.call("answerCallbackQuery", {"callback_query_id": "7", "text": "Nein", "show_alert": True})
    assert api.answered("7")
    assert refused(api, "answerCallbackQuery", callback_query_id="7") == invalid  # twice
    api.pressed("8")
    api.call("answerCallbackQuery", {"callback_query_id": "8", "text": "Ok"})
    api.pressed("9")
    api.call("answerCallbackQuery", {"callback_query_id": "9"})  # silent: nothing shown
    assert view.seen == [("alert", "Nein"), ("toast", "Ok")]


def test_deleting_a_message_tells_the_view_and_a_second_delete_is_refused(
    api: ConsoleBotApi, view: Recorder
) -> None:
    sent = api.call("sendMessage", {"chat_id": -100, "text": "Aufgabe #1"})
    assert api.call("deleteMessage", {"chat_id": -100, "message_id": sent["message_id"]}) is True
    again = {"chat_id": -100, "message_id": sent["message_id"]}
    assert refused(api, "deleteMessage", **again) == "Bad Request: message to delete not found"
    assert view.seen[-1] == ("deleted", sent["message_id"])


def test_command_menus_per_scope_and_language(api: ConsoleBotApi) -> None:
    everyday = [{"command": "aufgabe", "description": "Neue Aufgabe"}]
    admins = [*everyday, {"command": "einstellungen", "description": "Einstellungen"}]
    admin_scope = {"type": "chat_administrators", "chat_id": -100}
    assert api.call("setMyCommands", {"commands": everyday, "language_code": "de"}) is True
    api.call("setMyCommands", {"commands": admins, "scope": admin_scope, "language_code": "de"})
    default = {"type": "default"}
    assert api.call("getMyCommands", {"scope": default, "language_code": "de"}) == everyday
    assert api.menus.menu_for([admin_scope, default], "de") == admins
    assert api.menus.menu_for([{"type": "all_group_chats"}, default], "de") == everyday
    assert api.menus.menu_for([default], "en") == []
    bad_name = [{"command": "Aufgabe!", "description": "x"}]
    assert refused(api, "setMyCommands", commands=bad_name) == "Bad Request: BOT_COMMAND_INVALID"
    no_text = [{"command": "x", "description": " "}]
    assert refused(api, "setMyCommands", commands=no_text).endswith("DESCRIPTION_INVALID")
    assert refused(api, "setMyCommands", commands=everyday, scope={"type": "chat"}).startswith(
        "Bad Request: chat_id"
    )
    assert refused(api, "setMyCommands", commands=everyday, scope={"type": "everyone"}) == (
        "Bad Request: unsupported scope type"
    )
    wrong_code = {"commands": everyday, "language_code": "deu"}
    assert refused(api, "setMyCommands", **wrong_code) == "Bad Request: invalid language code"
    api.call("deleteMyCommands", {"language_code": "de"})
    assert api.call("getMyCommands", {"language_code": "de"}) == []


async def test_get_chat_tells_whether_the_group_is_a_forum(api: ConsoleBotApi) -> None:
    bot = Bot("123:x", request=api, get_updates_request=api)
    chat = ChatFullInfo.de_json(api.call("getChat", {"chat_id": -100}), bot)
    assert chat.is_forum is True and chat.title == "Vorstand"
    assert refused(api, "getChat", chat_id=-5) == "Bad Request: chat not found"
