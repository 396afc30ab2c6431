"""The database schema as SQLModel classes: chats, the members seen in them, and tasks.

Every datetime is stored as UTC (SQLModel's UTC-aware type); conversion to the chat's time
zone happens only when a reply is rendered. Telegram ids exceed 32 bits, hence BigInteger.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlmodel import Field, SQLModel

TITLE_MAX_LENGTH = 500
NAME_MAX_LENGTH = 128


def utcnow() -> datetime:
    return datetime.now(UTC)


class TaskKind(StrEnum):
    TASK = "task"
    FOLLOWUP = "followup"  # a question asked again on a schedule until someone settles it
    REMINDER = "reminder"  # a plain reminder, one-off or recurring


class ReminderKind(StrEnum):
    BEFORE = "before"  # the day before a task is due
    DUE = "due"  # on the due date (at the due time when there is one)
    OVERDUE = "overdue"  # the day after
    FOLLOWUP = "followup"
    PLAIN = "plain"
    DIGEST = "digest"
    MEETING_EVE = "meeting_eve"  # the day before a planned meeting, at the chat's reminder hour
    MEETING_SOON = "meeting_soon"  # an hour before a planned meeting
    CIRCULAR_NUDGE = "circular_nudge"  # once a day: those who have not voted on a circular
    CIRCULAR_CLOSE = "circular_close"  # a circular's deadline: it is closed and announced


class ReminderStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a dispatcher; sent or not, we cannot know after a crash
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class NameKind(StrEnum):
    FIRST = "first"
    FULL = "full"
    USERNAME = "username"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Chat(SQLModel, table=True):
    """A Telegram group (or private chat) the bot has served."""

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    type: str = Field(max_length=16)
    title: str = Field(default="", max_length=NAME_MAX_LENGTH * 2)
    timezone: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=8)
    reminder_hour: int = 9
    digest_weekday: int | None = 0  # Monday; None = no weekly digest
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # the forum topic the admins chose for the bot's own posts (`/einstellungen thema`);
    # None: General, or each item's own topic (bot.topics); 0014_topics
    bot_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # a change a member makes in a private chat is announced here in one line; 0015
    announce_changes: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    # how many seats the board has by its statute (`/einstellungen vorstand 7`), the base of
    # the quorum line; None: the size of the current roster (storage.roster); 0018
    board_size: int | None = None
    # what a circular resolution needs: "all" (§ 32 (3) BGB, the default) or "majority"; 0018
    circular_rule: str = Field(
        default="all", max_length=16, sa_column_kwargs={"server_default": "all"}
    )
    # the roster's current term; `/vorstand neu` starts the next one (storage.roster); 0018
    board_term: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Member(SQLModel, table=True):
    """A person the bot has seen in a chat; `is_member` turns false when they leave."""

    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    username: str | None = Field(default=None, max_length=64)
    first_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    last_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    is_member: bool = True
    last_seen_at: datetime = Field(default_factory=utcnow)
    # when they left (None while a member): the personal export shows nothing of this group
    # that changed later
    left_at: datetime | None = None

    __table_args__ = (Index("ix_member_user_id", "user_id"),)


class KnownName(SQLModel, table=True):
    """A name the bot has seen a user under in a chat (first name, full name or username),
    kept across renames so that forgetting finds every one of them."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=16)  # NameKind
    name: str = Field(max_length=NAME_MAX_LENGTH)
    first_seen_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (
        UniqueConstraint("chat_id", "user_id", "kind", "name", name="uq_knownname"),
        Index("ix_knownname_user_id", "user_id"),
    )


class Counter(SQLModel, table=True):
    """The last number handed out per chat and kind (#1, #2, … for tasks)."""

    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), primary_key=True)
    )
    name: str = Field(primary_key=True, max_length=32)
    value: int = 0


