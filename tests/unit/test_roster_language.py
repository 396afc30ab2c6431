"""Reading the roster's commands and roles (bot/language/roster.py): the common roles in German
and English, both genders, with and without umlauts; the parts of `/vorstand`, `/rolle` and
`/uebergabe`."""

from __future__ import annotations

import pytest

from bot.language.roster import (
    ROLE_MAX_LENGTH,
    BoardRequest,
    RoleRequest,
    RoleTooLongError,
    is_common_role,
    is_shared_role,
    parse_board_request,
    parse_handover,
    parse_role_request,
    role_key,
)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Vorsitzende", "chair"),
        ("Vorsitzender", "chair"),
        ("vorsitzende(r)", "chair"),
        ("1. Vorsitzende", "chair"),
        ("Chair", "chair"),
        ("stellv. Vorsitzende", "vice_chair"),
        ("Stellvertretender Vorsitzender", "vice_chair"),
        ("stellv_vorsitzender", "vice_chair"),
        ("vize", "vice_chair"),
        ("Kassierer", "treasurer"),
        ("Kassiererin", "treasurer"),
        ("Kassierer*in", "treasurer"),
        ("KASSIERER:IN", "treasurer"),
        ("Schatzmeisterin", "treasurer"),
        ("treasurer", "treasurer"),
        ("Schriftführerin", "secretary"),
        ("schriftfuehrer", "secretary"),
        ("Schriftfuhrer", "secretary"),
        ("secretary", "secretary"),
        ("Beisitzer(in)", "assessor"),
        ("Beisitzerin", "assessor"),
    ],
)
def test_common_roles_share_a_key_in_every_spelling(typed: str, key: str) -> None:
    assert role_key(typed) == key and is_common_role(typed)


def test_other_roles_are_their_own_folded_key() -> None:
    assert role_key("Webmaster") == role_key("WEBMASTER") == "webmaster"
    assert role_key("Jugend-Beauftragte") == role_key("jugendbeauftragte")
    assert role_key("Grüne Jugend") == "gruenejugend"
    assert not is_common_role("webmaster") and not is_common_role("vera")
    assert role_key("Kassierer") != role_key("Vorsitzende")
    assert is_shared_role("assessor") and not is_shared_role("treasurer")


def test_role_request() -> None:
    assert parse_role_request("@vera Vorsitzende") == RoleRequest(("vera",), "Vorsitzende")
    assert parse_role_request("stellv. Vorsitzende @vera") == RoleRequest(
        ("vera",), "stellv. Vorsitzende"
    )
    for clear in ("-", "keine", "none", "–"):
        assert parse_role_request(f"@vera {clear}") == RoleRequest(("vera",), None)
    assert parse_role_request("@vera") == RoleRequest(("vera",), "")
    assert parse_role_request("@a @b Kasse").names == ("a", "b")
    assert parse_role_request("@vera " + "x" * ROLE_MAX_LENGTH).role == "x" * ROLE_MAX_LENGTH
    with pytest.raises(RoleTooLongError) as error:
        parse_role_request("@vera " + "x" * (ROLE_MAX_LENGTH + 1))
    assert error.value.length == ROLE_MAX_LENGTH + 1


@pytest.mark.parametrize(
    ("args", "request_"),
    [
        ("", BoardRequest("show")),
        ("@vera @nicole", BoardRequest("add", ("vera", "nicole"))),
        ("raus @vera", BoardRequest("remove", ("vera",))),
        ("remove @vera", BoardRequest("remove", ("vera",))),
        ("neu @a @b", BoardRequest("new", ("a", "b"))),
        ("new", BoardRequest("new")),
        ("alt", BoardRequest("term")),
        ("old", BoardRequest("term")),
        ("1", BoardRequest("term", term=1)),
        ("amtszeit 2", BoardRequest("term", term=2)),
        ("amtszeit", BoardRequest("term", leftover="amtszeit")),
        ("²", BoardRequest("show", leftover="²")),
        ("١", BoardRequest("term", leftover="١")),  # a digit, but no ASCII one
        ("1 2", BoardRequest("term", term=1, leftover="2")),
        ("sideways", BoardRequest("show", leftover="sideways")),
        ("@vera Kasse", BoardRequest("add", ("vera",), leftover="Kasse")),
    ],
)
def test_board_request(args: str, request_: BoardRequest) -> None:
    assert parse_board_request(args) == request_


def test_handover_names_in_order_with_fillers() -> None:
    assert parse_handover("@alt @neu") == (("alt", "neu"), "")
    assert parse_handover("@alt an @neu") == (("alt", "neu"), "")
    assert parse_handover("@alt → @neu") == (("alt", "neu"), "")
    assert parse_handover("@alt to @neu please") == (("alt", "neu"), "please")
    assert parse_handover("") == ((), "")
