"""The reply texts, German and English, with identical keys and placeholders (a test checks).

Placeholders receive HTML-escaped values; the templates themselves are HTML.
"""

from __future__ import annotations

from bot import messages_records, messages_reminders, messages_security

DE: dict[str, str] = {
    "help": (
        "👋 <b>Ich bin boardbot</b> und merke mir die Aufgaben eures Vorstands.\n\n"
        "<b>Aufgaben</b>\n"
        "/aufgabe &lt;Titel&gt; [@Person …] [bis &lt;Datum&gt;] – neue Aufgabe\n"
        "  z. B. <code>/aufgabe Treffen für Neumitglieder vorbereiten @vera bis Freitag</code>\n"
        "  oder als Antwort auf eine Nachricht: <code>/aufgabe bis 30.06.</code>\n"
        "/aufgaben [@Person | alle | überfällig] – offene Aufgaben\n"
        "/meine – meine offenen Aufgaben (im Privatchat: aus allen meinen Gruppen)\n"
        "/erledigt 3 [4 …] – erledigt\n"
        "/wieder 3 – wieder öffnen\n"
        "/zuweisen 3 @vera @nicole – Verantwortliche festlegen\n"
        "/frist 3 Mitte November – Frist ändern (<code>/frist 3 keine</code> entfernt sie)\n"
        "/aendern 3 Neuer Titel – Titel ändern\n"
        "/streichen 3 – streichen (bleibt im Verlauf)\n"
        "/verlauf 3 – wer hat was wann geändert\n"
        "Im Privatchat mit mir: /export – Kopie deiner Daten, /vergissmich – deine Daten löschen\n\n"
        "<b>Erinnerungen</b>\n"
        "Vor jeder Frist erinnere ich: am Vortag, am Tag selbst und einmal, wenn sie verstrichen ist.\n"
        "/wiedervorlage &lt;Frage&gt; jeden Montag – frage nach, bis jemand ✅ drückt\n"
        "  z. B. <code>/wiedervorlage Hat der Landesfinanzrat die Umlage festgelegt? jeden Montag</code>\n"
        "/erinnere &lt;Text&gt; &lt;wann&gt; – z. B. <code>/erinnere Vorstandssitzung jeden Montag 18 Uhr</code>\n"
        "/erinnerungen – geplante Erinnerungen\n"
        "/einstellungen – Uhrzeit, Wochenüberblick, Zeitzone, Sprache (ändern: Admins)\n\n"
        "<b>Daten</b> verstehe ich so: <i>bis Freitag, morgen 18 Uhr, am 22.06.2024, "
        "in zwei Wochen, nächsten Montag, Mitte November, Ende Juli, KW 27</i>.\n"
        "Personen: <code>@benutzername</code> oder <code>@Vorname</code> von "
        "Mitgliedern, die ich schon kenne."
    ),
    "private_welcome": (
        "\n\nIm Privatchat zeige ich dir mit /meine deine Aufgaben aus allen Gruppen, "
        "in denen du Mitglied bist. Aufgaben legt ihr in der Gruppe an. "
        "Deine Daten: /export (Kopie), /vergissmich (löschen)."
    ),
    "not_allowed": (
        "Diese Gruppe ist für boardbot nicht freigeschaltet, deshalb speichere ich hier nichts.\n"
        "Chat-ID: <code>{chat_id}</code>\n"
        "Wer den Bot betreibt, trägt diese ID in <code>ALLOWED_CHAT_IDS</code> ein "
        "und startet ihn neu."
    ),
    "group_only": (
        "Das geht nur in eurer Gruppe: schreib dort <code>{example}</code>. "
        "Hier im Privatchat zeigt /meine deine Aufgaben."
    ),
    "error_generic": (
        "Entschuldigung, da ist etwas schiefgelaufen. Es wurde nichts geändert – "
        "bitte versuch es gleich noch einmal."
    ),
    "due_with_time": "{day}, {time} Uhr",
    "due_label": "bis {due}",
    "overdue": "überfällig",
    "owners_label": "👤 {owners}",
    "task_created": "✅ Aufgabe <b>#{number}</b> angelegt: {title}",
    "task_title_missing": (
        "Bitte gib einen Titel an, z. B. "
        "<code>/aufgabe Flyer drucken @vera bis Freitag</code>. "
        "Oder antworte mit /aufgabe auf die Nachricht, die die Aufgabe beschreibt."
    ),
    "task_title_too_long": (
        "Der Titel hat {length} Zeichen, erlaubt sind höchstens {limit}. Bitte kürzer fassen – "
        "gespeichert wurde nichts."
    ),
    "date_unknown": (
        "Das Datum „{text}“ habe ich nicht verstanden, gespeichert wurde nichts.\n"
        "So geht es zum Beispiel: <code>{example1}</code> oder <code>{example2}</code>."
    ),
    "date_past": (
        "„{text}“ liegt in der Vergangenheit, gespeichert wurde nichts.\n"
        "Bitte ein künftiges Datum angeben, z. B. <code>{example1}</code> "
        "oder <code>{example2}</code>."
    ),
    "task_unknown": "Aufgabe #{number} gibt es in dieser Gruppe nicht. /aufgaben zeigt alle.",
    "tasks_unknown": (
        "Diese Aufgaben gibt es in dieser Gruppe nicht: {numbers}. Es wurde nichts geändert."
    ),
    "number_missing": "Welche Aufgabe? Zum Beispiel: <code>{usage}</code>",
    "number_invalid": "„{text}“ ist keine Aufgabennummer. Zum Beispiel: <code>{usage}</code>",
    "usage_done": "/erledigt 3",
    "usage_reopen": "/wieder 3",
    "usage_assign": "/zuweisen 3 @vera @nicole",
    "usage_due": "/frist 3 bis Freitag",
    "usage_edit": "/aendern 3 Neuer Titel",
    "usage_cancel": "/streichen 3",
    "usage_task": "/aufgabe Flyer drucken @vera bis Freitag",
    "task_done": "✅ Erledigt: <b>#{number}</b> {title}",
    "task_already_done": "☑️ <b>#{number}</b> war schon erledigt: {title}",
    "task_is_cancelled": (
        "<b>#{number}</b> ist gestrichen. Mit <code>/wieder {number}</code> wird sie wieder offen."
    ),
    "task_reopened": "🔄 Wieder offen: <b>#{number}</b> {title}",
    "task_already_open": "<b>#{number}</b> ist schon offen: {title}",
    "task_cancelled": "🗑 Gestrichen: <b>#{number}</b> {title} (bleibt im Verlauf)",
    "task_already_cancelled": "<b>#{number}</b> ist schon gestrichen.",
    "task_assigned": "👤 <b>#{number}</b> {title}\nVerantwortlich: {owners}",
    "assign_missing": (
        "Wem soll ich Aufgabe #{number} geben? Zum Beispiel: "
        "<code>/zuweisen {number} @vera @nicole</code>"
    ),
    "task_due_set": "📅 <b>#{number}</b> {title}\nNeue Frist: {due}",
    "task_due_cleared": "📅 <b>#{number}</b> {title}\nKeine Frist mehr.",
    "due_missing": (
        "Welche Frist? Zum Beispiel <code>/frist {number} bis Freitag</code> "
        "oder <code>/frist {number} keine</code>."
    ),
    "task_renamed": "✏️ <b>#{number}</b> heißt jetzt: {title}",
    "edit_missing": "Wie soll die Aufgabe heißen? Zum Beispiel: <code>/aendern {number} Neuer Titel</code>",
    "list_open_header": "📋 <b>Offene Aufgaben</b> ({count})",
    "list_all_header": "📋 <b>Alle Aufgaben</b> ({count})",
    "list_overdue_header": "⚠️ <b>Überfällige Aufgaben</b> ({count})",
    "list_member_header": "📋 <b>Offene Aufgaben von {name}</b> ({count})",
    "list_followups_header": "🔁 <b>Wiedervorlagen</b> ({count})",
    "usage_history": "/verlauf 3",
    "usage_forget": "/vergissmich",
    "history_header": "🕘 <b>Verlauf von {item}</b> ({count})",
    "history_none": "–",
    "history_action_create": "angelegt",
    "history_action_edit": "Titel geändert",
    "history_action_assign": "Verantwortliche geändert",
    "history_action_due": "Frist geändert",
    "history_action_done": "erledigt",
    "history_action_reopen": "wieder geöffnet",
    "history_action_cancel": "gestrichen",
    "history_action_repeal": "aufgehoben",
    "history_action_settings": "Einstellungen geändert",
    "history_field_title": "Titel",
    "history_field_text": "Text",
    "history_field_owners": "Verantwortlich",
    "history_field_due": "Frist",
    "history_field_status": "Status",
    "history_field_reason": "Grund",
    "history_field_repealed": "aufgehoben",
    "history_status_open": "offen",
    "history_status_done": "erledigt",
    "history_status_cancelled": "gestrichen",
    "forget_private_only": (
        "Das geht nur im Privatchat mit mir, damit niemand anderes es für dich auslöst: "
        "schreib mir direkt <code>/vergissmich</code>."
    ),
    "forget_explain": (
        "🔒 <b>Vergiss mich</b>\n"
        "Ich entferne deinen Namen, deinen Benutzernamen und deine Telegram-ID aus allen "
        "Einträgen aller Gruppen. Aufgaben, Beschlüsse und Protokolle bleiben erhalten; dort "
        "steht dann „ehemaliges Mitglied“. Das lässt sich nicht rückgängig machen.\n"
        "Eine Kopie deiner Daten vorher: /export\n"
        "Fortfahren: <code>/vergissmich ja</code>"
    ),
    "forget_done": (
        "Erledigt: Ich habe dich aus {count} Einträgen entfernt. "
        "Schreibst du mir wieder, lerne ich dich neu kennen."
    ),
    "personal_export_sent": (
        "📦 Hier ist alles, was ich über dich gespeichert habe (JSON). Löschen: /vergissmich"
    ),
    "not_permitted_complete": (
        "<b>#{number}</b> abhaken oder wieder öffnen dürfen {creator} (hat sie angelegt), "
        "die Verantwortlichen und die Admins der Gruppe."
    ),
    "not_permitted_change": (
        "<b>#{number}</b> ändern oder streichen dürfen nur {creator} (hat sie angelegt) "
        "und die Admins der Gruppe."
    ),
    "not_permitted_repeal": (
        "<b>{ref}</b> aufheben dürfen nur {creator} (hat ihn festgehalten) und die Admins der Gruppe."
    ),
    "list_empty": "Keine offenen Aufgaben. 🎉",
    "list_overdue_empty": "Nichts überfällig. 👍",
    "list_member_empty": "{name} hat keine offenen Aufgaben.",
    "list_filter_unknown": (
        "„{text}“ verstehe ich hier nicht. Möglich sind: <code>/aufgaben</code>, "
        "<code>/aufgaben alle</code>, <code>/aufgaben überfällig</code>, "
        "<code>/aufgaben @vera</code>."
    ),
    "status_done": "erledigt",
    "status_cancelled": "gestrichen",
    "mine_header": "🙋 <b>Deine offenen Aufgaben</b> ({count})",
    "mine_empty": "Du hast hier keine offenen Aufgaben. 🎉",
    "mine_private_empty": (
        "Du hast keine offenen Aufgaben in deinen Gruppen. (Ich kenne dich aus den Gruppen, "
        "in denen du schon einmal einen Befehl an mich geschrieben hast.)"
    ),
    "private_list_empty": "In deinen Gruppen gibt es keine offenen Aufgaben.",
}

