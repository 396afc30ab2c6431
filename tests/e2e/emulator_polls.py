"""Polls in the emulator, as Telegram has them: ``sendPoll`` (a poll message with its ``Poll``),
``stopPoll`` (closes it and returns the final results; a poll stopped before, or a message
without a poll, is a 400), and a member answering (``answer_poll``): a ``poll_answer`` update
for a non-anonymous poll (with the user, no chat), and a ``poll`` update with the new counts,
since the bot sent the poll. Like in the Telegram apps, nobody can answer a closed poll, change
a vote on a poll that does not allow revoting, or retract one there.
"""

from __future__ import annotations

import copy
from typing import Any

from .emulator_core import JSON, Params, State, bad_request
from .emulator_methods import CANONICAL, method
from .emulator_topics import thread_for, topic_fields

QUESTION_LIMIT = 300
OPTION_LIMIT = 100
MAX_OPTIONS = 12


def _options(p: Params) -> list[str]:
    raw = p.json("options")
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
        raise bad_request(f"poll must have 2-{MAX_OPTIONS} options")
    texts = [str(o.get("text", "")) if isinstance(o, dict) else str(o) for o in raw]
    if any(not 1 <= len(text) <= OPTION_LIMIT for text in texts):
        raise bad_request("poll options length must not exceed 100")
    return texts


@method("sendPoll")
def send_poll(st: State, p: Params) -> JSON:
    chat = st.writable_chat(p.values.get("chat_id"))
    question = p.string("question") or ""
    if not 1 <= len(question) <= QUESTION_LIMIT:
        raise bad_request("poll question length must not exceed 300")
    texts = _options(p)
    anonymous = not p.has("is_anonymous") or p.flag("is_anonymous")
    poll: JSON = {
        "id": str(5_000_000_000_000_000_000 + len(st.polls) + 1),
        "question": question,
        "options": [
            {"text": text, "voter_count": 0, "persistent_id": str(index)}
            for index, text in enumerate(texts)
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": anonymous,
        "type": p.string("type") or "regular",
        "allows_multiple_answers": p.flag("allows_multiple_answers"),
        # Telegram's default: a regular poll allows changing the vote
        "allows_revoting": not p.has("allows_revoting") or p.flag("allows_revoting"),
        "members_only": False,
    }
    thread = thread_for(st, chat, p, None)
    msg = st.new_message(chat, st.bot_user, poll=poll, **topic_fields(chat, thread))
    record = st.record_bot_message(msg, question, None, None)
    record["kind"] = "poll"
    st.polls[poll["id"]] = {"poll": poll, "chat_id": chat.id, "message_id": msg["message_id"]}
    st.polls[poll["id"]]["answers"] = {}
    return msg


@method("stopPoll")
def stop_poll(st: State, p: Params) -> JSON:
    chat = st.writable_chat(p.values.get("chat_id"))
    message_id = p.integer("message_id", required=True)
    entry = next(
        (e for e in st.polls.values() if (e["chat_id"], e["message_id"]) == (chat.id, message_id)),
        None,
    )
    if entry is None:
        raise bad_request("message with poll to stop not found")
    if entry["poll"]["is_closed"]:
        raise bad_request("poll has already been closed")
    entry["poll"]["is_closed"] = True
    _show(st, entry)
    return copy.deepcopy(entry["poll"])


def _show(st: State, entry: JSON) -> None:
    """The poll message shows the current poll (counts, closed)."""
    message = st.messages.get((entry["chat_id"], entry["message_id"]))
    if message is not None:
        message["poll"] = copy.deepcopy(entry["poll"])


# registered after emulator_methods built its table of names (method names are case-insensitive)
CANONICAL.update({name.lower(): name for name in ("sendPoll", "stopPoll")})


class EmulatorPolls:
    """A mixin of ``BotApiEmulator``: members answering the bot's polls."""

    _state: State

    def polls(self) -> list[JSON]:
        """Every poll the bot sent (its current state), oldest first."""
        with self._state.lock:
            return [copy.deepcopy(entry["poll"]) for entry in self._state.polls.values()]

    def answer_poll(self, user: JSON, poll_id: str, option_ids: list[int]) -> None:
        """``user`` votes (``[]`` retracts): as in the Telegram apps, or an AssertionError for
        what they do not allow."""
        st = self._state
        with st.lock:
            entry: Any = st.polls.get(poll_id)
            if entry is None:
                raise AssertionError(f"no poll {poll_id}")
            poll, answers = entry["poll"], entry["answers"]
            if poll["is_closed"]:
                raise AssertionError("the poll is closed: nobody can answer it")
            before = answers.get(user["id"], [])
            if before and not poll["allows_revoting"]:
                raise AssertionError("this poll does not allow changing or retracting a vote")
            if any(not 0 <= option < len(poll["options"]) for option in option_ids):
                raise AssertionError(f"no option {option_ids}")
            if len(option_ids) > 1 and not poll["allows_multiple_answers"]:
                raise AssertionError("one answer only")
            answers[user["id"]] = list(option_ids)
            for option in before:
                poll["options"][option]["voter_count"] -= 1
            for option in option_ids:
                poll["options"][option]["voter_count"] += 1
            poll["total_voter_count"] = sum(1 for chosen in answers.values() if chosen)
            _show(st, entry)
            if not poll["is_anonymous"]:
                answer = {
                    "poll_id": poll_id,
                    "user": copy.deepcopy(st.users[user["id"]]),
                    "option_ids": list(option_ids),
                    "option_persistent_ids": [str(option) for option in option_ids],
                }
                st.enqueue("poll_answer", answer)
            st.enqueue("poll", poll)  # the bot sent the poll: it gets its new state
