"""Reply texts for reading dates (issue 11), German and English, with identical keys and
placeholders (merged in bot.messages)."""

from __future__ import annotations

DE: dict[str, str] = {
    "date_weekday_mismatch": (
        "„{text}“ passt nicht zusammen: der {day} ist ein {weekday}. Bitte Datum oder "
        "Wochentag berichtigen – gespeichert wurde nichts."
    ),
}

EN: dict[str, str] = {
    "date_weekday_mismatch": (
        "“{text}” does not add up: {day} is a {weekday}. Please correct the date or the "
        "weekday – nothing was saved."
    ),
}
