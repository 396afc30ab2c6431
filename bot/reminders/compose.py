"""What the dispatcher sends for a claimed batch: the rows grouped into messages, each message
rendered at send time from the claims still held.

Task reminders, follow-ups and plain reminders of one chat and forum topic that fall due in
the same minute become ONE message (a compact button row per item, capped to Telegram's
limit); a digest is a message of its own, split into several when it is too long, and so is
a planned meeting's reminder (the plan as it is at send time, with its answers so far). The
topic is the one the admins chose for the bot, else the item's own (`bot.topics.posting_thread`).
A message keeps every claim (reminder id and fencing token) it stands for: it is sent only
with the claims still ours, and each of them is marked sent with the message id.
A circular resolution's reminder (those who have not voted, or the close at its deadline) is
a message of its own, composed by `bot.reminders.circulars`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.i18n import Language, format_due, language_or_default, t
from bot.reminders.circulars import CIRCULAR_KINDS, CircularPost, compose_circular
from bot.render.html_split import fit_message
from bot.render.keyboards import Keyboard
from bot.render.reminders import ReminderContent, render_reminder_batch, short_title
from bot.topics import posting_thread
from storage.models import Chat, Circular, Reminder, ReminderKind, ReminderStatus, Task, TaskKind
from storage.next_meeting import answers, get_plan
from storage.records import decisions_since
from storage.reminders import zone_of
from storage.tasks import list_tasks, view_tasks

LATE_AFTER = timedelta(minutes=1)
DIGEST_PERIOD = timedelta(days=7)


@dataclass(frozen=True)
class Claim:
    reminder_id: int
    token: str  # the claim's fencing token: send and mark only while the row still has it


@dataclass(frozen=True)
class Outgoing:
    """One message owed to a chat, standing for one or more claimed reminders."""

    chat_id: int
    claims: tuple[Claim, ...]
    contents: tuple[ReminderContent, ...]
    tz: ZoneInfo
    lang: Language
    now: datetime
    thread_id: int | None = None  # the forum topic (None: General or a group without topics)
    circular: CircularPost | None = None  # about a circular resolution: its own text

    @property
    def is_digest(self) -> bool:
        return self.contents[0].kind == ReminderKind.DIGEST

    @property
    def stands_alone(self) -> bool:
        """A digest, a planned meeting's or a circular resolution's reminder: a message of its
        own, never batched."""
        return self.is_digest or self.contents[0].plan is not None or self.circular is not None

    def keeping(self, reminder_ids: set[int]) -> Outgoing:
        """The same message without the claims that are no longer ours."""
        pairs = [(c, x) for c, x in zip(self.claims, self.contents, strict=True)]
        kept = [(c, x) for c, x in pairs if c.reminder_id in reminder_ids]
        return replace(self, claims=tuple(c for c, _ in kept), contents=tuple(x for _, x in kept))

    def render(self) -> tuple[list[str], Keyboard | None]:
        """The texts to send (a digest may need several; anything else is one, capped) and
        the buttons under the last of them."""
        if self.circular is not None:
            return [self.circular.text], self.circular.keyboard
        text, buttons = render_reminder_batch(self.contents, self.tz, self.lang, self.now)
        return fit_message(text), buttons

    def description(self) -> str:
        """What this message was about, for the line that says it could not be sent."""
        if self.is_digest:
            return t(self.lang, "digest_header")
        if (plan := self.contents[0].plan) is not None:
            when = format_due(plan.starts_at, True, self.tz, self.lang)
            return t(self.lang, "reminder_meeting_what", when=when)
        if self.circular is not None:
            return self.circular.what
        return ", ".join(describe_task(content) for content in self.contents)


def describe_task(content: ReminderContent) -> str:
    assert content.task is not None
    task = content.task.task
    return f"<b>#{task.number}</b> {escape(short_title(task.title))}"


def compose_batch(
    session: Session,
    claimed: list[Reminder],
    now: datetime,
    started_at: datetime,
    default_language: Language,
) -> list[Outgoing]:
    """The messages for a claimed batch, in due order: one per digest, one per chat, topic and
    minute for everything else."""
    messages: dict[tuple[int, int | None, str], Outgoing] = {}
    for reminder in claimed:
        single = compose(session, reminder, now, started_at, default_language)
        if single is None:  # dropped: nothing left to say
            continue
        if single.stands_alone:
            key = (single.chat_id, single.thread_id, f"alone:{reminder.id}")
        else:
            key = (single.chat_id, single.thread_id, reminder.due_at.strftime("%Y-%m-%d %H:%M"))
        if key in messages:
            known = messages[key]
            single = replace(
                known,
                claims=known.claims + single.claims,
                contents=known.contents + single.contents,
            )
        messages[key] = single
    return list(messages.values())


def compose(
    session: Session,
    reminder: Reminder,
    now: datetime,
    started_at: datetime,
    default_language: Language,
) -> Outgoing | None:
    """The message for one claimed reminder, in the chat's language and zone (None: the
    reminder was dropped, there is nothing left to say)."""
    assert reminder.id is not None and reminder.claim_token is not None
    chat = session.get(Chat, reminder.chat_id)
    assert chat is not None
    if reminder.kind in CIRCULAR_KINDS:
        return compose_circular_reminder(session, chat, reminder, now, started_at, default_language)
    task = session.get(Task, reminder.task_id) if reminder.task_id is not None else None
    plan = get_plan(session, reminder.meeting_plan_id) if reminder.meeting_plan_id else None
    is_digest = reminder.kind == ReminderKind.DIGEST
    content = ReminderContent(
        reminder_id=reminder.id,
        kind=ReminderKind(reminder.kind),
        scheduled_for=reminder.due_at,
        # What fell due before this process started was missed during downtime: "late".
        late=reminder.due_at < started_at or now - reminder.due_at > LATE_AFTER,
        task=view_tasks(session, [task])[0] if task is not None else None,
        open_tasks=list_tasks(session, chat.id) if is_digest else [],
        followups=list_tasks(session, chat.id, kinds=(TaskKind.FOLLOWUP,)) if is_digest else [],
        decisions=decisions_since(session, chat.id, now - DIGEST_PERIOD) if is_digest else [],
        plan=plan,
        answers=answers(session, plan.id) if plan is not None and plan.id is not None else [],
    )
    lang = language_or_default(chat.language, default_language)
    claim = Claim(reminder.id, reminder.claim_token)
    item_thread = task.message_thread_id if task else plan.message_thread_id if plan else None
    thread = posting_thread(chat.bot_thread_id, item_thread)
    return Outgoing(chat.id, (claim,), (content,), zone_of(chat), lang, now, thread)


def compose_circular_reminder(
    session: Session,
    chat: Chat,
    reminder: Reminder,
    now: datetime,
    started_at: datetime,
    default_language: Language,
) -> Outgoing | None:
    assert reminder.id is not None and reminder.claim_token is not None
    lang, tz = language_or_default(chat.language, default_language), zone_of(chat)
    content = ReminderContent(
        reminder_id=reminder.id,
        kind=ReminderKind(reminder.kind),
        scheduled_for=reminder.due_at,
        late=reminder.due_at < started_at or now - reminder.due_at > LATE_AFTER,
        task=None,
    )
    circular = session.get(Circular, reminder.circular_id) if reminder.circular_id else None
    thread = posting_thread(chat.bot_thread_id, circular.message_thread_id if circular else None)
    post = compose_circular(session, reminder, now, tz, lang)
    if post is None:  # closed early and announced then: this claim ends here, unsent
        reminder.status, reminder.claim_token = ReminderStatus.CANCELLED.value, None
        reminder.claimed_by = reminder.claimed_at = None
        session.add(reminder)
        return None
    claim = Claim(reminder.id, reminder.claim_token)
    return Outgoing(chat.id, (claim,), (content,), tz, lang, now, thread, circular=post)
