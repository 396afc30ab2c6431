"""bot/console/session.py in-process: the real application behind the console's stand-in API,
typed lines in, the printed chat out — presses by label after edits, replies, topics and the
console's language."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.console.playground import build_session
from bot.console.screen import ChatPrinter
from bot.console.session import ConsoleSession
from bot.startup import open_database

NO_FLOOD_BUDGETS = {"flood_user_commands": 1_000_000, "flood_chat_commands": 1_000_000}


class Console:
    """A console session and what it printed, line by line as typed."""

    def __init__(self, session: ConsoleSession, out: io.StringIO) -> None:
        self.session, self.out = session, out

    async def type(self, *lines: str) -> str:
        """Handle the lines; what the console printed for them."""
        start = len(self.out.getvalue())
        for line in lines:
            assert await self.session.handle(line)
        return self.out.getvalue()[start:]

    def number_of(self, text: str) -> int:
        """The number of the newest bot message whose first line contains `text`."""
        found = re.findall(
            rf"^\[(\d+)\] boardbot[^:]*: .*{re.escape(text)}", self.out.getvalue(), re.M
        )
        assert found, f"no message with {text!r} in:\n{self.out.getvalue()}"
        return int(found[-1])


@asynccontextmanager
async def console(tmp_path: Path, **settings: Any) -> AsyncIterator[Console]:
    values = {
        "telegram_bot_token": "123456:TEST-TOKEN",
        "database_url": f"sqlite:///{tmp_path / 'console.db'}",
        **NO_FLOOD_BUDGETS,
        **settings,
    }
    config = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    db = open_database(config)
    out = io.StringIO()
    session = build_session(config, db, ChatPrinter(out, tmp_path / "files", False), "Vera")
    await session.app.initialize()
    try:
        await session.start()
        yield Console(session, out)
    finally:
        await session.app.shutdown()
        db.dispose()


async def test_the_same_label_presses_the_same_button_after_edits(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        await chat.type("/sitzung Juni")
        n = chat.number_of("🙋 Anwesenheit")
        await chat.type("/as Daniel", f"!{n}a")
        out = await chat.type("/as Nicole", f"!{n}a")  # the audit's second press after an edit
        assert f"(Nicole drückt [{n}a] 🙋 Ich bin da / I'm here)" in out
        assert "↳ Eingetragen – willkommen!" in out
        assert f"[{n}] boardbot (bearbeitet): 🙋 Anwesenheit" in out
        assert "Anwesend (3): Vera, Daniel, Nicole" in out
        assert f"    [{n}a] 🙋 Ich bin da / I'm here" in out  # redrawn with its button


async def test_a_button_the_edit_took_away_is_refused_not_misdirected(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        # the day after tomorrow: its "Morgen fällig" (tomorrow at the reminder hour) is ahead at
        # any time of day the test runs (with "morgen" it was past after 09:00 Berlin)
        await chat.type("/aufgabe Kassenbericht @vera bis übermorgen 12 Uhr", "/time +3d")
        n = chat.number_of("Morgen fällig")
        out = await chat.type(f"!{n}b")  # ⏰ +1 Tag: the edit takes the buttons away
        assert f"[{n}] boardbot (bearbeitet): ⏰ Morgen fällig" in out
        out = await chat.type(f"!{n}a", f"!{n}q", "!99a", "!1")
        assert f"(den Knopf [{n}a] gibt es nicht mehr: Nachricht [{n}] wurde geändert" in out
        assert f"(Nachricht [{n}] hat keinen Knopf [{n}q])" in out
        assert "(es gibt keine Nachricht [99])" in out
        assert "(Knöpfe drückst du mit ihrer Marke, z. B. !3a für [3a])" in out
        assert "Erledigt" not in out.split(f"!{n}a")[0]  # nothing pressed by the refusals


async def test_reply_answers_a_force_reply_prompt_as_a_telegram_reply(tmp_path: Path) -> None:
    seen: list[dict[str, Any]] = []

    async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        markup = ForceReply(selective=True, input_field_placeholder="z. B. Freitag")
        await update.effective_message.reply_text("Bis wann?", reply_markup=markup)
        raise ApplicationHandlerStop

    async def answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        seen.append(update.effective_message.to_dict())
        raise ApplicationHandlerStop

    async with console(tmp_path) as chat:
        chat.session.app.add_handler(CommandHandler("frage", ask), group=-1)
        chat.session.app.add_handler(MessageHandler(filters.REPLY, answered), group=-1)
        out = await chat.type("/frage")
        n = chat.number_of("Bis wann?")
        assert (
            f"✍️ Antwort erwartet von Vera: /reply {n} <Text> (Eingabefeld: „z. B. Freitag“)" in out
        )
        await chat.type(f"/reply {n} nächsten Freitag", "/reply", f"/reply {n}", "/reply 77 x")
        assert [m["text"] for m in seen] == ["nächsten Freitag"]  # a plain reply gets through
        assert (
            seen[0]["reply_to_message"]["message_id"]
            == chat.session.printer.labels.by_number[n].message_id
        )
        assert chat.out.getvalue().count("(worauf? z. B. /reply 3 Freitag") == 2
        assert "(es gibt keine Nachricht [77])" in chat.out.getvalue()


async def test_alerts_toasts_and_unanswered_presses_look_different(tmp_path: Path) -> None:
    async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        row = [InlineKeyboardButton(label, callback_data=f"x:{label}") for label in "ABC"]
        await update.effective_message.reply_text("Wähle", reply_markup=InlineKeyboardMarkup([row]))
        raise ApplicationHandlerStop

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        if query.data == "x:A":
            await query.answer("Das darfst du nicht", show_alert=True)
        elif query.data == "x:B":
            await query.answer("Gemerkt")
        raise ApplicationHandlerStop  # x:C is never answered

    async with console(tmp_path) as chat:
        chat.session.app.add_handler(CommandHandler("waehle", offer), group=-1)
        chat.session.app.add_handler(CallbackQueryHandler(pressed, pattern="^x:"), group=-1)
        await chat.type("/waehle")
        n = chat.number_of("Wähle")
        assert f"    [{n}a] A  [{n}b] B  [{n}c] C" in chat.out.getvalue()
        out = await chat.type(f"!{n}a", f"!{n}b", f"!{n}c")
        assert "    ⚠️ Hinweisfenster: Das darfst du nicht\n" in out
        assert "    ↳ Gemerkt\n" in out
        assert out.count("(der Bot hat den Knopfdruck nicht beantwortet") == 1
        assert out.index("nicht beantwortet") > out.index(f"drückt [{n}c] C")


async def test_topics_carry_the_thread_both_ways(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        out = await chat.type("/topic Finanzen", "/aufgabe Budget prüfen")
        assert "(Thema „Finanzen“ angelegt, du schreibst jetzt dort)" in out
        n = chat.number_of("Aufgabe #1 angelegt")
        assert f"[{n}] boardbot › Finanzen: ✅ Aufgabe #1 angelegt: Budget prüfen" in out
        assert chat.session.prompt() == "Vera › Finanzen> "
        api, labels = chat.session.api, chat.session.printer.labels
        shown = labels.by_number[n]
        thread = chat.session.api.forum.named(chat.session.group_id, "finanzen")
        assert thread is not None
        assert (
            api.messages[(shown.chat_id, shown.message_id)]["message_thread_id"] == thread.thread_id
        )
        out = await chat.type("/topic Allgemein", "/aufgabe Kasse", "/topic finanzen", "/topic")
        assert "] boardbot › Allgemein: ✅ Aufgabe #2 angelegt: Kasse" in out
        assert "(du schreibst jetzt im Thema „Finanzen“)" in out
        assert "(du schreibst in „Finanzen“; Themen: Finanzen." in out
        out = await chat.type("/topic " + "x" * 129)
        assert "(der Name eines Themas hat höchstens 128 Zeichen)" in out


async def test_the_console_speaks_the_groups_language(tmp_path: Path) -> None:
    async with console(tmp_path / "en", bot_language="en") as english:
        out = await english.type("Hello", "/as", "/time soon")
        assert "(boardbot does not read ordinary messages in a group (privacy mode)" in out
        assert "(who? e.g. /as Nicole)" in out
        assert "(e.g. /time +30m, /time +2h, /time +1d" in out
    async with console(tmp_path / "de") as german:
        assert "(du bist jetzt Nicole)" in await german.type("/as Nicole")
        await german.type("/einstellungen sprache en")
        assert "(you are now Daniel)" in await german.type("/as Daniel")
        assert "(it is now " in await german.type("/time +1h")


async def test_closing_and_deleting_a_topic_as_telegram_would(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        await chat.type("/topic Finanzen", "/aufgabe Budget prüfen")
        card = chat.number_of("Aufgabe #1 angelegt")
        out = await chat.type("/topic schließen", "/aufgaben")
        assert "(Thema „Finanzen“ geschlossen)" in out
        # Telegram refused the send (TOPIC_CLOSED): the bot answers in General and says why
        assert "] boardbot › Allgemein: 📋 Offene Aufgaben (1)" in out
        assert "ist gelöscht oder geschlossen" in out
        assert "] boardbot › Finanzen: 📋 Offene Aufgaben" not in out
        assert "Finanzen 🔒" in await chat.type("/topic")
        out = await chat.type("/topic öffnen", "/aufgaben")
        assert "] boardbot › Finanzen: 📋 Offene Aufgaben (1)" in out
        out = await chat.type("/topic löschen", f"!{card}a", f"/reply {card} ok")
        assert "(Thema „Finanzen“ mit allen seinen Nachrichten gelöscht;" in out
        assert out.count(f"(Nachricht [{card}] wurde gelöscht)") == 2
        assert chat.session.prompt() == "Vera> "
        assert "(du schreibst in „Allgemein“: das Thema bleibt" in await chat.type("/topic close")


async def test_a_private_chat_to_stay_in_and_an_ordinary_member(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        out = await chat.type("/dm", "/meine")
        assert "(du schreibst jetzt privat mit boardbot;" in out
        assert "] boardbot → Vera (privat): " in out
        assert chat.session.prompt() == "Vera → boardbot> "
        assert "(du schreibst jetzt wieder in der Gruppe „Vorstand“)" in await chat.type("/group")
        out = await chat.type("/admin aus", "/einstellungen sprache en")
        assert "(Vera ist jetzt gewöhnliches Mitglied der Gruppe)" in out
        assert "Einstellungen ändern dürfen nur die Admins" in out
        out = await chat.type("/admin an", "/einstellungen sprache en", "/admin vielleicht")
        assert "Language: English" in out
        assert "(e.g. /admin off (an ordinary member) or /admin on (an admin))" in out


async def test_the_menu_a_member_would_see(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        out = await chat.type("/menu")
        assert "  (Befehlsmenü, wie Vera es hier sähe:)\n    /aufgabe – " in out
        await chat.type("/einstellungen sprache en", "/as Jane")  # Jane's phone is English
        out = await chat.type("/menu")
        assert "  (the command menu Jane would see here:)\n" in out
        assert "    /task – " in out and "/aufgabe" not in out
        chat.session.api.menus.menus.clear()
        assert "(the bot set no command menu for Jane here)" in await chat.type("/menu")


async def test_html_and_long_names_stay_literal(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        out = await chat.type("/as <i>Eve</i> & Co", "/topic <b>Kasse</b> & Co")
        assert "(du bist jetzt <i>Eve</i> & Co)" in out
        assert "(Thema „<b>Kasse</b> & Co“ angelegt, du schreibst jetzt dort)" in out
        long_title = "Sehr langer Titel " * 12
        out = await chat.type(f"/aufgabe <b>Flyer</b> & {long_title.strip()}")
        assert "] boardbot › <b>Kasse</b> & Co: " in out
        assert "✅ Aufgabe #1 angelegt: <b>Flyer</b> & Sehr langer Titel" in out  # as typed
        assert chat.session.prompt() == "<i>Eve</i> › <b>Kasse</b> & Co> "


async def test_no_pressing_or_replying_in_someone_elses_private_chat(tmp_path: Path) -> None:
    async with console(tmp_path) as chat:
        await chat.type("/dm /meine")
        n = chat.number_of("keine offenen Aufgaben")
        out = await chat.type("/as Nicole", f"/reply {n} hallo", f"!{n}a")
        refusal = f"(Nachricht [{n}] steht im Privatchat von Vera mit dem Bot: nur Vera sieht sie)"
        assert out.count(refusal) == 2
        out = await chat.type("/as Vera", f"/reply {n} /meine")
        assert "] boardbot → Vera (privat): " in out


async def test_a_deep_link_button_opens_the_private_chat_with_start(tmp_path: Path) -> None:
    async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        deep = InlineKeyboardButton(
            "Privat weiter", url="https://t.me/boardbot_console_bot?start=t7"
        )
        other = InlineKeyboardButton("Wiki", url="https://example.org/wiki")
        markup = InlineKeyboardMarkup([[deep, other]])
        await update.effective_message.reply_text("Weiter?", reply_markup=markup)
        raise ApplicationHandlerStop

    starts: list[str] = []

    async def started(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_chat is not None
        starts.append(f"{update.effective_chat.type} {update.effective_message.text}")

    async with console(tmp_path) as chat:
        chat.session.app.add_handler(CommandHandler("weiter", offer), group=-1)
        chat.session.app.add_handler(CommandHandler("start", started), group=-2)
        await chat.type("/weiter")
        n = chat.number_of("Weiter?")
        assert f"[{n}a] Privat weiter 🔗  [{n}b] Wiki 🔗" in chat.out.getvalue()
        out = await chat.type(f"!{n}a", f"!{n}b")
        assert starts == ["private /start t7"]
        assert "] boardbot → Vera (privat): " in out  # the bot's own /start answered too
        assert f"([{n}b] öffnet einen Link: https://example.org/wiki)" in out
