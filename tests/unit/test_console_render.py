"""bot/console/screen.py and bot/console/api.py: the console shows what a chat would show, and
the stand-in API answers like Telegram (plain text plus UTF-16 entities, errors)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.console.api import ApiError, ConsoleBotApi
from bot.console.playground import command_entities, make_member, parse_jump
from bot.console.screen import (
    ChatPrinter,
    format_buttons,
    format_message,
    html_to_text,
    parse_html,
)

GROUP = {"id": -100, "type": "supergroup", "title": "Vorstand"}
NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)


def test_html_becomes_plain_text_with_entities_in_utf16() -> None:
    text, entities = parse_html(
        '✅ <b>#1</b> für <a href="tg://user?id=42">Vera</a> &amp; <i>🎉 bald</i>'
    )
    assert text == "✅ #1 für Vera & 🎉 bald"
    assert entities == [
        {"offset": 2, "length": 2, "type": "bold"},
        {
            "offset": 9,
            "length": 4,
            "type": "text_mention",
            "user": {"id": 42, "is_bot": False, "first_name": "Vera"},
        },
        {"offset": 16, "length": 7, "type": "italic"},  # 🎉 counts two UTF-16 units
    ]


def test_links_and_nested_tags() -> None:
    text, entities = parse_html('<b>a <a href="https://x.org">site</a></b> <code>x&lt;y</code>')
    assert text == "a site x<y"
    assert {e["type"] for e in entities} == {"bold", "text_link", "code"}
    assert html_to_text("<blockquote>zitat</blockquote>") == "zitat"


def test_buttons_are_numbered_row_by_row() -> None:
    assert format_buttons([["✅ Erledigt", "⏰ +1 Tag"], ["⏰ +1 Woche"]], 4) == [
        "[4] ✅ Erledigt  [5] ⏰ +1 Tag",
        "[6] ⏰ +1 Woche",
    ]
    assert format_message("boardbot", "eins\n\nzwei", ["[1] ok"]) == (
        "boardbot: eins\n\n    zwei\n    [1] ok"
    )


def test_command_entities_and_members() -> None:
    assert command_entities("/aufgabe Flyer") == [{"type": "bot_command", "offset": 0, "length": 8}]
    assert command_entities("hallo") == []
    vera, again = make_member("Vera Kraus"), make_member("vera kraus")
    assert vera["id"] == again["id"] and vera["first_name"] == "Vera"
    assert vera["last_name"] == "Kraus" and vera["username"] == "vera_kraus"
    assert make_member("Nicole")["id"] != vera["id"]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("+30m", 30), ("2h", 120), ("+1d", 1440), ("+1 w", 10080), ("0d", None), ("soon", None)],
)
def test_time_jumps(text: str, minutes: int | None) -> None:
    delta = parse_jump(text)
    assert (delta.total_seconds() / 60 if delta else None) == minutes


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []

    def bot_message(self, message: dict[str, Any], edited: bool) -> None:
        self.seen.append(("edit" if edited else "message", message["text"]))

    def bot_document(self, message: dict[str, Any], filename: str, data: bytes) -> None:
        self.seen.append(("document", filename))

    def callback_answer(self, text: str) -> None:
        self.seen.append(("answer", text))


def call(api: ConsoleBotApi, method: str, **params: Any) -> tuple[int, Any]:
    """(200, result) or (error code, description), as the HTTP answer would carry them."""
    try:
        return 200, api.call(method, params)
    except ApiError as error:
        return error.code, error.description


async def test_the_api_stores_edits_and_refuses_like_telegram() -> None:
    view = Recorder()
    api = ConsoleBotApi(view, lambda: NOW)
    api.add_chat(GROUP)
    status, sent = call(api, "sendMessage", chat_id=-100, text="<b>Hi</b>", parse_mode="HTML")
    assert status == 200 and sent["text"] == "Hi"
    assert sent["entities"] == [{"offset": 0, "length": 2, "type": "bold"}]
    same = {"chat_id": -100, "message_id": sent["message_id"], "text": "<b>Hi</b>"}
    same["parse_mode"] = "HTML"
    assert call(api, "editMessageText", **same) == (400, "Bad Request: message is not modified")
    status, edited = call(api, "editMessageText", **{**same, "text": "Ho"})
    assert status == 200 and edited["text"] == "Ho" and "entities" not in edited
    assert call(api, "editMessageText", **{**same, "message_id": 1}) == (
        400,
        "Bad Request: message to edit not found",
    )
    assert call(api, "sendMessage", chat_id=-100, text="x" * 4097)[0] == 400
    assert call(api, "sendMessage", chat_id=-5, text="lost") == (
        400,
        "Bad Request: chat not found",
    )
    assert call(api, "banChatMember", chat_id=-100, user_id=1) == (404, "Not Found")
    assert view.seen == [("message", "Hi"), ("edit", "Ho")]

    status_code, body = await api.do_request("http://console.invalid/bot0:x/getMe", "POST")
    assert status_code == 200 and json.loads(body)["result"]["is_bot"] is True
    status_code, body = await api.do_request("http://console.invalid/bot0:x/nope", "POST")
    assert json.loads(body) == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_the_printer_numbers_buttons_and_forgets_edited_ones(tmp_path: Path) -> None:
    out = io.StringIO()
    printer = ChatPrinter(out, tmp_path / "files", interactive=False)
    markup = {
        "inline_keyboard": [
            [{"text": "✅", "callback_data": "a"}, {"text": "⏰", "callback_data": "b"}]
        ]
    }
    message = {"message_id": 7, "chat": GROUP, "text": "Fällig", "reply_markup": markup}
    printer.bot_message(message, edited=False)
    assert out.getvalue() == "boardbot: Fällig\n    [1] ✅  [2] ⏰\n"
    assert printer.buttons[2] == (-100, 7, "b")
    printer.bot_message({"message_id": 7, "chat": GROUP, "text": "Erledigt"}, edited=True)
    assert printer.buttons == {}
    assert out.getvalue().endswith("boardbot (edited): Erledigt\n")
    printer.bot_document({"chat": GROUP}, "aufgaben.csv", b"a;b\r\n")
    assert (tmp_path / "files" / "aufgaben.csv").read_bytes() == b"a;b\r\n"
    private = {"message_id": 8, "chat": {"id": 5, "type": "private", "first_name": "Vera"}}
    printer.bot_message({**private, "text": "Hallo"}, edited=False)
    assert out.getvalue().endswith("boardbot → Vera (private): Hallo\n")
