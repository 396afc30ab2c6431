"""Pure reading of a command the bot does not know: what was typed (`/aufgabee@boardbot`),
and which of our commands it is closest to.

Names are compared folded (case, umlauts, ß and ae/oe/ue, as the decision search does), so
`/ändern` and `/beschlüsse` are taken for `/aendern` and `/beschluesse`; otherwise by
difflib's similarity ratio, which forgives one letter too many, too few or swapped in a name
of five letters or more (`/aufgabee`, `/erledgt`, `/beschlusse`, `/aufgabe_`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.language.records import fold

# close enough to suggest, while `/stats` (0.8 to `start`) and `/ban` stay other bots' commands
SIMILARITY_CUTOFF = 0.85
MAX_SUGGESTIONS = 2
_COMMAND = re.compile(r"/(?P<name>\w{1,64})(?:@(?P<bot>\w{1,64}))?(?=\s|$)")


@dataclass(frozen=True)
class TypedCommand:
    name: str
    bot: str | None  # the bot it is addressed to (`/x@bot`), None when none is named


def typed_command(text: str) -> TypedCommand | None:
    """`/aufgabee@boardbot Flyer` → (aufgabee, boardbot); None for text that is no command
    (`/home/user`, `/ nichts`, `//`)."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    return TypedCommand(match.group("name"), match.group("bot"))


def closest_commands(typed: str, known: Iterable[str]) -> list[str]:
    """Our commands closest to `typed`, best first (at most two); [] when none is close."""
    by_fold: dict[str, str] = {}
    for name in known:
        by_fold.setdefault(fold(name), name)
    wanted = fold(typed).strip("_")
    if wanted in by_fold:
        return [by_fold[wanted]]
    close = difflib.get_close_matches(wanted, by_fold, n=MAX_SUGGESTIONS, cutoff=SIMILARITY_CUTOFF)
    return [by_fold[name] for name in close]
