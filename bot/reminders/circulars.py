"""What the bot posts about a circular resolution on its own, and what closing one does on
Telegram: shared by the poll-answer handler (an early close) and the dispatcher (the daily
reminder of those who have not voted, and the close at the deadline).

A `CircularPost` is composed in a database transaction (the close at the deadline records the
decision there, through `storage.circulars.close_circular`, so a claim taken over or a send
retried composes the same announcement again instead of closing twice); `carry_out` then stops
the poll and edits the status message, neither of which may hold up or undo the record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.i18n import Language, t
from bot.render.cards import decision_keyboard
from bot.render.circulars import (
    Ballot,
    circular_ref,
    render_closed,
    render_nudge,
    render_status,
)
from bot.render.html_split import cap_message, more_marker
from bot.render.keyboards import Keyboard
from storage.circular_rules import ADOPTED
from storage.circulars import (
    CircularState,
    circular_state,
    close_circular,
    closed_before_deadline,
    decision_of,
)
from storage.models import Circular, CircularStatus, Decision, Reminder, ReminderKind

log = logging.getLogger(__name__)
CIRCULAR_KINDS = (ReminderKind.CIRCULAR_NUDGE.value, ReminderKind.CIRCULAR_CLOSE.value)


@dataclass(frozen=True)
class CircularPost:
    """A message to the group about a circular, and what else Telegram should be told."""

    what: str  # the circular, named in a line that says a reminder could not be sent
    text: str  # the reminder, or the announcement of the outcome
    status_message_id: int | None = None  # the status message to edit …
    status_text: str | None = None  # … to this text
    poll_message_id: int | None = None  # the poll to stop (it has closed)
    # an adopted motion's announcement carries "📋 Aufgabe dazu", like a decision's confirmation
    # (the announcement becomes the decision's card: `storage.cards.set_decision_card`)
    keyboard: Keyboard | None = None
    decision_id: int | None = None


def ballots(state: CircularState) -> list[Ballot]:
    return [
        Ballot(voter.name, voter.user_id, voter.username, state.option_of(voter))
        for voter in state.voters
    ]


def status_text(session: Session, circular: Circular, tz: ZoneInfo, lang: Language) -> str:
    """The status message's text as it stands."""
    state = circular_state(session, circular)
    decision = decision_of(session, circular)
    return render_status(circular, ballots(state), decision, tz, lang)


def closing_post(
    session: Session, circular: Circular, decision: Decision | None, tz: ZoneInfo, lang: Language
) -> CircularPost:
    """The announcement of the outcome, the status message's last text, the poll to stop."""
    status = status_text(session, circular, tz, lang)
    text = render_closed(circular, decision, lang) if decision is not None else status
    adopted = decision if decision is not None and decision.result == ADOPTED else None
    return CircularPost(
        what=circular_ref(circular),
        text=cap_message(text, more_marker(lang)),
        status_message_id=circular.status_message_id,
        status_text=status,
        poll_message_id=circular.poll_message_id,
        keyboard=decision_keyboard(adopted.id, lang) if adopted and adopted.id else None,
        decision_id=adopted.id if adopted else None,
    )


def compose_circular(
    session: Session, reminder: Reminder, now: datetime, tz: ZoneInfo, lang: Language
) -> CircularPost | None:
    """The message a claimed circular reminder stands for; None: nothing to send any more.
    The close at the deadline closes the circular here (if nothing closed it before) and
    announces the outcome — again after a crash or a retry, since that announcement may not
    have gone out. Closed early by an answer or withdrawn, it was announced then: a reminder
    claimed in that very moment is dropped, so the group never reads the outcome twice."""
    circular = session.get(Circular, reminder.circular_id) if reminder.circular_id else None
    if circular is None:  # a row whose circular is gone: say what is left to say
        return CircularPost(what="?", text=t(lang, "circular_gone"))
    if reminder.kind == ReminderKind.CIRCULAR_CLOSE.value:
        decision = close_circular(session, circular, now)
        if decision is None and closed_before_deadline(circular):
            return None
        decision = decision or decision_of(session, circular)
        return closing_post(session, circular, decision, tz, lang)
    if circular.status != CircularStatus.OPEN.value:  # closed since, and announced then
        return None
    state = circular_state(session, circular)
    return CircularPost(
        what=circular_ref(circular), text=render_nudge(circular, ballots(state), tz, lang)
    )


async def carry_out(bot: Bot, chat_id: int, post: CircularPost) -> None:
    """Stop the poll and edit the status message; no failure here undoes what is recorded."""
    if post.poll_message_id is not None:
        try:
            await bot.stop_poll(chat_id, post.poll_message_id)
        except TelegramError as error:  # deleted, or stopped before
            log.info("could not stop the poll %s in %s: %s", post.poll_message_id, chat_id, error)
    if post.status_message_id is not None and post.status_text is not None:
        await edit_status(bot, chat_id, post.status_message_id, post.status_text)


async def edit_status(bot: Bot, chat_id: int, message_id: int, text: str) -> None:
    """The status message's new text; an unchanged text or a deleted message is no error."""
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            log.info("could not edit the circular's status in %s: %s", chat_id, error)
    except TelegramError as error:
        log.info("could not edit the circular's status in %s: %s", chat_id, error)
