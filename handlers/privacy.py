"""Data protection in a private chat with the bot: `/vergissmich` (/forgetme) removes the
member's name, username and Telegram id from every record; `/export` there sends them a copy
of everything the bot holds about them, as a JSON file."""

from __future__ import annotations

import json

from bot.i18n import t
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.outbox import Document, queue
from storage.privacy import forget_user, personal_data

CONFIRM_WORDS = {"ja", "yes", "jawohl", "sicher", "confirm"}


@chat_command(private=True, usage_key="usage_forget")
def forget_command(ctx: CommandContext) -> str:
    """/forgetme: explains, and with `ja` forgets the member everywhere."""
    if ctx.chat is not None:
        raise UserError("forget_private_only")
    if ctx.args.strip().lower() not in CONFIRM_WORDS:
        return t(ctx.lang, "forget_explain")
    changed = forget_user(ctx.session, ctx.user.id)
    return t(ctx.lang, "forget_done", count=changed)


def personal_export(ctx: CommandContext) -> str:
    """In a private chat, /export: the member's own data as a JSON file."""
    data = personal_data(ctx.session, ctx.user.id)
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    queue(Document(f"boardbot-{ctx.user.id}.json", payload))
    return t(ctx.lang, "personal_export_sent")


PRIVACY_COMMANDS = (
    Command(
        "forgetme",
        "vergissmich",
        forget_command,
        "Delete my name and id from the records",
        "Meinen Namen und meine ID löschen",
    ),
)
