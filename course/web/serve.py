"""`ketamine-course serve`: the same course in a web browser, for a projector or a group session.

textual-serve runs a small web server; every browser tab that opens the page gets its own app
process running `python -m course run` with the same --lessons, --progress and --theme.

Keeping people apart: on this computer (loopback) every tab saves to the same progress file
but starts at "Who is learning?" (`run --choose-learner`), never in the last learner's
course. On a network (`--host`) every tab is a guest (`run --guest`): its progress lives only
in that tab's app process and is offered as a download on leaving; the progress file is
never opened, so no visitor can see or choose another's data.

Keeping the server safe: a WebSocket must come from the course's own page (a matching
Origin header; none at all is refused too); sessions are capped (a clear page when full);
every client message is bounded in size, and a resize to a huge terminal is clamped; a
malformed request or message is one line in the log, never a traceback box.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import shlex
import sys
from html import escape
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from course.i18n import _, current_language
from course.network import hostname_of, is_loopback, is_unspecified, network_warning
from course.web.logs import log_in_one_line, one_line_handler

log = logging.getLogger("textual-serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_FONT_SIZE, MIN_FONT_SIZE, MAX_FONT_SIZE = 16, 8, 96
# textual-serve's page fetches a font from Google; this course never touches the network.
_REMOTE_STYLESHEET = re.compile(r"<link[^>]*https?://[^>]*>\s*", re.IGNORECASE)
DEFAULT_MAX_SESSIONS = 10  # each session is an app process (about 60 MB); 50 tabs took 2.8 GB and 2 cores
MAX_MESSAGE = 64 * 1024  # a keystroke, a paste, a resize: far smaller
MAX_COLUMNS, MAX_ROWS = 500, 200  # a crafted resize to 10^9 cells grew a session to 1.9 GB


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: the course with the same options."""
    parts = [sys.executable, "-m", "course", "run"]
    # Absolute paths: the command must mean the same thing whatever folder it runs in.
    if getattr(args, "lessons", None):
        parts += ["--lessons", str(Path(args.lessons).expanduser().resolve())]
    if not is_loopback(getattr(args, "host", DEFAULT_HOST)):
        parts.append("--guest")  # on a network: each visitor's progress only in their own session
    else:
        parts.append("--choose-learner")  # one progress file, but never the last learner by itself
        if getattr(args, "progress", None):
            parts += ["--progress", str(Path(args.progress).expanduser().resolve())]
    if getattr(args, "theme", None):
        parts += ["--theme", args.theme]
    if getattr(args, "lang", None):  # else each tab chooses as `run` does: the learner's, the computer's, the course's
        parts += ["--lang", args.lang]
    return " ".join(shlex.quote(part) for part in parts)


# textual-serve's script makes the xterm.js terminal with its options in one object literal.
_TERMINAL_OPTIONS = re.compile(r"new (\w+)\.Terminal\(\{")
SCRIPT_PATH = "/static/js/textual.js"


def screen_reader_script(statics_path: Path) -> str | None:
    """textual-serve's script with xterm.js's screen-reader mode on: the terminal keeps a live
    accessibility tree (a list of the screen's rows) beside its canvas, which screen readers and
    the browser's own tools can read. None if the script no longer makes its terminal as expected."""
    script = (statics_path / "js" / "textual.js").read_text(encoding="utf-8")
    patched, found = _TERMINAL_OPTIONS.subn(r"new \1.Terminal({screenReaderMode:!0,", script, count=1)
    return patched if found else None


def offline_page(templates_path: Path) -> str:
    """textual-serve's page, without remote fonts and with a language and a title for screen readers."""
    page = (templates_path / "app_index.html").read_text(encoding="utf-8")
    page = _REMOTE_STYLESHEET.sub("", page)
    page = page.replace("<html>", f'<html lang="{escape(current_language())}">', 1)
    return page.replace("<head>", "<head>\n    <title>{{ application.name }}</title>", 1)


