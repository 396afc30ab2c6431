"""Builds the python-telegram-bot `Application`: defaults, handlers, the command menu and the
error handler. `bot.__main__` runs it; the tests drive the same object with an offline request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    PollAnswerHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.i18n import t
from bot.inbox import DurableUpdateQueue, PerChatUpdateProcessor, replay_inbox
from bot.language.meeting_plan import NEXT_MEETING_COMMAND
from bot.menu import publish_menus
from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.liveness import WATCH_EVERY_SECONDS, LivenessWatch
from bot.reminders.ratelimit import SlidingWindowRateLimiter
from bot.reminders.schedule import PLANNER
from bot.topics import send_in_topic, thread_of
from handlers.board_handover import (
    BOARD_HANDOVER_COMMANDS,
    TYPED_UMLAUT_COMMAND,
    board_handover_command,
)
from handlers.chat_events import chat_event_handlers
from handlers.circulars import CIRCULAR_COMMANDS, poll_answered, send_missing_polls
from handlers.common.callbacks import (
    CARD_PATTERN,
    INVITATION_PATTERN,
    answer_quietly,
    unknown_press,
)
from handlers.common.context import SERVICES_KEY, Command, Services, services
from handlers.common.presses import card_press_handler
from handlers.common.prompting import prompt_answer_handler
from handlers.decisions import DECISION_COMMANDS, answer_decision_text
from handlers.export import EXPORT_COMMANDS
from handlers.general import GENERAL_COMMANDS, help_pressed, membership_changed
from handlers.handover import handover_answer_handler, start_with_link
from handlers.history import HISTORY_COMMANDS
from handlers.list_buttons import LIST_PATTERN, list_pressed
from handlers.lists import LIST_COMMANDS
from handlers.meetings import ATTENDANCE_PATTERN, MEETING_COMMANDS, attendance_pressed
from handlers.minutes import MINUTES_COMMANDS
from handlers.next_meeting import NEXT_MEETING_COMMANDS, invitation_pressed, plan_command
from handlers.privacy import PRIVACY_COMMANDS
from handlers.private_cards import apply_private_press
from handlers.protocol import PROTOCOL_COMMANDS, answer_note_text
from handlers.reminder_buttons import reminder_button
from handlers.reminders import REMINDER_COMMANDS
from handlers.roster import ROSTER_COMMANDS
from handlers.settings import SETTINGS_COMMANDS
from handlers.task_cards import answer_due, answer_owner, apply_group_press
from handlers.task_changes import TASK_CHANGE_COMMANDS
from handlers.tasks import TASK_COMMANDS, answer_task_title
from handlers.unknown import unknown_command_handler
from storage.database import Database
from storage.models import PromptKind

log = logging.getLogger(__name__)


COMMANDS: tuple[Command, ...] = (
    *TASK_COMMANDS,
    *LIST_COMMANDS,
    *TASK_CHANGE_COMMANDS,
    *REMINDER_COMMANDS,
    *SETTINGS_COMMANDS,
    *DECISION_COMMANDS,
    *CIRCULAR_COMMANDS,
    *MEETING_COMMANDS,
    *MINUTES_COMMANDS,
    *ROSTER_COMMANDS,
    *BOARD_HANDOVER_COMMANDS,
    *PROTOCOL_COMMANDS,
    *NEXT_MEETING_COMMANDS,
    *EXPORT_COMMANDS,
    *HISTORY_COMMANDS,
    *PRIVACY_COMMANDS,
    *GENERAL_COMMANDS,
)
COMMAND_NAMES = tuple(dict.fromkeys(name for c in COMMANDS for name in (c.german, c.english)))
DISPATCHER_KEY = "reminder_dispatcher"
LIVENESS_KEY = "liveness_watch"
REMINDER_POLL_SECONDS = 1.0
RATE_LIMIT_RETRIES = 3
# What the answer to each kind of question the bot asks does (handlers.common.prompting).
PROMPT_ANSWERS = {
    PromptKind.TASK_TITLE: answer_task_title,
    PromptKind.DECISION_TASK: answer_task_title,
    PromptKind.DECISION_TEXT: answer_decision_text,
    PromptKind.DUE: answer_due,
    PromptKind.OWNER: answer_owner,
    PromptKind.NOTE_TEXT: answer_note_text,
}


async def publish_command_menu(application: Application) -> None:  # type: ignore[type-arg]
    """Set the command menus (bot.menu): per audience, per language."""
    default_language = services_of(application).settings.bot_language
    await publish_menus(application.bot, COMMANDS, default_language)


async def prepare_serving(application: Application) -> None:  # type: ignore[type-arg]
    """Before the first update: the command menu, and what the last run left unhandled (its
    updates, and the poll of a circular resolution it stored but did not send)."""
    await publish_command_menu(application)
    await replay_inbox(application)
    await send_missing_polls(application.bot, services_of(application))


def services_of(application: Application) -> Services:  # type: ignore[type-arg]
    found: Services = application.bot_data[SERVICES_KEY]
    return found


async def answer_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure and tell the chat in plain words; never show a traceback there. A failed
    button press is told to the presser alone (a press must never post into the group)."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    lang = services(context).settings.bot_language
    if update.callback_query is not None:
        await answer_quietly(update, t(lang, "error_generic"))
        return
    chat_id, text = update.effective_chat.id, t(lang, "error_generic")
    try:  # in the topic the failed command came from (General when it is gone)
        await send_in_topic(
            lambda thread: context.bot.send_message(chat_id, text, message_thread_id=thread),
            thread_of(update.effective_message),
        )
    except TelegramError as error:
        log.warning("could not report the error to chat %s: %s", update.effective_chat.id, error)


async def dispatch_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue's wake-up call: send whatever reminders are due."""
    dispatcher: ReminderDispatcher = context.application.bot_data[DISPATCHER_KEY]
    await dispatcher.run_once(context.bot)


