"""Data protection in a private chat with the bot: `/vergissmich` (/forgetme) removes the
member's name, username and Telegram id from every record. (`/export` there sends them a copy
of everything the bot holds about them, as a JSON file: `handlers.export`.)"""

from __future__ import annotations

from bot.i18n import t
from handlers.common.context import Command, CommandContext, UserError, chat_command
from storage.privacy import forget_user

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


PRIVACY_COMMANDS = (
    Command(
        "forgetme",
        "vergissmich",
        forget_command,
        "Delete my name and id from the records",
        "Meinen Namen und meine ID löschen",
    ),
)
