"""Writing what members read: replies, lists, minutes, reminder texts, history and the export
files (CSV, iCalendar, Markdown), and the cutting of long Telegram HTML.

Pure functions of the data they are given. May import: the standard library, `bot.i18n`,
`icalendar`, `babel` and other `bot.render` modules. Never `telegram`, `storage` or
`handlers` (a test enforces it): the data comes in as plain values, described by the protocols
in `views`, and buttons go out as plain `keyboards.Button` rows that the caller turns into
Telegram's markup.
"""
