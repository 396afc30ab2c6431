"""The deep link of "🔒 Privat weitermachen": reading `/start <token>` strictly, the button
rendered as a URL button, and the tokens storage makes."""

from __future__ import annotations

import pytest

from bot.keyboards import inline_markup
from bot.language.handover import parse_start_payload
from bot.render.handover import deep_link, handover_keyboard
from storage.handover import new_token

TOKEN = "Ab3_-xYz0123456789QRSt"


def test_a_token_is_read() -> None:
    assert parse_start_payload(TOKEN) == TOKEN
    assert parse_start_payload(f"  {TOKEN}\n") == TOKEN


@pytest.mark.parametrize(
    "args",
    [
        "",
        "A" * 15,  # shorter than any token we make
        "A" * 65,  # longer than Telegram allows
        TOKEN + "!",
        TOKEN + " extra",
        "-1001234567890 " + TOKEN,
        TOKEN.replace("A", "Ä"),
        "../" + TOKEN,
        TOKEN + "\u200f",
    ],
)
def test_anything_else_is_not_a_token(args: str) -> None:
    assert parse_start_payload(args) is None


def test_tokens_are_random_and_fit_the_start_parameter() -> None:
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(parse_start_payload(token) == token and len(token) >= 16 for token in tokens)


def test_the_button_is_a_link_into_the_private_chat() -> None:
    [[button]] = handover_keyboard("boardbot", TOKEN, "de")
    assert button.text == "🔒 Privat weitermachen" and button.url == deep_link("boardbot", TOKEN)
    assert button.url == f"https://t.me/boardbot?start={TOKEN}"
    [[english]] = handover_keyboard("boardbot", TOKEN, "en")
    assert english.text == "🔒 Continue privately"
    [[markup]] = inline_markup(handover_keyboard("boardbot", TOKEN, "de")).inline_keyboard
    assert markup.url == button.url and markup.callback_data is None
