"""Polls in the console's stand-in Bot API: `sendPoll` shows the poll as a message with its
numbered options, `stopPoll` closes it (a second stop is refused, as Telegram does), and
`/abstimmen` (the console's own command, `bot.console.session`) makes the current member answer
the group's latest open poll — a `poll_answer` update without a chat, as Telegram sends it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.console.api import ConsoleBotApi

JSON = dict[str, Any]
# what a member types after /abstimmen (/vote): the option's index in our polls
VOTE_WORDS = {
    **dict.fromkeys(("1", "ja", "yes", "dafür", "dafuer"), 0),
    **dict.fromkeys(("2", "nein", "no", "dagegen"), 1),
    **dict.fromkeys(("3", "enthaltung", "abstain", "enthalten"), 2),
}


def _listed(value: Any) -> list[Any]:
    parsed = json.loads(value) if isinstance(value, str) else value
    return list(parsed or [])


def send_poll(api: ConsoleBotApi, p: JSON) -> JSON:
    from bot.console.api import ApiError  # here: bot.console.api registers these functions

    texts = [o["text"] if isinstance(o, dict) else str(o) for o in _listed(p.get("options"))]
    question = str(p.get("question", ""))
    if not question or len(question) > 300 or not 2 <= len(texts) <= 12:
        raise ApiError(400, "Bad Request: poll question or options are invalid")
    poll: JSON = {
        "id": f"console-poll-{len(api.polls) + 1}",
        "question": question,
        "options": [
            {"text": text, "voter_count": 0, "persistent_id": str(i)}
            for i, text in enumerate(texts)
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": p.get("is_anonymous") in (True, "true", "True", None),
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": p.get("allows_revoting") not in (False, "false", "False"),
        "members_only": False,
    }
    message = api.bot_sends(p, {"poll": poll})
    api.polls[poll["id"]] = message
    options = "   ".join(f"{i + 1}) {text}" for i, text in enumerate(texts))
    shown = {**message, "text": f"📊 {question}\n{options}"}
    api.view.bot_message(shown, edited=False, markup=None)
    return message


def stop_poll(api: ConsoleBotApi, p: JSON) -> JSON:
    from bot.console.api import ApiError  # here: bot.console.api registers these functions

    message = api.messages.get((int(api.chat(p.get("chat_id"))["id"]), int(p["message_id"])))
    if message is None or "poll" not in message:
        raise ApiError(400, "Bad Request: message with poll to stop not found")
    if message["poll"]["is_closed"]:
        raise ApiError(400, "Bad Request: poll has already been closed")
    message["poll"]["is_closed"] = True
    return dict(message["poll"])


def open_poll(api: ConsoleBotApi, chat_id: int) -> JSON | None:
    """The chat's latest poll that is still open."""
    for message in reversed(list(api.polls.values())):
        if int(message["chat"]["id"]) == chat_id and not message["poll"]["is_closed"]:
            poll: JSON = message["poll"]
            return poll
    return None
