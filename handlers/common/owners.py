"""Who a task belongs to, from what a member typed: text mentions and @names (or first names)
of members the bot has seen; anyone else stays a plain name. /task, /assign, /followup,
/remind and /present all read owners this way."""

from __future__ import annotations

from handlers.common.context import CommandContext, remember_user
from handlers.common.names import member_named
from storage.tasks import OwnerRef


def resolve_owners(ctx: CommandContext, names: tuple[str, ...]) -> list[OwnerRef]:
    """Text mentions and @names as owners; an @name we do not know stays a plain name, one
    that fits several members is refused (handlers.common.names)."""
    chat = ctx.group()
    owners: list[OwnerRef] = []
    for user in ctx.text_mentions:
        remember_user(ctx.session, chat.id, user, ctx.now, present=False)
        owners.append(OwnerRef(user.first_name, user.id, user.username))
    for name in names:
        if name.lower() == ctx.bot_username.lower():
            continue
        member = member_named(ctx, chat.id, name)
        if member is None:
            owners.append(OwnerRef(name))
        else:
            owners.append(OwnerRef(member.first_name, member.user_id, member.username))
    unique: dict[object, OwnerRef] = {}
    for owner in owners:
        unique.setdefault(owner.user_id if owner.user_id is not None else owner.name.lower(), owner)
    return list(unique.values())