class Task(SQLModel, table=True):
    """A task with a per-chat number; cancelled tasks are kept, never deleted."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    number: int
    kind: str = Field(default=TaskKind.TASK.value, max_length=16)
    title: str = Field(max_length=TITLE_MAX_LENGTH)
    status: str = Field(default=TaskStatus.OPEN.value, max_length=16)
    recurrence: str | None = Field(default=None, max_length=160)  # RRULE text
    due_at: datetime | None = None
    due_has_time: bool = False
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    closed_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    closed_by_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True
    )
    decision_id: int | None = Field(
        default=None, foreign_key="decision.id", ondelete="SET NULL", index=True
    )
    # the bot copied the title from a replied message (with any @usernames in it), so
    # forgetting may rewrite those: they are not what a member typed as the title
    title_from_reply: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # the forum topic it was created in (None: General or a group without topics); 0014_topics
    message_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # the bot's confirmation with the task's buttons (handlers.task_cards): a press counts only
    # there; 0015
    card_message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # the agenda item that was under discussion when it was created in a meeting; 0020
    agenda_item_id: int | None = None

    __table_args__ = (
        UniqueConstraint("chat_id", "number", name="uq_task_chat_number"),
        Index("ix_task_chat_status_due", "chat_id", "status", "due_at"),
    )


class TaskOwner(SQLModel, table=True):
    """One person responsible for a task: a known member (user_id) or just a name."""

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    position: int = 0
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    username: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=NAME_MAX_LENGTH)
    # the role the owner was named by (`@kassierer`, its key: storage.roster.role_key): the
    # owner follows the role when it changes hands; None: named as a person; 0023
    role: str | None = Field(default=None, max_length=64)

    __table_args__ = (Index("ix_taskowner_user_id", "user_id"),)


class ProcessedUpdate(SQLModel, table=True):
    """Telegram update ids already acted on, so an update redelivered after a crash (before
    the bot confirmed it to Telegram) is not acted on twice."""

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = Field(default_factory=utcnow, index=True)


class InboxUpdate(SQLModel, table=True):
    """A Telegram update as it arrived, kept until its handlers have run.

    The bot stores an update before Telegram is told it was received (the next getUpdates
    offset, or the webhook's 200), so a crash cannot lose it: start-up replays what is left."""

    __tablename__ = "inbox_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    # The chat as Telegram named it in the update (for the log), not a reference to `chat`:
    # an update may come from a chat the bot has not stored, and it does not move on upgrades.
    telegram_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    payload: str = Field(sa_column=Column(Text, nullable=False))  # the update as JSON
    received_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0  # replays after a crash; an update that keeps crashing us is given up


class DispatcherHeartbeat(SQLModel, table=True):
    """When a reminder dispatcher (a bot or a `bot.worker`) last looked for due reminders; what
    `boardbot check` and the bot's liveness watch read to say that nobody is sending."""

    __tablename__ = "dispatcher_heartbeat"

    worker: str = Field(primary_key=True, max_length=64)
    beat_at: datetime


class Reminder(SQLModel, table=True):
    """One message the bot owes a chat at `due_at`. The table is the truth: the scheduler only
    wakes the dispatcher, which claims due rows, sends them and marks them sent."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=16)
    due_at: datetime
    status: str = Field(default=ReminderStatus.PENDING.value, max_length=16)
    attempts: int = 0
    claimed_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    # A fresh token with every claim: only its holder may send and mark the row (fencing).
    claim_token: str | None = Field(default=None, max_length=32)
    sent_at: datetime | None = None
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    snoozed_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    # the planned meeting a MEETING_* reminder is for; 0021. No foreign key: SQLite cannot add
    # one without rebuilding the table (see 0017); the plan is never deleted but with its chat,
    # which takes the reminder along.
    meeting_plan_id: int | None = Field(default=None, index=True)
    # the circular resolution a CIRCULAR_* reminder is about (storage.circulars); a plain
    # column like task_id would be, without a foreign key: 0022 adds it without a table rebuild
    circular_id: int | None = Field(default=None, index=True)

    __table_args__ = (
        Index("ix_reminder_status_due", "status", "due_at"),
        # a chat's pending reminders: the digest check for every group at start-up, cancelling
        # a chat's reminders (settings, removed from the group); 0005_indexes
        Index("ix_reminder_chat_status", "chat_id", "status"),
    )


class TopicNotice(SQLModel, table=True):
    """A forum topic the bot could not post into any more (deleted or closed) and has said so
    in General: the chat is told once per topic, also across restarts (bot.topics)."""

    __tablename__ = "topic_notice"

    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), primary_key=True)
    )
    thread_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    noticed_at: datetime


# --- the board's record: meetings, attendance, decisions, agenda proposals -------------------

DECISION_TEXT_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


class Meeting(SQLModel, table=True):
    """A meeting held in a chat, numbered per chat; open while `ended_at` is None (one at a
    time). `message_id` is the bot's attendance message with the "I'm here" button."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    number: int
    title: str = Field(default="", max_length=TITLE_MAX_LENGTH)
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    ended_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    ended_by_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    # the forum topic it was opened in: its minutes go there (None: General); 0014_topics
    message_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # who takes the minutes (`/protokollant`); None: the opener; 0020
    minute_taker_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    minute_taker_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    # the agenda item under discussion (`/top 2`); None: the first one; 0020
    current_item_id: int | None = None

    __table_args__ = (
        UniqueConstraint("chat_id", "number", name="uq_meeting_chat_number"),
        Index("ix_meeting_chat_ended", "chat_id", "ended_at"),
    )


class Attendee(SQLModel, table=True):
    """Someone present at a meeting: a member (user_id) or a guest without Telegram (name)."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    name: str = Field(max_length=NAME_MAX_LENGTH)
    added_at: datetime = Field(default_factory=utcnow)
    added_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # who listed someone other than themself (shown as "eingetragen von …"); 0008_permissions
    added_by_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    # a member who asked to be forgotten: shown as "ehemaliges Mitglied", not as a guest
    forgotten: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # AttendeeStatus: present, excused (`/entschuldigt`, "Ich bin verhindert") or guest; 0018
    status: str = Field(
        default="present", max_length=16, sa_column_kwargs={"server_default": "present"}
    )

    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_attendee_meeting_user"),)


class AttendeeStatus(StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"  # sent apologies: listed as "entschuldigt", not counted for the quorum
    GUEST = "guest"  # present, not a member of the board: not counted for the quorum


class BoardSeat(SQLModel, table=True):
    """One person on the board's roster (`/vorstand`) for one term, with the role they hold
    there (Vorsitzende, Kassierer, …). The current roster is the seats of the chat's current
    term without `until`; a past term's seats are kept with their dates as part of the record.
    The roster is the electorate of a circular resolution and the base of the quorum."""

    __tablename__ = "board_seat"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    term: int = 1
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    username: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=NAME_MAX_LENGTH)
    role: str | None = Field(default=None, max_length=64)
    since: datetime = Field(default_factory=utcnow)
    until: datetime | None = None  # left the board, or the term ended
    added_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    added_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)

    __table_args__ = (Index("ix_board_seat_chat_term", "chat_id", "term"),)


class Decision(SQLModel, table=True):
    """A decision (Beschluss) in the chat's register, `B <year>/<number>`. Never edited: it can
    be repealed (the repeal fields) or amended by a later decision (`amends_id`)."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    number: int
    year: int  # of `decided_at` in the chat's time zone, part of the register number
    text: str = Field(max_length=DECISION_TEXT_MAX_LENGTH)
    decided_at: datetime = Field(default_factory=utcnow)
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None
    unanimous: bool = False
    # "adopted" or "rejected"; None: no vote was recorded (migration 0007_decision_result)
    result: str | None = Field(default=None, max_length=16)
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True
    )
    amends_id: int | None = Field(default=None, foreign_key="decision.id", ondelete="SET NULL")
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    repealed_at: datetime | None = None
    repealed_reason: str | None = Field(default=None, max_length=REASON_MAX_LENGTH)
    repealed_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    repealed_by_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    # the forum topic it was recorded in (None: General); 0014_topics
    message_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # the confirmation with "📋 Aufgabe dazu" (handlers.task_cards); 0015
    card_message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # the agenda item that was under discussion when it was recorded in a meeting; 0020
    agenda_item_id: int | None = None
    # taken outside a meeting by the board's vote on a poll (storage.circulars): shown as
    # "im Umlaufverfahren" wherever the decision is; 0022
    by_circular: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    __table_args__ = (UniqueConstraint("chat_id", "number", name="uq_decision_chat_number"),)


