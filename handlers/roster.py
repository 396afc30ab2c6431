"""The board's roster: `/vorstand` (English `/board`) and `/rolle` (`/role`).

- `/vorstand` shows the current board with roles and the term's start; `/vorstand alt` (the
  term before) or `/vorstand 1` a past term with every seat's dates.
- `/vorstand @vera @nicole` puts members on the board, `/vorstand raus @vera` takes one off
  (the seat keeps its dates in the record), `/vorstand neu @a @b` starts a new term after an
  election (the old one stays in the record; roles are given anew with `/rolle`).
- `/rolle @vera Vorsitzende` gives a role (free text, the common ones recognised), `/rolle
  @vera -` takes it away. A role one holds at a time leaves its previous holder, and the open
  items named by it (`@kassierer`) follow the new holder (handlers.common.board).

Everyone may look; changes are for the group's administrators. Each body parses
(bot.language.roster), changes the seats (storage.roster) and renders (bot.render.roster).
"""

from __future__ import annotations

from html import escape

from bot.i18n import t
from bot.language.roster import (
    ROLE_MAX_LENGTH,
    BoardRequest,
    RoleTooLongError,
    parse_board_request,
    parse_role_request,
)
from bot.render.roster import item_numbers, moved_line, render_board, render_past_term, seat_name
from handlers.common.board import (
    give_role,
    named_members,
    require_board_admin,
    set_seat_role,
    take_seat,
)
from handlers.common.context import Command, CommandContext, UserError, chat_command
from storage.models import Chat
from storage.roster import (
    current_board,
    is_person,
    last_term,
    leave_board,
    open_items,
    person_seat,
    record_board_change,
    seat_entry,
    start_term,
    term_seats,
)


def show_board(ctx: CommandContext, chat: Chat) -> str:
    seats = current_board(ctx.session, chat.id)
    return render_board(seats, chat.board_term, ctx.lang, ctx.tz, past_terms=chat.board_term - 1)


def show_term(ctx: CommandContext, chat: Chat, term: int | None) -> str:
    """A past term (None: the one before the current) with every seat's dates."""
    wanted = chat.board_term - 1 if term is None else term
    if wanted < 1 or wanted > max(chat.board_term, last_term(ctx.session, chat.id) or 0):
        raise UserError("roster_term_unknown", term=max(wanted, 0))
    return render_past_term(term_seats(ctx.session, chat.id, wanted), wanted, ctx.lang, ctx.tz)


def add_members(ctx: CommandContext, chat: Chat, names: tuple[str, ...]) -> str:
    people = named_members(ctx, names)
    added: list[str] = []
    already: list[str] = []
    for person in people:
        seat, new = take_seat(ctx, chat, person)
        (added if new else already).append(seat_name(seat))
    lines = []
    if added:
        lines.append(t(ctx.lang, "roster_added", names=", ".join(added)))
    if already:
        lines.append(t(ctx.lang, "roster_already", names=", ".join(already)))
    return "\n".join(lines) + "\n\n" + show_board(ctx, chat)


def remove_members(ctx: CommandContext, chat: Chat, names: tuple[str, ...]) -> str:
    """Off the board (`until` now); a member with open items is pointed to `/uebergabe`."""
    people = named_members(ctx, names)
    if not people:
        raise UserError("roster_remove_missing")
    items = open_items(ctx.session, chat.id)
    lines = []
    for person in people:
        seat = person_seat(ctx.session, chat.id, person)
        if seat is None:
            lines.append(t(ctx.lang, "roster_not_on_board", name=escape(person.name)))
            continue
        leave_board(ctx.session, seat, ctx.now)
        record_board_change(ctx.session, chat, "board_remove", ctx.actor, ctx.now, seat_entry(seat))
        lines.append(t(ctx.lang, "roster_removed", name=seat_name(seat), term=chat.board_term))
        still = [i.task.number for i in items if any(is_person(o, person) for o in i.owners)]
        if still:
            numbers = item_numbers(still, ctx.lang)
            lines.append(t(ctx.lang, "roster_removed_open", numbers=numbers))
    return "\n".join(lines)


def new_term(ctx: CommandContext, chat: Chat, names: tuple[str, ...]) -> str:
    """The next term, with the members named (checked before the old term ends)."""
    people = named_members(ctx, names)
    old = chat.board_term
    before = [seat_entry(seat) for seat in current_board(ctx.session, chat.id)]
    start_term(ctx.session, chat, ctx.now)
    record_board_change(
        ctx.session, chat, "board_term", ctx.actor, ctx.now, {"seats": before}, {"term": old + 1}
    )
    for person in people:
        take_seat(ctx, chat, person)
    started = t(ctx.lang, "roster_new_term", term=chat.board_term, old=old)
    return started + "\n\n" + show_board(ctx, chat)


@chat_command(usage_key="usage_roster")
def board_command(ctx: CommandContext) -> str:
    """/vorstand: the roster; with names, `raus`, `neu`, `alt` or a term number (see above)."""
    chat = ctx.group()
    request: BoardRequest = parse_board_request(ctx.args)
    if request.leftover:
        raise UserError("roster_unknown_words", text=escape(request.leftover[:60]))
    if request.action == "show" and not ctx.text_mentions:
        return show_board(ctx, chat)
    if request.action == "term":
        return show_term(ctx, chat, request.term)
    require_board_admin(ctx)
    if request.action == "remove":
        return remove_members(ctx, chat, request.names)
    if request.action == "new":
        return new_term(ctx, chat, request.names)
    return add_members(ctx, chat, request.names)


@chat_command(usage_key="usage_role")
def role_command(ctx: CommandContext) -> str:
    """/rolle @vera Vorsitzende: gives a role (putting her on the board if she is not);
    `/rolle @vera -` takes it away; `/rolle` alone shows the roster."""
    chat = ctx.group()
    if not ctx.args.strip() and not ctx.text_mentions:
        return show_board(ctx, chat)
    try:
        request = parse_role_request(ctx.args)
    except RoleTooLongError as error:
        raise UserError("role_too_long", length=error.length, limit=ROLE_MAX_LENGTH) from None
    require_board_admin(ctx)
    people = named_members(ctx, request.names)
    if len(people) != 1:
        raise UserError("role_one_person")
    if request.role == "":
        raise UserError("role_missing")
    seat, new = take_seat(ctx, chat, people[0])
    lines = [t(ctx.lang, "roster_added", names=seat_name(seat))] if new else []
    if request.role is None:
        set_seat_role(ctx, chat, seat, None)
        lines.append(t(ctx.lang, "role_cleared", name=seat_name(seat)))
        return "\n".join(lines)
    moved = give_role(ctx, chat, seat, request.role)
    lines.append(t(ctx.lang, "role_given", name=seat_name(seat), role=escape(request.role)))
    if moved:
        lines.append(moved_line("role_items_moved", moved, ctx.lang))
    return "\n".join(lines)


ROSTER_COMMANDS = (
    Command(
        "board",
        "vorstand",
        board_command,
        "The board: members and roles",
        "Der Vorstand: Mitglieder und Rollen",
        menus=("group",),
    ),
    Command(
        "role",
        "rolle",
        role_command,
        "Give a board member a role",
        "Rolle im Vorstand vergeben",
    ),
)
