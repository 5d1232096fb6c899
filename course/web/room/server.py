"""The room's web server (aiohttp): the participant's pages, their answers and live updates.

It runs in the facilitator's app (the same asyncio loop as the screen), so an answer reaches
the facilitator's count at once. Safe on a network by default:

- every room request carries the join code (in the path); joining gives a random token
  (an HttpOnly, SameSite=Strict cookie) and every form carries a CSRF token;
- a POST must come from the room's own page (its Origin header); on loopback the Host
  must be a loopback name too (no DNS rebinding);
- bodies, header lines, request rates (per address and per participant), requests in
  flight, live streams and participants are all bounded;
- a strict Content-Security-Policy: the page may run only its own inline script and style;
- a bad request gets a short 4xx page and one log line, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import socket
from collections import deque
from collections.abc import Awaitable, Callable

from aiohttp import web

from course.i18n import _
from course.learning.room import Refusal, Room
from course.network import hostname_of, is_loopback, is_unspecified
from course.web.logs import OneLineFormatter, log_in_one_line
from course.web.room import pages
from course.web.room.limits import RateLimiter

log = logging.getLogger("aiohttp.server")

MAX_BODY = 4 * 1024  # an answer is a few dozen bytes
MAX_HEADER_LINE = 4 * 1024
MAX_IN_FLIGHT = 200  # requests being handled at once (live streams are counted separately)
STREAMS_PER_PARTICIPANT = 3  # a few tabs; each holds a connection open
HEARTBEAT_SECONDS = 20
TOKEN_COOKIE, JOIN_COOKIE = "room-token", "room-join"
LIVE_HEADER = "X-Room-Page"  # sent by the page's script with an answer
COUNTED_FAILURES = (400, 403, 404, 413, 421)  # statuses that count against an address (guessing, forging)

# refusal reason -> (status, heading, what to do)
REFUSALS = {
    "full": (503, _("This room is full"), _("The room has as many participants as it can take. Ask the facilitator.")),
    "closed": (410, _("The room has closed"), _("The quiz is over. Thank you for taking part.")),
    "not_open": (409, _("That question is not open"),
                 _("The facilitator has moved on. Your answer was not saved; the page now shows the current question.")),
    "revealed": (409, _("Answers are closed"),
                 _("The answer to that question has been revealed, so answers can no longer change.")),
    "unknown_question": (404, _("No such question"), _("This room has no question with that number.")),
    "bad_choice": (400, _("That answer could not be read"), _("Choose one of the options, then send your answer.")),
    "not_joined": (403, _("You have not joined this room"), _("Join with the code on the shared screen.")),
}


class RoomServer:
    """Serve `room` on host:port until `stop()`. Port 0 picks a free port."""

    def __init__(self, room: Room, host: str = "127.0.0.1", port: int = 8001) -> None:
        self.room = room
        self.host, self.port = host, port
        self.loopback = is_loopback(host)
        self.failures = RateLimiter(burst=20, per_second=1 / 3)  # wrong codes, bad tokens, forged forms
        self.joins = RateLimiter(burst=10, per_second=1 / 10)  # per address: a phone rejoins now and then
        self.posts = RateLimiter(burst=20, per_second=2)  # per participant: answers and page loads
        self.in_flight = 0
        self.streams: dict[str, int] = {}  # token -> live streams open
        self.refused = 0  # requests turned down, for the facilitator's screen
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.closing = False
        self.problems: deque[str] = deque(maxlen=50)  # one line each: never a traceback on the shared screen
        room.listeners.append(self._on_change)

    # ------------------------------------------------------------ running

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.join_form),
            web.post("/join", self.join),
            web.get("/r/{code}/", self.room_page),
            web.post("/r/{code}/answer", self.answer),
            web.post("/r/{code}/leave", self.leave),
            web.get("/r/{code}/events", self.events),
        ])
        return app

    async def start(self) -> None:
        """Listen; raises OSError (address in use, not available) for the caller to explain."""
        log_in_one_line(_KeptLines(self.problems))
        self._runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0,
                                     max_line_size=MAX_HEADER_LINE, max_field_size=MAX_HEADER_LINE, max_headers=40)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        if self.port == 0:
            # aiohttp types the site's (private) server as optional; start() has just made it.
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self.closing = True
        self._wake_streams()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        with contextlib.suppress(ValueError):
            self.room.listeners.remove(self._on_change)

    @property
    def address(self) -> str:
        """The address participants open: this computer's network address unless on loopback."""
        host = self.host
        if not self.loopback and is_unspecified(host):
            host = network_address() or host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/"

    @property
    def join_url(self) -> str:
        """The address with the code filled in (for the QR code)."""
        return f"{self.address}?code={self.room.code}"

    # ------------------------------------------------------------ every request

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        try:
            if self.loopback and not is_loopback(hostname_of(request.host)):
                raise _Refused(421, _("Wrong address"), _("Open the address shown on the shared screen."))
            if request.method == "POST":
                if request.content_length is not None and request.content_length > MAX_BODY:
                    raise _Refused(413, _("Too much data"), _("That request was far larger than an answer."))
                if request.headers.get("Origin") != f"{request.scheme}://{request.host}":
                    raise _Refused(403, _("Not sent from the room’s page"),
                                   _("Answers can only be sent from the room’s own page. Open the address on the "
                                     "shared screen."))
            if request.path.endswith("/events"):  # a live stream waits for hours: bounded on its own
                response = await handler(request)
            else:
                if self.in_flight >= MAX_IN_FLIGHT:
                    raise _Refused(503, _("The room is busy"), _("Please try again in a moment."))
                self.in_flight += 1
                try:
                    response = await handler(request)
                finally:
                    self.in_flight -= 1
        except _Refused as refusal:
            response = self._refusal_page(request, refusal)
        except web.HTTPRequestEntityTooLarge:
            response = self._refusal_page(request, _Refused(413, _("Too much data"),
                                                            _("That request was far larger than an answer.")))
        except web.HTTPException as error:  # a route that does not exist, a wrong method
            response = self._refusal_page(request, _Refused(error.status, error.reason, _("There is nothing here.")))
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception as error:  # a bug: one line in the log, a short page, the room carries on
            log.warning("room: %s %s failed: %s: %s", request.method, request.path, type(error).__name__, error)
            response = self._refusal_page(request, _Refused(500, _("Something went wrong"),
                                                            _("Please try again.")))
        _secure(response)
        return response

    def _refusal_page(self, request: web.Request, refusal: _Refused) -> web.Response:
        self.refused += 1
        if refusal.status in COUNTED_FAILURES:
            self.failures.allow(_remote(request))
        text = pages.message_page(self.room.course, refusal.heading, refusal.text, refusal.link)
        response = web.Response(status=refusal.status, text=text, content_type="text/html")
        if refusal.retry_after:
            response.headers["Retry-After"] = str(refusal.retry_after)
        return response

    def _check_failures(self, request: web.Request) -> None:
        """An address that keeps failing (guessing codes, forging tokens) waits a while."""
        key = _remote(request)
        if self.failures.exhausted(key):
            raise _Refused(429, _("Too many attempts"), _("Please wait a minute, then try again."),
                           retry_after=self.failures.retry_after(key))

    def _room_of(self, request: web.Request) -> None:
        self._check_failures(request)
        if not secrets.compare_digest(request.match_info["code"], self.room.code):
            raise _Refused(404, _("No room with that code"),
                           _("Check the code on the shared screen and join again."), ("/", _("Join a room")))

    def _person(self, request: web.Request):
        person = self.room.participant(request.cookies.get(TOKEN_COOKIE))
        if person is None:
            raise _Refused(403, *REFUSALS["not_joined"][1:], (f"/?code={self.room.code}", _("Join the room")))
        return person

    # ------------------------------------------------------------ joining

    async def join_form(self, request: web.Request) -> web.Response:
        code = _digits(request.query.get("code", ""))
        if code:
            self._check_failures(request)
        wrong = bool(code) and not secrets.compare_digest(code, self.room.code)
        if wrong:
            self.failures.allow(_remote(request))
        elif self.room.participant(request.cookies.get(TOKEN_COOKIE)):
            return _see_other(f"/r/{self.room.code}/")  # already in (the address typed again): back to the question
        if self.room.phase == "ended":
            raise _Refused(*REFUSALS["closed"])
        if len(self.room.participants) >= self.room.max_participants:
            raise _Refused(*REFUSALS["full"])
        join_csrf = request.cookies.get(JOIN_COOKIE) or secrets.token_urlsafe(16)
        response = web.Response(text=pages.join_page(self.room, join_csrf, code=code, wrong=wrong),
                                content_type="text/html")
        response.set_cookie(JOIN_COOKIE, join_csrf, httponly=True, samesite="Strict", path="/")
        return response

    async def join(self, request: web.Request) -> web.Response:
        self._check_failures(request)
        form = await request.post()
        csrf = request.cookies.get(JOIN_COOKIE, "")
        if not csrf or not secrets.compare_digest(str(form.get("csrf", "")), csrf):
            raise _Refused(403, _("This form has expired"), _("Open the join page again."), ("/", _("Join a room")))
        code = _digits(str(form.get("code", "")))
        if not secrets.compare_digest(code, self.room.code):
            raise _Refused(403, _("That code does not match this room"),
                           _("Check the code on the shared screen."), ("/", _("Try again")))
        if not self.joins.allow(_remote(request)):
            raise _Refused(429, _("Too many joins from this device"), _("Please wait a minute, then try again."),
                           retry_after=self.joins.retry_after(_remote(request)))
        if self.room.participant(request.cookies.get(TOKEN_COOKIE)):  # already in: one device, one participant
            return _see_other(f"/r/{self.room.code}/")  # (joining again counted it twice, its answer twice)
        try:
            person = self.room.join(str(form.get("nickname", "")))
        except Refusal as refusal:
            raise _Refused(*REFUSALS[refusal.reason]) from None
        response = _see_other(f"/r/{self.room.code}/")
        response.set_cookie(TOKEN_COOKIE, person.token, httponly=True, samesite="Strict", path="/")
        response.del_cookie(JOIN_COOKIE, path="/")
        return response

    # ------------------------------------------------------------ in the room

    async def room_page(self, request: web.Request) -> web.Response:
        self._room_of(request)
        person = self.room.participant(request.cookies.get(TOKEN_COOKIE))
        if person is None:  # arrived by the address alone: join first
            return _see_other(f"/?code={self.room.code}")
        if not self.posts.allow(person.token):
            raise _Refused(429, _("Too many requests at once"), _("Please wait a moment."), retry_after=1)
        return web.Response(text=pages.room_page(self.room, person), content_type="text/html")

    async def answer(self, request: web.Request) -> web.Response:
        self._room_of(request)
        person = self._person(request)
        if not self.posts.allow(person.token):
            raise _Refused(429, _("Too many answers at once"), _("Please wait a moment."), retry_after=1)
        form = await request.post()
        self._check_csrf(form, person)
        try:
            number = int(str(form.get("question", "")))
            options = [int(str(value)) for value in form.getall("option", [])]
        except ValueError:
            raise _Refused(*REFUSALS["bad_choice"]) from None
        try:
            self.room.answer(person.token, number, options)
        except Refusal as refusal:
            status, heading, text = REFUSALS[refusal.reason]
            raise _Refused(status, heading, text, (f"/r/{self.room.code}/", _("Back to the question"))) from None
        if request.headers.get(LIVE_HEADER) == "live":  # the page's script: the new page at once, no second request
            return web.Response(text=pages.room_page(self.room, person), content_type="text/html")
        return _see_other(f"/r/{self.room.code}/")  # a plain form: after a POST, a page that can be reloaded

    async def leave(self, request: web.Request) -> web.Response:
        self._room_of(request)
        person = self._person(request)
        self._check_csrf(await request.post(), person)
        self.room.leave(person.token)
        response = web.Response(text=pages.message_page(
            self.room.course, _("You have left the room"), _("Nothing about you is kept. You can close this page."),
            ("/", _("Join again"))), content_type="text/html")
        response.del_cookie(TOKEN_COOKIE, path="/")
        return response

    def _check_csrf(self, form, person) -> None:
        if not secrets.compare_digest(str(form.get("csrf", "")), person.csrf):
            raise _Refused(403, _("This form has expired"), _("Open the room’s page again."),
                           (f"/r/{self.room.code}/", _("Back to the question")))

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the participant's page, again, whenever the room moves on."""
        self._room_of(request)
        person = self._person(request)
        open_now = self.streams.get(person.token, 0)
        if open_now >= STREAMS_PER_PARTICIPANT or sum(self.streams.values()) >= STREAMS_PER_PARTICIPANT * \
                self.room.max_participants:
            raise _Refused(429, _("Too many open pages"), _("Close some of this room’s tabs."), retry_after=30)
        self.streams[person.token] = open_now + 1
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
        _secure(response)
        try:
            await response.prepare(request)
            seen = _seen_version(request, self.room.version)  # what the page shows: it may be behind already
            while not self.closing:
                if self.room.version != seen:
                    seen = self.room.version
                    await response.write(_event(pages.main_fragment(self.room, person), seen))
                    if self.room.phase == "ended":
                        await response.write(b"event: end\ndata: end\n\n")
                        break
                    continue
                try:
                    await asyncio.wait_for(self._changed.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    await response.write(b": still here\n\n")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.streams[person.token] -= 1
            if not self.streams[person.token]:
                del self.streams[person.token]
        return response

    # ------------------------------------------------------------ changes

    def _on_change(self, change: str) -> None:
        if change == "state":
            self._wake_streams()

    def _wake_streams(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()


class _KeptLines(logging.Handler):
    """Keeps each log record as one line (the facilitator's screen owns the terminal)."""

    def __init__(self, lines: deque[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines
        self.setFormatter(OneLineFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class _Refused(Exception):
    def __init__(self, status: int, heading: str, text: str, link: tuple[str, str] | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(heading)
        self.status, self.heading, self.text, self.link, self.retry_after = status, heading, text, link, retry_after


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _secure(response: web.StreamResponse) -> None:
    headers = response.headers
    headers["Content-Security-Policy"] = pages.CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"  # no-referrer makes Chromium send "Origin: null" with forms
    headers["X-Frame-Options"] = "DENY"
    headers.setdefault("Cache-Control", "no-store")


def _event(html: str, version: int) -> bytes:
    """One server-sent event; its id lets a reconnecting browser say what it last saw."""
    return (f"id: {version}\n" + "".join(f"data: {line}\n" for line in html.splitlines()) + "\n").encode("utf-8")


def _seen_version(request: web.Request, current: int) -> int:
    """The version of the room the page shows (Last-Event-ID on a reconnection, else ?since=)."""
    for value in (request.headers.get("Last-Event-ID"), request.query.get("since")):
        if value and value.isdigit() and len(value) < 10:
            return int(value)
    return current


def _remote(request: web.Request) -> str:
    return request.remote or "unknown"


def _digits(text: str) -> str:
    """'482 193' and '482-193' are the same code; anything else is not a code."""
    digits = "".join(ch for ch in text if ch not in " -")
    return digits if digits.isdigit() and len(digits) <= 12 else ("x" if digits else "")


def network_address() -> str | None:
    """This computer's address on the local network, as far as its own name tells (no packet is sent)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    found = [str(info[4][0]) for info in infos if not is_loopback(str(info[4][0]))]  # AF_INET: (address, port)
    return found[0] if found else None


def shown_code(code: str) -> str:
    """'482193' -> '482 193': easier to read out and to type."""
    return f"{code[:3]} {code[3:]}"


