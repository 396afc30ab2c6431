"""A fake Telegram Bot API server for end-to-end tests of the real bot process.

    with BotApiEmulator(token="123:ABC", bot_username="boardbot_test_bot") as emu:
        env = {"TELEGRAM_API_BASE_URL": emu.base_url, "TELEGRAM_BOT_TOKEN": emu.token}
        anna = emu.create_user("Anna", username="anna_k")
        board = emu.create_group("Vorstand", [anna])
        mark = emu.mark()
        emu.send_text(anna, board, "/task Flyer drucken")
        reply = emu.wait_for_bot_message(board["id"], contains="Flyer", after=mark)

The aiohttp server runs in a background thread with its own event loop (bound to 127.0.0.1
only); every method of this class is synchronous and thread-safe. Behaviour that matters for a
python-telegram-bot 22 bot follows Telegram: error shapes and HTTP statuses, HTML/Markdown
parsing, 4096-character limit, long polling with offset confirmation (updates survive a bot
restart until confirmed), group privacy mode, ``bot_command`` entities with UTF-16 offsets, the
403s of kicked/blocked bots and of users who never started the bot, chat migration, flood limits,
forum topics (``emulator_topics``), polls and their answers (``emulator_polls``).

Markers: ``mark()`` returns the sequence number of the latest bot send/edit; pass it as
``after=`` to ``wait_for_bot_message`` to only match what the bot does afterwards.

A stored bot message (``bot_messages()``) has: message_id, chat_id, kind ("text"/"document"),
text (plain, after parsing; the caption for documents), html (the raw text as sent, whatever the
parse_mode), parse_mode, entities, reply_markup (as sent, any keyboard type), reply_to, date,
edits (earlier versions), deleted, pinned, seq/last_seq, thread_id (the forum topic; None:
General); documents add filename, mime_type, data.

Like Telegram: the bot can only write to a user who has written to it in private (send /start
first), mention entities need usernames of 5+ characters, and ``chat_member`` updates need an
admin bot that asked for them in ``allowed_updates``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .emulator_core import (
    CONFLICT,
    DEFAULT_ALLOWED,
    JSON,
    ApiError,
    Params,
    State,
    Upload,
    bad_request,
    decode_form_value,
)
from .emulator_methods import CANONICAL, METHODS, RATE_LIMITED, json_key
from .emulator_polls import EmulatorPolls
from .emulator_topics import EmulatorTopics
from .emulator_world import Chat, EmulatorWorld, chat_id_of

__all__ = ["ApiError", "BotApiEmulator"]

Predicate = Callable[[JSON], bool]


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BotApiEmulator(EmulatorWorld, EmulatorTopics, EmulatorPolls):
    def __init__(
        self,
        token: str = "123:ABC",
        bot_username: str = "boardbot_test_bot",
        bot_first_name: str = "Boardbot",
        port: int = 0,
    ) -> None:
        self.token = token
        self._state = State(token, bot_username, bot_first_name)
        self._requested_port = port
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._pollers: set[asyncio.Event] = set()
        self._poll_generation = 0
        self._poll_count = 0
        self._closing = False

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> JSON:
        return copy.deepcopy(self._state.bot_user)

    def start(self) -> BotApiEmulator:
        ready = threading.Event()
        errors: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._serve, args=(ready, errors), name="bot-api-emulator", daemon=True
        )
        self._thread.start()
        ready.wait(10)
        if errors or not self.port:
            raise RuntimeError(f"Bot API emulator did not start: {errors}")
        return self

    def stop(self) -> None:
        loop, self._loop = self._loop, None
        if loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> BotApiEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _serve(self, ready: threading.Event, errors: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._setup())
            self._loop = loop
            self._state.wake = self._wake_threadsafe
        except BaseException as exc:  # reported by start()
            errors.append(exc)
            loop.close()
            return
        finally:
            ready.set()
        loop.run_forever()
        loop.close()

    async def _setup(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self._requested_port).start()
        self.port = int(self._runner.addresses[0][1])

    async def _shutdown(self) -> None:
        self._closing = True
        self._wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()

    def _wake_pollers(self) -> None:
        for event in self._pollers:
            event.set()

    def _wake_threadsafe(self) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake_pollers)

    # ------------------------------------------------------------------ HTTP
    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle(self, request: web.Request) -> web.Response:
        st = self._state
        method = request.match_info["method"]
        key = method.lower()
        polling = key == "getupdates"
        params = Params({}, {})
        started = time.monotonic()
        with st.lock:
            st.inflight += not polling
        try:
            params = await self._read_params(request)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            name = CANONICAL.get(key)
            if name is None:
                raise ApiError(404, "Not Found")
            if polling:
                with st.lock:
                    st.check_limits(key, None)
                result: Any = await self._get_updates(params, request)
            else:
                with st.lock:
                    chat_id = params.values.get("chat_id") if key in RATE_LIMITED else None
                    st.check_limits(key, _int_or_none(chat_id))
                    result = METHODS[name](st, params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = exc.code, exc.body()
        except Exception as exc:  # an emulator bug: answer like Telegram's 500, keep the cause
            status = 500
            body = ApiError(500, f"Internal Server Error: emulator bug: {exc!r}").body()
        payload = json.dumps(body, ensure_ascii=False)
        with st.lock:
            entry: JSON = {"method": CANONICAL.get(key, method), "params": params.loggable()}
            entry.update(status=status, response=json.loads(payload), time=time.time())
            entry["duration"] = time.monotonic() - started
            st.requests.append(entry)
            if not polling:
                st.inflight -= 1
                st.last_activity = time.monotonic()
            st.changed.notify_all()
        return web.Response(text=payload, status=status, content_type="application/json")

    @staticmethod
    async def _read_params(request: web.Request) -> Params:
        values: dict[str, Any] = {k: decode_form_value(k, v) for k, v in request.query.items()}
        files: dict[str, Upload] = {}
        if request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("can't parse JSON request body") from None
                if isinstance(body, dict):
                    values.update(body)
            elif request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        data = value.file.read()
                        files[name] = Upload(value.filename or name, data, value.content_type)
                    else:
                        values[name] = decode_form_value(name, str(value))
        return Params(values, files)

    async def _get_updates(self, params: Params, request: web.Request) -> list[JSON]:
        st = self._state
        loop = asyncio.get_running_loop()
        offset = params.integer("offset")
        limit = min(max(params.integer("limit") or 100, 1), 100)
        deadline = loop.time() + max(params.number("timeout") or 0.0, 0.0)
        allowed = params.json("allowed_updates")
        with st.lock:
            if isinstance(allowed, list):
                st.allowed_updates = frozenset(allowed) or DEFAULT_ALLOWED
            self._poll_generation += 1
            self._poll_count += 1
            generation = self._poll_generation
            st.changed.notify_all()
        self._wake_pollers()  # an older long poll is answered with 409 Conflict, as by Telegram
        event = asyncio.Event()
        self._pollers.add(event)
        try:
            while True:
                event.clear()
                transport = request.transport
                if transport is None or transport.is_closing():
                    return []  # the bot went away (e.g. killed): nobody reads an answer
                with st.lock:
                    if generation != self._poll_generation:
                        raise ApiError(409, CONFLICT)
                    batch = st.take_updates(offset, limit)
                if batch or deadline <= loop.time() or self._closing:
                    return batch
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), min(deadline - loop.time(), 0.5))
        finally:
            self._pollers.discard(event)

    # ------------------------------------------------------------------ inspection
    def bot_messages(self, chat_id: Chat | None = None, include_deleted: bool = True) -> list[JSON]:
        with self._state.lock:
            records = [
                copy.deepcopy(r)
                for r in sorted(self._state.records.values(), key=lambda r: r["seq"])
                if (chat_id is None or r["chat_id"] == chat_id_of(chat_id))
                and (include_deleted or not r["deleted"])
            ]
        return records

    def bot_message(self, chat_id: Chat, message_id: int) -> JSON:
        with self._state.lock:
            return copy.deepcopy(self._state.records[(chat_id_of(chat_id), message_id)])

    def documents(self, chat_id: Chat | None = None) -> list[JSON]:
        return [r for r in self.bot_messages(chat_id) if r["kind"] == "document"]

    def mark(self) -> int:
        with self._state.lock:
            return self._state.seq

    @property
    def requests(self) -> list[JSON]:
        with self._state.lock:
            return copy.deepcopy(self._state.requests)

    def calls(self, method: str) -> list[JSON]:
        """Parameters of every call of ``method`` (case-insensitive), oldest first."""
        with self._state.lock:
            wanted = method.lower()
            return [
                copy.deepcopy(r["params"])
                for r in self._state.requests
                if r["method"].lower() == wanted
            ]

    @property
    def callback_answers(self) -> list[JSON]:
        with self._state.lock:
            return copy.deepcopy(self._state.callback_answers)

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        key = json_key(scope or {"type": "default"}), language_code
        with self._state.lock:
            return copy.deepcopy(self._state.commands.get(key, []))

    def updates_delivered(self) -> int:
        """How many distinct updates the bot has received at least once."""
        with self._state.lock:
            return len(self._state.delivered_ids)

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot (getUpdates with a higher offset)."""
        with self._state.lock:
            return copy.deepcopy(self._state.updates)

    def poll_count(self) -> int:
        with self._state.lock:
            return self._poll_count

    # ------------------------------------------------------------------ waiting
    def _wait(self, ready: Callable[[], Any], timeout: float, describe: Callable[[], str]) -> Any:
        deadline = time.monotonic() + timeout
        with self._state.changed:
            while True:
                result = ready()
                if result is not None and result is not False:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(describe())
                self._state.changed.wait(min(remaining, 0.05))

    def wait_for_bot_message(
        self,
        chat_id: Chat | None = None,
        predicate: Predicate | None = None,
        contains: str | None = None,
        timeout: float = 10.0,
        after: int | None = None,
    ) -> JSON:
        """The first bot send/edit after ``after`` (a ``mark()``) that matches; a snapshot."""
        wanted = None if chat_id is None else chat_id_of(chat_id)

        def find() -> JSON | None:
            for event in self._state.events:
                if event["last_seq"] <= (after or 0):
                    continue
                if wanted is not None and event["chat_id"] != wanted:
                    continue
                if contains is not None and contains not in event["text"]:
                    continue
                if predicate is None or predicate(copy.deepcopy(event)):
                    return copy.deepcopy(event)
            return None

        what = f"contains={contains!r}" if contains is not None else "the predicate"
        header = f"No bot message in chat {wanted} matching {what} after mark {after} in {timeout}s"
        return self._wait(find, timeout, lambda: self.dump(wanted, after, header))  # type: ignore[no-any-return]

    def wait_for_request(
        self, method: str, predicate: Predicate | None = None, timeout: float = 10.0
    ) -> JSON:
        """The first logged call of ``method`` whose params match ``predicate``."""

        def find() -> JSON | None:
            for entry in self._state.requests:
                if entry["method"].lower() == method.lower() and (
                    predicate is None or predicate(copy.deepcopy(entry["params"]))
                ):
                    return copy.deepcopy(entry)
            return None

        return self._wait(find, timeout, lambda: self.dump(None, None, f"No {method} call"))  # type: ignore[no-any-return]

    def wait_for_polling(self, timeout: float = 10.0, min_count: int = 1) -> None:
        """Until the bot has called getUpdates ``min_count`` times (i.e. it is up)."""
        self._wait(lambda: self._poll_count >= min_count, timeout, lambda: "The bot never polled")

    def wait_until_idle(self, timeout: float = 10.0, quiet: float = 0.3) -> None:
        """Until every update is confirmed, no call is running and none came for ``quiet`` s."""
        st = self._state

        def idle() -> bool:
            return (
                not st.updates and st.inflight == 0 and time.monotonic() - st.last_activity >= quiet
            )

        self._wait(idle, timeout, lambda: self.dump(None, None, "The bot did not become idle"))

    def dump(self, chat_id: int | None = None, after: int | None = None, header: str = "") -> str:
        """A readable account of what the bot sent, failed calls and pending updates."""
        with self._state.lock:
            st = self._state
            lines = [header, f"Bot messages{'' if chat_id is None else f' in chat {chat_id}'}:"]
            for r in sorted(st.records.values(), key=lambda r: r["seq"]):
                if chat_id is None or r["chat_id"] == chat_id:
                    flags = f"{' edited' * bool(r['edits'])}{' deleted' * r['deleted']}"
                    old = " (before mark)" if r["last_seq"] <= (after or 0) else ""
                    lines.append(
                        f"  chat {r['chat_id']} #{r['message_id']}{flags}{old}: {r['text']!r}"
                    )
            failed = [r for r in st.requests if r["status"] != 200][-10:]
            lines.append("Failed API calls (last 10):")
            lines += [
                f"  {r['method']} -> {r['status']} {r['response'].get('description')}"
                for r in failed
            ]
            lines.append(
                f"Unconfirmed updates: {len(st.updates)}; getUpdates calls: {self._poll_count}"
            )
            return "\n".join(lines)
