"""Reply texts for reminders, follow-ups, the digest and settings (merged in bot.messages)."""

from __future__ import annotations

DE: dict[str, str] = {
    "reminder_before": "⏰ Morgen fällig ({due}): <b>#{number}</b> {title}",
    "reminder_due": "📅 Heute fällig ({due}): <b>#{number}</b> {title}",
    "reminder_overdue": "⚠️ Überfällig seit {due}: <b>#{number}</b> {title}",
    "reminder_followup": "🔁 Wiedervorlage <b>#{number}</b>: {title}",
    "reminder_plain": "🔔 Erinnerung <b>#{number}</b>: {title}",
    "reminder_late": "⏳ <i>verspätet – fällig war {when}</i>",
    "button_done": "✅ Erledigt",
    "button_day": "⏰ +1 Tag",
    "button_week": "⏰ +1 Woche",
    "digest_header": "📰 <b>Wochenüberblick</b>",
    "digest_empty": "Keine offenen Aufgaben – eine gute Woche! 🎉",
    "digest_overdue": "⚠️ <b>Überfällig</b> ({count})",
    "digest_due_soon": "📅 <b>Fällig in den nächsten 7 Tagen</b> ({count})",
    "digest_by_person": "👤 <b>Offene Aufgaben nach Person</b> ({count})",
    "digest_unassigned": "ohne Zuständige",
    "digest_followups": "🔁 <b>Offene Wiedervorlagen</b> ({count})",
    "digest_decisions": "📜 <b>Beschlüsse der letzten Woche</b> ({count})",
    "followup_created": "🔁 Wiedervorlage <b>#{number}</b> angelegt: {title}",
    "remind_created": "🔔 Erinnerung <b>#{number}</b> angelegt: {title}",
    "schedule_recurring": "Ich melde mich {rule}, zuerst am {first}.",
    "schedule_followup_once": (
        "Ich frage am {first} nach und danach wöchentlich, bis jemand ✅ Erledigt drückt."
    ),
    "schedule_once": "Ich erinnere am {first}.",
    "followup_missing": (
        "Was soll ich wann nachfragen? Zum Beispiel: "
        "<code>/wiedervorlage Hat der Landesfinanzrat die Umlage festgelegt? jeden Montag</code>"
    ),
    "remind_missing": (
        "Woran soll ich wann erinnern? Zum Beispiel: "
        "<code>/erinnere Kassenbericht einreichen am 30.06.</code> oder "
        "<code>/erinnere Vorstandssitzung jeden Montag 18 Uhr</code>"
    ),
    "usage_followup": "/wiedervorlage Umlage festgelegt? jeden Montag",
    "usage_remind": "/erinnere Kassenbericht einreichen am 30.06.",
    "usage_settings": "/einstellungen stunde 8",
    "reminders_header": "🔔 <b>Erinnerungen und Wiedervorlagen</b> ({count})",
    "reminders_empty": (
        "Keine Erinnerungen geplant. Neu: <code>/erinnere Text wann</code> oder "
        "<code>/wiedervorlage Frage jeden Montag</code>."
    ),
    "button_unknown": "Diese Erinnerung gibt es hier nicht (mehr).",
    "button_done_by": "✅ Erledigt von {name}",
    "button_done_ok": "Erledigt ✅",
    "button_already_closed": "#{number} ist schon abgeschlossen.",
    "button_not_permitted": "#{number} abhaken dürfen {creator}, die Verantwortlichen und die Admins.",
    "button_already_snoozed": "Diese Erinnerung wurde schon verschoben.",
    "button_snoozed_by": "⏰ {name} hat diese Erinnerung auf {when} verschoben.",
    "button_snoozed_ok": "Verschoben auf {when}",
    "admins_only": (
        "Einstellungen ändern dürfen nur die Admins der Gruppe. Anschauen: /einstellungen"
    ),
    "settings_show": (
        "⚙️ <b>Einstellungen dieser Gruppe</b>\n"
        "Erinnerungen um: {hour} Uhr\n"
        "Wochenüberblick: {digest}\n"
        "Zeitzone: {timezone}\n"
        "Sprache: {language}\n\n"
        "Ändern (nur Admins): <code>/einstellungen stunde 8</code>, "
        "<code>/einstellungen überblick dienstag</code> oder <code>aus</code>, "
        "<code>/einstellungen zeitzone Europe/Vienna</code>, "
        "<code>/einstellungen sprache en</code>"
    ),
    "settings_changed": "✅ Gespeichert.",
    "settings_unknown": (
        "„{text}“ verstehe ich nicht. Möglich: <code>stunde 8</code>, "
        "<code>überblick montag|aus</code>, <code>zeitzone Europe/Berlin</code>, "
        "<code>sprache de|en</code>."
    ),
    "settings_bad_hour": "„{value}“ ist keine Stunde. Bitte 0 bis 23, z. B. <code>/einstellungen stunde 8</code>.",
    "settings_bad_digest": "„{value}“ ist kein Wochentag. Zum Beispiel <code>/einstellungen überblick montag</code> oder <code>aus</code>.",
    "settings_bad_timezone": "Die Zeitzone „{value}“ kenne ich nicht. Zum Beispiel <code>Europe/Berlin</code> oder <code>Europe/Vienna</code>.",
    "settings_bad_language": "„{value}“ kann ich nicht. Möglich: <code>de</code> oder <code>en</code>.",
    "digest_off": "aus",
    "weekday_0": "montags",
    "weekday_1": "dienstags",
    "weekday_2": "mittwochs",
    "weekday_3": "donnerstags",
    "weekday_4": "freitags",
    "weekday_5": "samstags",
    "weekday_6": "sonntags",
    "language_de": "Deutsch",
    "language_en": "Englisch",
}

