"""Which board member an `@kassierer` means: whoever holds that role on the current board.

`@name` in `/aufgabe`, `/zuweisen`, `/wiedervorlage` (every command reading owners through
handlers.common.owners) is a role when a member of the current board holds a role with that
key (bot.language.roster.role_key: `@kassiererin` finds a `Kassierer`), or when it reads as one
of the common roles. A member whose @username is that word wins over the role (usernames are
unique and chosen by the member); a first name does not (anyone can rename themself). A common
role nobody holds is refused with a clear answer, never taken as a plain name; a role held by
several (Beisitzer) is refused with the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.i18n import t
from bot.language.roster import is_common_role, role_key
from handlers.common.context import CommandContext, UserError
from storage.chats import match_members
from storage.models import BoardSeat
from storage.roster import current_board, current_roles, holders, seat_owner
from storage.tasks import OwnerRef


def seat_label(ctx: CommandContext, seat: BoardSeat) -> str:
    """`@username`, or the name for a seat without one (HTML-safe)."""
    if seat.username:
        return f"@{escape(seat.username)}"
    return t(ctx.lang, "owner_candidate_unnamed", name=escape(seat.name))


def role_owners(ctx: CommandContext, chat_id: int, names: Iterable[str]) -> dict[str, OwnerRef]:
    """The names that mean a role, keyed by the lowered name, as owners named by that role
    (the holder now); refuses a common role nobody holds and a role several hold."""
    typed = {name.lower(): name for name in names}
    if not typed:
        return {}
    held = {role_key(role) for role in current_roles(ctx.session, chat_id)}
    wanted = {
        lowered: name
        for lowered, name in typed.items()
        if role_key(name) in held or is_common_role(name)
    }
    if not wanted:
        return {}
    seats = current_board(ctx.session, chat_id)
    found = match_members(ctx.session, chat_id, wanted)
    by_username = {
        lowered
        for lowered, members in found.items()
        if any(member.username and member.username.lower() == lowered for member in members)
    }
    owners: dict[str, OwnerRef] = {}
    for lowered, name in wanted.items():
        if lowered in by_username:
            continue  # a real member's @username wins over the role
        key = role_key(name)
        holding = holders(seats, key, role_key)
        if not holding:
            raise UserError("role_vacant", role=escape(name))
        if len(holding) > 1:
            candidates = ", ".join(seat_label(ctx, seat) for seat in holding)
            raise UserError("role_ambiguous", role=escape(name), candidates=candidates)
        owners[lowered] = seat_owner(holding[0], key)
    return owners
