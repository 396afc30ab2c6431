"""Data protection in a private chat with the bot: `/vergissmich` (/forgetme) removes the
member's names, usernames and Telegram id from every record (storage.privacy) and tells each
group whose open tasks lost them as an owner; `/export` there sends them a copy of their own
data as a JSON file (storage.personal_data)."""

from __future__ import annotations

import logging

from bot.i18n import language_or_default, t
from handlers.common.context import Command, CommandContext, UserError
from handlers.common.outbox import Notice, queue, rich_command
from storage.models import Chat
from storage.privacy import forget_user

log = logging.getLogger(__name__)
CONFIRM_WORDS = {"ja", "yes", "jawohl", "sicher", "confirm"}


@rich_command(private=True, usage_key="usage_forget")
def forget_command(ctx: CommandContext) -> str:
    """/forgetme: explains, and with `ja` forgets the member everywhere."""
    if ctx.chat is not None:
        raise UserError("forget_private_only")
    if ctx.args.strip().lower() not in CONFIRM_WORDS:
        return t(ctx.lang, "forget_explain")
    forgotten = forget_user(ctx.session, ctx.user.id, ctx.now)
    # the id only: whoever restores an older backup must know whom to forget again
    log.info("user %s was forgotten (%d rows changed)", ctx.user.id, forgotten.changed)
    for chat_id, numbers in forgotten.released.items():
        tell_group(ctx, chat_id, numbers)
    return t(ctx.lang, "forget_done", count=forgotten.changed)


def tell_group(ctx: CommandContext, chat_id: int, numbers: list[int]) -> None:
    """One line in the group: these open tasks have lost an owner and need a new one."""
    chat = ctx.session.get(Chat, chat_id)
    if chat is None or not chat.active or not ctx.settings.is_chat_allowed(chat_id):
        return
    lang = language_or_default(chat.language, ctx.settings.bot_language)
    tasks = ", ".join(f"<b>#{number}</b>" for number in numbers)
    text = t(lang, "forget_released", tasks=tasks, first=numbers[0])
    queue(Notice(chat_id, text, thread_id=chat.bot_thread_id))  # the admins' topic, if any


PRIVACY_COMMANDS = (
    Command(
        "forgetme",
        "vergissmich",
        forget_command,
        "Delete my name and id from the records",
        "Meinen Namen und meine ID löschen",
        menus=("private",),
    ),
)
