"""Reply texts for records, German and English, with identical keys (merged in bot.messages).

Keys starting with `min_`, `csv_`, `ics_` and `file_` are *plain text* (minutes headings, file
contents, file names): bot.render.minutes and bot.render.exports fill them with raw values and escape the
result for HTML or Markdown themselves, so they must not contain markup or entities.
"""

from __future__ import annotations

DE: dict[str, str] = {
    "help_records": (
        "<b>Beschlüsse und Sitzungen</b>\n"
        "/beschluss &lt;Text&gt; [einstimmig | 5:0:1] – Beschluss ins Register "
        "(als Antwort: Text aus der Nachricht)\n"
        "/beschluesse [Wörter] – Register durchsuchen; <code>/beschluesse 7</code> zeigt B 7\n"
        "/aufheben 7 [Grund] – Beschluss aufheben (bleibt im Register)\n"
        "/aufgabe … zu B 7 – Aufgabe zu einem Beschluss\n"
        "/sitzung [Titel] – Sitzung eröffnen; <code>/sitzung ende</code> schließt sie "
        "und schreibt das Protokoll\n"
        "/anwesend [Name] – ich bin da (oder ein Gast ohne Telegram)\n"
        "/protokoll [Nr.] – Protokoll der letzten (oder n-ten) Sitzung\n"
        "/tagesordnung [neu &lt;Thema&gt;] – Tagesordnung der nächsten Sitzung, Thema vorschlagen\n"
        "/export – alles als Dateien (CSV, Markdown, Kalender)"
    ),
    "records_usage_decision": "/beschluss Empfehlung an die neue Ratsfraktion 5:0:1",
    "records_usage_decisions": "/beschluesse Ratsfraktion",
    "records_usage_repeal": "/aufheben 7 überholt",
    "records_usage_meeting": "/sitzung Vorstandssitzung Juni",
    "records_usage_present": "/anwesend Daniel Schaper",
    "records_usage_minutes": "/protokoll 3",
    "records_usage_agenda": "/tagesordnung neu Haushalt 2025",
    "records_usage_export": "/export",
    # decisions
    "decision_created": "📜 <b>Beschluss {ref}</b> gefasst am {day}:\n{text}",
    "decision_vote": "🗳 Abstimmung: {vote}",
    "decision_in_meeting": "🏛 In der Sitzung Nr. {number}",
    "decision_amends": "✏️ Ändert {ref}: {text}",
    "decision_hint": (
        "Aufgaben dazu: <code>/aufgabe … zu {short}</code> oder /aufgabe als Antwort "
        "auf diese Nachricht."
    ),
    "vote_unanimous": "einstimmig",
    "vote_counts": "{yes} dafür, {no} dagegen, {abstain}",
    "vote_abstain_one": "1 Enthaltung",
    "vote_abstain_many": "{count} Enthaltungen",
    "vote_unanimous_counts": "einstimmig ({counts})",
    "vote_invalid": (
        "„{text}“ ist kein Abstimmungsergebnis, gespeichert wurde nichts. So geht es: "
        "<code>5:0:1</code> (dafür:dagegen:Enthaltungen) oder <code>einstimmig</code>."
    ),
    "decision_text_missing": (
        "Was wurde beschlossen? Zum Beispiel: <code>{usage}</code>\n"
        "Oder antworte mit /beschluss auf die Nachricht, die den Beschluss enthält."
    ),
    "record_text_too_long": (
        "Der Text hat {length} Zeichen, erlaubt sind höchstens {limit}. Bitte kürzer fassen – "
        "gespeichert wurde nichts."
    ),
    "decision_ref_invalid": "„{text}“ ist keine Beschlussnummer. Zum Beispiel: <code>{usage}</code>",
    "decision_number_missing": "Welcher Beschluss? Zum Beispiel: <code>{usage}</code>",
    "decision_unknown": (
        "Beschluss {ref} gibt es in dieser Gruppe nicht, es wurde nichts gespeichert. "
        "/beschluesse zeigt das Register."
    ),
    "decision_link_repealed": (
        "Beschluss {ref} ist aufgehoben; darauf lässt sich nichts mehr beziehen. "
        "Gespeichert wurde nichts."
    ),
    "decisions_header": "📜 <b>Beschlussregister</b> ({count})",
    "decisions_header_latest": "📜 <b>Beschlussregister</b> – die neuesten {count} von {total}",
    "decisions_search_header": "🔎 <b>Beschlüsse mit „{words}“</b> ({count})",
    "decisions_empty": "Noch keine Beschlüsse. Neu: <code>{usage}</code>",
    "decisions_search_empty": "Kein Beschluss enthält „{words}“.",
    "decision_repealed_mark": "aufgehoben am {day}",
    "decision_view_header": "📜 <b>Beschluss {ref}</b> vom {day}",
    "decision_recorded_by": "Erfasst von {name}",
    "decision_repealed_line": "⛔ Aufgehoben am {day} von {name}",
    "decision_reason": "Grund: {reason}",
    "decision_amended_by": "✏️ Geändert durch {refs}",
    "decision_tasks_header": "<b>Aufgaben dazu</b> ({count})",
    "decision_no_tasks": "Noch keine Aufgaben dazu: <code>/aufgabe … zu {short}</code>",
    "decision_repealed": "⛔ <b>Beschluss {ref}</b> aufgehoben: {text}",
    "decision_already_repealed": "Beschluss {ref} ist schon seit {day} aufgehoben.",
    "decision_repeal_open_tasks": (
        "Dazu sind noch Aufgaben offen: {numbers}. Nicht mehr nötig? <code>/streichen {first}</code>"
    ),
    "task_linked_decision": "📜 zu Beschluss {ref}",
    # meetings
    "meeting_opened": "🏛 <b>Sitzung Nr. {number}</b> eröffnet am {day}, {time} Uhr.",
    "meeting_opened_hint": (
        "Beschlüsse und Aufgaben gehören jetzt zu dieser Sitzung; "
        "<code>/sitzung ende</code> schließt sie und schreibt das Protokoll."
    ),
    "meeting_title": "📌 {title}",
    "meeting_agenda_taken_up": "Vorschläge für die Tagesordnung: {count} (/protokoll zeigt sie).",
    "attendance": (
        "🙋 <b>Anwesenheit – Sitzung Nr. {number}</b>\n"
        "Wer da ist, tippt auf den Knopf. Gäste ohne Telegram: <code>/anwesend Vorname Nachname</code>"
    ),
    "attendance_closed": "🏁 <b>Sitzung Nr. {number}</b> ist beendet.",
    "attendance_list": "Anwesend ({count}): {names}",
    "attendance_none": "Noch niemand eingetragen.",
    "attendance_button": "🙋 Ich bin da / I'm here",
    "guest_name": "{name} (Gast)",
    "present_added": "🙋 {name} ist da.",
    "present_already": "{name} ist schon eingetragen.",
    "callback_present": "Eingetragen – willkommen!",
    "callback_already": "Du bist schon eingetragen.",
    "callback_closed": "Diese Sitzung ist schon beendet.",
    "meeting_already_open": (
        "Es läuft schon eine Sitzung (Nr. {number}, seit {since}). Erst "
        "<code>/sitzung ende</code>, dann eine neue."
    ),
    "meeting_none_open": "Gerade läuft keine Sitzung. <code>/sitzung</code> eröffnet eine.",
    "meeting_none_yet": "Hier gab es noch keine Sitzung. <code>/sitzung</code> eröffnet eine.",
    "meeting_unknown": "Sitzung Nr. {number} gibt es hier nicht (bisher bis Nr. {last}).",
    "minutes_number_invalid": (
        "„{text}“ ist keine Sitzungsnummer. Zum Beispiel: <code>{usage}</code>"
    ),
    # agenda
    "agenda_header": "🗓 <b>Tagesordnung für die nächste Sitzung</b>",
    "agenda_last_meeting": "Letzte Sitzung: Nr. {number} am {day}",
    "agenda_running": "Gerade läuft Sitzung Nr. {number}.",
    "agenda_overdue": "<b>⚠️ Überfällig</b> ({count})",
    "agenda_due_soon": "<b>⏰ In den nächsten 7 Tagen fällig</b> ({count})",
    "agenda_followups": "<b>🔁 Offene Wiedervorlagen</b> ({count})",
    "agenda_decisions": "<b>📜 Beschlüsse zum Nachhalten</b> ({count})",
    "agenda_decision_done": "alle Aufgaben erledigt",
    "agenda_decision_overdue": "Aufgaben überfällig",
    "agenda_proposals": "<b>💡 Vorschläge</b> ({count})",
    "agenda_proposed_by": "von {name}",
    "agenda_empty": (
        "Für die nächste Sitzung liegt nichts an. Einen Punkt vorschlagen: <code>{usage}</code>"
    ),
    "agenda_added": "💡 Für die nächste Sitzung vorgemerkt: {text}",
    "agenda_text_missing": "Welches Thema? Zum Beispiel: <code>{usage}</code>",
    "agenda_subcommand_unknown": (
        "„{text}“ verstehe ich hier nicht. <code>/tagesordnung</code> zeigt die Tagesordnung, "
        "<code>{usage}</code> schlägt einen Punkt vor."
    ),
    # export
    "export_sent": (
        "📦 Export: Beschlussregister und Aufgaben als CSV (UTF-8, Trennzeichen Semikolon), "
        "{minutes}Fristen als Kalenderdatei (.ics)."
    ),
    "export_minutes_part": "Protokolle als Markdown, ",
    # plain text: minutes
    "min_title": "Protokoll der Sitzung am {date}",
    "min_title_running": "Zwischenstand der Sitzung am {date}",
    "min_number": "Sitzung Nr. {number}",
    "min_time": "{start}–{end} Uhr",
    "min_time_running": "seit {start} Uhr (läuft noch)",
    "min_present": "Anwesend ({count})",
    "min_nobody": "Niemand eingetragen.",
    "min_agenda": "Tagesordnung",
    "min_decisions": "Beschlüsse",
    "min_tasks": "Aufgaben",
    "min_completed": "Erledigt seit der letzten Sitzung",
    "min_followups": "Offene Wiedervorlagen",
    "min_none": "Keine.",
    "min_vote": "Abstimmung: {vote}",
    "min_amends": "ändert {ref}",
    "min_repealed": "aufgehoben am {day}",
    "min_due": "bis {due}",
    "min_followup_due": "Wiedervorlage am {due}",
    "min_for_decision": "zu {ref}",
    "min_done_on": "erledigt am {day}",
    "min_proposed_by": "vorgeschlagen von {name}",
    "min_footer": "Eröffnet von {opened_by}, beendet von {closed_by}. Erstellt mit boardbot.",
    "min_footer_running": "Eröffnet von {opened_by}. Erstellt mit boardbot.",
    # plain text: files
    "csv_decision_columns": (
        "Register|Nummer|Jahr|Datum|Beschluss|Dafür|Dagegen|Enthaltungen|Einstimmig|Sitzung|"
        "Ändert|Erfasst von|Aufgehoben am|Grund der Aufhebung"
    ),
    "csv_task_columns": (
        "Nummer|Art|Titel|Status|Verantwortlich|Fällig|Erstellt am|Erstellt von|Erledigt am|"
        "Beschluss|Sitzung"
    ),
    "csv_yes": "ja",
    "csv_no": "nein",
    "csv_kind_task": "Aufgabe",
    "csv_kind_followup": "Wiedervorlage",
    "csv_status_open": "offen",
    "csv_status_done": "erledigt",
    "csv_status_cancelled": "gestrichen",
    "ics_owners": "Verantwortlich: {owners}",
    "ics_calendar_name": "{title} – Fristen",
    "file_decisions": "beschluesse",
    "file_tasks": "aufgaben",
    "file_minutes": "protokolle",
    "file_minutes_one": "protokoll",
    "file_calendar": "fristen",
}