class CourseServer(Server):
    """textual-serve's server, made to work offline and from other machines."""

    def __init__(self, command: str, host: str, port: int, title: str, font_size: int = DEFAULT_FONT_SIZE,
                 max_sessions: int = DEFAULT_MAX_SESSIONS) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.font_size = font_size
        self.max_sessions = max_sessions
        self.sessions = 0

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        page = offline_page(Path(self.templates_path))
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": page}))
        self._script = screen_reader_script(Path(self.statics_path))
        if self._script is None:
            log.warning("Screen-reader mode is off: textual-serve's script has changed (see: ketamine-course help accessibility).")
        app.middlewares.append(self._serve_script)
        return app

    @web.middleware
    async def _serve_script(self, request: web.Request, handler) -> web.StreamResponse:
        """The page's script with screen-reader mode on, in place of textual-serve's own file."""
        if request.path == SCRIPT_PATH and self._script is not None:
            return web.Response(text=self._script, content_type="application/javascript")
        return await handler(request)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text=full_page(self.title, self.max_sessions), content_type="text/html",
                                             headers={"Retry-After": "60"})
        # Build URLs from the address the browser used: textual-serve would send back the bind
        # address (ws://0.0.0.0:8000), which other machines cannot reach (textual-serve#42).
        origin = f"{request.scheme}://{request.host}"
        socket_scheme = "wss" if request.scheme == "https" else "ws"
        font_size = _font_size(request.query.get("fontsize"), self.font_size)
        return {
            "font_size": font_size,
            "app_websocket_url": f"{socket_scheme}://{request.host}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{origin}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.is_own_page(request):
            raise web.HTTPForbidden(text=_("This course only accepts connections from its own page."))
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text=_("The course is full right now. Try again later."))
        self.sessions += 1
        try:
            return await self._session(request)
        finally:
            self.sessions -= 1

    def is_own_page(self, request: web.Request) -> bool:
        """Any web page in the browser, and any program on this computer, may open a WebSocket to
        127.0.0.1: only the course's own page may drive the course (and see the learners'
        progress). Browsers always send the page's Origin; a connection without one is not the
        course's page, so it is refused too (another account on this computer could otherwise
        read a learner's data). On loopback the address must be a loopback one too, which also
        stops DNS rebinding (evil.example resolving to 127.0.0.1)."""
        if request.headers.get("Origin") != f"{request.scheme}://{request.host}":
            return False
        return not is_loopback(self.host) or is_loopback(hostname_of(request.host))

    async def _session(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's session, with every client message bounded (size and terminal size)
        and a malformed one ending the session with one line in the log."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        width = _cells(request.query.get("width"), 80, MAX_COLUMNS)
        height = _cells(request.query.get("height"), 24, MAX_ROWS)
        service: AppService | None = None

        async def close() -> None:  # the app service's remote_close (textual-serve ignores what close returns)
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=close, download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken connection, an app that failed to start: one line
            log.warning("A session ended: %s: %s", type(error).__name__, error)
        finally:
            if service is not None:
                await service.stop()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            except (ValueError, TypeError, KeyError, IndexError):
                log.warning("A session sent a malformed message; it was closed.")
                await websocket.close(code=1003)
                return
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(_cells(data.get("width"), 80, MAX_COLUMNS),
                                                _cells(data.get("height"), 24, MAX_ROWS))
            elif kind == "ping":
                await websocket.send_json(["pong", str(data)[:64]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    def initialize_logging(self) -> None:
        # Not textual-serve's: it draws tracebacks (with local values) in boxes on the console,
        # which may be on the projector. One line per problem; no line per request.
        handler = one_line_handler()
        logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler])
        log_in_one_line(handler, level=logging.INFO)

    async def on_startup(self, app: web.Application) -> None:
        print(startup_message(self.title, self.host, self.port), flush=True)


def _cells(value: object, default: int, most: int) -> int:
    """A terminal size from the browser, kept between 1 and `most`."""
    if not isinstance(value, str | int | float):  # None, or JSON that is no number (int() would refuse it)
        return default
    try:
        return min(max(int(value), 1), most)
    except (TypeError, ValueError, OverflowError):
        return default


def full_page(title: str, sessions: int) -> str:
    """What a browser sees when every session is taken."""
    heading = _("The course is full right now")
    text = _("{sessions} people are using it, as many as this computer serves at once. Please try again in a "
             "few minutes, or ask the person running it.").format(sessions=sessions)
    return (f'<!doctype html><html lang="{escape(current_language())}"><head><meta charset="utf-8"><title>{escape(heading)} · '
            f'{escape(title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><main><h1>{escape(heading)}</h1><p>{escape(text)}</p></main></body></html>")


def _font_size(value: str | None, default: int) -> int:
    try:
        return min(max(int(value), MIN_FONT_SIZE), MAX_FONT_SIZE) if value is not None else default
    except ValueError:
        return default


def startup_message(title: str, host: str, port: int) -> str:
    if is_unspecified(host):
        address = f"http://<this computer's network address>:{port}/ (or http://127.0.0.1:{port}/ here)"
    else:
        shown = f"[{host}]" if ":" in host else host
        address = f"http://{shown}:{port}/"
    if is_loopback(host):
        who = (_("Each browser tab is its own session and starts at 'Who is learning?'; all of them save to "
               "the same progress file."))
    else:
        who = (_("Each browser tab is a guest: its progress stays in that tab (offered as a download on leaving), "
               "never in the progress file, and no visitor can see another's."))
    return (_("Serving {title} at {address}\nOpen that address in a web browser. {who}\nLarger text: add ?fontsize=24 to the address, or zoom the browser (Ctrl and +).\nPress Ctrl+C to stop.").format(title=title, address=address, who=who))


def serve(args: argparse.Namespace, title: str) -> int:
    """Serve the course until Ctrl+C. Returns the exit code."""
    from course.errors import EXIT_OK, UserError

    warning = network_warning(args.host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    server = CourseServer(app_command(args), host=args.host, port=args.port, title=title, font_size=args.font_size,
                          max_sessions=getattr(args, "max_sessions", DEFAULT_MAX_SESSIONS))
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(_("Cannot serve on {host} port {port}: {reason}. Choose another port with --port, or another address with --host.").format(host=args.host, port=args.port, reason=reason)) from None
    return EXIT_OK
