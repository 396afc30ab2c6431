"""Reminders on their way out: the schedule arithmetic (`schedule`), the database-backed
dispatcher that claims, sends and marks them (`dispatcher`), and Telegram's flood limits
(`ratelimit`).

May import: `bot.language`, `bot.render`, `bot.i18n`, `storage`, `telegram`. Never `handlers`.
"""