EN: dict[str, str] = {
    "help_records": (
        "<b>Decisions and meetings</b>\n"
        "/decision &lt;text&gt; [unanimous | 5:0:1] – record a decision "
        "(as a reply: text from that message)\n"
        "/decisions [words] – search the register; <code>/decisions 7</code> shows B 7\n"
        "/repeal 7 [reason] – repeal a decision (it stays in the register)\n"
        "/task … for B 7 – a task implementing a decision\n"
        "/meeting [title] – open a meeting; <code>/meeting end</code> closes it "
        "and writes the minutes\n"
        "/present [name] – I'm here (or a guest without Telegram)\n"
        "/minutes [no.] – minutes of the last (or n-th) meeting\n"
        "/agenda [add &lt;topic&gt;] – agenda of the next meeting, propose a topic\n"
        "/export – everything as files (CSV, Markdown, calendar)"
    ),
    "records_usage_decision": "/decision Recommend the new council group 5:0:1",
    "records_usage_decisions": "/decisions council",
    "records_usage_repeal": "/repeal 7 outdated",
    "records_usage_meeting": "/meeting June board meeting",
    "records_usage_present": "/present Daniel Schaper",
    "records_usage_minutes": "/minutes 3",
    "records_usage_agenda": "/agenda add Budget 2025",
    "records_usage_export": "/export",
    # decisions
    "decision_created": "📜 <b>Decision {ref}</b> recorded on {day}:\n{text}",
    "decision_vote": "🗳 Vote: {vote}",
    "decision_in_meeting": "🏛 In meeting no. {number}",
    "decision_amends": "✏️ Amends {ref}: {text}",
    "decision_hint": (
        "Tasks for it: <code>/task … for {short}</code> or /task as a reply to this message."
    ),
    "vote_unanimous": "unanimous",
    "vote_counts": "{yes} in favour, {no} against, {abstain}",
    "vote_abstain_one": "1 abstention",
    "vote_abstain_many": "{count} abstentions",
    "vote_unanimous_counts": "unanimous ({counts})",
    "vote_invalid": (
        "“{text}” is not a vote; nothing was saved. Write it like <code>5:0:1</code> "
        "(for:against:abstentions) or <code>unanimous</code>."
    ),
    "decision_text_missing": (
        "What was decided? For example: <code>{usage}</code>\n"
        "Or reply with /decision to the message that contains the decision."
    ),
    "record_text_too_long": (
        "The text has {length} characters; at most {limit} are allowed. Please shorten it – "
        "nothing was saved."
    ),
    "decision_ref_invalid": "“{text}” is not a decision number. For example: <code>{usage}</code>",
    "decision_number_missing": "Which decision? For example: <code>{usage}</code>",
    "decision_unknown": (
        "There is no decision {ref} in this group; nothing was saved. /decisions shows the register."
    ),
    "decision_link_repealed": (
        "Decision {ref} has been repealed; nothing can refer to it any more. Nothing was saved."
    ),
    "decisions_header": "📜 <b>Register of decisions</b> ({count})",
    "decisions_header_latest": "📜 <b>Register of decisions</b> – the latest {count} of {total}",
    "decisions_search_header": "🔎 <b>Decisions with “{words}”</b> ({count})",
    "decisions_empty": "No decisions yet. New: <code>{usage}</code>",
    "decisions_search_empty": "No decision contains “{words}”.",
    "decision_repealed_mark": "repealed on {day}",
    "decision_view_header": "📜 <b>Decision {ref}</b> of {day}",
    "decision_recorded_by": "Recorded by {name}",
    "decision_repealed_line": "⛔ Repealed on {day} by {name}",
    "decision_reason": "Reason: {reason}",
    "decision_amended_by": "✏️ Amended by {refs}",
    "decision_tasks_header": "<b>Tasks implementing it</b> ({count})",
    "decision_no_tasks": "No tasks for it yet: <code>/task … for {short}</code>",
    "decision_repealed": "⛔ <b>Decision {ref}</b> repealed: {text}",
    "decision_already_repealed": "Decision {ref} was already repealed on {day}.",
    "decision_repeal_open_tasks": (
        "Tasks for it are still open: {numbers}. Not needed any more? <code>/cancel {first}</code>"
    ),
    "task_linked_decision": "📜 for decision {ref}",
    # meetings
    "meeting_opened": "🏛 <b>Meeting no. {number}</b> opened on {day} at {time}.",
    "meeting_opened_hint": (
        "Decisions and tasks now belong to this meeting; "
        "<code>/meeting end</code> closes it and writes the minutes."
    ),
    "meeting_title": "📌 {title}",
    "meeting_agenda_taken_up": "Proposals on the agenda: {count} (/minutes shows them).",
    "attendance": (
        "🙋 <b>Attendance – meeting no. {number}</b>\n"
        "If you are here, tap the button. Guests without Telegram: "
        "<code>/present First Last</code>"
    ),
    "attendance_closed": "🏁 <b>Meeting no. {number}</b> has ended.",
    "attendance_list": "Present ({count}): {names}",
    "attendance_none": "Nobody yet.",
    "attendance_button": "🙋 Ich bin da / I'm here",
    "guest_name": "{name} (guest)",
    "present_added": "🙋 {name} is here.",
    "present_already": "{name} is already on the list.",
    "callback_present": "You're on the list – welcome!",
    "callback_already": "You're already on the list.",
    "callback_closed": "This meeting has already ended.",
    "meeting_already_open": (
        "A meeting is already running (no. {number}, since {since}). "
        "<code>/meeting end</code> first, then open a new one."
    ),
    "meeting_none_open": "No meeting is running. <code>/meeting</code> opens one.",
    "meeting_none_yet": "There has been no meeting here yet. <code>/meeting</code> opens one.",
    "meeting_unknown": "There is no meeting no. {number} here (so far up to no. {last}).",
    "minutes_number_invalid": "“{text}” is not a meeting number. For example: <code>{usage}</code>",
    # agenda
    "agenda_header": "🗓 <b>Agenda for the next meeting</b>",
    "agenda_last_meeting": "Last meeting: no. {number} on {day}",
    "agenda_running": "Meeting no. {number} is running now.",
    "agenda_overdue": "<b>⚠️ Overdue</b> ({count})",
    "agenda_due_soon": "<b>⏰ Due in the next 7 days</b> ({count})",
    "agenda_followups": "<b>🔁 Open follow-ups</b> ({count})",
    "agenda_decisions": "<b>📜 Decisions to report on</b> ({count})",
    "agenda_decision_done": "all tasks done",
    "agenda_decision_overdue": "tasks overdue",
    "agenda_proposals": "<b>💡 Proposals</b> ({count})",
    "agenda_proposed_by": "by {name}",
    "agenda_empty": "Nothing is pending for the next meeting. Propose a topic: <code>{usage}</code>",
    "agenda_added": "💡 Noted for the next meeting: {text}",
    "agenda_text_missing": "Which topic? For example: <code>{usage}</code>",
    "agenda_subcommand_unknown": (
        "I do not understand “{text}” here. <code>/agenda</code> shows the agenda, "
        "<code>{usage}</code> proposes a topic."
    ),
    # export
    "export_sent": (
        "📦 Export: register of decisions and tasks as CSV (UTF-8, semicolon-separated), "
        "{minutes}due dates as a calendar file (.ics)."
    ),
    "export_minutes_part": "minutes as Markdown, ",
    # plain text: minutes
    "min_title": "Minutes of the meeting on {date}",
    "min_title_running": "Interim minutes of the meeting on {date}",
    "min_number": "Meeting no. {number}",
    "min_time": "{start}–{end}",
    "min_time_running": "since {start} (still running)",
    "min_present": "Present ({count})",
    "min_nobody": "Nobody recorded.",
    "min_agenda": "Agenda",
    "min_decisions": "Decisions",
    "min_tasks": "Tasks",
    "min_completed": "Completed since the previous meeting",
    "min_followups": "Open follow-ups",
    "min_none": "None.",
    "min_vote": "Vote: {vote}",
    "min_amends": "amends {ref}",
    "min_repealed": "repealed on {day}",
    "min_due": "due {due}",
    "min_followup_due": "follow up on {due}",
    "min_for_decision": "for {ref}",
    "min_done_on": "done on {day}",
    "min_proposed_by": "proposed by {name}",
    "min_footer": "Opened by {opened_by}, closed by {closed_by}. Written by boardbot.",
    "min_footer_running": "Opened by {opened_by}. Written by boardbot.",
    # plain text: files
    "csv_decision_columns": (
        "Register|Number|Year|Date|Decision|For|Against|Abstentions|Unanimous|Meeting|"
        "Amends|Recorded by|Repealed on|Reason for repeal"
    ),
    "csv_task_columns": (
        "Number|Kind|Title|Status|Responsible|Due|Created on|Created by|Done on|Decision|Meeting"
    ),
    "csv_yes": "yes",
    "csv_no": "no",
    "csv_kind_task": "task",
    "csv_kind_followup": "follow-up",
    "csv_status_open": "open",
    "csv_status_done": "done",
    "csv_status_cancelled": "cancelled",
    "ics_owners": "Responsible: {owners}",
    "ics_calendar_name": "{title} – due dates",
    "file_decisions": "decisions",
    "file_tasks": "tasks",
    "file_minutes": "minutes",
    "file_minutes_one": "minutes",
    "file_calendar": "due-dates",
}
