"""Who a task belongs to, from what a member typed: text mentions and @names (or first names)
of members the bot has seen; anyone else stays a plain name. /task, /assign, /followup,
/remind and /present all read owners this way. An @name that means a board role
(`@kassierer`) is whoever holds it, and the owner follows the role (handlers.common.roles).

All names of one command are looked up together (`storage.chats.find_members`, one query),
and one command names at most `MAX_NAMES_PER_COMMAND` people: an `/aufgabe` with 1,000
@mentions used to load the member list 1,000 times and block every chat for seconds.
"""

from __future__ import annotations

from handlers.common.context import CommandContext, UserError, remember_user
from handlers.common.names import members_named
from handlers.common.roles import role_owners
from storage.tasks import OwnerRef

# More than a board has members, and room for a whole federation's group (a reminder for 150
# named people is delivered: bot.render.reminders counts the owners it cannot list).
MAX_NAMES_PER_COMMAND = 200


def resolve_owners(ctx: CommandContext, names: tuple[str, ...]) -> list[OwnerRef]:
    """Text mentions and @names as owners; an @name we do not know stays a plain name, one
    that fits several members is refused (handlers.common.names)."""
    chat = ctx.group()
    names = tuple(name for name in names if name.lower() != ctx.bot_username.lower())
    named = len(ctx.text_mentions) + len(names)
    if named > MAX_NAMES_PER_COMMAND:
        raise UserError("owners_too_many", count=named, limit=MAX_NAMES_PER_COMMAND)
    owners: list[OwnerRef] = []
    for user in ctx.text_mentions:
        remember_user(ctx.session, chat.id, user, ctx.now, present=False)
        owners.append(OwnerRef(user.first_name, user.id, user.username))
    roles = role_owners(ctx, chat.id, names)
    members = members_named(ctx, chat.id, [name for name in names if name.lower() not in roles])
    for name in names:
        member = members.get(name.lower())
        if name.lower() in roles:
            owners.append(roles[name.lower()])
        elif member is None:
            owners.append(OwnerRef(name))
        else:
            owners.append(OwnerRef(member.first_name, member.user_id, member.username))
    unique: dict[object, OwnerRef] = {}
    for owner in owners:
        unique.setdefault(owner.user_id if owner.user_id is not None else owner.name.lower(), owner)
    return list(unique.values())