class AgendaItem(SQLModel, table=True):
    """A topic a member proposed for the next meeting; `meeting_id` is set when a meeting
    opens and takes it up."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    text: str = Field(max_length=TITLE_MAX_LENGTH)
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True
    )
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)

    __table_args__ = (Index("ix_agendaitem_chat_id", "chat_id"),)


NOTE_MAX_LENGTH = 1000


class MeetingNote(SQLModel, table=True):
    """A short note of the minutes (`/notiz`): what was discussed under an agenda item, by
    whom it was written and when. `agenda_item_id` None: under "Sonstiges" (no items)."""

    __tablename__ = "meeting_note"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    agenda_item_id: int | None = None
    text: str = Field(max_length=NOTE_MAX_LENGTH)
    author_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    author_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    created_at: datetime = Field(default_factory=utcnow)


class Event(SQLModel, table=True):
    """One change to the record: who did what to which item, when, with the values before and
    after (JSON). Written by the storage functions that make the change; edited only to link a
    bare owner name to its member's id, and to forget a member (storage.privacy)."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    item_type: str = Field(max_length=16)  # task, decision, settings
    item_number: int | None = None
    action: str = Field(max_length=16)
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    actor_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    at: datetime = Field(default_factory=utcnow)
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)

    __table_args__ = (
        Index("ix_event_item", "chat_id", "item_type", "item_number", "at"),
        Index("ix_event_actor_id", "actor_id"),
    )


