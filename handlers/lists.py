"""The task lists: /tasks (/aufgaben) and /mytasks (/meine), in a group and in a private chat.

Without a filter a list is ONE message: a page of ten items with a `#3 ✅` button per item and
`◀ n/m ▶` when there are more (handlers.common.task_lists reads the list, bot.render.pages
draws the page; the presses are handlers.list_buttons'). The filters (`alle`, `überfällig`,
`@name`) answer as before with the whole list as text, capped at a few messages (`/export`
has the rest): they are looked at, not worked through.
"""

from __future__ import annotations

from html import escape

from bot.i18n import t
from bot.language.arguments import parse_list_filter
from bot.render.tasks import render_task_list
from handlers.common.context import Command, CommandContext, UserError, chat_command
from handlers.common.names import member_named
from handlers.common.replies import Reply
from handlers.common.task_lists import ListScope, list_page, member_groups
from storage.models import TaskStatus
from storage.tasks import TaskView, list_tasks


def my_groups(ctx: CommandContext) -> dict[int, str]:
    """The groups this user is a member of (and the bot serves), id → title; without those
    whose membership Telegram could not confirm just now."""
    return member_groups(
        ctx.session, ctx.user.id, ctx.settings.allowed_chat_ids, ctx.withheld_chats
    )


def first_page(ctx: CommandContext, kind: str) -> Reply:
    """Page 1 of the list `kind` here (in a private chat: of all the user's groups)."""
    chat_id = ctx.chat.id if ctx.chat is not None else None
    groups = my_groups(ctx) if chat_id is None else {}
    page = list_page(
        ctx.session, ListScope(kind, chat_id, ctx.user.id, groups), 1, ctx.tz, ctx.lang, ctx.now
    )
    return Reply(page.text, page.keyboard or None)


def render_list(
    ctx: CommandContext, header_key: str, empty_key: str, views: list[TaskView], **params: str
) -> str:
    """A titled task list, or the `empty_key` text when there is nothing to show."""
    if not views:
        return t(ctx.lang, empty_key, **params)
    header = t(ctx.lang, header_key, count=len(views), **params)
    return render_task_list(header, views, ctx.tz, ctx.lang, ctx.now)


def filtered_list(ctx: CommandContext, chat_id: int) -> str | None:
    """/tasks with a filter: all, overdue or one member's tasks, as text; None without one."""
    wanted = parse_list_filter(ctx.args)
    if wanted is None:
        raise UserError("list_filter_unknown", text=escape(ctx.args[:100]))
    if wanted.kind == "all":
        views = list_tasks(ctx.session, chat_id, statuses=tuple(TaskStatus))
        return render_list(ctx, "list_all_header", "list_empty", views)
    if wanted.kind == "overdue":
        views = list_tasks(ctx.session, chat_id, overdue_before=ctx.now)
        return render_list(ctx, "list_overdue_header", "list_overdue_empty", views)
    if wanted.kind == "member" and wanted.name is not None:
        member = member_named(ctx, chat_id, wanted.name)
        views = list_tasks(
            ctx.session,
            chat_id,
            owner_user_id=member.user_id if member else None,
            owner_name=wanted.name,
        )
        name = escape(member.first_name if member else wanted.name)
        return render_list(ctx, "list_member_header", "list_member_empty", views, name=name)
    return None


@chat_command(private=True, usage_key="usage_task")
def tasks_command(ctx: CommandContext) -> str | Reply:
    """/tasks: the open tasks and follow-ups, overdue first, as pages; `alle`, `überfällig` or
    `@name` filter them. In a private chat: the open tasks of all my groups."""
    if ctx.chat is None:
        return first_page(ctx, "open")
    filtered = filtered_list(ctx, ctx.chat.id)
    return filtered if filtered is not None else first_page(ctx, "open")


@chat_command(private=True, usage_key="usage_task")
def mytasks_command(ctx: CommandContext) -> Reply:
    """/mytasks: my open tasks here, or in a private chat from all my groups, as pages."""
    return first_page(ctx, "mine" if ctx.chat is not None else "my")


LIST_COMMANDS = (
    Command(
        "tasks",
        "aufgaben",
        tasks_command,
        "Open tasks",
        "Offene Aufgaben",
        menus=("group", "private"),
    ),
    Command(
        "mytasks",
        "meine",
        mytasks_command,
        "My open tasks",
        "Meine offenen Aufgaben",
        menus=("group", "private"),
    ),
)
