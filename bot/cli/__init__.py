"""The `boardbot` command and its subcommands: `check`, `db`/`backup`, `export` and their
progress bars (`command` parses the arguments and imports a subcommand only when it is used).

May import: `bot` (wiring: config, startup), `bot.render`, `storage`. Not imported by the bot's
request path: handlers never import from here.
"""