EN: dict[str, str] = {
    "help": (
        "👋 <b>I am boardbot</b> and I keep track of your board's tasks.\n\n"
        "<b>Tasks</b>\n"
        "/task &lt;title&gt; [@person …] [by &lt;date&gt;] – new task\n"
        "  e.g. <code>/task Prepare the new members' meeting @vera by Friday</code>\n"
        "  or as a reply to a message: <code>/task by 2024-06-30</code>\n"
        "/tasks [@person | all | overdue] – open tasks\n"
        "/mytasks – my open tasks (in a private chat: from all my groups)\n"
        "/done 3 [4 …] – mark done\n"
        "/reopen 3 – open again\n"
        "/assign 3 @vera @nicole – set who is responsible\n"
        "/due 3 mid November – change the due date (<code>/due 3 none</code> removes it)\n"
        "/edit 3 New title – change the title\n"
        "/cancel 3 – cancel (kept in the record)\n"
        "/history 3 – who changed what, when\n"
        "In a private chat with me: /export – a copy of your data, /forgetme – delete your data\n\n"
        "<b>Reminders</b>\n"
        "Before every due date I remind you: the day before, on the day and once when it is overdue.\n"
        "/followup &lt;question&gt; every Monday – ask again until someone presses ✅\n"
        "  e.g. <code>/followup Has the state finance council set the levy? every Monday</code>\n"
        "/remind &lt;text&gt; &lt;when&gt; – e.g. <code>/remind Board meeting every Monday 6pm</code>\n"
        "/reminders – planned reminders\n"
        "/settings – hour, weekly overview, time zone, language (changes: admins)\n\n"
        "<b>Dates</b> I understand: <i>by Friday, tomorrow 9am, on 2024-06-22, in two weeks, "
        "next Monday, mid November, end of July, week 27</i> (and German phrases).\n"
        "People: <code>@username</code> or <code>@Firstname</code> of members I have seen."
    ),
    "private_welcome": (
        "\n\nIn this private chat /mytasks shows your tasks from every group you are in. "
        "Tasks are created in the group. Your data: /export (a copy), /forgetme (delete)."
    ),
    "not_allowed": (
        "This group is not enabled for boardbot, so I store nothing here.\n"
        "Chat id: <code>{chat_id}</code>\n"
        "Whoever runs the bot adds this id to <code>ALLOWED_CHAT_IDS</code> and restarts it."
    ),
    "group_only": (
        "That works in your group: write <code>{example}</code> there. "
        "Here in the private chat /mytasks shows your tasks."
    ),
    "error_generic": "Sorry, something went wrong. Nothing was changed – please try again shortly.",
    "due_with_time": "{day}, {time}",
    "due_label": "due {due}",
    "overdue": "overdue",
    "owners_label": "👤 {owners}",
    "task_created": "✅ Task <b>#{number}</b> created: {title}",
    "task_title_missing": (
        "Please give a title, e.g. <code>/task Print flyers @vera by Friday</code>. "
        "Or reply to the message that describes the task with /task."
    ),
    "task_title_too_long": (
        "The title has {length} characters; at most {limit} are allowed. Please shorten it – "
        "nothing was saved."
    ),
    "date_unknown": (
        "I did not understand the date “{text}”; nothing was saved.\n"
        "Try for example <code>{example1}</code> or <code>{example2}</code>."
    ),
    "date_past": (
        "“{text}” is in the past; nothing was saved.\n"
        "Please give a future date, e.g. <code>{example1}</code> or <code>{example2}</code>."
    ),
    "task_unknown": "There is no task #{number} in this group. /tasks lists them.",
    "tasks_unknown": "These tasks do not exist in this group: {numbers}. Nothing was changed.",
    "number_missing": "Which task? For example: <code>{usage}</code>",
    "number_invalid": "“{text}” is not a task number. For example: <code>{usage}</code>",
    "usage_done": "/done 3",
    "usage_reopen": "/reopen 3",
    "usage_assign": "/assign 3 @vera @nicole",
    "usage_due": "/due 3 by Friday",
    "usage_edit": "/edit 3 New title",
    "usage_cancel": "/cancel 3",
    "usage_task": "/task Print flyers @vera by Friday",
    "task_done": "✅ Done: <b>#{number}</b> {title}",
    "task_already_done": "☑️ <b>#{number}</b> was already done: {title}",
    "task_is_cancelled": (
        "<b>#{number}</b> is cancelled. <code>/reopen {number}</code> opens it again."
    ),
    "task_reopened": "🔄 Open again: <b>#{number}</b> {title}",
    "task_already_open": "<b>#{number}</b> is already open: {title}",
    "task_cancelled": "🗑 Cancelled: <b>#{number}</b> {title} (kept in the record)",
    "task_already_cancelled": "<b>#{number}</b> is already cancelled.",
    "task_assigned": "👤 <b>#{number}</b> {title}\nResponsible: {owners}",
    "assign_missing": (
        "Who should take task #{number}? For example: <code>/assign {number} @vera @nicole</code>"
    ),
    "task_due_set": "📅 <b>#{number}</b> {title}\nNew due date: {due}",
    "task_due_cleared": "📅 <b>#{number}</b> {title}\nNo due date any more.",
    "due_missing": (
        "Which due date? For example <code>/due {number} by Friday</code> "
        "or <code>/due {number} none</code>."
    ),
    "task_renamed": "✏️ <b>#{number}</b> is now called: {title}",
    "edit_missing": "What should the task be called? For example: <code>/edit {number} New title</code>",
    "list_open_header": "📋 <b>Open tasks</b> ({count})",
    "list_all_header": "📋 <b>All tasks</b> ({count})",
    "list_overdue_header": "⚠️ <b>Overdue tasks</b> ({count})",
    "list_member_header": "📋 <b>Open tasks of {name}</b> ({count})",
    "list_followups_header": "🔁 <b>Follow-ups</b> ({count})",
    "usage_history": "/history 3",
    "usage_forget": "/forgetme",
    "history_header": "🕘 <b>History of {item}</b> ({count})",
    "history_none": "–",
    "history_action_create": "created",
    "history_action_edit": "title changed",
    "history_action_assign": "owners changed",
    "history_action_due": "due date changed",
    "history_action_done": "done",
    "history_action_reopen": "reopened",
    "history_action_cancel": "cancelled",
    "history_action_repeal": "repealed",
    "history_action_settings": "settings changed",
    "history_field_title": "Title",
    "history_field_text": "Text",
    "history_field_owners": "Responsible",
    "history_field_due": "Due",
    "history_field_status": "Status",
    "history_field_reason": "Reason",
    "history_field_repealed": "repealed",
    "history_status_open": "open",
    "history_status_done": "done",
    "history_status_cancelled": "cancelled",
    "forget_private_only": (
        "This only works in a private chat with me, so nobody else can trigger it for you: "
        "write <code>/forgetme</code> to me directly."
    ),
    "forget_explain": (
        "🔒 <b>Forget me</b>\n"
        "I will remove your name, username and Telegram id from every record in every group. "
        "Tasks, decisions and minutes stay; they will say “ehemaliges Mitglied” (former "
        "member). This cannot be undone.\n"
        "A copy of your data first: /export\n"
        "Go ahead: <code>/forgetme yes</code>"
    ),
    "forget_done": (
        "Done: I removed you from {count} records. If you write to me again, I will get to "
        "know you anew."
    ),
    "personal_export_sent": "📦 Here is everything I store about you (JSON). To delete it: /forgetme",
    "not_permitted_complete": (
        "Only {creator} (who created it), the people responsible and the group's admins may "
        "mark <b>#{number}</b> done or reopen it."
    ),
    "not_permitted_change": (
        "Only {creator} (who created it) and the group's admins may change or cancel "
        "<b>#{number}</b>."
    ),
    "not_permitted_repeal": (
        "Only {creator} (who recorded it) and the group's admins may repeal <b>{ref}</b>."
    ),
    "list_empty": "No open tasks. 🎉",
    "list_overdue_empty": "Nothing overdue. 👍",
    "list_member_empty": "{name} has no open tasks.",
    "list_filter_unknown": (
        "I do not understand “{text}” here. Try <code>/tasks</code>, <code>/tasks all</code>, "
        "<code>/tasks overdue</code> or <code>/tasks @vera</code>."
    ),
    "status_done": "done",
    "status_cancelled": "cancelled",
    "mine_header": "🙋 <b>Your open tasks</b> ({count})",
    "mine_empty": "You have no open tasks here. 🎉",
    "mine_private_empty": (
        "You have no open tasks in your groups. (I know you from the groups where you have "
        "sent me a command.)"
    ),
    "private_list_empty": "There are no open tasks in your groups.",
}


def merged(*catalogs: dict[str, str]) -> dict[str, str]:
    """One catalog from the per-area ones; a key defined twice is a mistake."""
    result: dict[str, str] = {}
    for catalog in catalogs:
        duplicate = result.keys() & catalog.keys()
        assert not duplicate, f"message keys defined twice: {sorted(duplicate)}"
        result.update(catalog)
    return result


CATALOGS: dict[str, dict[str, str]] = {
    "de": merged(DE, messages_reminders.DE, messages_records.DE, messages_security.DE),
    "en": merged(EN, messages_reminders.EN, messages_records.EN, messages_security.EN),
}
