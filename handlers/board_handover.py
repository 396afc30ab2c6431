"""`/uebergabe @alt @neu` (English `/handover`; a typed `/übergabe` is read too): after an
election, one person's open tasks, follow-ups and role go to another.

Not to be mixed up with handlers.handover (continuing a question in the private chat).

The old person may have left the group already: they are found among the members past and
present, the roster's seats and the plain names of open items (storage.roster.known_people).
The new one must be a member the bot knows. Every item moved gets its own audit entry
(`handover`); the role moves with its items (handlers.common.board.give_role). The group gets
a short summary: who to whom, how many items with their numbers (capped), the role.
Administrators only.
"""

from __future__ import annotations

from html import escape

from telegram.ext import filters

from bot.i18n import t
from bot.language.roster import parse_handover, role_key
from bot.render.roster import moved_line
from handlers.common.board import (
    give_role,
    named_members,
    require_board_admin,
    set_seat_role,
    take_seat,
)
from handlers.common.context import Command, CommandContext, UserError, chat_command
from storage.models import Chat
from storage.roster import hand_over_items, known_people, person_seat
from storage.tasks import OwnerRef

# Telegram marks only ASCII command names: the umlaut spelling arrives as plain text
TYPED_UMLAUT_COMMAND = filters.Regex(r"^/übergabe(@\w+)?(\s|$)")


def person_label(person: OwnerRef) -> str:
    if person.username:
        return f"@{escape(person.username)}"
    return escape(person.name)


def previous_holder(ctx: CommandContext, name: str) -> OwnerRef:
    """Who `@name` (the one handing over) is; refuses nobody and several."""
    found = known_people(ctx.session, ctx.group().id, name)
    if not found:
        raise UserError("board_handover_unknown", name=escape(name[:64]))
    if len(found) > 1:
        candidates = ", ".join(person_label(person) for person in found)
        raise UserError("owner_ambiguous", name=escape(name[:64]), candidates=candidates)
    return found[0]


def the_two(ctx: CommandContext) -> tuple[OwnerRef, OwnerRef]:
    """(old, new) from `@alt @neu`, or two people picked from Telegram's list, in order."""
    names, leftover = parse_handover(ctx.args)
    if leftover or len(names) + len(ctx.text_mentions) != 2:
        raise UserError("board_handover_usage")
    if len(ctx.text_mentions) == 2:
        people = named_members(ctx, ())
        if len(people) != 2:  # the same person picked twice
            raise UserError("board_handover_same")
        return people[0], people[1]
    if ctx.text_mentions:  # one picked, one typed: their order is lost in the arguments
        raise UserError("board_handover_usage")
    return previous_holder(ctx, names[0]), named_members(ctx, names[1:])[0]


def hand_over_role(ctx: CommandContext, chat: Chat, old: OwnerRef, new: OwnerRef) -> str | None:
    """The old person's role goes to the new one (who gets a seat if needed); the role, or
    None when the old person held none."""
    old_seat = person_seat(ctx.session, chat.id, old)
    if old_seat is None or not old_seat.role:
        return None
    role = old_seat.role
    new_seat = person_seat(ctx.session, chat.id, new)
    if new_seat is not None and new_seat.role and role_key(new_seat.role) != role_key(role):
        raise UserError(
            "board_handover_role_taken", name=person_label(new), role=escape(new_seat.role)
        )
    if new_seat is None:
        new_seat, _ = take_seat(ctx, chat, new)
    set_seat_role(ctx, chat, old_seat, None)
    give_role(ctx, chat, new_seat, role)
    return role


@chat_command(usage_key="usage_board_handover")
def board_handover_command(ctx: CommandContext) -> str:
    """/uebergabe @alt @neu: moves open tasks, follow-ups and the role (admins)."""
    chat = ctx.group()
    require_board_admin(ctx)
    old, new = the_two(ctx)
    if old.user_id == new.user_id and (old.user_id is not None or old.name == new.name):
        raise UserError("board_handover_same")
    moved = hand_over_items(ctx.session, chat.id, old, new, ctx.actor, ctx.now)
    role = hand_over_role(ctx, chat, old, new)
    if not moved and role is None:
        return t(ctx.lang, "board_handover_nothing", old=person_label(old))
    lines = [t(ctx.lang, "board_handover_done", old=person_label(old), new=person_label(new))]
    if moved:
        lines.append(moved_line("board_handover_items", moved, ctx.lang))
    if role is not None:
        lines.append(t(ctx.lang, "board_handover_role", role=escape(role)))
    return "\n".join(lines)


BOARD_HANDOVER_COMMANDS = (
    Command(
        "handover",
        "uebergabe",
        board_handover_command,
        "After an election: hand over tasks and role",
        "Nach der Wahl: Aufgaben und Rolle übergeben",
    ),
)
