"""What every command handler shares: the chat and member bookkeeping, the allow-list, the
flood budgets, one transaction per command, turning parse errors into friendly replies, and
sending the reply.

A command body is a plain function `CommandContext -> str` (HTML), or `-> Reply` for a text
with buttons or a ForceReply (handlers.common.replies). It raises `UserError` (or
a parse error) to refuse; the transaction is then rolled back, so nothing is half-stored. The
body and its transaction run in a database thread (`Database.call`), never on the event loop:
other chats are served meanwhile, and the per-chat lock (`bot.inbox`) keeps a chat's commands
in order.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlmodel import Session
from telegram import Chat as TelegramChat
from telegram import Message, MessageEntity, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.i18n import Language, format_day, language_or_default, t
from bot.language.arguments import (
    NumberInvalidError,
    TitleMissingError,
    TitleTooLongError,
    has_visible_text,
)
from bot.language.bidi import strip_bidi_controls
from bot.language.dates import DateParseError, format_phrase_examples
from bot.language.limits import TITLE_MAX_LENGTH
from bot.topics import TopicNotices, replied_message, thread_of
from handlers.common.membership import confirm_memberships
from handlers.common.replies import Reply, UnsentReplies, reply_after_commit, send_reply
from handlers.common.senders import (
    GROUP_ANONYMOUS_BOT_ID,
    acting_user,
    chat_title,
    without_bidi_controls,
)
from handlers.common.throttle import FloodBudget, Throttle
from storage.audit import Actor, ChangeWatch
from storage.chats import ensure_chat, preload_chat_and_member, record_member
from storage.database import Database
from storage.models import Chat
from storage.planning import ReminderPlanner
from storage.updates import claim_update

log = logging.getLogger(__name__)
SERVICES_KEY = "services"
NOT_ALLOWED_EVERY = 3600.0  # seconds
COMMAND_HINT_EVERY = 60.0  # seconds


@dataclass(frozen=True)
class Services:
    """What handlers need besides the update: settings, the database, a settable clock and the
    arithmetic storage plans reminders with."""

    settings: Settings
    db: Database
    clock: Callable[[], datetime]
    planner: ReminderPlanner
    # (chat id, user id) → (is admin, valid until monotonic time)
    admin_cache: dict[tuple[int, int], tuple[bool, float]] = field(default_factory=dict)
    # A group outside ALLOWED_CHAT_IDS is told so once an hour, then ignored.
    not_allowed_notices: Throttle = field(default_factory=lambda: Throttle(NOT_ALLOWED_EVERY))
    # An unknown command gets a hint at most once a minute per chat (handlers.unknown), by the
    # settable clock; in memory only: after a restart a chat may get one answer sooner.
    command_hints: Throttle = field(init=False)
    # Replies to committed changes that Telegram did not take (handlers.common.replies).
    unsent: UnsentReplies = field(default_factory=UnsentReplies)
    # Commands per member and per chat (FLOOD_* settings); made from `settings` when None.
    user_floods: FloodBudget | None = None
    chat_floods: FloodBudget | None = None
    # Tells a chat once that a forum topic is gone and replies go to General (bot.topics).
    topic_notices: TopicNotices = field(init=False)

    def __post_init__(self) -> None:
        hints = Throttle(COMMAND_HINT_EVERY, clock=lambda: self.clock().timestamp())
        object.__setattr__(self, "command_hints", hints)
        notices = TopicNotices(self.db, self.clock, self.settings.bot_language)
        object.__setattr__(self, "topic_notices", notices)
        settings = self.settings
        window, pause = settings.flood_window_seconds, settings.flood_pause_seconds
        if self.user_floods is None:
            object.__setattr__(
                self, "user_floods", FloodBudget(settings.flood_user_commands, window, pause)
            )
        if self.chat_floods is None:
            object.__setattr__(
                self, "chat_floods", FloodBudget(settings.flood_chat_commands, window, pause)
            )


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found: Services = context.application.bot_data[SERVICES_KEY]
    return found


class AdminCheckNeeded(Exception):
    """The rules alone refuse; whether the user administers the group decides (asked async)."""


class UserError(Exception):
    """A refusal with a translated reply; `params` must already be HTML-safe."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class CommandContext:
    session: Session
    chat: Chat | None  # None in a private chat
    user: User
    lang: Language
    tz: ZoneInfo
    now: datetime  # aware UTC
    args: str
    settings: Settings
    planner: ReminderPlanner  # for storage functions that plan reminders
    text_mentions: list[User] = field(default_factory=list)
    reply_to: Message | None = None
    bot_username: str = ""
    is_admin: bool | None = None  # None: not asked yet
    # groups a private reply must not show: Telegram did not answer whether the user, never
    # confirmed there, is still in them (handlers.common.membership)
    withheld_chats: frozenset[int] = frozenset()
    # the forum topic the command came from (None: General, or a group without topics); new
    # items store it, and the reply goes there; a body may point it elsewhere (bot.topics)
    thread_id: int | None = None
    is_forum: bool = False  # the group has topics

    def require(self, allowed: bool, refusal: UserError) -> None:
        """Go on if the rules allow it or the user administers the group; else refuse."""
        if allowed or self.is_admin:
            return
        if self.is_admin is None:
            raise AdminCheckNeeded
        raise refusal

    def require_admin(self) -> None:
        self.require(False, UserError("admins_only"))

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def actor_name(self) -> str:
        return self.user.full_name

    @property
    def actor(self) -> Actor:
        return Actor(self.user.id, self.user.full_name)

    def group(self) -> Chat:
        assert self.chat is not None, "group-only command reached a private chat"
        return self.chat


