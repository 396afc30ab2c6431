"""Who may do what, as pure rules (the group's administrators may always; handlers ask
Telegram whether someone is one only when these rules say no).

- Anyone in a served group may create tasks, decisions, follow-ups and reminders.
- Marking done or reopening: the item's creator or one of its owners.
- Editing, assigning, changing the due date, cancelling, repealing: the creator.
- Settings: administrators only.
An item whose creator is unknown (an anonymous admin, a forgotten member) is the admins' alone.
"""

from __future__ import annotations

from collections.abc import Iterable


def may_complete(actor_id: int, creator_id: int | None, owner_ids: Iterable[int | None]) -> bool:
    return actor_id == creator_id or actor_id in set(owner_ids)


def may_change(actor_id: int, creator_id: int | None) -> bool:
    return creator_id is not None and actor_id == creator_id
