"""Which member an `@name` typed in a command means (issue 13, finding 13).

A text mention (picked from Telegram's list) carries the user id and wins; then a username,
which Telegram keeps unique; a first name last, because anyone can rename themself to a
colleague's first name. When a first name fits several members the command is refused with
the candidates, instead of taking one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.i18n import t
from handlers.common.context import CommandContext, UserError
from storage.chats import match_members
from storage.models import Member


def candidate_label(ctx: CommandContext, member: Member) -> str:
    """`@username`, or the full name for a member without one (HTML-safe)."""
    if member.username:
        return f"@{escape(member.username)}"
    full_name = " ".join(part for part in (member.first_name, member.last_name) if part)
    return t(ctx.lang, "owner_candidate_unnamed", name=escape(full_name))


def members_named(ctx: CommandContext, chat_id: int, names: Iterable[str]) -> dict[str, Member]:
    """The members the `@names` mean in the chat, keyed by the lowered name (a name we do not
    know is left out); refuses when a name fits several members. One query for all names."""
    typed = {name.lower(): name for name in names}
    found = match_members(ctx.session, chat_id, typed)
    for lowered, members in found.items():
        if len(members) > 1:
            candidates = ", ".join(candidate_label(ctx, member) for member in members)
            raise UserError("owner_ambiguous", name=escape(typed[lowered]), candidates=candidates)
    return {name: members[0] for name, members in found.items() if members}


def member_named(ctx: CommandContext, chat_id: int, name: str) -> Member | None:
    """The member `@name` means in the chat, None for nobody we know; refuses when ambiguous."""
    return members_named(ctx, chat_id, [name]).get(name.lower())
