"""/settings: the group's reminder hour, weekly digest day, time zone, language, in a group
with topics the bot's topic, whether a change a member makes in a private chat is
announced in the group (`ansagen an|aus`), and what a circular resolution needs
(`umlauf alle|mehrheit`: every board member's consent, the default, or a majority).

Everyone may look; only the group's administrators may change (asked from Telegram).
Changing the hour or the time zone recomputes every pending reminder of the group.
`/einstellungen thema`, typed in a forum topic, sends the bot's own posts (reminders, the
weekly overview) there; typed in General, or `thema aus`, leaves each item's reminders in its
own topic again (`bot.topics`).
"""

from __future__ import annotations

import re
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import t
from handlers.common.context import Command, CommandContext, UserError, chat_command
from storage.audit import changed, record_event
from storage.models import Chat
from storage.reminders import resync_chat
from storage.topics import choose_bot_topic

WEEKDAYS = {
    **{
        name: i
        for i, name in enumerate(
            ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
        )
    },
    **{
        name: i
        for i, name in enumerate(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        )
    },
    **{name: i for i, name in enumerate(["mo", "di", "mi", "do", "fr", "sa", "so"])},
}
OFF_WORDS = {"aus", "off", "keiner", "kein", "nie", "none", "never"}
HOUR = re.compile(r"(\d{1,2})(?::00)?(?:\s*uhr)?")
KEYS = {
    "stunde": "hour",
    "uhrzeit": "hour",
    "hour": "hour",
    "time": "hour",
    "überblick": "digest",
    "ueberblick": "digest",
    "zusammenfassung": "digest",
    "digest": "digest",
    "wochenüberblick": "digest",
    "zeitzone": "timezone",
    "timezone": "timezone",
    "tz": "timezone",
    "sprache": "language",
    "language": "language",
    "thema": "topic",
    "topic": "topic",
    "ansagen": "announce",
    "ansage": "announce",
    "announce": "announce",
    "vorstand": "board",
    "board": "board",
    "umlauf": "circular",
    "umlaufbeschluss": "circular",
    "circular": "circular",
}
# what a circular resolution needs (storage.circular_rules): everyone's consent or a majority
CIRCULAR_RULES = {
    "alle": "all",
    "all": "all",
    "einstimmig": "all",
    "unanimous": "all",
    "mehrheit": "majority",
    "majority": "majority",
}
BOARD_SIZE = re.compile(r"[0-9]{1,3}")
ON_WORDS = {"an", "ein", "on", "ja", "yes"}
LANGUAGES = {
    "de": "de",
    "deutsch": "de",
    "german": "de",
    "en": "en",
    "englisch": "en",
    "english": "en",
}


def settings_values(chat: Chat) -> dict[str, object]:
    return {
        "reminder_hour": chat.reminder_hour,
        "digest_weekday": chat.digest_weekday,
        "timezone": chat.timezone,
        "language": chat.language,
        "bot_thread_id": chat.bot_thread_id,
        "announce_changes": chat.announce_changes,
        "board_size": chat.board_size,
        "circular_rule": chat.circular_rule,
    }


def render_settings(ctx: CommandContext, chat: Chat) -> str:
    announce = t(
        ctx.lang, "settings_announce_on" if chat.announce_changes else "settings_announce_off"
    )
    circular = t(ctx.lang, f"settings_circular_{chat.circular_rule}")
    shown = render_main_settings(ctx, chat) + "\n" + announce + "\n" + circular
    if chat.board_size is None:
        return shown
    return shown + "\n" + t(ctx.lang, "settings_board_size", seats=chat.board_size)


def render_main_settings(ctx: CommandContext, chat: Chat) -> str:
    day = (
        t(ctx.lang, f"weekday_{chat.digest_weekday}")
        if chat.digest_weekday is not None
        else t(ctx.lang, "digest_off")
    )
    shown = t(
        ctx.lang,
        "settings_show",
        hour=f"{chat.reminder_hour:02d}:00",
        digest=day,
        timezone=escape(chat.timezone or ctx.settings.bot_timezone),
        language=t(ctx.lang, f"language_{ctx.lang}"),
    )
    if not ctx.is_forum:
        return shown
    chosen = "settings_topic_chosen" if chat.bot_thread_id is not None else "settings_topic_none"
    return shown + "\n\n" + t(ctx.lang, chosen)


