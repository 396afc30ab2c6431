"""Reply texts for permissions and forged or stale presses (issue 13), German and English, with
identical keys and placeholders (merged in bot.messages).

`min_entered_by` is *plain text* like the other `min_` keys: the attendance list and the minutes
fill it with raw names and escape the result themselves.
"""

from __future__ import annotations

DE: dict[str, str] = {
    "not_permitted_reopen_cancelled": (
        "<b>#{number}</b> ist gestrichen. Wieder öffnen dürfen sie nur {creator} "
        "(hat sie angelegt) und die Admins der Gruppe."
    ),
    "not_permitted_end_meeting": (
        "Sitzung Nr. {number} schließen dürfen nur {opener} (hat sie eröffnet) "
        "und die Admins der Gruppe."
    ),
    "not_permitted_present_others": (
        "Andere als anwesend eintragen dürfen nur {opener} (hat Sitzung Nr. {number} eröffnet) "
        "und die Admins der Gruppe. Dich selbst trägst du mit /anwesend ein."
    ),
    "not_permitted_amend": (
        "<b>{ref}</b> ändern dürfen nur {creator} (hat ihn festgehalten) und die Admins der Gruppe."
    ),
    "min_entered_by": "eingetragen von {by}: {names}",
    "callback_unknown": "Dieser Knopf gilt hier nicht (mehr).",
    "membership_unconfirmed": (
        "ℹ️ Telegram hat gerade nicht bestätigt, dass du noch in all deinen Gruppen bist. "
        "Was aus diesen Gruppen stammt, zeige ich erst danach – bitte versuch es gleich noch einmal."
    ),
}

EN: dict[str, str] = {
    "not_permitted_reopen_cancelled": (
        "<b>#{number}</b> is cancelled. Only {creator} (who created it) and the group's admins "
        "may reopen it."
    ),
    "not_permitted_end_meeting": (
        "Only {opener} (who opened it) and the group's admins may close meeting no. {number}."
    ),
    "not_permitted_present_others": (
        "Only {opener} (who opened meeting no. {number}) and the group's admins may list others "
        "as present. To list yourself: /present"
    ),
    "not_permitted_amend": (
        "Only {creator} (who recorded it) and the group's admins may amend <b>{ref}</b>."
    ),
    "min_entered_by": "entered by {by}: {names}",
    "callback_unknown": "This button does not apply here (any more).",
    "membership_unconfirmed": (
        "ℹ️ Telegram did not confirm just now that you are still in all your groups; I will show "
        "what is from those groups once it does. Please try again in a moment."
    ),
}
