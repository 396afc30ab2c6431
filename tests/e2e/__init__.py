"""End-to-end tests: the real bot process against a Bot API emulator."""