def choose_topic(ctx: CommandContext, chat: Chat, value: str) -> str:
    """`thema` (in the wanted topic) or `thema aus`; returns the text key of the answer."""
    if value.strip().lower() in OFF_WORDS or (ctx.is_forum and ctx.thread_id is None):
        choose_bot_topic(ctx.session, chat, None)
        return "settings_topic_cleared"
    if not ctx.is_forum:
        raise UserError("settings_topic_no_forum")
    if value.strip():
        raise UserError("settings_unknown", text=escape(ctx.args[:60]))
    choose_bot_topic(ctx.session, chat, ctx.thread_id)
    return "settings_topic_set"


def apply_setting(ctx: CommandContext, chat: Chat, key: str, value: str) -> None:
    """Change one setting or raise UserError naming what is allowed."""
    lowered = value.strip().lower()
    if key == "hour":
        match = HOUR.fullmatch(lowered)
        if match is None or int(match.group(1)) > 23:
            raise UserError("settings_bad_hour", value=escape(value[:40]))
        chat.reminder_hour = int(match.group(1))
    elif key == "digest":
        if lowered in OFF_WORDS:
            chat.digest_weekday = None
        elif lowered.rstrip("s") in WEEKDAYS or lowered in WEEKDAYS:
            chat.digest_weekday = WEEKDAYS.get(lowered, WEEKDAYS.get(lowered.rstrip("s")))
        else:
            raise UserError("settings_bad_digest", value=escape(value[:40]))
    elif key == "timezone":
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise UserError("settings_bad_timezone", value=escape(value[:60])) from None
        chat.timezone = value.strip()
    elif key == "language":
        if lowered not in LANGUAGES:
            raise UserError("settings_bad_language", value=escape(value[:40]))
        chat.language = LANGUAGES[lowered]
    elif key == "announce":
        if lowered not in ON_WORDS | OFF_WORDS:
            raise UserError("settings_bad_announce", value=escape(value[:40]))
        chat.announce_changes = lowered in ON_WORDS
    elif key == "board":
        set_board_size(chat, lowered, value)
    elif key == "circular":
        if lowered not in CIRCULAR_RULES:
            raise UserError("settings_bad_circular", value=escape(value[:40]))
        chat.circular_rule = CIRCULAR_RULES[lowered]


def set_board_size(chat: Chat, lowered: str, value: str) -> None:
    """`vorstand 7`: the seats by statute, the quorum's base; `0` or `aus` clears it (the
    roster's size counts then)."""
    if lowered in OFF_WORDS or lowered == "0":
        chat.board_size = None
    elif BOARD_SIZE.fullmatch(lowered):
        chat.board_size = int(lowered)
    else:
        raise UserError("settings_bad_board", value=escape(value[:40]))


@chat_command(usage_key="usage_settings")
def settings_command(ctx: CommandContext) -> str:
    """/settings: shows the group's settings; `/settings stunde 8` and the like change one."""
    chat = ctx.group()
    if not ctx.args.strip():
        return render_settings(ctx, chat)
    ctx.require_admin()
    before = settings_values(chat)
    name, _, value = ctx.args.strip().partition(" ")
    key = KEYS.get(name.lower())
    if key is None or (key != "topic" and not value.strip()):
        raise UserError("settings_unknown", text=escape(ctx.args[:60]))
    answer = "settings_changed"
    if key == "topic":
        answer = choose_topic(ctx, chat, value)
    else:
        apply_setting(ctx, chat, key, value)
    ctx.session.add(chat)
    old, new = changed(before, settings_values(chat))
    record_event(
        ctx.session,
        chat_id=chat.id,
        item_type="settings",
        item_number=None,
        action="settings",
        actor=ctx.actor,
        now=ctx.now,
        before=old,
        after=new,
    )
    resync_chat(ctx.session, chat, ctx.now, planner=ctx.planner)
    if key == "language":
        ctx.lang = chat.language  # type: ignore[assignment]
    if key == "timezone":
        ctx.tz = ZoneInfo(chat.timezone or ctx.settings.bot_timezone)
    return t(ctx.lang, answer) + "\n" + render_settings(ctx, chat)


SETTINGS_COMMANDS = (
    Command(
        "settings",
        "einstellungen",
        settings_command,
        "Reminder hour, digest, time zone",
        "Erinnerungszeit, Überblick, Zeitzone",
    ),
)
