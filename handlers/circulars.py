"""Circular resolutions (Umlaufbeschluss): `/umlauf` (`/circular`) and the poll's answers.

`/umlauf <Antrag> [bis Freitag]` puts a motion to the board (the roster, `storage.roster`) as a
non-anonymous Telegram poll, Ja / Nein / Enthaltung, without changing a vote once cast: the
reply is the status message the bot edits with the count, the poll follows it. `/umlauf`
alone lists the open ones; `/umlauf abbrechen 3` withdraws one (its starter or an admin).

A poll answer comes without a chat: its poll id leads to the circular (`circular_by_poll`), and
through it to the chat, whose allow-list and once-only guard apply as to any command. An
answer to a poll that is not ours (or no longer open) is ignored; one from somebody outside the
electorate is recorded and does not count. When the rule makes the outcome certain, the
circular closes at once: the decision goes into the register, the poll is stopped, the status
message edited and the outcome announced (the close at the deadline is a reminder row, sent by
the dispatcher: `bot.reminders.circulars`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from sqlmodel import Session
from telegram import Bot, PollAnswer, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import Language, language_or_default, t
from bot.keyboards import inline_markup
from bot.language.circulars import CircularRequest, parse_circular_request
from bot.language.dates import DueDate
from bot.language.limits import DECISION_TEXT_MAX_LENGTH
from bot.language.records import check_text
from bot.reminders.circulars import (
    CircularPost,
    ballots,
    carry_out,
    closing_post,
    edit_status,
    status_text,
)
from bot.reminders.schedule import circular_nudge_times
from bot.render.circulars import circular_ref, poll_options, poll_question, render_open_list
from bot.topics import posting_thread, send_in_topic
from handlers.common.context import (
    Command,
    CommandContext,
    Services,
    UserError,
    remember_user,
    services,
)
from handlers.common.outbox import Action, queue, rich_command
from handlers.common.permissions import may_change
from handlers.common.refusals import refusals
from handlers.common.replies import Reply
from handlers.common.senders import without_bidi_controls
from storage.audit import BOT
from storage.cards import set_decision_card
from storage.circulars import (
    POLL_OPTIONS,
    attach_poll,
    circular_by_number,
    circular_by_poll,
    circular_state,
    circulars_without_poll,
    locked,
    open_circulars,
    record_vote,
    set_status_message,
    settle_if_certain,
    start_circular,
    withdraw_circular,
)
from storage.models import NAME_MAX_LENGTH, Chat, Circular, CircularStatus
from storage.reminders import zone_of
from storage.roster import board_seat_of, current_board
from storage.updates import claim_update

log = logging.getLogger(__name__)
DEFAULT_PERIOD = timedelta(days=7)
LONGEST_PERIOD = timedelta(days=92)  # a quarter: one reminder row a day until then
POLL_SEND_GRACE = timedelta(minutes=1)  # a poll not sent after this was lost by a restart


@rich_command(usage_key="circular_usage")
def circular_command(ctx: CommandContext) -> str | Reply:
    """/circular: start a circular resolution, list the open ones, or withdraw one."""
    request = parse_circular_request(ctx.args, ctx.local_now)
    if request.action == "list":
        return list_open(ctx)
    if request.action == "withdraw":
        return withdraw(ctx, request.number)
    return start(ctx, request)


def list_open(ctx: CommandContext) -> str:
    chat = ctx.group()
    shown = [
        (circular, ballots(circular_state(ctx.session, circular)))
        for circular in open_circulars(ctx.session, chat.id)
    ]
    return render_open_list(shown, ctx.tz, ctx.lang)


def deadline_of(ctx: CommandContext, given: DueDate | None) -> datetime:
    """The deadline asked for, or the end of the day a week from now; at most a quarter."""
    if given is None:
        return DueDate((ctx.local_now + DEFAULT_PERIOD).date(), None).to_utc(ctx.tz)
    deadline = given.to_utc(ctx.tz)
    if deadline - ctx.now > LONGEST_PERIOD:
        raise UserError("circular_deadline_too_far", days=LONGEST_PERIOD.days)
    return deadline


def start(ctx: CommandContext, request: CircularRequest) -> Reply:
    chat = ctx.group()
    if not current_board(ctx.session, chat.id):
        raise UserError("circular_no_board")
    on_board = board_seat_of(ctx.session, chat.id, ctx.user.id) is not None
    ctx.require(on_board, UserError("circular_board_only"))
    with refusals(ctx.lang, "circular_usage", "circular_text_missing"):
        text = check_text(request.text, DECISION_TEXT_MAX_LENGTH)
    deadline = deadline_of(ctx, request.deadline)
    circular = start_circular(
        ctx.session,
        chat,
        text=text,
        deadline=deadline,
        nudges=circular_nudge_times(ctx.now, deadline, chat.reminder_hour, ctx.tz),
        actor=ctx.actor,
        now=ctx.now,
        message_thread_id=ctx.thread_id,
    )
    assert circular.id is not None
    circular_id, question, lang = circular.id, poll_question(circular), ctx.lang
    status = status_text(ctx.session, circular, ctx.tz, ctx.lang)

    async def send_poll(
        context: ContextTypes.DEFAULT_TYPE, chat_id: int, thread: int | None
    ) -> None:
        await start_poll(
            context.bot, services(context), chat_id, thread, circular_id, question, lang
        )

    queue(Action(send_poll))
    return Reply(
        status,
        remember=lambda session, message_id: set_status_message(session, circular_id, message_id),
    )


async def start_poll(
    bot: Bot,
    svc: Services,
    chat_id: int,
    thread_id: int | None,
    circular_id: int,
    question: str,
    lang: Language,
) -> None:
    """Send the poll and store its id; when Telegram refuses it, the circular is withdrawn
    (nobody could vote on it) and the group told."""
    try:
        sent, _ = await send_in_topic(
            lambda thread: bot.send_poll(
                chat_id,
                question,
                poll_options(lang),
                is_anonymous=False,
                allows_multiple_answers=False,
                allows_revoting=False,
                message_thread_id=thread,
            ),
            thread_id,
        )
    except TelegramError as error:
        log.warning("could not send the poll of circular %s to %s: %s", circular_id, chat_id, error)
        await svc.db.run(lambda session: withdraw_unsent(session, circular_id, svc.clock()))
        await bot.send_message(chat_id, t(lang, "circular_poll_failed"))
        return
    assert sent.poll is not None
    poll_id, message_id = sent.poll.id, sent.message_id
    await svc.db.run(lambda session: attach_poll(session, circular_id, poll_id, message_id))


@dataclass(frozen=True)
class MissingPoll:
    circular_id: int
    chat_id: int
    thread_id: int | None
    question: str
    lang: Language


async def send_missing_polls(bot: Bot, svc: Services) -> None:
    """At start-up: the polls of circulars the last run stored but did not get to send (it
    stopped between the commit and `sendPoll`). Only those older than a minute: a poll another
    instance is sending right now is not sent twice."""

    def find(session: Session) -> list[MissingPoll]:
        missing = []
        for circular in circulars_without_poll(session, svc.clock() - POLL_SEND_GRACE):
            chat = session.get(Chat, circular.chat_id)
            if chat is None or circular.id is None or not svc.settings.is_chat_allowed(chat.id):
                continue
            lang = language_or_default(chat.language, svc.settings.bot_language)
            thread = circular.message_thread_id
            missing.append(MissingPoll(circular.id, chat.id, thread, poll_question(circular), lang))
        return missing

    for poll in await svc.db.run(find):
        log.warning(
            "sending the poll of circular %s, which the last run did not send", poll.circular_id
        )
        await start_poll(
            bot, svc, poll.chat_id, poll.thread_id, poll.circular_id, poll.question, poll.lang
        )


def withdraw_unsent(session: Session, circular_id: int, now: datetime) -> None:
    circular = session.get(Circular, circular_id)
    if circular is not None and circular.status == CircularStatus.OPEN.value:
        withdraw_circular(session, circular, BOT, now)


def withdraw(ctx: CommandContext, number: int | None) -> str:
    chat = ctx.group()
    if number is None:
        raise UserError("circular_number_missing")
    circular = circular_by_number(ctx.session, chat.id, number)
    if circular is None:
        raise UserError("circular_unknown", ref=f"U {number}")
    ref = circular_ref(circular)
    if locked(ctx.session, circular).status != CircularStatus.OPEN.value:
        raise UserError("circular_not_open", ref=ref)
    creator = escape(circular.created_by_name or "?")
    refusal = UserError("circular_not_permitted_withdraw", ref=ref, creator=creator)
    ctx.require(may_change(ctx.user.id, circular.created_by_id), refusal)
    withdraw_circular(ctx.session, circular, ctx.actor, ctx.now)
    post = closing_post(ctx.session, circular, None, ctx.tz, ctx.lang)
    queue(Action(lambda context, chat_id, _thread: carry_out(context.bot, chat_id, post)))
    return t(ctx.lang, "circular_withdrawn", ref=ref)


# --- the poll's answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """What an answer changed, for the sends after the transaction."""

    chat_id: int
    status_message_id: int | None
    status: str
    closed: CircularPost | None  # the circular closed: stop the poll, announce the outcome
    thread_id: int | None


def record_answer(
    svc: Services, update_id: int, answer: PollAnswer, now: datetime
) -> Answered | None:
    """One transaction in a database thread: the answer recorded, the circular closed if its
    outcome is certain. None: not ours to count (unknown poll, chat not served, seen before,
    closed)."""
    user = answer.user
    assert user is not None
    with svc.db.transaction() as session:
        # the guard first: it is a write, so on SQLite this transaction holds the lock from here
        if not claim_update(session, update_id, now):
            return None
        circular = circular_by_poll(session, answer.poll_id)
        if circular is None:
            log.info("poll answer for poll %s, which is not a circular; ignored", answer.poll_id)
            return None
        chat = session.get(Chat, circular.chat_id)
        if chat is None or not svc.settings.is_chat_allowed(chat.id):
            return None
        if circular.status != CircularStatus.OPEN.value:
            log.info("answer to %s after it closed; ignored", circular_ref(circular))
            return None
        remember_user(session, chat.id, user, now)  # only the chat's members can answer its poll
        record_vote(
            session,
            circular,
            user_id=user.id,
            username=user.username,
            name=without_bidi_controls(user).full_name[:NAME_MAX_LENGTH],
            option_ids=answer.option_ids,
            now=now,
        )
        decision = settle_if_certain(session, circular, now)
        lang = language_or_default(chat.language, svc.settings.bot_language)
        tz = zone_of(chat)
        closed = closing_post(session, circular, decision, tz, lang) if decision else None
        status = status_text(session, circular, tz, lang)
        thread = posting_thread(chat.bot_thread_id, circular.message_thread_id)
        return Answered(chat.id, circular.status_message_id, status, closed, thread)


async def poll_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A member voted (or retracted) on a poll: record it, edit the count, close if certain."""
    answer = update.poll_answer
    if answer is None or answer.user is None:  # an anonymous vote: our polls are not anonymous
        return
    if len(answer.option_ids) > 1 or any(
        o not in range(len(POLL_OPTIONS)) for o in answer.option_ids
    ):
        log.warning("poll answer %s names options our polls do not have; ignored", update.update_id)
        return
    svc = services(context)
    answered = await svc.db.call(record_answer, svc, update.update_id, answer, svc.clock())
    if answered is None:
        return
    if answered.closed is None:
        if answered.status_message_id is not None:
            await edit_status(
                context.bot, answered.chat_id, answered.status_message_id, answered.status
            )
        return
    await announce(context.bot, svc, answered.chat_id, answered.thread_id, answered.closed)


async def announce(
    bot: Bot, svc: Services, chat_id: int, thread_id: int | None, post: CircularPost
) -> None:
    """Stop the poll, edit the status, announce the outcome (an adopted one with "📋 Aufgabe
    dazu" under it, the decision's card)."""
    await carry_out(bot, chat_id, post)
    markup = inline_markup(post.keyboard) if post.keyboard else None
    try:
        sent, _ = await send_in_topic(
            lambda thread: bot.send_message(
                chat_id, post.text, reply_markup=markup, message_thread_id=thread
            ),
            thread_id,
        )
    except TelegramError as error:
        log.warning("could not announce a circular's outcome in %s: %s", chat_id, error)
        return
    if post.decision_id is not None:
        decision_id, message_id = post.decision_id, sent.message_id
        await svc.db.run(lambda session: set_decision_card(session, decision_id, message_id))


CIRCULAR_COMMANDS = (
    Command(
        "circular",
        "umlauf",
        circular_command,
        "Circular resolution by poll: motion [by Friday]",
        "Umlaufbeschluss per Umfrage: Antrag [bis Freitag]",
        menus=("group",),
    ),
)
