"""Reply texts for vote results and for unknown commands, German and English, with identical
keys and placeholders (merged into CATALOGS in bot.messages).

Keys starting with `vote_result_` and `csv_` are *plain text*: the minutes, the Markdown file
and the CSV use them as raw values, so they must not contain markup or entities.
"""

from __future__ import annotations

DE: dict[str, str] = {
    # the confirmation of a motion that did not pass (instead of "Beschluss … gefasst")
    "decision_rejected": "📜 <b>Antrag {ref}</b> abgelehnt am {day}:\n{text}",
    "decision_rejected_tie": "📜 <b>Antrag {ref}</b> abgelehnt (Stimmengleichheit) am {day}:\n{text}",
    "decision_view_header_rejected": "📜 <b>Antrag {ref}</b> vom {day}",
    # plain text: results
    "vote_result_adopted": "angenommen",
    "vote_result_rejected": "abgelehnt",
    "vote_result_tie": "abgelehnt (Stimmengleichheit)",
    "vote_result_none": "keine Abstimmung erfasst",
    "vote_with_result": "{vote} – {result}",
    "vote_unanimous_rejected": "einstimmig abgelehnt",
    "vote_unanimous_rejected_counts": "einstimmig abgelehnt ({counts})",
    "csv_result_column": "Ergebnis",
    "vote_contradiction": (
        "„{text}“ widerspricht sich – Stimmen und Ergebnis passen nicht zusammen; gespeichert "
        "wurde nichts. Zum Beispiel: <code>5:0:1 angenommen</code> oder "
        "<code>2:4:1 abgelehnt</code>."
    ),
    # unknown and mistyped commands
    "unknown_command_suggest": "Meintest du {commands}? Alle Befehle: /hilfe",
    "unknown_command_or": " oder ",
    "unknown_command": "Den Befehl {command} kenne ich nicht. Alle Befehle: /hilfe",
}

EN: dict[str, str] = {
    "decision_rejected": "📜 <b>Motion {ref}</b> rejected on {day}:\n{text}",
    "decision_rejected_tie": "📜 <b>Motion {ref}</b> rejected (tie) on {day}:\n{text}",
    "decision_view_header_rejected": "📜 <b>Motion {ref}</b> of {day}",
    "vote_result_adopted": "adopted",
    "vote_result_rejected": "rejected",
    "vote_result_tie": "rejected (tie)",
    "vote_result_none": "no vote recorded",
    "vote_with_result": "{vote} – {result}",
    "vote_unanimous_rejected": "unanimously rejected",
    "vote_unanimous_rejected_counts": "unanimously rejected ({counts})",
    "csv_result_column": "Result",
    "vote_contradiction": (
        "“{text}” contradicts itself – the votes and the result do not agree; nothing was "
        "saved. For example: <code>5:0:1 carried</code> or <code>2:4:1 rejected</code>."
    ),
    "unknown_command_suggest": "Did you mean {commands}? All commands: /help",
    "unknown_command_or": " or ",
    "unknown_command": "I don't know the command {command}. All commands: /help",
}
