"""The permission checks of the task commands, shared by the typed commands
(handlers.task_changes) and the buttons of a task's card (handlers.task_cards), so that a
press is allowed exactly when the command it stands for is. The rules themselves are
`handlers.common.permissions`.
"""

from __future__ import annotations

from html import escape

from handlers.common.context import CommandContext, UserError
from handlers.common.permissions import may_change, may_complete
from storage.models import Task, TaskStatus
from storage.tasks import owners_by_task


def creator_name(task: Task) -> str:
    return escape(task.created_by_name or "?")


def owner_ids(ctx: CommandContext, task: Task) -> list[int | None]:
    return [owner.user_id for owner in owners_by_task(ctx.session, [task]).get(task.id or 0, [])]


def require_may_complete(ctx: CommandContext, task: Task) -> None:
    """Done and reopen: the creator, an owner, or an admin."""
    allowed = may_complete(ctx.user.id, task.created_by_id, owner_ids(ctx, task))
    refusal = UserError("not_permitted_complete", number=task.number, creator=creator_name(task))
    ctx.require(allowed, refusal)


def require_may_reopen(ctx: CommandContext, task: Task) -> None:
    """Reopen: whoever may mark it done; a cancelled task (undoing a cancel) only whoever may
    cancel it: the creator or an admin."""
    if task.status != TaskStatus.CANCELLED:
        require_may_complete(ctx, task)
        return
    number, creator = task.number, creator_name(task)
    refusal = UserError("not_permitted_reopen_cancelled", number=number, creator=creator)
    ctx.require(may_change(ctx.user.id, task.created_by_id), refusal)


def require_may_change(ctx: CommandContext, task: Task) -> None:
    """Edit, assign, cancel: the creator or an admin."""
    refusal = UserError("not_permitted_change", number=task.number, creator=creator_name(task))
    ctx.require(may_change(ctx.user.id, task.created_by_id), refusal)


def require_may_set_due(ctx: CommandContext, task: Task) -> None:
    """The due date: the creator, an owner, or an admin (owners plan their own work)."""
    allowed = may_complete(ctx.user.id, task.created_by_id, owner_ids(ctx, task))
    refusal = UserError("not_permitted_due", number=task.number, creator=creator_name(task))
    ctx.require(allowed, refusal)
