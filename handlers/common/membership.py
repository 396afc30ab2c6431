"""Before a private chat shows items of a member's groups: is the member still in them?

The bot learns that someone left from the `left_chat_member` service message or a
`chat_member` update, but neither is guaranteed (large supergroups hide join/leave messages,
`chat_member` needs admin rights). So a private command first asks Telegram (`getChatMember`)
about each group the database lists for the user; one that says left or banned, or does not
know the user, removes the group from what they see. The answer "still a member" is trusted for
`CHECK_SECONDS`.

A network error (no answer) fails closed for an account Telegram has never confirmed in that
group since the bot started: the group is withheld from this one reply (nothing is stored, it
is asked again next time). For a confirmed member the last known state stands. Confirmed means
Telegram said so: a `getChatMember` answer or a `chat_member` update; leaving (either update)
drops the confirmation, so nothing cached outlives a departure.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, MutableMapping, Sequence
from enum import Enum
from typing import Any

from sqlmodel import Session
from telegram import Bot, ChatMember, ChatMemberRestricted
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from storage.chats import mark_member_left, member_chats
from storage.database import Database
from storage.reminders import deactivate_chat

log = logging.getLogger(__name__)

CACHE_KEY = "membership_checks"
CHECK_SECONDS = 600.0
USER_UNKNOWN = (
    "user not found",
    "member not found",
    "participant_id_invalid",
    "user_not_participant",
)
CHAT_GONE = ("chat not found", "bot was kicked", "not a member", "group chat was deactivated")


class Verdict(Enum):
    MEMBER = "member"
    LEFT = "left"  # the user left, was banned, or Telegram does not know them in the group
    CHAT_GONE = "chat_gone"  # the bot itself is no longer in the group
    UNKNOWN = "unknown"  # a network error or an answer we cannot read: change nothing


def is_present(member: ChatMember) -> bool:
    """Whether a `ChatMember` answer means the user is in the group."""
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return False
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return True


def verdict_of_error(error: TelegramError) -> Verdict:
    text = str(error).lower()
    if isinstance(error, Forbidden) or any(marker in text for marker in CHAT_GONE):
        return Verdict.CHAT_GONE
    if isinstance(error, BadRequest) and any(marker in text for marker in USER_UNKNOWN):
        return Verdict.LEFT
    return Verdict.UNKNOWN


async def check_membership(bot: Bot, chat_id: int, user_id: int) -> Verdict:
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as error:
        verdict = verdict_of_error(error)
        log.info("membership of %s in %s not confirmed (%s): %s", user_id, chat_id, verdict, error)
        return verdict
    return Verdict.MEMBER if is_present(member) else Verdict.LEFT


def confirmations(bot_data: MutableMapping[str, Any]) -> dict[tuple[int, int], float]:
    """(chat id, user id) → until when Telegram's "member" is trusted (monotonic time). A key
    past its time is still a confirmation (the last known state); it is only asked again."""
    cache: dict[tuple[int, int], float] = bot_data.setdefault(CACHE_KEY, {})
    return cache


def note_confirmed(bot_data: MutableMapping[str, Any], chat_id: int, user_id: int) -> None:
    confirmations(bot_data)[(chat_id, user_id)] = time.monotonic() + CHECK_SECONDS


def forget_confirmation(bot_data: MutableMapping[str, Any], chat_id: int, user_id: int) -> None:
    """The user left the group: the next private command asks Telegram again."""
    confirmations(bot_data).pop((chat_id, user_id), None)


async def confirm_memberships(
    context: ContextTypes.DEFAULT_TYPE, db: Database, user_id: int, allowed: Collection[int]
) -> frozenset[int]:
    """Ask Telegram about the user's groups not confirmed lately; store who has left. Returns
    the groups to withhold from this reply: no answer, and never confirmed before.
    `allowed` is ALLOWED_CHAT_IDS (empty: any group)."""
    cache = confirmations(context.application.bot_data)
    groups = await db.run(
        lambda session: [chat.id for chat in member_chats(session, user_id, allowed or None)]
    )
    now = time.monotonic()
    due = [chat_id for chat_id in groups if cache.get((chat_id, user_id), 0.0) <= now]
    if not due:
        return frozenset()
    verdicts = await asyncio.gather(*(check_membership(context.bot, c, user_id) for c in due))
    changes = []
    withheld = set()
    for chat_id, verdict in zip(due, verdicts, strict=True):
        if verdict == Verdict.MEMBER:
            cache[(chat_id, user_id)] = now + CHECK_SECONDS
        elif verdict == Verdict.UNKNOWN:
            if (chat_id, user_id) not in cache:
                withheld.add(chat_id)
        else:
            cache.pop((chat_id, user_id), None)
            changes.append((chat_id, verdict))
    if changes:
        await store_departures(db, user_id, changes)
    return frozenset(withheld)


async def store_departures(
    db: Database, user_id: int, changes: Sequence[tuple[int, Verdict]]
) -> None:
    """The user left these groups, or the bot is no longer in them."""

    def record(session: Session) -> None:
        for chat_id, verdict in changes:
            if verdict == Verdict.LEFT:
                mark_member_left(session, chat_id, user_id)
                log.info("user %s is no longer in chat %s; private access ends", user_id, chat_id)
            else:
                deactivate_chat(session, chat_id)
                log.info("the bot is no longer in chat %s; it is marked inactive", chat_id)

    await db.run(record)
