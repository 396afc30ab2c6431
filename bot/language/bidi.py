"""Unicode bidirectional control characters, which boardbot strips from what members type and
from the names and titles Telegram sends.

A right-to-left override (U+202E) in a task title or a name reverses everything displayed after
it up to the end of the paragraph: in `#3 Flyer‮ — @vera, bis 21.06.` the owner and the due date
would read backwards or swapped. Such characters are stripped, not isolated: titles and names
are stored once and shown in many places (chat messages, CSV, calendar, minutes, the console),
and a stored text without them is safe in all of them, while isolating would have to be done,
and could be forgotten, in every renderer. Right-to-left scripts still display correctly without
them (their letters carry their own direction); only the explicit embeddings, overrides,
isolates and marks go:
U+202A–U+202E (LRE RLE PDF LRO RLO), U+2066–U+2069 (LRI RLI FSI PDI), U+200E/U+200F (LRM RLM)
and U+061C (ALM).
"""

from __future__ import annotations

EMBEDDINGS_AND_OVERRIDES = range(0x202A, 0x202F)  # LRE RLE PDF LRO RLO
ISOLATES = range(0x2066, 0x206A)  # LRI RLI FSI PDI
MARKS = (0x200E, 0x200F, 0x061C)  # LRM RLM ALM
BIDI_CONTROLS = frozenset(map(chr, [*EMBEDDINGS_AND_OVERRIDES, *ISOLATES, *MARKS]))
_REMOVE = str.maketrans(dict.fromkeys(BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """`text` without bidirectional control characters."""
    return text.translate(_REMOVE)


def has_bidi_controls(text: str) -> bool:
    return any(char in BIDI_CONTROLS for char in text)