class PromptKind(StrEnum):
    """What a pending question (a ForceReply) asks for."""

    TASK_TITLE = "task_title"  # /aufgabe alone: the new task's title
    DECISION_TEXT = "decision_text"  # /beschluss alone: the decision's text
    DECISION_TASK = "decision_task"  # 📋 under a decision: the title of a task linked to it
    DUE = "due"  # 📅 andere …: a due date for the task
    OWNER = "owner"  # 👤 jemand anderes …: a name to add as the task's owner
    NOTE_TEXT = "note_text"  # /notiz alone: a note of the minutes


class PendingPrompt(SQLModel, table=True):
    """A question the bot asked one member with a ForceReply, open until they answer it (or a
    day has passed), then kept a week closed. Kept in the database, so an answer after a
    restart is still understood, and a late or second one is answered, not ignored."""

    __tablename__ = "pending_prompt"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))  # the question
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))  # who is asked
    kind: str = Field(max_length=16)  # PromptKind
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="CASCADE")
    decision_id: int | None = Field(default=None, foreign_key="decision.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    # answered (or continued privately); kept a while so a second answer is told so; 0017
    closed_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint("chat_id", "message_id", name="uq_pending_prompt_message"),
        Index("ix_pending_prompt_user_id", "user_id"),
    )


class PrivateHandover(SQLModel, table=True):
    """A question of a group (`/aufgabe` alone, `/beschluss` alone) that one member may answer
    in their private chat instead, through the deep link `t.me/<bot>?start=<token>`. The token
    is random and opaque (no chat id in it); it is good once, for a day (storage.handover)."""

    __tablename__ = "private_handover"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=64, unique=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))  # who may follow it
    kind: str = Field(max_length=16)  # PromptKind: what is asked
    message_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    # the question the bot asked in the private chat once the link was followed
    question_message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = Field(default=None)  # the link was followed

    __table_args__ = (Index("ix_private_handover_user_id", "user_id"),)


class MinutesVersion(SQLModel, table=True):
    """One version of a meeting's minutes, as sent (storage.minutes_record). Version 1 is fixed
    at `/sitzung ende` (for a meeting ended before 0019: the first time they are needed, marked
    `backfilled`); each correction adds a version with the same body and a longer appendix of
    corrections. A stored text is never edited, except that forgetting a member replaces their
    names in it (storage.privacy). Approval marks the latest version; after it, no more."""

    __tablename__ = "minutes_version"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    version: int
    html: str = Field(sa_type=Text)  # the chat message, without the status in the title line
    markdown: str = Field(sa_type=Text)  # the document, likewise
    correction: str | None = Field(default=None, sa_type=Text)  # what this version added
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    backfilled: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    approved_at: datetime | None = None
    approved_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    approved_by_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)

    __table_args__ = (
        UniqueConstraint("meeting_id", "version", name="uq_minutes_version_meeting_version"),
    )


