"""Reading the start parameter of a "🔒 Privat weitermachen" deep link (`/start <token>`).

The token is opaque (storage.handover makes it); anything but one token of Telegram's start
parameter alphabet, of a length we make, is not ours and is refused before storage is asked.
"""

from __future__ import annotations

import re

# storage.handover makes 22 characters; Telegram allows [A-Za-z0-9_-]{1,64}
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{16,64}")


def parse_start_payload(args: str) -> str | None:
    """The token in `/start <token>`'s arguments, or None when they are not one token."""
    text = args.strip()
    return text if PAYLOAD.fullmatch(text) else None
