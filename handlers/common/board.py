"""What the roster's commands share (`/vorstand`, `/rolle`: handlers.roster; `/uebergabe`:
handlers.board_handover): who the admin named, a seat for them, and giving a role, which takes
it from its previous holder and moves the open items named by it (handlers.common.roles reads
`@kassierer`; storage.roster keeps the seats).

Changing the roster is for the group's administrators (asked from Telegram); looking at it is
for everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.language.roster import is_shared_role, role_key
from handlers.common.context import CommandContext, UserError, remember_user
from handlers.common.names import members_named
from handlers.common.owners import MAX_NAMES_PER_COMMAND
from storage.models import BoardSeat, Chat
from storage.roster import (
    add_board_member,
    current_board,
    holders,
    member_ref,
    move_role_owners,
    person_seat,
    record_board_change,
    seat_entry,
    seat_owner,
)
from storage.tasks import OwnerRef

UNKNOWN_SHOWN = 10  # unknown names listed in a refusal


def require_board_admin(ctx: CommandContext) -> None:
    ctx.require(False, UserError("roster_admins_only"))


def named_members(ctx: CommandContext, names: Sequence[str]) -> list[OwnerRef]:
    """The members named (text mentions first, then the @names), once each; refuses a name the
    bot does not know as a member of the group, and one that fits several."""
    chat = ctx.group()
    names = [name for name in names if name.lower() != ctx.bot_username.lower()]
    if len(ctx.text_mentions) + len(names) > MAX_NAMES_PER_COMMAND:
        count = len(ctx.text_mentions) + len(names)
        raise UserError("owners_too_many", count=count, limit=MAX_NAMES_PER_COMMAND)
    people: list[OwnerRef] = []
    for user in ctx.text_mentions:
        remember_user(ctx.session, chat.id, user, ctx.now, present=False)
        people.append(OwnerRef(user.full_name, user.id, user.username))
    members = members_named(ctx, chat.id, names)
    unknown = [name for name in names if name.lower() not in members]
    if unknown:
        shown = ", ".join(f"@{escape(name[:64])}" for name in unknown[:UNKNOWN_SHOWN])
        raise UserError("roster_unknown", names=shown)
    people += [member_ref(members[name.lower()]) for name in names]
    unique = {person.user_id: person for person in reversed(people)}
    return [person for person in people if unique.get(person.user_id) is person]


def take_seat(ctx: CommandContext, chat: Chat, person: OwnerRef) -> tuple[BoardSeat, bool]:
    """The person's seat on the current board, given to them when they have none; whether it
    is new."""
    seat = person_seat(ctx.session, chat.id, person)
    if seat is not None:
        return seat, False
    seat = add_board_member(
        ctx.session,
        chat.id,
        name=person.name,
        now=ctx.now,
        user_id=person.user_id,
        username=person.username,
        added_by_id=ctx.user.id,
        added_by_name=ctx.actor_name,
    )
    record_board_change(ctx.session, chat, "board_add", ctx.actor, ctx.now, None, seat_entry(seat))
    return seat, True


def set_seat_role(ctx: CommandContext, chat: Chat, seat: BoardSeat, role: str | None) -> None:
    before = seat_entry(seat)
    seat.role = role
    ctx.session.add(seat)
    record_board_change(
        ctx.session, chat, "board_role", ctx.actor, ctx.now, before, seat_entry(seat)
    )


def give_role(ctx: CommandContext, chat: Chat, seat: BoardSeat, role: str) -> list[int]:
    """The seat holds `role` now. A role one holds at a time (all but Beisitzer) leaves its
    previous holder, and the open items named by it follow; the numbers of those items."""
    key = role_key(role)
    shared = is_shared_role(key)
    if not shared:
        for other in holders(current_board(ctx.session, chat.id), key, role_key):
            if other.id != seat.id:
                set_seat_role(ctx, chat, other, None)
    set_seat_role(ctx, chat, seat, role)
    if shared:
        return []
    ctx.session.flush()
    return move_role_owners(ctx.session, chat.id, key, seat_owner(seat), ctx.actor, ctx.now)