# --- the next meeting: its plan, the invitation's answers (issue 15) ---------------------------

PLACE_MAX_LENGTH = 200


class PlanStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    HELD = "held"  # a meeting opened and took the plan up (`meeting_id`)


class MeetingPlan(SQLModel, table=True):
    """The next meeting as planned with `/sitzung nächste`: when, where, and the invitation
    message with its buttons. One planned per chat; planning again moves it (`sequence` counts
    the moves, so a calendar updates the event of the `.ics` instead of adding one)."""

    __tablename__ = "meeting_plan"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    starts_at: datetime
    place: str | None = Field(default=None, max_length=PLACE_MAX_LENGTH)
    status: str = Field(default=PlanStatus.PLANNED.value, max_length=16)
    sequence: int = 0
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    message_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (Index("ix_meeting_plan_chat_status", "chat_id", "status"),)


class InvitationAnswer(SQLModel, table=True):
    """A member's answer to the invitation: coming or excused; pressing again switches it."""

    __tablename__ = "invitation_answer"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="meeting_plan.id", ondelete="CASCADE", index=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    name: str = Field(max_length=NAME_MAX_LENGTH)
    coming: bool
    answered_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("plan_id", "user_id", name="uq_invitation_answer_user"),)


# --- circular resolutions (Umlaufbeschluss): a motion put to the board as a poll; 0022 --------


class CircularStatus(StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # `/umlauf abbrechen n`: no decision is recorded


class CircularOption(StrEnum):
    """The poll's options, in the order they are shown (a poll answer names their index)."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Circular(SQLModel, table=True):
    """A motion put to the board between meetings as a Telegram poll, numbered per chat
    (`U <n>`). The electorate is the roster when it started (`CircularVoter`); every answer is
    kept (`CircularVote`); when it closes, the decision it led to is in the register."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("chat.id", ondelete="CASCADE"), nullable=False)
    )
    number: int
    text: str = Field(max_length=DECISION_TEXT_MAX_LENGTH)
    rule: str = Field(max_length=16)  # the chat's circular_rule when it started: all, majority
    started_at: datetime
    deadline: datetime
    created_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_by_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    message_thread_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # Telegram's poll (its id comes with every answer) and the message the bot edits
    poll_id: str | None = Field(default=None, max_length=64, index=True)
    poll_message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    status_message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    status: str = Field(default=CircularStatus.OPEN.value, max_length=16)
    closed_at: datetime | None = None
    closed_by_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    closed_by_name: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    decision_id: int | None = Field(default=None, foreign_key="decision.id", ondelete="SET NULL")

    __table_args__ = (
        UniqueConstraint("chat_id", "number", name="uq_circular_chat_number"),
        Index("ix_circular_chat_status", "chat_id", "status"),
    )


class CircularVoter(SQLModel, table=True):
    """A board member entitled to vote on a circular: the roster as it was when it started."""

    __tablename__ = "circular_voter"

    id: int | None = Field(default=None, primary_key=True)
    circular_id: int = Field(foreign_key="circular.id", ondelete="CASCADE", index=True)
    position: int = 0
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    username: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=NAME_MAX_LENGTH)


class CircularVote(SQLModel, table=True):
    """One answer to a circular's poll as Telegram reported it, never changed (except to
    forget a member's name): the current vote of a voter is their last; `option` None is a
    retraction. `voter_id` None: someone not on the board answered, which does not count."""

    __tablename__ = "circular_vote"

    id: int | None = Field(default=None, primary_key=True)
    circular_id: int = Field(foreign_key="circular.id", ondelete="CASCADE", index=True)
    voter_id: int | None = Field(default=None, foreign_key="circular_voter.id", ondelete="CASCADE")
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    name: str = Field(max_length=NAME_MAX_LENGTH)
    option: str | None = Field(default=None, max_length=16)  # CircularOption; None: retracted
    at: datetime
