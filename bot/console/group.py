"""The console's commands about the group itself: its forum topics (`/topic`), who is an admin
(`/admin`) and the command menu a member sees (`/menu`).

    /topic Finanzen     write in the topic "Finanzen" (made on first use: the group becomes
                        a forum, and the bot gets the "topic created" service message)
    /topic Allgemein    back to the General topic (also "General")
    /topic              where you write, and which topics there are
    /topic close        close the topic you write in (the bot's sends there are refused with
                        TOPIC_CLOSED until `/topic reopen`); also "schließen", "öffnen"
    /topic delete       delete it with all its messages (sends there: "thread not found");
                        also "löschen"

Closing and deleting are there so the bot's fall-back to General can be tried.

    /admin off | on     the current member is an ordinary member of the group, or an admin
                        again (by default every console member owns the group)
    /menu               the command menu (`setMyCommands`) the current member would see here,
                        by Telegram's order of scopes and the member's language
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.application import services_of
from bot.console.forum import TOPIC_NAME_MAX
from bot.console.menus import scopes_for

if TYPE_CHECKING:
    from bot.console.session import ConsoleSession

TOPIC_COLOR = 7322096  # one of the colours Telegram gives new topics
ON, OFF = frozenset({"on", "an", "ja", "yes"}), frozenset({"off", "aus", "nein", "no"})
GENERAL_NAMES = frozenset({"general", "allgemein"})
CLOSE, REOPEN, DELETE = (
    frozenset({"close", "schließen", "schliessen"}),
    frozenset({"reopen", "öffnen", "oeffnen"}),
    frozenset({"delete", "löschen", "loeschen"}),
)


async def topic_command(session: ConsoleSession, name: str) -> None:
    printer, word = session.printer, name.casefold()
    if not name:
        topics = session.api.forum.topics.get(session.group_id, {}).values()
        names = ", ".join(t.name + (" 🔒" if t.closed else "") for t in topics) or "–"
        here = session.topic.name if session.topic else printer.topic_name(session.group_id, None)
        printer.note("console_topic_where", topic=here, topics=names)
    elif word in GENERAL_NAMES or word == printer.text("console_general_topic").casefold():
        session.topic, session.private = None, False
        printer.note("console_topic_general")
    elif word in CLOSE | REOPEN | DELETE:
        await change_topic(session, word)
    elif len(name) > TOPIC_NAME_MAX:
        printer.note("console_topic_name_too_long", limit=TOPIC_NAME_MAX)
    elif (existing := session.api.forum.named(session.group_id, name)) is not None:
        session.topic, session.private = existing, False
        printer.note("console_topic_switched", topic=existing.name)
    else:
        await create_topic(session, name)


async def create_topic(session: ConsoleSession, name: str) -> None:
    """Make the group a forum (if it was not) and open a topic, as a member would."""
    session.group["is_forum"] = True
    created = session.api.new_message(
        session.group_id,
        session.member,
        forum_topic_created={"name": name, "icon_color": TOPIC_COLOR},
        is_topic_message=True,
    )
    created["message_thread_id"] = created["message_id"]
    session.topic = session.api.forum.add(session.group_id, created["message_id"], name)
    session.private = False
    session.printer.note("console_topic_created", topic=name)
    await session.deliver(message=created)


async def change_topic(session: ConsoleSession, word: str) -> None:
    """Close, reopen or delete the topic the member writes in."""
    topic, printer = session.topic, session.printer
    if topic is None:
        printer.note("console_topic_general_stays")
        return
    if word in DELETE:
        for chat_id, message_id in session.api.delete_thread(session.group_id, topic.thread_id):
            printer.labels.deleted(chat_id, message_id)
        session.topic = None
        printer.note("console_topic_deleted", topic=topic.name)
        return
    topic.closed = word in CLOSE
    service = "forum_topic_closed" if topic.closed else "forum_topic_reopened"
    message = session.api.new_message(session.group_id, session.member, **{service: {}})
    message.update(message_thread_id=topic.thread_id, is_topic_message=True)
    key = "console_topic_closed" if topic.closed else "console_topic_reopened"
    printer.note(key, topic=topic.name)
    await session.deliver(message=message)


async def set_admin(session: ConsoleSession, switch: str) -> None:
    """`/admin off`: the current member is an ordinary member; `/admin on`: an admin again."""
    if switch.casefold() not in ON | OFF:
        session.printer.note("console_admin_usage")
        return
    user_id, admin = int(session.member["id"]), switch.casefold() in ON
    if admin:
        session.api.not_admins.discard(user_id)
    else:
        session.api.not_admins.add(user_id)
    # The bot trusts an answer about admins for minutes; the console's change counts now.
    services_of(session.app).admin_cache.pop((session.group_id, user_id), None)
    key = "console_admin_on" if admin else "console_admin_off"
    session.printer.note(key, name=session.member["first_name"])


async def show_menu(session: ConsoleSession, _: str) -> None:
    """The command menu the current member would see where they write now."""
    member = session.member
    chat = session.api.chat(session.private_chat() if session.private else session.group_id)
    scopes = scopes_for(chat, int(member["id"]), session.api.is_admin(int(member["id"])))
    menu = session.api.menus.menu_for(scopes, str(member.get("language_code") or ""))
    if not menu:
        session.printer.note("console_menu_empty", name=member["first_name"])
        return
    lines = [f"/{command['command']} – {command['description']}" for command in menu]
    header = session.printer.text("console_menu", name=member["first_name"])
    session.printer.write("\n".join([f"  ({header})", *(f"    {line}" for line in lines)]))
