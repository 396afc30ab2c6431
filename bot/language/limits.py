"""How long a text members type may be: the rule the parsers check and quote in their replies.

The language layer owns these numbers because refusing an over-long text is part of reading
it. storage sizes its columns to hold them (it may not import `bot`); a unit test holds both
equal, so a text the parser accepts always fits its column.
"""

from __future__ import annotations

from typing import Final

TITLE_MAX_LENGTH: Final = 500  # a task's title, a meeting's title, an agenda item
DECISION_TEXT_MAX_LENGTH: Final = 2000  # a decision's text
REASON_MAX_LENGTH: Final = 500  # why a decision was repealed
PLACE_MAX_LENGTH: Final = 200  # where a planned meeting takes place
