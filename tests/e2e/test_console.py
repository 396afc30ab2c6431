"""`boardbot console` as a newcomer uses it: the installed command in a fresh folder, typed
lines in, the chat out — through a pipe (a script, whose output is a transcript) and through a
pseudo-terminal, where the test reads each answer before typing the next line, as a member
reads the screen: the labels of the buttons to press come from what the console showed."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from .conftest import OUR_VARIABLES, REPO_ROOT

BOARDBOT = Path(sys.executable).parent / "boardbot"


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    env.update(PYTHONPATH=str(REPO_ROOT), PYTHONUNBUFFERED="1")
    return env


def converse(workdir: Path, *lines: str, env: dict[str, str] | None = None) -> str:
    """Pipe the lines into a console in `workdir`; what it printed."""
    done = subprocess.run(
        [str(BOARDBOT), "console"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=workdir,
        env={**clean_env(), **(env or {})},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_a_newcomer_records_a_task_presses_buttons_and_exports(tmp_path: Path) -> None:
    out = converse(
        tmp_path,
        "/aufgabe Flyer drucken bis Freitag",
        "Hallo zusammen",
        "/as Nicole",
        "/aufgabe Plakate aufhängen @vera bis morgen 18 Uhr",
        "/sitzung Juni",
        "/as Daniel",
        "!5a",
        "/sitzung ende",
        "/time +3d",
        "/export",
        "/quit",
    )
    assert "Du bist Vera." in out  # the console's own lines are German by default
    assert "Vera> /aufgabe Flyer drucken bis Freitag\n" in out  # a transcript of the script
    assert "[1] boardbot: 👋 Ich bin boardbot" in out  # added to the group, it introduced itself
    assert re.search(r"\[2\] boardbot: ✅ Aufgabe #1 angelegt: Flyer drucken\n    📅 bis Fr, ", out)
    assert "(boardbot liest in der Gruppe keine gewöhnlichen Nachrichten" in out
    assert "(du bist jetzt Nicole)" in out
    assert "[3] boardbot: ✅ Aufgabe #2 angelegt: Plakate aufhängen\n    👤 Vera\n" in out
    # the attendance button, pressed by Daniel, and the message edited to name him
    assert "[5] boardbot: 🙋 Anwesenheit" in out
    assert "[5a] 🙋 Ich bin da / I'm here" in out
    assert "(Daniel drückt [5a] 🙋 Ich bin da / I'm here)" in out
    assert "    ↳ Eingetragen – willkommen!" in out
    assert re.search(
        r"\[5\] boardbot \(bearbeitet\): 🙋 Anwesenheit.*\n(.*\n)*.*Anwesend \(2\): Nicole, Daniel",
        out,
    )
    # three days later: the due reminder for #2 came with its buttons, on time (not "late")
    assert re.search(r"📅 Heute fällig \(.*18:00 Uhr\): #2 Plakate aufhängen", out)
    assert re.search(r"\[(\d+)a\] ✅ Erledigt  \[\1b\] ⏰ \+1 Tag  \[\1c\] ⏰ \+1 Woche", out)
    assert "verspätet" not in out
    assert "(jetzt ist es " in out
    files = sorted(p.name.split("-")[0] for p in (tmp_path / "boardbot-console-files").iterdir())
    # the minutes of /sitzung ende, then the four files of /export
    assert files == ["aufgaben", "beschluesse", "fristen", "protokoll", "protokolle"]
    assert (tmp_path / "boardbot-console.db").exists()

    # The next session continues in the same database: #3, no second introduction.
    again = converse(tmp_path, "/aufgabe Kasse prüfen", "/aufgaben")
    assert "Ich bin boardbot" not in again
    assert "Aufgabe #3 angelegt: Kasse prüfen" in again
    assert "#1 Flyer drucken" in again


def read_until(fd: int, wanted: str, timeout: float = 30.0) -> str:
    seen, deadline = b"", time.monotonic() + timeout
    while wanted.encode() not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {wanted!r} in:\n{seen.decode(errors='replace')}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            assert chunk, f"the console ended before {wanted!r}:\n{seen.decode(errors='replace')}"
            seen += chunk
    return seen.decode(errors="replace")


class Terminal:
    """`boardbot console` in a pseudo-terminal: `type` sends a line and returns what the console
    printed until its prompt asks for the next one."""

    def __init__(self, workdir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.controller, terminal = pty.openpty()
        self.process = subprocess.Popen(
            [str(BOARDBOT), "console", *args],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            cwd=workdir,
            env={**clean_env(), "TERM": "dumb", **(env or {})},
            close_fds=True,
        )
        os.close(terminal)

    def read(self, wanted: str) -> str:
        return read_until(self.controller, wanted)

    def type(self, line: str, prompt: str = "Vera> ") -> str:
        os.write(self.controller, line.encode() + b"\n")
        return self.read(prompt)

    def end(self) -> int:
        os.write(self.controller, b"\x04")  # Ctrl-D ends it
        return self.process.wait(timeout=20)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.controller)


def number_of(out: str, text: str) -> int:
    """The number of the first bot message in `out` whose first line has `text`."""
    found = re.search(rf"\[(\d+)\] boardbot[^:\n]*: [^\n]*{re.escape(text)}", out)
    assert found, f"no message with {text!r} in:\n{out}"
    return int(found.group(1))


def test_the_console_in_a_terminal(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "--as", "Vera Kraus")
    try:
        term.read("Vera> ")  # the prompt names the member
        assert "Aufgabe #1 angelegt: Flyer drucken" in term.type(
            "/aufgabe Flyer drucken bis Freitag"
        )
        term.type("/as Nicole", prompt="Nicole> ")
        assert term.end() == 0
    finally:
        term.close()


def test_a_new_member_presses_replies_and_switches_topics(tmp_path: Path) -> None:
    """As someone new would try it, reading the screen before each line."""
    term = Terminal(tmp_path)
    try:
        assert "!3a              Knopf [3a] drücken" in term.read("Vera> ")
        assert "Aufgabe #1 angelegt" in term.type("/aufgabe Kassenbericht @vera bis morgen 12 Uhr")
        out = term.type("/time +2d")
        due = number_of(out, "📅 Heute fällig")
        assert f"[{due}a] ✅ Erledigt  [{due}b] ⏰ +1 Tag  [{due}c] ⏰ +1 Woche" in out
        out = term.type(f"!{due}a")
        assert f"(Vera drückt [{due}a] ✅ Erledigt)" in out and "    ↳ Erledigt ✅" in out
        assert f"[{due}] boardbot (bearbeitet): 📅 Heute fällig" in out
        assert "✅ Erledigt von Vera" in out
        out = term.type(f"!{due}a")  # the edit took the buttons away: refused, nothing pressed
        assert f"(den Knopf [{due}a] gibt es nicht mehr: Nachricht [{due}] wurde geändert" in out
        assert "↳" not in out

        in_topic = "Vera › Finanzen> "
        assert "(Thema „Finanzen“ angelegt" in term.type("/topic Finanzen", prompt=in_topic)
        out = term.type("/aufgabe Budget prüfen", prompt=in_topic)
        card = number_of(out, "Aufgabe #2 angelegt")
        assert f"[{card}] boardbot › Finanzen: ✅ Aufgabe #2 angelegt: Budget prüfen" in out
        out = term.type("/topic Allgemein")
        assert "(du schreibst jetzt in „Allgemein“)" in out
        # A reply to the card answers it where it is: in the topic Finanzen.
        out = term.type(f"/reply {card} /frist 2 Freitag")
        assert "] boardbot › Finanzen: 📅 #2 Budget prüfen" in out
        out = term.type("/aufgaben alle")
        assert "] boardbot › Allgemein: " in out
        assert "✅ #1 Kassenbericht · erledigt" in out
        assert term.end() == 0
    finally:
        term.close()


def test_the_console_speaks_english_when_the_bot_does(tmp_path: Path) -> None:
    out = converse(
        tmp_path, "/as Nicole", "Hello", "!1", "/reply", "/topic", env={"BOT_LANGUAGE": "en"}
    )
    assert "You are Vera." in out and "  !3a              press button [3a]" in out
    assert "[1] boardbot: 👋 I am boardbot" in out
    assert "(you are now Nicole)" in out
    assert "(boardbot does not read ordinary messages in a group (privacy mode)" in out
    assert "(press a button by its label, e.g. !3a for [3a])" in out
    assert "(to what? e.g. /reply 3 Friday" in out
    assert '(you write in "General"; topics: –.' in out
