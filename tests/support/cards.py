"""Reading the cards the bot sent in handler tests: the message with buttons, what a press
was answered, how a card was edited, and the questions asked with a ForceReply."""

from __future__ import annotations

import json
from typing import Any

from tests.support.offline import OfflineBotApi


def markup_of(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    return json.loads(markup) if isinstance(markup, str) else markup


def button_data(params: dict[str, Any]) -> list[list[str]]:
    """The callback data of a sent or edited message's buttons, row by row."""
    markup = markup_of(params) or {}
    return [[b["callback_data"] for b in row] for row in markup.get("inline_keyboard", [])]


def button_texts(params: dict[str, Any]) -> list[list[str]]:
    markup = markup_of(params) or {}
    return [[b["text"] for b in row] for row in markup.get("inline_keyboard", [])]


def last_card(api: OfflineBotApi) -> dict[str, Any]:
    """The last message the bot sent with inline buttons (as Telegram returned it)."""
    return [m for m in api.messages if "reply_markup" in m][-1]


def last_question(api: OfflineBotApi) -> dict[str, Any]:
    """The last message sent with a ForceReply, as Telegram returned it (no markup kept)."""
    sent = [p for m, p in api.calls if m == "sendMessage"]
    asked = [p for p in sent if (markup_of(p) or {}).get("force_reply")]
    assert asked, "no question was asked"
    text = asked[-1]["text"]
    return [m for m in api.messages if m["text"] == text][-1]


def answers(api: OfflineBotApi, since: int = 0) -> list[dict[str, Any]]:
    """The answerCallbackQuery parameters since call number `since`."""
    return [p for m, p in api.calls[since:] if m == "answerCallbackQuery"]


def last_edit(api: OfflineBotApi) -> dict[str, Any]:
    return api.edits()[-1]


async def ask_alone(chat: Any, user: dict[str, Any], group: dict[str, Any], command: str) -> str:
    """A command alone (`/aufgabe`, `/beschluss`) in a group: the question, which is followed
    by the "🔒 Privat weitermachen" link (handlers.handover); returns the question's text."""
    replies = await chat.send(user, group, command)
    assert len(replies) == 2, replies
    return str(replies[0])
