"""The command menus (bot/menu.py) read from the `Command` table: every command is in some
menu, each menu holds what its audience needs, and every entry is one Telegram takes."""

from __future__ import annotations

import re

import pytest

from bot.application import COMMANDS
from bot.i18n import SUPPORTED_LANGUAGES, Language
from bot.menu import MENU_AUDIENCES, MENU_SCOPES, menu_commands
from handlers.common.context import Menu

TELEGRAM_NAME = re.compile(r"[a-z0-9_]{1,32}")
MENUS: tuple[Menu, ...] = ("group", "admin", "private")


def names(menu: Menu, language: Language) -> list[str]:
    return [entry.command for entry in menu_commands(COMMANDS, menu, language)]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_command_is_in_some_menu_and_every_entry_is_a_command(language: Language) -> None:
    listed = {name for menu in MENUS for name in names(menu, language)}
    table = {c.german if language == "de" else c.english for c in COMMANDS}
    assert listed == table


def test_every_command_names_a_menu_that_exists() -> None:
    for command in COMMANDS:
        assert command.menus and set(command.menus) <= set(MENU_AUDIENCES), command.german


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("menu", MENUS)
def test_entries_are_valid_for_telegram(menu: Menu, language: Language) -> None:
    entries = menu_commands(COMMANDS, menu, language)
    assert 0 < len(entries) <= 100
    assert len({e.command for e in entries}) == len(entries)
    for entry in entries:
        assert TELEGRAM_NAME.fullmatch(entry.command), entry.command
        assert 0 < len(entry.description.strip()) <= 256, entry.command


def test_members_see_the_everyday_commands_admins_also_the_rest() -> None:
    group, admin, private = names("group", "de"), names("admin", "de"), names("private", "de")
    everyday = {"aufgabe", "aufgaben", "meine", "erledigt", "frist", "beschluss", "sitzung"}
    assert everyday | {"hilfe"} <= set(group)
    assert "einstellungen" not in group and "verlauf" not in group
    assert set(group) < set(admin) and {"einstellungen", "verlauf", "streichen"} <= set(admin)
    assert set(private) == {"meine", "aufgaben", "export", "vergissmich", "hilfe", "start"}
    assert names("private", "en")[:2] == ["tasks", "mytasks"]


def test_every_scope_is_set() -> None:
    kinds = {scope.type for _, scope in MENU_SCOPES}
    assert kinds == {"default", "all_group_chats", "all_chat_administrators", "all_private_chats"}
