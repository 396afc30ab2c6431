"""A bad-input run through the real bot process: a board records a few legitimate items, then
four members send about three hundred hostile messages without waiting for answers (unicode
junk, invisible and RTL marks, 4,000-character arguments, HTML and Markdown injection, `@`/`#`
storms, commands for other bots, unknown numbers, edits of earlier commands, attacks on the
board's items, random commands with random arguments, plain chatter). Afterwards every
legitimate item is unchanged, every bot message was accepted (valid HTML, within 4,096
characters), no reply is the generic error, the log has no traceback, and the bot still answers.

Telegram allows a bot 20 messages a minute per group, and the bot keeps to that; so the traffic
that gets answers is spread over several groups and private chats within that budget, while
the board itself gets the attacks and everything that gets no answer. Fixed seed: the same run
every time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import MetaData, select

from bot.application import COMMANDS
from storage.database import Database

from .conftest import BotProcess
from .emulator import BotApiEmulator

JSON = dict[str, Any]
SEED = 20240619
HOSTILE_MESSAGES = 300
GROUP_BUDGET = 18  # answers per group in the run (Telegram: 20 a minute), the greeting included
ERROR_GENERIC = "etwas schiefgelaufen"
COMMAND_NAMES = sorted({name for c in COMMANDS for name in (c.english, c.german)})
# Commands whose answers may come in several messages (lists, minutes, button messages).
COSTLY = {
    "sitzung": 4, "meeting": 4, "protokoll": 3, "minutes": 3, "anwesend": 2, "present": 2,
    "aufgaben": 3, "tasks": 3, "beschluesse": 3, "decisions": 3, "tagesordnung": 3, "agenda": 3,
    "export": 6,
}  # fmt: skip
PIECES = [
    "\u200b", "\u200f", "\u202e", "\u2066", "\ufeff", "\u00ad", "😀", "👩‍👩‍👧", "🇩🇪", "ẞ", "ﷺ",
    "<b>", "</i>", "<a href='javascript:alert(1)'>x</a>", "&amp;", "&#0;", "<script>", "]]>",
    "*fett*", "_kursiv_", "`code`", "[link](http://x.invalid)", "||spoiler||", "~~weg~~",
    "@", "@@", "@vera_k", "@mallory_x", "@boardbot_test_bot", "#", "##", "#1", "#3", "B 1",
    "bis", "am", "jeden", "in", "morgen", "gestern", "31.02.", "KW 99", "Mitte", "einstimmig",
    "3:x:1", "5:0:1", "ändert B 1", "zu B 1", "'; DROP TABLE task; --", "%s", "{title}", "\\",
    "\n", "\t", "\x00", "ende", "neu", "alle", "überfällig", "stunde", "sprache", "zeitzone",
]  # fmt: skip
UNKNOWN_NUMBERS = ["10000", "#10001", "99999999999", "-1", "0", "B 2099/10000", "12345678901234"]
ALPHABET = "abcxyzäöüß ÆØ漢字한국어עבריתعربي😀🇩🇪\u200b\u202e<>&\"'*_`[]()~|#@/\\"


def hostile_text(rng: random.Random) -> str:
    """Arguments a hostile or careless member might type."""
    kind = rng.randrange(7)
    if kind == 0:
        return " ".join(rng.choices(PIECES, k=rng.randint(1, 12)))
    if kind == 1:  # long: near Telegram's own limit for a user's message
        return "".join(rng.choices(ALPHABET, k=rng.randint(3000, 4000)))
    if kind == 2:
        return " ".join(
            "@" + rng.choice(["vera_k", "a" * 40, "x", "mallory_x", ""]) for _ in range(80)
        )
    if kind == 3:
        return " ".join("#" + str(rng.randint(0, 10**6)) for _ in range(60))
    if kind == 4:
        return rng.choice(UNKNOWN_NUMBERS) + " " + " ".join(rng.choices(PIECES, k=3))
    if kind == 5:
        return "".join(rng.choices(ALPHABET, k=rng.randint(1, 60)))
    return ""


@dataclass
class Plan:
    """What is sent, and how many answers each group can still take within the run."""

    rng: random.Random
    emu: BotApiEmulator
    budget: dict[int, int] = field(default_factory=dict)
    sent: list[tuple[JSON, JSON]] = field(default_factory=list)  # (user, message) of commands
    checked: set[int] = field(default_factory=set)  # users whose private commands asked Telegram
    count: int = 0

    def spend(self, chat_id: int, cost: int) -> bool:
        if self.budget.get(chat_id, 0) < cost:
            return False
        self.budget[chat_id] -= cost
        return True

    def send(self, user: JSON, chat: JSON, text: str, reply_to: JSON | None = None) -> JSON:
        self.count += 1
        message = self.emu.send_text(user, chat, text, reply_to=reply_to)
        if text.startswith("/"):
            self.sent.append((user, message))
        return message

    def silent(self, user: JSON, chat: JSON) -> None:
        """Something the bot gets no answer for: chatter, other bots, edits, unknown commands."""
        kind = self.rng.randrange(5)
        if kind == 0:
            self.send(user, chat, hostile_text(self.rng) or "Hallo 👋")
        elif kind == 1:
            name = self.rng.choice(COMMAND_NAMES)
            self.send(user, chat, f"/{name}@some_other_bot {hostile_text(self.rng)}")
        elif kind == 2:
            self.send(user, chat, f"/{self.rng.choice(['foo', 'sudo', 'x' * 30])} junk")
        else:
            own = [m for u, m in self.sent if u["id"] == user["id"]]
            if own:  # an edit of an earlier command is never acted on
                text = f"/{self.rng.choice(COMMAND_NAMES)} {hostile_text(self.rng)}"[:4000]
                self.count += 1
                self.emu.edit_text(user, self.rng.choice(own), text)
            else:
                self.send(user, chat, "@boardbot_test_bot " + hostile_text(self.rng)[:200])

    def command(self, user: JSON, chat: JSON, name: str, args: str) -> bool:
        """A command that gets answers, if the group's budget allows it."""
        if not self.spend(chat["id"], COSTLY.get(name, 1)):
            return False
        suffix = "@boardbot_test_bot" if self.rng.random() < 0.2 else ""
        self.send(user, chat, f"/{name}{suffix} {args}"[:4096])
        return True

    def private(self, user: JSON, groups: list[JSON]) -> None:
        """A private command; the first one of a user asks Telegram about each of their groups."""
        if user["id"] not in self.checked:
            if not all(self.spend(g["id"], 1) for g in groups):
                return
            self.checked.add(user["id"])
        name = self.rng.choice([*COMMAND_NAMES, "meine", "aufgaben", "start"])
        self.send(user, self.emu.private_chat(user), f"/{name} {hostile_text(self.rng)}"[:4096])


