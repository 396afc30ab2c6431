"""What every handler area shares: the command context and its transaction (`context`), who a
message comes from (`senders`), who may do what (`permissions`), the membership check
(`membership`), the queue of replies, edits and files (`outbox`), owners read from mentions and
names (`owners`), decisions named in a command and what a new task is linked to (`links`),
the record parser's errors as refusals (`refusals`) and the strict grammar of button data
(`callbacks`).

A handler module may import from here, from `bot.language`, `bot.render`, `bot.i18n` and
`storage` — never from another handler area (a test enforces it).
"""
