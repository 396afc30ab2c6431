"""`boardbot console` as a newcomer uses it: the installed command in a fresh folder, typed
lines in, the chat out — once through a pipe (a script), once through a pseudo-terminal."""

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


def converse(workdir: Path, *lines: str) -> str:
    """Pipe the lines into a console in `workdir`; what it printed."""
    done = subprocess.run(
        [str(BOARDBOT), "console"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=workdir,
        env=clean_env(),
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
        "!9",  # the two task cards carry buttons [1]-[8] (issue 14)
        "/sitzung ende",
        "/time +3d",
        "/export",
        "/quit",
    )
    assert "You are Vera." in out
    assert "boardbot: 👋 Ich bin boardbot" in out  # added to the group, it introduced itself
    assert re.search(r"boardbot: ✅ Aufgabe #1 angelegt: Flyer drucken\n    📅 bis Fr, ", out)
    assert "boardbot does not read ordinary messages in a group" in out
    assert "(you are now Nicole)" in out
    assert "boardbot: ✅ Aufgabe #2 angelegt: Plakate aufhängen\n    👤 Vera\n" in out
    # the attendance button, pressed by Daniel, and the message edited to name him
    assert "[9] 🙋 Ich bin da / I'm here" in out
    assert "    ↳ Eingetragen – willkommen!" in out
    assert re.search(
        r"boardbot \(edited\): 🙋 Anwesenheit.*\n(.*\n)*.*Anwesend \(2\): Nicole, Daniel", out
    )
    # three days later: the due reminder for #2 came with its buttons, on time (not "late")
    assert re.search(r"📅 Heute fällig \(.*18:00 Uhr\): #2 Plakate aufhängen", out)
    assert re.search(r"\[\d+\] ✅ Erledigt  \[\d+\] ⏰ \+1 Tag  \[\d+\] ⏰ \+1 Woche", out)
    assert "verspätet" not in out
    assert "(it is now " in out
    files = sorted(p.name.split("-")[0] for p in (tmp_path / "boardbot-console-files").iterdir())
    # the minutes of /sitzung ende, then the four files of /export
    assert files == ["aufgaben", "beschluesse", "fristen", "protokoll", "protokolle"]
    assert (tmp_path / "boardbot-console.db").exists()

    # The next session continues in the same database: #3, no second introduction.
    again = converse(tmp_path, "/aufgabe Kasse prüfen", "/aufgaben")
    assert "Ich bin boardbot" not in again
    assert "Aufgabe #3 angelegt: Kasse prüfen" in again
    assert "#1 Flyer drucken" in again


def test_a_reminder_button_pressed_after_a_jump_in_time(tmp_path: Path) -> None:
    out = converse(
        tmp_path,
        "/aufgabe Kassenbericht @vera bis morgen 12 Uhr",
        "/time +2d",
        "!8",  # the card carries [1]-[4], the reminder the day before [5]-[7] (issue 14)
        "!8",
        "/aufgaben alle",
    )
    due = out.index("📅 Heute fällig")
    assert "[8] ✅ Erledigt  [9] ⏰ +1 Tag  [10] ⏰ +1 Woche" in out[due:]
    assert "    ↳ Erledigt ✅" in out
    assert "✅ Erledigt von Vera" in out
    assert "(there is no button [8] to press)" in out  # the edit took the buttons away
    assert "✅ #1 Kassenbericht · erledigt" in out


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


def test_the_console_in_a_terminal(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [str(BOARDBOT), "console", "--as", "Vera Kraus"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
        env={**clean_env(), "TERM": "dumb"},
        close_fds=True,
    )
    os.close(terminal)
    try:
        read_until(controller, "Vera> ")  # the prompt names the member
        os.write(controller, b"/aufgabe Flyer drucken bis Freitag\n")
        assert "Aufgabe #1 angelegt: Flyer drucken" in read_until(controller, "Vera> ")
        os.write(controller, b"/as Nicole\n")
        read_until(controller, "Nicole> ")
        os.write(controller, b"\x04")  # Ctrl-D ends it
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