def legit_rows(database_url: str, chat_id: int) -> dict[str, list[tuple[object, ...]]]:
    """The board's tasks (with owners) and decisions, as stored."""
    db = Database.from_url(database_url)
    metadata = MetaData()
    metadata.reflect(db.engine, only=["task", "taskowner", "decision"])
    task, owner, decision = (metadata.tables[n] for n in ("task", "taskowner", "decision"))
    try:
        with db.engine.connect() as connection:
            tasks = connection.execute(select(task).where(task.c.chat_id == chat_id)).all()
            ids = [row.id for row in tasks]
            owners = connection.execute(select(owner).where(owner.c.task_id.in_(ids))).all()
            decided = connection.execute(select(decision).where(decision.c.chat_id == chat_id))
            return {
                "task": sorted(tuple(r) for r in tasks),
                "taskowner": sorted(tuple(r) for r in owners),
                "decision": sorted(tuple(r) for r in decided.all()),
            }
    finally:
        db.dispose()


def ask(emu: BotApiEmulator, user: JSON, chat: JSON, text: str, expect: str) -> tuple[JSON, JSON]:
    """Send as a member, wait for the answer that contains `expect`: (message, answer)."""
    mark = emu.mark()
    sent = emu.send_text(user, chat, text)
    return sent, emu.wait_for_bot_message(chat["id"], contains=expect, after=mark, timeout=30)


# Commands on the board's own items by members who neither created nor own them.
ATTACKS = [
    ("erledigt", "1 2 3"),
    ("streichen", "2"),
    ("aendern", "1 <b>übernommen</b> & gelöscht"),
    ("zuweisen", "1 @mallory_x"),
    ("frist", "3 keine"),
    ("aufheben", "1 weil ich es sage"),
]


