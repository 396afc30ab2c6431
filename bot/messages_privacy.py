"""Reply texts for data protection (forgetting, the personal export), German and English, with
identical keys (merged in bot.messages)."""

from __future__ import annotations

DE: dict[str, str] = {
    "forget_released": (
        "ℹ️ Ein Mitglied hat seine Daten löschen lassen und ist nicht mehr verantwortlich für "
        "{tasks}. Neu zuweisen: <code>/zuweisen {first} @Name</code>"
    ),
}

EN: dict[str, str] = {
    "forget_released": (
        "ℹ️ A member had their data erased and is no longer responsible for {tasks}. "
        "Reassign: <code>/assign {first} @name</code>"
    ),
}
