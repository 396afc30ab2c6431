"""Who may do what, as pure rules (the group's administrators may always; handlers ask
Telegram whether someone is one only when these rules say no).

- Anyone in a served group may create tasks, decisions, follow-ups and reminders.
- Marking done or reopening a done task: the item's creator or one of its owners.
- Editing, assigning, changing the due date, cancelling, repealing: the creator. Reopening a
  cancelled task undoes a cancel, so it is the creator's too (owners may not cancel).
- Meetings: the opener ends one; anyone lists themself as present, listing someone else (a
  member or a guest) is the opener's; amending a decision is its author's.
- Minutes: approving them is for the meeting's opener and for the opener of the meeting now
  running (the chair of the meeting that approves them); a correction anyone may add (it is
  signed, appended, and weighed by whoever approves).
- Settings: administrators only.
An item whose creator is unknown (an anonymous admin, a forgotten member) is the admins' alone.
"""

from __future__ import annotations

from collections.abc import Iterable


def may_complete(actor_id: int, creator_id: int | None, owner_ids: Iterable[int | None]) -> bool:
    return actor_id == creator_id or actor_id in set(owner_ids)


def may_change(actor_id: int, creator_id: int | None) -> bool:
    return creator_id is not None and actor_id == creator_id


def may_register(actor_id: int, opener_id: int | None, person_ids: Iterable[int | None]) -> bool:
    """Listing people as present: oneself always; anyone else (a guest has no id) the opener."""
    return all(person == actor_id for person in person_ids) or may_change(actor_id, opener_id)


def may_approve(actor_id: int, opener_id: int | None, chair_id: int | None) -> bool:
    """Approving minutes: the meeting's opener, or the opener of the meeting now running."""
    return may_change(actor_id, opener_id) or may_change(actor_id, chair_id)