def test_hostile_run_leaves_the_record_intact(
    emulator: BotApiEmulator, bot: BotProcess, database_url: str
) -> None:
    emu = emulator
    rng = random.Random(SEED)
    vera = emu.create_user("Vera", username="vera_k", last_name="Kraus")
    nicole = emu.create_user("Nicole", username="nicole_s")
    hostile = [
        emu.create_user("Mallory", username="mallory_x"),
        emu.create_user("<b>Trudy</b> &amp;", last_name="\u202eadmin"),
        emu.create_user("E" * 64, username="eve_hostile", last_name="V" * 64),
        emu.create_user("👩‍👩‍👧\u200b", language_code="en"),
    ]
    board = emu.create_group("Stadtvorstand", [vera, nicole, *hostile], supergroup=True)
    members = [rng.sample(hostile, 3) for _ in range(16)]
    others = [
        emu.create_group(f"Gruppe {n} <i>&</i>", people, supergroup=n % 2 == 0)
        for n, people in enumerate(members)
    ]
    groups_of = {
        u["id"]: [board, *(g for g, people in zip(others, members, strict=True) if u in people)]
        for u in hostile
    }
    bot.start()
    emu.wait_for_bot_message(board["id"], contains="Ich bin boardbot")

    # The legitimate record: tasks with owners and dates, a decision, a follow-up.
    day = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=60)).strftime("%d.%m.%Y")
    first, _ = ask(emu, vera, board, "/aufgabe Treffen vorbereiten @vera_k bis Freitag", "#1")
    ask(emu, vera, board, f"/aufgabe Kassenbericht prüfen @vera_k @nicole_s am {day}", "#2")
    ask(emu, vera, board, "/beschluss Sommerfest findet im Juli statt 5:0:1", "B ")
    ask(emu, vera, board, "/wiedervorlage Umlage festgelegt? jeden Montag", "#3")
    emu.wait_until_idle()  # the cards' message ids are stored just after they are sent
    before = legit_rows(database_url, board["id"])
    assert len(before["task"]) == 3 and len(before["decision"]) == 1

    plan = Plan(rng, emu, {g["id"]: GROUP_BUDGET - 1 for g in [board, *others]})
    plan.budget[board["id"]] -= 4 + 3  # the four items above, the three checks below
    # Vera edits her own command: the edit is not acted on.
    emu.edit_text(vera, first, "/aufgabe Nichts mehr")
    for name, args in ATTACKS:
        assert plan.command(rng.choice(hostile), board, name, args)
    while plan.count < HOSTILE_MESSAGES:
        user = rng.choice(hostile)
        where = rng.random()
        if where < 0.35:
            plan.silent(user, board)
        elif where < 0.45:
            plan.private(user, groups_of[user["id"]])
        else:
            group = rng.choice(groups_of[user["id"]][1:])
            name = rng.choice(COMMAND_NAMES)
            if not plan.command(user, group, name, hostile_text(rng)):
                plan.silent(user, group)
    emu.wait_until_idle(timeout=90, quiet=2.0)

    assert legit_rows(database_url, board["id"]) == before
    _, listing = ask(emu, vera, board, "/aufgaben alle", "Alle Aufgaben")
    assert "Treffen vorbereiten" in listing["text"] and "Kassenbericht prüfen" in listing["text"]
    assert "Nichts mehr" not in listing["text"] and "übernommen" not in listing["text"]
    _, register = ask(emu, vera, board, "/beschluesse", "Sommerfest findet im Juli statt")
    assert "aufgehoben" not in register["text"]
    _, still = ask(emu, vera, board, "/aufgaben", "Offene Aufgaben")
    assert "Umlage festgelegt?" in still["text"]  # the follow-up

    failed = [r for r in emu.requests if r["status"] != 200]
    assert failed == [], failed[:3]
    texts = [m["text"] for m in emu.bot_messages()]
    assert not [t for t in texts if ERROR_GENERIC in t]
    assert len(texts) > 150  # the run was answered, not swallowed
    log = bot.log()
    assert "Traceback" not in log and "error while handling an update" not in log
