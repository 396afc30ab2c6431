"""Which Telegram updates have been acted on: the guard against a redelivered update."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import ProcessedUpdate

KEEP_PROCESSED_UPDATES = timedelta(days=7)


def claim_update(session: Session, update_id: int, now: datetime) -> bool:
    """Record the update as handled in this transaction; False if it was handled before."""
    if session.get(ProcessedUpdate, update_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedUpdate(update_id=update_id, processed_at=now))
    except IntegrityError:  # another process claimed it a moment ago
        return False
    return True


def prune_processed_updates(session: Session, now: datetime) -> None:
    """Telegram redelivers for at most a day; a week of ids is plenty."""
    cutoff = now - KEEP_PROCESSED_UPDATES
    session.execute(delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < cutoff))
