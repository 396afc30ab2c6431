"""The help as one short message with buttons: the five commands everyone needs, and a
button per section ("Aufgaben", "Beschlüsse", "Sitzungen", "Vorstand", "Erinnerungen",
"Einstellungen") that shows that section's details in the same message, with "◀ Zurück" to
the short help.

The data of a section's button is `h:<section>` (handlers.common.list_presses parses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.i18n import Language, t
from bot.render.keyboards import Button, Keyboard

MAIN: Final = "main"
# section → its text key; every section but `main` has a button of its own (`help_button_…`)
SECTION_KEYS: Final = {
    MAIN: "help",
    "tasks": "help_tasks",
    "records": "help_records",
    "meetings": "help_meetings",
    "board": "help_board",
    "reminders": "help_reminders",
    "settings": "help_settings",
}
HELP_SECTIONS: Final = tuple(SECTION_KEYS)
BUTTON_KEYS: Final = {
    "tasks": "help_button_tasks",
    "records": "help_button_records",
    "meetings": "help_button_meetings",
    "board": "help_button_board",
    "reminders": "help_button_reminders",
    "settings": "help_button_settings",
}


@dataclass(frozen=True)
class HelpPage:
    text: str
    keyboard: Keyboard


def help_data(section: str) -> str:
    return f"h:{section}"


def _section_buttons(lang: Language) -> Keyboard:
    buttons = [Button(t(lang, key), help_data(section)) for section, key in BUTTON_KEYS.items()]
    return [buttons[:3], buttons[3:]]  # two rows of three: still readable on a phone


def render_help(section: str, lang: Language, *, private: bool = False) -> HelpPage:
    """A section of the help; the short help (`main`) ends, in a private chat, with what the
    private chat is for."""
    text = t(lang, SECTION_KEYS[section])
    if section != MAIN:
        return HelpPage(text, [[Button(t(lang, "help_button_back"), help_data(MAIN))]])
    if private:
        text += "\n\n" + t(lang, "private_welcome")
    return HelpPage(text, _section_buttons(lang))


def full_help(lang: Language) -> str:
    """Every section, as one text: what the help as a whole explains."""
    return "\n\n".join(t(lang, key) for key in SECTION_KEYS.values())