async def watch_liveness(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Once a minute: a WARNING in the log when no dispatcher runs or reminders are overdue."""
    watch: LivenessWatch = context.application.bot_data[LIVENESS_KEY]
    await watch.check()


def system_clock() -> datetime:
    return datetime.now(UTC)


def configured_dispatcher(
    settings: Settings, db: Database, clock: Callable[[], datetime]
) -> ReminderDispatcher:
    """The reminder dispatcher as the settings ask for it (the bot's and the worker's)."""
    return ReminderDispatcher(
        db,
        clock,
        settings.bot_language,
        lease=timedelta(seconds=settings.reminder_claim_lease_seconds),
        served_chats=settings.allowed_chat_ids,
    )


def build_application(
    settings: Settings,
    db: Database,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Callable[[], datetime] = system_clock,
    rate_limit: bool | None = None,
    dispatch_interval: float | None = REMINDER_POLL_SECONDS,
) -> Application:  # type: ignore[type-arg]
    """The bot with every handler registered; `request` replaces the network in tests.

    `rate_limit` keeps us within Telegram's flood limits (and retries after a 429); None
    means as configured (TELEGRAM_RATE_LIMIT);
    `dispatch_interval` is how often the reminder dispatcher wakes (None: never, for tests
    that call the dispatcher themselves)."""
    update_queue = DurableUpdateQueue(db, clock)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.api_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .update_queue(update_queue)
        .concurrent_updates(PerChatUpdateProcessor(update_queue))
        .post_init(prepare_serving)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    if settings.telegram_rate_limit if rate_limit is None else rate_limit:
        # PTB's builder generics cannot express a rate limiter added conditionally.
        limiter = SlidingWindowRateLimiter(max_retries=RATE_LIMIT_RETRIES)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    application = builder.build()
    application.bot_data[SERVICES_KEY] = Services(
        settings=settings, db=db, clock=clock, planner=PLANNER
    )
    dispatcher = configured_dispatcher(settings, db, clock)
    application.bot_data[DISPATCHER_KEY] = dispatcher
    application.bot_data[LIVENESS_KEY] = LivenessWatch(db, clock)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            watch_liveness, interval=WATCH_EVERY_SECONDS, first=WATCH_EVERY_SECONDS, name="liveness"
        )
    if dispatch_interval is not None and application.job_queue is not None:
        application.job_queue.run_repeating(
            dispatch_reminders,
            interval=dispatch_interval,
            first=0.5,
            name="reminders",
            job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        )
    # Only new messages: an edited "/task …" must not record the task a second time.
    new_messages = filters.UpdateType.MESSAGE
    # `/start <token>` in a private chat: a "🔒 Privat weitermachen" link (handlers.handover)
    followed_link = filters.ChatType.PRIVATE & filters.Regex(r"^/start(@\w+)?\s+\S")
    application.add_handler(CommandHandler("start", start_with_link, new_messages & followed_link))
    # `/sitzung nächste …` plans the next meeting (handlers.next_meeting), before /sitzung
    next_meeting = new_messages & filters.Regex(NEXT_MEETING_COMMAND)
    application.add_handler(CommandHandler(["meeting", "sitzung"], plan_command, next_meeting))
    for command in COMMANDS:
        names = list(dict.fromkeys((command.english, command.german)))  # /start is both
        application.add_handler(CommandHandler(names, command.handler, new_messages))
    # `/übergabe` as typed (Telegram marks only ASCII names as commands: handlers.board_handover)
    application.add_handler(
        MessageHandler(new_messages & TYPED_UMLAUT_COMMAND, board_handover_command)
    )
    application.add_handler(CallbackQueryHandler(reminder_button, pattern=r"^r:"))
    application.add_handler(CallbackQueryHandler(list_pressed, pattern=LIST_PATTERN))
    application.add_handler(CallbackQueryHandler(help_pressed, pattern=r"^h:"))
    application.add_handler(CallbackQueryHandler(attendance_pressed, pattern=ATTENDANCE_PATTERN))
    application.add_handler(CallbackQueryHandler(invitation_pressed, pattern=INVITATION_PATTERN))
    application.add_handler(
        CallbackQueryHandler(
            card_press_handler(apply_group_press, apply_private_press), pattern=CARD_PATTERN
        )
    )
    application.add_handler(CallbackQueryHandler(unknown_press))  # data no button of ours has
    # answers to a circular resolution's poll (they come without a chat: handlers.circulars)
    application.add_handler(PollAnswerHandler(poll_answered))
    application.add_handler(
        MessageHandler(
            filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER,
            membership_changed,
        )
    )
    application.add_handlers(chat_event_handlers())
    # Replies to the bot's questions (ForceReply); replies to the bot reach it in privacy mode.
    private_replies = filters.ChatType.PRIVATE & filters.REPLY & filters.TEXT & ~filters.COMMAND
    application.add_handler(
        MessageHandler(new_messages & private_replies, handover_answer_handler(PROMPT_ANSWERS))
    )
    application.add_handler(
        MessageHandler(
            new_messages & filters.REPLY & filters.TEXT & ~filters.COMMAND,
            prompt_answer_handler(PROMPT_ANSWERS),
        )
    )
    # Last: what starts with `/` and no command above took (mistyped, unknown, `/ändern`).
    application.add_handler(
        MessageHandler(new_messages & filters.Regex(r"^/"), unknown_command_handler(COMMAND_NAMES))
    )
    application.add_error_handler(answer_error)
    return application
