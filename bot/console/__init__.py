"""The terminal playground (`boardbot console`): the real Application against an in-process
stand-in for the Bot API (`api`), shown as a chat in the terminal (`screen`).

May import: `bot` (wiring), `storage`, `telegram`. Nothing in the bot imports from here.
"""
