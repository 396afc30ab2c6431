"""boardbot: a Telegram bot that keeps a board's tasks and decisions and reminds the group."""
