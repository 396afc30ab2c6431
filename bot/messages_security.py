"""Reply texts of the security work (issue 13), German and English, with identical keys and
placeholders (merged in bot.messages)."""

from __future__ import annotations

DE: dict[str, str] = {
    "owner_ambiguous": (
        "Mit „@{name}“ kann ich mehrere meinen: {candidates}. Schreib bitte den "
        "@Benutzernamen oder erwähne die Person über die Namensauswahl von Telegram."
    ),
    "owner_candidate_unnamed": "{name} (ohne Benutzernamen)",
}

EN: dict[str, str] = {
    "owner_ambiguous": (
        "“@{name}” could mean several people: {candidates}. Please write the @username, or "
        "mention the person by picking them from Telegram's name list."
    ),
    "owner_candidate_unnamed": "{name} (no username)",
}
