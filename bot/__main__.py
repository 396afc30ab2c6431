"""`python -m bot`: the same as `boardbot run` — serve Telegram and dispatch reminders.

The `boardbot` command (bot/cli/command.py) has the other subcommands: check, console, db, backup,
export and worker.
"""

from __future__ import annotations

import sys

from bot.run import main

if __name__ == "__main__":
    sys.exit(main())
