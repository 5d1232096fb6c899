"""`ketamine-course serve`: the same course in a web browser, for a projector or a group session.

textual-serve runs a small web server; every browser tab that opens the page gets its own app
process running `python -m course run` with the same --lessons, --progress and --theme, so all
tabs save to the same progress store.
"""

from __future__ import annotations

import argparse
import logging
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from course.network import hostname_of, is_loopback, is_unspecified, network_warning

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_FONT_SIZE, MIN_FONT_SIZE, MAX_FONT_SIZE = 16, 8, 96
# textual-serve's page fetches a font from Google; this course never touches the network.
_REMOTE_STYLESHEET = re.compile(r"<link[^>]*https?://[^>]*>\s*", re.IGNORECASE)


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: the course with the same options."""
    parts = [sys.executable, "-m", "course", "run"]
    # Absolute paths: the command must mean the same thing whatever folder it runs in.
    if getattr(args, "lessons", None):
        parts += ["--lessons", str(Path(args.lessons).expanduser().resolve())]
    if getattr(args, "progress", None):
        parts += ["--progress", str(Path(args.progress).expanduser().resolve())]
    if getattr(args, "theme", None):
        parts += ["--theme", args.theme]
    return " ".join(shlex.quote(part) for part in parts)


def offline_page(templates_path: Path) -> str:
    """textual-serve's page, without remote fonts and with a language and a title for screen readers."""
    page = (templates_path / "app_index.html").read_text(encoding="utf-8")
    page = _REMOTE_STYLESHEET.sub("", page)
    page = page.replace("<html>", '<html lang="en">', 1)
    return page.replace("<head>", "<head>\n    <title>{{ application.name }}</title>", 1)


class CourseServer(Server):
    """textual-serve's server, made to work offline and from other machines."""

    def __init__(self, command: str, host: str, port: int, title: str, font_size: int = DEFAULT_FONT_SIZE) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.font_size = font_size

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        page = offline_page(Path(self.templates_path))
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": page}))
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
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

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.is_own_page(request):
            raise web.HTTPForbidden(text="This course only accepts connections from its own page.")
        return await super().handle_websocket(request)

    def is_own_page(self, request: web.Request) -> bool:
        """Any web page in the browser may open a WebSocket to 127.0.0.1: only the course's own page
        may drive the course (and see the learners' progress). On loopback the address must be a
        loopback one too, which also stops DNS rebinding (evil.example resolving to 127.0.0.1)."""
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"{request.scheme}://{request.host}":
            return False
        return not is_loopback(self.host) or is_loopback(hostname_of(request.host))

    def initialize_logging(self) -> None:
        super().initialize_logging()
        # One line per request (with each learner's address) is noise on a facilitator's screen.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        print(startup_message(self.title, self.host, self.port), flush=True)


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
    return (f"Serving {title} at {address}\n"
            "Open that address in a web browser. Each browser tab is its own session.\n"
            "Larger text: add ?fontsize=24 to the address, or zoom the browser (Ctrl and +).\n"
            "Press Ctrl+C to stop.")


def serve(args: argparse.Namespace, title: str) -> int:
    """Serve the course until Ctrl+C. Returns the exit code."""
    from course.errors import EXIT_OK, UserError

    warning = network_warning(args.host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    server = CourseServer(app_command(args), host=args.host, port=args.port, title=title, font_size=args.font_size)
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(f"Cannot serve on {args.host} port {args.port}: {reason}. "
                        "Choose another port with --port, or another address with --host.") from None
    return EXIT_OK
