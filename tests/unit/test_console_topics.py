"""The console's stand-in Bot API takes sends into a forum topic (issue 14, part T) and keeps
them as messages of that topic; General (no `message_thread_id`) stays without one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.console.api import ConsoleBotApi

NOW = datetime(2024, 6, 19, 18, 0, tzinfo=UTC)
FORUM = {"id": -100, "type": "supergroup", "title": "Vorstand", "is_forum": True}


class Recorder:
    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []

    def bot_message(self, message: dict[str, Any], edited: bool, **_: Any) -> None:
        self.seen.append(message)

    def bot_document(self, message: dict[str, Any], filename: str, data: bytes) -> None:
        self.seen.append(message)

    def callback_answer(self, text: str) -> None:
        return None


def test_a_send_into_a_topic_is_a_topic_message() -> None:
    view = Recorder()
    api = ConsoleBotApi(view, lambda: NOW)
    api.add_chat(FORUM)
    api.forum.add(-100, 7, "Finanzen")  # as the console's /topic does
    sent = api.call("sendMessage", {"chat_id": -100, "text": "Hi", "message_thread_id": 7})
    assert sent["message_thread_id"] == 7 and sent["is_topic_message"] is True
    general = api.call("sendMessage", {"chat_id": -100, "text": "Hallo"})
    assert "message_thread_id" not in general and "is_topic_message" not in general
    upload = {"filename": "p.md", "data": b"# Protokoll"}
    document = api.call(
        "sendDocument", {"chat_id": -100, "document": upload, "message_thread_id": 7}
    )
    assert document["message_thread_id"] == 7
    assert [m.get("message_thread_id") for m in view.seen] == [7, None, 7]