CommandBody = Callable[[CommandContext], str | Reply]


@dataclass(frozen=True)
class Outcome:
    """What a command's transaction ended with: the reply, and whether a change was saved."""

    reply: str | Reply
    lang: Language
    saved: bool
    thread_id: int | None = None  # the topic the reply goes to


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


# The command menus (bot.menu): "group" what every member of a group sees, "admin" what only a
# group's administrators see besides, "private" the private chat's.
Menu = Literal["group", "admin", "private"]


@dataclass(frozen=True)
class Command:
    """A command with its English and German names, menu descriptions and the menus it is in
    (the group's administrators see the "group" commands too)."""

    english: str
    german: str
    handler: Handler
    description_en: str
    description_de: str
    menus: tuple[Menu, ...] = ("admin",)


def _cut_utf16(text: str, spans: list[tuple[int, int]]) -> str:
    # Telegram counts entity offsets in UTF-16 code units, so cut in that encoding.
    encoded = text.encode("utf-16-le")
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces.append(encoded[2 * position : 2 * start].decode("utf-16-le", errors="ignore"))
        position = max(position, end)
    pieces.append(encoded[2 * position :].decode("utf-16-le", errors="ignore"))
    return " ".join(piece.strip() for piece in pieces if piece.strip())


def extract_arguments(message: Message) -> tuple[str, list[User]]:
    """The text after the command, without text mentions, and the mentioned users."""
    text = message.text or message.caption or ""
    spans: list[tuple[int, int]] = []
    users: list[User] = []
    for entity in message.entities or message.caption_entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            spans.append((0, entity.length))
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            spans.append((entity.offset, entity.offset + entity.length))
            users.append(entity.user)
    if not spans and text.startswith("/"):
        spans.append((0, len(text.split(maxsplit=1)[0].encode("utf-16-le")) // 2))
    # Bidi controls go after the cut: they count in Telegram's entity offsets.
    cleaned = [without_bidi_controls(user) for user in users]
    args = strip_bidi_controls(_cut_utf16(text, spans))
    # only spaces and invisible marks (a BOM, a zero-width space a keyboard put there): the
    # command came alone, and is answered as such (`/aufgabe` alone asks for the title)
    return (args if has_visible_text(args) else ""), cleaned


def error_reply(lang: Language, error: Exception, usage_key: str) -> str:
    """The chat's answer to a refused command."""
    if isinstance(error, UserError):
        return t(lang, error.key, **error.params)
    if isinstance(error, DateParseError) and error.day is not None:  # weekday does not fit
        return t(
            lang,
            "date_weekday_mismatch",
            text=escape(error.text[:100]),
            day=format_day(datetime.combine(error.day, datetime.min.time()), lang),
            weekday=format_date(error.day, "EEEE", locale=lang),
        )
    if isinstance(error, DateParseError):
        example1, example2 = format_phrase_examples(lang)
        key = "date_past" if error.reason == "past" else "date_unknown"
        return t(lang, key, text=escape(error.text[:100]), example1=example1, example2=example2)
    if isinstance(error, TitleMissingError):
        return t(lang, "task_title_missing")
    if isinstance(error, TitleTooLongError):
        return t(lang, "task_title_too_long", length=error.length, limit=TITLE_MAX_LENGTH)
    if isinstance(error, NumberInvalidError):
        return t(lang, "number_invalid", text=escape(error.text[:50]), usage=t(lang, usage_key))
    raise error


REFUSALS = (UserError, DateParseError, TitleMissingError, TitleTooLongError, NumberInvalidError)


def flood_verdict(svc: Services, chat: TelegramChat, user: User) -> tuple[str, str | None]:
    """("ok" | "warn" | "ignore", the text key of the warning). A member over their budget is
    answered by the member's budget alone: their flood does not also use up the group's."""
    assert svc.user_floods is not None and svc.chat_floods is not None
    by_user = svc.user_floods.spend((chat.id, user.id))  # flooding one group blocks no other
    if by_user != "ok":
        return by_user, "flood_user" if by_user == "warn" else None
    if chat.type == ChatType.PRIVATE:
        return "ok", None
    by_chat = svc.chat_floods.spend(chat.id)
    return by_chat, "flood_chat" if by_chat == "warn" else None


async def within_flood_budget(
    svc: Services, message: Message, chat: TelegramChat, user: User, lang: Language
) -> bool:
    """Whether to serve the command; the first one over a budget gets "bitte langsamer"."""
    verdict, key = flood_verdict(svc, chat, user)
    if verdict == "ok":
        return True
    if key is not None:
        log.warning("chat %s / user %s floods; ignored for a while", chat.id, user.id)
        minutes = max(1, round(svc.settings.flood_pause_seconds / 60))
        text = t(lang, key, minutes=minutes)
        await send_reply(message, text, lang, notices=svc.topic_notices)
    return False


def remember_user(
    session: Session, chat_id: int, user: User, now: datetime, *, present: bool = True
) -> None:
    """Record a Telegram user as a member of the chat (bots are not members we track);
    `present=False` for someone only named in it (a text mention), who stays a non-member."""
    if not user.is_bot:
        named = without_bidi_controls(user)
        record_member(
            session,
            chat_id,
            user.id,
            first_name=named.first_name,
            username=user.username,
            last_name=named.last_name,
            now=now,
            present=present,
        )


def enter_chat(
    session: Session, chat: TelegramChat, user: User, svc: Services, now: datetime
) -> tuple[Chat | None, Language, ZoneInfo]:
    """Store the group and the member writing in it; return the chat's language and zone."""
    settings = svc.settings
    if chat.type == ChatType.PRIVATE:
        return None, settings.bot_language, settings.timezone
    loaded = preload_chat_and_member(session, chat.id, user.id)  # kept: see there
    stored = ensure_chat(
        session,
        chat.id,
        chat.type,
        chat_title(chat),
        timezone=settings.bot_timezone,
        now=now,
        planner=svc.planner,
    )
    remember_user(session, chat.id, user, now)
    del loaded
    lang = language_or_default(stored.language, settings.bot_language)
    return stored, lang, ZoneInfo(stored.timezone) if stored.timezone else settings.timezone


ADMIN_STATUSES = ("creator", "administrator")
ADMIN_CACHE_SECONDS = 300.0


async def is_chat_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    """Whether the user administers the group, asked from Telegram and cached for 5 minutes."""
    if user_id == GROUP_ANONYMOUS_BOT_ID:
        return True  # only the group's anonymous admins write as GroupAnonymousBot
    key, now = (chat_id, user_id), time.monotonic()
    cache = services(context).admin_cache
    cached = cache.get(key)
    if cached is not None and cached[1] > now:
        return cached[0]
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as error:
        log.warning("could not ask Telegram whether %s administers %s: %s", user_id, chat_id, error)
        return False
    answer = member.status in ADMIN_STATUSES
    cache[key] = (answer, now + ADMIN_CACHE_SECONDS)
    return answer


def chat_command(
    *, private: bool = False, usage_key: str = "usage_task"
) -> Callable[[CommandBody], Handler]:
    """Wrap a command body; `private=True` also serves it in a private chat with the bot.

    A body that needs to know whether the user administers the group calls `ctx.require(...)`;
    when the rules alone refuse, the body is run again (in a new transaction) once Telegram
    has answered."""

    def decorate(body: CommandBody) -> Handler:
        @functools.wraps(body)
        async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            message, chat, user = (
                update.effective_message,
                update.effective_chat,
                update.effective_user,
            )
            if message is None or chat is None or user is None:
                return
            user = acting_user(message, chat, user)
            if (
                user is None
            ):  # written as a channel: nobody to attribute it to (handlers.common.senders)
                return
            svc = services(context)
            settings = svc.settings
            lang: Language = settings.bot_language
            is_private = chat.type == ChatType.PRIVATE
            if not is_private and not settings.is_chat_allowed(chat.id):
                if svc.not_allowed_notices.allow(chat.id):
                    text = t(lang, "not_allowed", chat_id=chat.id)
                    await send_reply(message, text, lang, notices=svc.topic_notices)
                return
            if not await within_flood_budget(svc, message, chat, user, lang):
                return
            if is_private and not private:
                text = t(lang, "group_only", example=t(lang, usage_key))
                await send_reply(message, text, lang, notices=svc.topic_notices)
                return
            withheld: frozenset[int] = frozenset()
            if is_private:  # only groups the user is still in (handlers.common.membership)
                withheld = await confirm_memberships(
                    context, svc.db, user.id, settings.allowed_chat_ids
                )
            args, mentions = extract_arguments(message)
            now = svc.clock()
            thread_id = thread_of(message)

            def run(is_admin: bool | None) -> Outcome | None:
                """One transaction: the body's reply (committed), or the refusal after a
                rollback. Runs in a database thread."""
                reply_lang = lang
                try:
                    with svc.db.transaction() as session:
                        if not claim_update(session, update.update_id, now):
                            log.info("update %s was handled before; ignored", update.update_id)
                            return None
                        stored, reply_lang, tz = enter_chat(session, chat, user, svc, now)
                        changes = ChangeWatch(session)
                        ctx = CommandContext(
                            session=session,
                            chat=stored,
                            user=user,
                            lang=reply_lang,
                            tz=tz,
                            now=now,
                            args=args,
                            settings=settings,
                            planner=svc.planner,
                            text_mentions=mentions,
                            reply_to=replied_message(message),
                            bot_username=context.bot.username,
                            is_admin=is_admin,
                            withheld_chats=withheld,
                            thread_id=thread_id,
                            is_forum=bool(chat.is_forum),
                        )
                        answer = body(ctx)
                    return Outcome(answer, reply_lang, changes.changed, ctx.thread_id)
                except REFUSALS as error:
                    refusal = error_reply(reply_lang, error, usage_key)
                    return Outcome(refusal, reply_lang, False, thread_id)

            try:
                outcome = await svc.db.call(run, None)
            except AdminCheckNeeded:
                outcome = await svc.db.call(run, await is_chat_admin(context, chat.id, user.id))
            if outcome is None:
                return
            rich = outcome.reply if isinstance(outcome.reply, Reply) else Reply(outcome.reply)
            reply = rich.text
            if withheld:
                reply += "\n\n" + t(outcome.lang, "membership_unconfirmed")
            sent = await reply_after_commit(
                svc.unsent,
                message,
                reply,
                outcome.lang,
                saved=outcome.saved,
                thread_id=outcome.thread_id,
                notices=svc.topic_notices,
                markup=rich.markup,
            )
            if sent is not None and rich.remember is not None:
                remember, message_id = rich.remember, sent.message_id
                await svc.db.run(lambda session: remember(session, message_id))
            if sent is not None and rich.then is not None:
                then = rich.then
                await send_reply(
                    message,
                    then.text,
                    outcome.lang,
                    then.markup,
                    thread_id=outcome.thread_id,
                    notices=svc.topic_notices,
                )

        return handler

    return decorate
