"""The terminal playground (`boardbot console`): the real Application against an in-process
stand-in for the Bot API (`api`, with `forum` topics and command `menus`), shown as a chat in
the terminal (`screen`, with the stable message and button `labels`); `session` turns typed
lines (`lines`, `group`) into updates, `playground` runs it all; `texts` are the console's own
lines in the group's language, `entities` Telegram's HTML-to-entities conversion.

May import: `bot` (wiring), `storage`, `telegram`. Nothing in the bot imports from here.
"""
