"""bot/console/screen.py, entities.py and api.py: the console shows what a chat would show, and
the stand-in API answers like Telegram (plain text plus UTF-16 entities, errors)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.console.api import ApiError, ConsoleBotApi
from bot.console.entities import html_to_text, parse_html
from bot.console.labels import ShownButton
from bot.console.lines import command_entities, make_member, parse_jump, parse_reply, start_payload
from bot.console.screen import ChatPrinter, format_buttons, format_message

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


def test_buttons_are_shown_row_by_row_with_their_labels() -> None:
    def button(label: str, text: str, url: str | None = None) -> ShownButton:
        return ShownButton(label, text, None if url else "x", url)

    rows = [[button("4a", "✅ Erledigt"), button("4b", "⏰ +1 Tag")], [button("4c", "Info", "u")]]
    assert format_buttons(rows) == ["[4a] ✅ Erledigt  [4b] ⏰ +1 Tag", "[4c] Info 🔗"]
    assert format_message("boardbot", "eins\n\nzwei", ["[1a] ok"]) == (
        "boardbot: eins\n\n    zwei\n    [1a] ok"
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

    def bot_message(self, message: dict[str, Any], edited: bool, markup: Any) -> None:
        self.seen.append(("edit" if edited else "message", message["text"]))

    def bot_document(self, message: dict[str, Any], filename: str, data: bytes) -> None:
        self.seen.append(("document", filename))

    def callback_answer(self, text: str, alert: bool) -> None:
        self.seen.append(("alert" if alert else "answer", text))

    def message_deleted(self, chat_id: int, message_id: int) -> None:
        self.seen.append(("deleted", message_id))


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


def test_the_printer_labels_buttons_and_shows_edits_without_the_old_ones(tmp_path: Path) -> None:
    out = io.StringIO()
    printer = ChatPrinter(out, tmp_path / "files", interactive=False)
    markup = {
        "inline_keyboard": [
            [{"text": "✅", "callback_data": "a"}, {"text": "⏰", "callback_data": "b"}]
        ]
    }
    message = {"message_id": 7, "chat": GROUP, "text": "Fällig", "reply_markup": markup}
    printer.bot_message(message, edited=False, markup=markup)
    assert out.getvalue() == "[1] boardbot: Fällig\n    [1a] ✅  [1b] ⏰\n"
    assert printer.labels.find(1, "b")[1].callback_data == "b"
    printer.bot_message({"message_id": 7, "chat": GROUP, "text": "Ok"}, edited=True, markup=None)
    assert printer.labels.by_number[1].rows == []
    assert out.getvalue().endswith("[1] boardbot (bearbeitet): Ok\n")
    printer.bot_document({"message_id": 8, "chat": GROUP}, "aufgaben.csv", b"a;b\r\n")
    assert (tmp_path / "files" / "aufgaben.csv").read_bytes() == b"a;b\r\n"
    assert "[2] boardbot: 📎 aufgaben.csv (5 B), gespeichert als " in out.getvalue()
    private = {"message_id": 9, "chat": {"id": 5, "type": "private", "first_name": "Vera"}}
    printer.bot_message({**private, "text": "Hallo"}, edited=False, markup=None)
    assert out.getvalue().endswith("[3] boardbot → Vera (privat): Hallo\n")
    printer.lang = "en"
    printer.bot_message({**private, "text": "Hello"}, edited=True, markup=None)
    assert out.getvalue().endswith("[3] boardbot → Vera (private) (edited): Hello\n")


def test_a_force_reply_says_whom_it_asks_and_how_to_answer(tmp_path: Path) -> None:
    out = io.StringIO()
    printer = ChatPrinter(out, tmp_path, interactive=False)
    vera = {"id": 42, "is_bot": False, "first_name": "Vera"}
    asked = {"message_id": 3, "chat": GROUP, "from": vera, "text": "/frist 3"}
    markup = {"force_reply": True, "selective": True, "input_field_placeholder": "z. B. Freitag"}
    message = {"message_id": 4, "chat": GROUP, "text": "Bis wann?", "reply_to_message": asked}
    printer.bot_message(message, edited=False, markup=markup)
    assert out.getvalue().endswith(
        "[1] boardbot: Bis wann?\n"
        "    ✍️ Antwort erwartet von Vera: /reply 1 <Text> (Eingabefeld: „z. B. Freitag“)\n"
    )
    mentions = {
        "message_id": 5,
        "chat": GROUP,
        "text": "🎉 @nicole und Vera: wer?",
        "entities": [
            {"type": "mention", "offset": 3, "length": 7},  # 🎉 counts two UTF-16 units
            {"type": "text_mention", "offset": 15, "length": 4, "user": vera},
        ],
    }
    printer.bot_message(mentions, edited=False, markup={"force_reply": True, "selective": True})
    assert out.getvalue().endswith("✍️ Antwort erwartet von @nicole, Vera: /reply 2 <Text>\n")
    printer.lang = "en"
    everyone = {"message_id": 6, "chat": GROUP, "text": "Title?", "reply_to_message": asked}
    printer.bot_message(everyone, edited=False, markup={"force_reply": True})
    assert out.getvalue().endswith("[3] boardbot: Title?\n    ✍️ Reply expected: /reply 3 <text>\n")
    keyboard = {"keyboard": [[{"text": "Ja"}, {"text": "Nein"}]], "one_time_keyboard": True}
    printer.bot_message({"message_id": 7, "chat": GROUP, "text": "Sicher?"}, False, keyboard)
    assert out.getvalue().endswith("[4] boardbot: Sicher?\n    ⌨ [Ja]  [Nein]\n")


def test_answers_to_presses_and_deletions_are_shown_in_their_own_way(tmp_path: Path) -> None:
    out = io.StringIO()
    printer = ChatPrinter(out, tmp_path, interactive=False)
    printer.callback_answer("Gemerkt", alert=False)
    printer.callback_answer("Nur für die Zuständigen", alert=True)
    printer.bot_message({"message_id": 9, "chat": GROUP, "text": "x"}, False, None)
    printer.message_deleted(-100, 9)
    printer.message_deleted(-100, 10)  # never shown: nothing to say
    assert out.getvalue() == (
        "    ↳ Gemerkt\n"
        "    ⚠️ Hinweisfenster: Nur für die Zuständigen\n"
        "[1] boardbot: x\n"
        "  (Nachricht [1] wurde gelöscht)\n"
    )


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("https://t.me/boardbot_console_bot?start=t7", "t7"),
        ("t.me/Boardbot_Console_Bot?start=a-b_c", "a-b_c"),
        ("https://t.me/other_bot?start=t7", None),
        ("https://t.me/boardbot_console_bot?start=", None),
        ("https://t.me/boardbot_console_bot?start=t7&x=1", None),
        ("https://example.org/?start=t7", None),
    ],
)
def test_deep_links_to_the_bot(url: str, payload: str | None) -> None:
    assert start_payload(url, "boardbot_console_bot") == payload


def test_reply_lines() -> None:
    assert parse_reply("5 Freitag 18 Uhr") == (5, "Freitag 18 Uhr")
    assert parse_reply(" 12   /frist 3 morgen ") == (12, "/frist 3 morgen")
    assert parse_reply("5") is None and parse_reply("Freitag") is None and parse_reply("") is None
