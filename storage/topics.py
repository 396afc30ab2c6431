"""Data access for forum topics: the topic the admins chose for the bot's posts, and the
topics the bot found deleted or closed and has told the chat about (once per topic).

Which topic a message goes to is decided above (`bot.topics`); here is only what is stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from storage.models import Chat, TopicNotice


def note_lost_topic(session: Session, chat_id: int, thread_id: int, now: datetime) -> bool:
    """Record that the chat was told topic `thread_id` is gone; False when it was told before
    (or the chat is unknown), so the notice is not repeated, not even after a restart."""
    if session.get(Chat, chat_id) is None:
        return False
    if session.get(TopicNotice, (chat_id, thread_id)) is not None:
        return False
    session.add(TopicNotice(chat_id=chat_id, thread_id=thread_id, noticed_at=now))
    session.flush()
    return True


def choose_bot_topic(session: Session, chat: Chat, thread_id: int | None) -> None:
    """The admins' topic for the bot's own posts (None: none chosen). A topic chosen again may
    be reported gone again, so its old notice is dropped."""
    chat.bot_thread_id = thread_id
    session.add(chat)
    if thread_id is not None:
        session.execute(
            delete(TopicNotice).where(
                col(TopicNotice.chat_id) == chat.id, col(TopicNotice.thread_id) == thread_id
            )
        )