EN: dict[str, str] = {
    "reminder_before": "⏰ Due tomorrow ({due}): <b>#{number}</b> {title}",
    "reminder_due": "📅 Due today ({due}): <b>#{number}</b> {title}",
    "reminder_overdue": "⚠️ Overdue since {due}: <b>#{number}</b> {title}",
    "reminder_followup": "🔁 Follow-up <b>#{number}</b>: {title}",
    "reminder_plain": "🔔 Reminder <b>#{number}</b>: {title}",
    "reminder_late": "⏳ <i>late – was due {when}</i>",
    "button_done": "✅ Done",
    "button_day": "⏰ +1 day",
    "button_week": "⏰ +1 week",
    "digest_header": "📰 <b>Weekly overview</b>",
    "digest_empty": "No open tasks – have a good week! 🎉",
    "digest_overdue": "⚠️ <b>Overdue</b> ({count})",
    "digest_due_soon": "📅 <b>Due in the next 7 days</b> ({count})",
    "digest_by_person": "👤 <b>Open tasks by person</b> ({count})",
    "digest_unassigned": "unassigned",
    "digest_followups": "🔁 <b>Open follow-ups</b> ({count})",
    "digest_decisions": "📜 <b>Decisions of the past week</b> ({count})",
    "followup_created": "🔁 Follow-up <b>#{number}</b> created: {title}",
    "remind_created": "🔔 Reminder <b>#{number}</b> created: {title}",
    "schedule_recurring": "I will post it {rule}, first on {first}.",
    "schedule_followup_once": "I will ask on {first} and then weekly until someone presses ✅ Done.",
    "schedule_once": "I will remind you on {first}.",
    "followup_missing": (
        "What should I ask, and when? For example: "
        "<code>/followup Has the state finance council set the levy? every Monday</code>"
    ),
    "remind_missing": (
        "What should I remind you of, and when? For example: "
        "<code>/remind Submit the treasurer's report on June 30</code> or "
        "<code>/remind Board meeting every Monday 6pm</code>"
    ),
    "usage_followup": "/followup Levy set? every Monday",
    "usage_remind": "/remind Submit the report on June 30",
    "usage_settings": "/settings hour 8",
    "reminders_header": "🔔 <b>Reminders and follow-ups</b> ({count})",
    "reminders_empty": (
        "No reminders planned. New: <code>/remind text when</code> or "
        "<code>/followup question every Monday</code>."
    ),
    "button_unknown": "This reminder does not exist here (any more).",
    "button_done_by": "✅ Done by {name}",
    "button_done_ok": "Done ✅",
    "button_already_closed": "#{number} is already closed.",
    "button_not_permitted": "Only {creator}, the people responsible and the admins may mark #{number} done.",
    "button_already_snoozed": "This reminder was already snoozed.",
    "button_snoozed_by": "⏰ {name} snoozed this reminder until {when}.",
    "button_snoozed_ok": "Snoozed until {when}",
    "admins_only": "Only the group's admins may change settings. To look: /settings",
    "settings_show": (
        "⚙️ <b>Settings of this group</b>\n"
        "Reminders at: {hour}\n"
        "Weekly overview: {digest}\n"
        "Time zone: {timezone}\n"
        "Language: {language}\n\n"
        "Change (admins only): <code>/settings hour 8</code>, "
        "<code>/settings digest tuesday</code> or <code>off</code>, "
        "<code>/settings timezone Europe/Vienna</code>, <code>/settings language de</code>"
    ),
    "settings_changed": "✅ Saved.",
    "settings_unknown": (
        "I do not understand “{text}”. Possible: <code>hour 8</code>, "
        "<code>digest monday|off</code>, <code>timezone Europe/Berlin</code>, "
        "<code>language de|en</code>."
    ),
    "settings_bad_hour": "“{value}” is not an hour. Please 0 to 23, e.g. <code>/settings hour 8</code>.",
    "settings_bad_digest": "“{value}” is not a weekday. For example <code>/settings digest monday</code> or <code>off</code>.",
    "settings_bad_timezone": "I do not know the time zone “{value}”. For example <code>Europe/Berlin</code>.",
    "settings_bad_language": "I cannot speak “{value}”. Possible: <code>de</code> or <code>en</code>.",
    "digest_off": "off",
    "weekday_0": "on Mondays",
    "weekday_1": "on Tuesdays",
    "weekday_2": "on Wednesdays",
    "weekday_3": "on Thursdays",
    "weekday_4": "on Fridays",
    "weekday_5": "on Saturdays",
    "weekday_6": "on Sundays",
    "language_de": "German",
    "language_en": "English",
}
