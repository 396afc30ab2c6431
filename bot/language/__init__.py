"""Reading what members type: due dates, recurrences, task and record arguments, votes and
numbers, German and English.

Pure functions of text and a `now` passed in. May import: the standard library, `dateparser`,
`dateutil`, `holidays` and other `bot.language` modules. Never `telegram`, `storage`,
`handlers` or another part of `bot` (a test enforces it).
"""
