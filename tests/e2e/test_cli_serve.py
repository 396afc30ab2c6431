"""`boardbot check` and `boardbot run` in webhook mode, as real processes against the emulator.

Webhook: the bot registers WEBHOOK_URL with a random secret (setWebhook) and listens on
127.0.0.1; a real HTTP post of an update with that secret is handled (the reply reaches the
emulator), a post without it or with a wrong one is refused with 403 and changes nothing.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .conftest import OUR_VARIABLES, REPO_ROOT
from .emulator import BotApiEmulator

BOARDBOT = Path(sys.executable).parent / "boardbot"


def env_for(emulator: BotApiEmulator, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    env.update(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.base_url,
        DATABASE_URL=database_url,
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def check(workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BOARDBOT), "check"], capture_output=True, text=True, cwd=workdir, env=env, timeout=60
    )


def test_check_with_a_good_and_a_bad_token(
    emulator: BotApiEmulator, tmp_path: Path, database_url: str
) -> None:
    good = check(tmp_path, env_for(emulator, database_url, ALLOWED_CHAT_IDS="-1001"))
    assert good.returncode == 0, good.stdout + good.stderr
    lines = good.stdout.splitlines()
    assert lines[0].startswith("ok    configuration: database ")
    assert "polling" in lines[0] and "Europe/Berlin" in lines[0]
    assert re.match(r"ok    database: .*, schema at \d{4} \(the newest\)$", lines[1])
    assert lines[2] == (
        "ok    Telegram: the token works, the bot is @boardbot_test_bot (t.me/boardbot_test_bot)"
    )
    assert lines[3] == "Ready: start it with boardbot run."
    assert good.stderr == ""

    wrong = "4242424242:AAE-not-the-right-token"
    bad = check(tmp_path, env_for(emulator, database_url, TELEGRAM_BOT_TOKEN=wrong))
    assert bad.returncode == 1
    assert "warn  ALLOWED_CHAT_IDS is empty" in bad.stdout
    assert "FAIL  Telegram: Telegram rejected TELEGRAM_BOT_TOKEN: copy the token" in bad.stdout
    assert bad.stdout.splitlines()[-1] == "Some checks failed (see above)."
    assert wrong not in bad.stdout + bad.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_until_listening(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on port {port}"
            time.sleep(0.1)


def command(update_id: int, user: dict[str, Any], chat: dict[str, Any], text: str) -> Any:
    first = text.split(maxsplit=1)[0]
    message = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": chat,
        "from": user,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(first)}],
    }
    return {"update_id": update_id, "message": message}


def test_webhook_mode_accepts_only_posts_with_the_secret(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emu = emulator
    vera = emu.create_user("Vera", username="vera_k")
    board = emu.create_group("Vorstand", [vera], supergroup=True)
    port = free_port()
    hook = f"http://127.0.0.1:{port}/boardbot-hook"
    env = env_for(
        emu,
        f"sqlite:///{tmp_path / 'bot.db'}",
        WEBHOOK_URL=hook,
        WEBHOOK_PORT=str(port),
        LOG_FORMAT="json",
    )
    log_path = tmp_path / "bot.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(BOARDBOT), "run"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        registered = emu.wait_for_request("setWebhook", timeout=30)["params"]
        assert registered["url"] == hook
        secret = registered["secret_token"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret)
        wait_until_listening(port)

        refused = command(1, vera, board, "/aufgabe Eingeschmuggelt")
        assert post(hook, refused, None) == 403
        assert post(hook, {**refused, "update_id": 2}, "wrong-secret") == 403
        for near_miss in (secret[:-1], secret + "x", secret[:-1] + chr(ord(secret[-1]) ^ 1)):
            assert post(hook, {**refused, "update_id": 2}, near_miss) == 403

        mark = emu.mark()
        assert post(hook, command(3, vera, board, "/aufgabe Flyer drucken"), secret) == 200
        emu.wait_for_bot_message(board["id"], contains="Aufgabe #1 angelegt: Flyer", after=mark)
        mark = emu.mark()
        assert post(hook, command(4, vera, board, "/aufgaben"), secret) == 200
        listing = emu.wait_for_bot_message(board["id"], contains="Offene Aufgaben", after=mark)
        assert "Flyer drucken" in listing["text"] and "Eingeschmuggelt" not in listing["text"]
        assert not emu.calls("getUpdates")  # no polling in webhook mode
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    output = log_path.read_text()
    assert code == 0, output
    events = [json.loads(line) for line in output.splitlines()]  # LOG_FORMAT=json: all JSON
    assert any(e["msg"].startswith("webhook mode: listening on 127.0.0.1:") for e in events)
    assert {"ts", "level", "logger", "msg"} <= set(events[0])
    assert secret not in output and emu.token not in output


def test_check_completes_a_base_url_without_bot_and_prints_no_token(
    emulator: BotApiEmulator, tmp_path: Path, database_url: str
) -> None:
    base = emulator.base_url.removesuffix("/bot")  # as a local Bot API server is often given
    result = check(tmp_path, env_for(emulator, database_url, TELEGRAM_API_BASE_URL=base))
    assert "ok    Telegram: the token works, the bot is @boardbot_test_bot" in result.stdout
    secret_half = emulator.token.split(":", 1)[1]
    assert secret_half not in result.stdout + result.stderr


def test_run_refuses_a_short_webhook_secret_in_one_sentence(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    env = env_for(
        emulator,
        f"sqlite:///{tmp_path / 'bot.db'}",
        WEBHOOK_URL="https://bot.example.org/hook",
        WEBHOOK_SECRET="short_secret",
    )
    result = subprocess.run(
        [str(BOARDBOT), "run"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith("WEBHOOK_SECRET is invalid") and "at least 32" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "short_secret" not in result.stderr
    assert not emulator.calls("setWebhook")
