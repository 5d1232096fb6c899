"""`ketamine-course serve`: the warning, the served command, the page, and the app in a real browser.

The browser tests drive Debian's Chromium with Playwright (never `playwright install`: browsers
cannot be downloaded here). They read the screen from xterm.js's own buffer: textual-serve
draws the terminal on a canvas, so the page's DOM holds no text.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from argparse import Namespace
from pathlib import Path

import pytest
from test_tui_support import Notified

from benchmarks.serve_bench import _READ_SCREEN, _TERMINAL
from course import cli
from course.cli import course_commands
from course.web import serve

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "valid"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# --- who may connect ----------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"])
def test_loopback_addresses_need_no_warning(host):
    assert serve.is_loopback(host)
    assert serve.network_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "classroom-pc.local"])
def test_any_other_address_warns_that_the_network_can_open_it(host):
    warning = serve.network_warning(host)
    assert warning is not None
    assert "Anyone on the network" in warning and "progress" in warning
    assert "\x1b" not in warning


@pytest.fixture
def no_listening(monkeypatch):
    """Record the server `serve` would start instead of listening."""
    started = []
    monkeypatch.setattr(serve.CourseServer, "serve", lambda self, debug=False: started.append(self))
    return started


def test_serve_listens_on_this_computer_only_by_default(no_listening, capsys):
    assert cli.main(["--lessons", str(FIXTURE), "serve"]) == 0
    (server,) = no_listening
    assert (server.host, server.port) == ("127.0.0.1", 8000)
    assert "Warning" not in capsys.readouterr().err


def test_serve_on_the_network_prints_the_warning_first(no_listening, capsys):
    assert cli.main(["--lessons", str(FIXTURE), "serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert no_listening[0].port == 8123
    assert capsys.readouterr().err.startswith("Warning: the course will listen on every network address")


def test_serve_checks_the_course_before_listening(no_listening, tmp_path, capsys):
    assert cli.main(["--lessons", str(tmp_path), "serve"]) == 1
    assert not no_listening
    assert "problem" in capsys.readouterr().err


def test_a_busy_port_is_a_plain_message_not_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "course", "--lessons", str(FIXTURE), "serve", "--port", str(port)],
                              cwd=REPO, env=_private_env(tmp_path), capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert f"Cannot serve on 127.0.0.1 port {port}" in done.stderr
    assert "Traceback" not in done.stderr


# --- the command each browser tab runs -----------------------------------------------------------

def test_the_served_command_passes_lessons_progress_and_theme(tmp_path):
    lessons, progress = tmp_path / "my lessons", tmp_path / "it's progress.toml"
    args = cli.build_parser().parse_args(
        ["--theme", "high-contrast", "serve", "--lessons", str(lessons), "--progress", str(progress)])
    words = shlex.split(serve.app_command(args))
    assert words[:4] == [sys.executable, "-m", "course", "run"]
    rerun = cli.build_parser().parse_args(words[3:])
    assert rerun.handler is course_commands.cmd_run
    assert (rerun.lessons, rerun.progress, rerun.theme) == (str(lessons), str(progress), "high-contrast")
    assert rerun.choose_learner and not rerun.guest, "a new tab never opens the last learner by itself"


def test_on_a_network_every_tab_is_a_guest_and_the_progress_file_is_not_used(tmp_path):
    args = cli.build_parser().parse_args(["serve", "--host", "0.0.0.0", "--progress", str(tmp_path / "p.toml")])
    rerun = cli.build_parser().parse_args(shlex.split(serve.app_command(args))[3:])
    assert rerun.guest and rerun.progress is None


def test_relative_paths_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    words = shlex.split(serve.app_command(Namespace(lessons="lessons", progress="p.toml", theme=None)))
    assert words[4:] == ["--lessons", str(tmp_path / "lessons"), "--choose-learner",
                         "--progress", str(tmp_path / "p.toml")]


# --- the page ------------------------------------------------------------------------------------

async def test_the_page_works_offline_and_from_other_machines():
    from aiohttp.test_utils import TestClient, TestServer

    server = serve.CourseServer("true", host="0.0.0.0", port=8000, title="A course", font_size=20)
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await (await client.get("/", headers={"Host": "192.168.1.5:8000"})).text()
        bigger = await (await client.get("/?fontsize=30")).text()
    fetched = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert fetched and all(url.startswith("http://192.168.1.5:8000/") for url in fetched), fetched
    assert 'data-session-websocket-url="ws://192.168.1.5:8000/ws"' in page
    assert '<html lang="en">' in page and "<title>A course</title>" in page
    assert 'data-font-size="20"' in page and 'data-font-size="30"' in bigger


@pytest.mark.parametrize(("bind", "address", "origin", "allowed"), [
    ("127.0.0.1", "127.0.0.1", "http://127.0.0.1", True),  # the course's own page
    ("127.0.0.1", "127.0.0.1", None, False),  # not the course's page: another account on this computer
    ("127.0.0.1", "127.0.0.1", "http://evil.example", False),  # another web page in the same browser
    ("127.0.0.1", "evil.example", "http://evil.example", False),  # DNS rebinding to 127.0.0.1
    ("0.0.0.0", "classroom-pc.local", "http://classroom-pc.local", True),  # any name on the network
])
async def test_only_the_courses_own_page_may_open_a_session(monkeypatch, bind, address, origin, allowed):
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    async def session(self, request):  # stands in for starting an app process
        return web.Response(text="session")

    monkeypatch.setattr(serve.CourseServer, "_session", session)
    server = serve.CourseServer("true", host=bind, port=8000, title="A course")
    async with TestClient(TestServer(await server._make_app())) as client:
        headers = {"Host": f"{address}:{client.port}"}
        if origin:
            headers["Origin"] = f"{origin}:{client.port}"
        response = await client.get("/ws", headers=headers)
    assert (response.status == 200) is allowed, response.status


class FakeAppService:
    """Stands in for an app process: records what the browser sent it."""

    started: list[tuple[int, int]] = []
    sizes: list[tuple[int, int]] = []
    typed: list[bytes] = []

    def __init__(self, command, **kwargs) -> None:
        pass

    async def start(self, width, height):
        self.started.append((width, height))

    async def stop(self):
        pass

    async def set_terminal_size(self, width, height):
        self.sizes.append((width, height))

    async def send_bytes(self, data):
        self.typed.append(data)

    async def blur(self):
        pass


@pytest.fixture
async def fake_sessions(monkeypatch):
    """A CourseServer whose sessions start no app process; yields (server, client, open_socket)."""
    from aiohttp.test_utils import TestClient, TestServer

    for name in ("started", "sizes", "typed"):
        monkeypatch.setattr(FakeAppService, name, [])
    monkeypatch.setattr(serve, "AppService", FakeAppService)
    server = serve.CourseServer("true", host="127.0.0.1", port=8000, title="A course", max_sessions=2)
    async with TestClient(TestServer(await server._make_app())) as client:
        origin = f"http://127.0.0.1:{client.port}"

        async def open_socket(query: str = ""):
            return await client.ws_connect(f"/ws{query}", headers={"Origin": origin, "Host": f"127.0.0.1:{client.port}"})

        yield server, client, open_socket


async def _settled(condition, timeout: float = 5) -> None:
    import asyncio

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the server did not get there"
        await asyncio.sleep(0.02)


async def test_a_crafted_resize_is_clamped_to_a_sane_terminal(fake_sessions):
    server, client, open_socket = fake_sessions
    socket_ = await open_socket("?width=1000000000&height=-5")
    await socket_.send_json(["resize", {"width": 10 ** 9, "height": 10 ** 9}])
    await socket_.send_json(["resize", {"width": "wide", "height": None}])
    await socket_.send_json(["blur"])  # one-word messages are normal too
    await socket_.send_json(["stdin", "q"])
    await _settled(lambda: FakeAppService.typed)
    assert FakeAppService.started == [(serve.MAX_COLUMNS, 1)]
    assert FakeAppService.sizes == [(serve.MAX_COLUMNS, serve.MAX_ROWS), (80, 24)]
    await socket_.close()


async def test_a_huge_or_malformed_message_ends_that_session_only(fake_sessions):
    from aiohttp import WSMsgType

    server, client, open_socket = fake_sessions
    huge = await open_socket()
    await huge.send_str('["stdin", "' + "x" * (serve.MAX_MESSAGE + 1) + '"]')
    assert (await huge.receive()).type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING, WSMsgType.ERROR)
    broken = await open_socket()
    await broken.send_str("not json at all {")
    assert (await broken.receive()).type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    assert not FakeAppService.typed
    await _settled(lambda: server.sessions == 0)
    fine = await open_socket()
    await fine.send_json(["stdin", "q"])
    await _settled(lambda: FakeAppService.typed == [b"q"])
    await fine.close()


async def test_sessions_are_capped_with_a_clear_page_when_full(fake_sessions):
    server, client, open_socket = fake_sessions
    first, second = await open_socket(), await open_socket()
    await _settled(lambda: server.sessions == 2)
    page = await client.get("/")
    assert page.status == 503 and "The course is full right now" in await page.text()
    assert '<html lang="en">' in await page.text()
    from aiohttp import WSServerHandshakeError

    with pytest.raises(WSServerHandshakeError) as refused:
        await open_socket()
    assert refused.value.status == 503
    await first.close()
    await _settled(lambda: server.sessions == 1)
    assert (await client.get("/")).status == 200
    await second.close()


def test_the_server_logs_one_line_per_problem_never_a_traceback(capsys):
    import logging

    serve.CourseServer("true", host="127.0.0.1", port=8000, title="A course").initialize_logging()
    try:
        raise ValueError("bad request line\nwith a second line")
    except ValueError:
        logging.getLogger("aiohttp.server").exception("Error handling request from %s", "127.0.0.1")
    err = capsys.readouterr().err
    assert err.strip() == "Error handling request from 127.0.0.1: ValueError: bad request line with a second line"


# --- in a real browser ---------------------------------------------------------------------------

def _private_env(tmp_path: Path) -> dict[str, str]:
    """Never the real home folder: progress, config and downloads all go to tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "KETAMINE_COURSE_"))}
    home = tmp_path / "home"
    for name, sub in [("HOME", ""), ("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(argv: list[str], port: int, tmp_path: Path):
    """Run a server process; yield its URL once it answers; always stop it and its app processes."""
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, *argv], cwd=REPO, env=_private_env(tmp_path),
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer within 20 s:\n{log.read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        _stop_group(process)


def _stop_group(process: subprocess.Popen) -> None:
    """The server and the app processes it started share one process group (start_new_session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # stragglers: app processes still saving or stuck
    process.wait(timeout=5)


@pytest.fixture
def browser(tmp_path):
    """A fresh headless Chromium context, or a skip that says exactly why there is none."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: pip install '.[test]'")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                tmp_path / "chromium-profile", executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_ARGS, accept_downloads=True, viewport={"width": 1100, "height": 700})
        except Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} could not start: {str(error).splitlines()[0]}")
        try:
            yield context
        finally:
            context.close()


# textual.js keeps its xterm.js Terminal in a closure; the test names it so it can read the
# screen, as the serve benchmark does (one copy of how: if textual.js changes, this test fails).


class BrowserTerminal:
    """The served app as the person in front of the browser sees it."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.page.route("**/static/js/textual.js", self._expose_terminal)
        self.page.goto(url)

    @staticmethod
    def _expose_terminal(route) -> None:
        response = route.fetch()
        script, found = _TERMINAL.subn(r"window.__courseTerminal=new \1.Terminal({", response.text(), count=1)
        assert found, "textual.js changed: cannot find where it creates its xterm.js Terminal"
        route.fulfill(response=response, body=script)

    def text(self) -> str:
        return self.page.evaluate(_READ_SCREEN)

    def wait_for(self, *words: str, timeout: float = 15) -> str:
        """Wait until every one of `words` is on screen; fail showing the screen if not."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.text()
            if all(word in screen for word in words):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{words} did not appear within {timeout} s. The screen shows:\n{screen}")
            self.page.wait_for_timeout(100)

    def press(self, *keys: str) -> None:
        """Press keys at a brisk typing pace (keys sent faster than the app can move focus get ahead of it)."""
        self.page.locator(".xterm-helper-textarea").focus()
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(250)


DELIVERY_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static
    from course.tui.delivery import deliver_export

    class Exporter(App):
        BINDINGS = [("e", "export", "Export")]

        def compose(self):
            yield Static("Press e to export your questions.", id="message")

        def action_export(self):
            deliver_export(self, "my questions.txt", "Questions for my provider\\n1. Is it safe for me? ✓\\n")
            self.query_one("#message", Static).update("Exported.")

    Exporter().run()
""")


def test_an_export_is_downloaded_by_the_browser_not_saved_on_the_server(browser, tmp_path):
    app = tmp_path / "exporter.py"
    app.write_text(DELIVERY_APP, encoding="utf-8")
    port = _free_port()
    command = shlex.join([sys.executable, str(app)])
    starter = f"from course.web.serve import CourseServer; CourseServer({command!r}, '127.0.0.1', {port}, 'Export').serve()"
    with served(["-c", starter], port, tmp_path) as url:
        terminal = BrowserTerminal(browser, url)
        terminal.wait_for("Press e to export")
        with terminal.page.expect_download(timeout=15_000) as download_info:
            terminal.press("e")
        terminal.wait_for("Exported.")
        download = download_info.value
        assert download.suggested_filename == "my-questions.txt"
        assert Path(download.path()).read_text(encoding="utf-8") == "Questions for my provider\n1. Is it safe for me? ✓\n"
    home = tmp_path / "home"
    assert not [p for p in home.rglob("*questions*")], "nothing may be written on the server's disk"


# --- exports in a terminal -----------------------------------------------------------------------

def test_in_a_terminal_an_export_is_saved_where_the_learner_is_told(tmp_path):
    from course.tui.delivery import FILE_MODE, deliver_export

    app = Notified()
    first = deliver_export(app, "my questions.txt", "one\n", folder=tmp_path)
    second = deliver_export(app, "my questions.txt", "two\n", folder=tmp_path)
    assert (first.name, second.name) == ("my-questions.txt", "my-questions-2.txt"), "never overwrite an export"
    assert first.read_text() == "one\n" and second.read_text() == "two\n"
    assert first.stat().st_mode & 0o777 == FILE_MODE, "exports are private health information"
    assert app.told == [(f"Saved to {first}", "information"), (f"Saved to {second}", "information")]


def test_an_export_that_cannot_be_saved_is_explained(tmp_path):
    from course.tui.delivery import deliver_export

    app = Notified()
    assert deliver_export(app, "record.txt", "x", folder=tmp_path / "missing") is None
    ((message, severity),) = app.told
    assert severity == "error" and message.startswith("Could not save record.txt")


def test_export_names_are_safe_for_a_download_header():
    from course.tui.delivery import safe_filename

    assert safe_filename("My questions (Ana).txt") == "My-questions-Ana.txt"
    assert safe_filename("../../etc/passwd") == "passwd.txt"
    assert safe_filename("record.md") == "record.md"
    assert safe_filename("") == "export.txt"


# --- the course in a real browser ----------------------------------------------------------------

def test_the_course_in_a_browser(browser, tmp_path):
    """Serve the small fixture course, pick a role, open a lesson; a second tab shares the progress."""
    import tomllib

    progress = tmp_path / "progress.toml"
    port = _free_port()
    argv = ["-m", "course", "--lessons", str(FIXTURE), "--theme", "high-contrast",
            "serve", "--port", str(port), "--progress", str(progress)]
    with served(argv, port, tmp_path) as url:
        tab = BrowserTerminal(browser, url)
        tab.wait_for("Welcome to Before Your First Visit", "Who are you?", "988", timeout=30)
        tab.press("ArrowDown", "Enter", "Enter")  # volunteer, then start with no name
        tab.wait_for("Course map", "1. Welcome to the clinic", "Not started")
        tab.press("Enter")
        tab.wait_for("Lesson 1 of 2", "Section 1 of 2", "Arriving", "Please arrive 15 minutes early")

        deadline = time.monotonic() + 10
        learners = tmp_path / "progress-learners"  # each learner's own file beside --progress
        while "in_progress" not in "".join(own.read_text() for own in learners.glob("*.toml")):
            assert time.monotonic() < deadline, "the served app did not save to --progress"
            time.sleep(0.1)
        (own,) = learners.glob("*.toml")
        learner = tomllib.loads(own.read_text())
        assert (learner["role"], learner["theme"]) == ("volunteer", "high-contrast")
        assert list(tomllib.loads(progress.read_text())["learners"]) == [learner["id"]]

        # Another person's tab: its own app process on the same progress file, which never opens
        # the last learner by itself: it asks who is learning.
        second = BrowserTerminal(browser, url)
        screen = second.wait_for("Who is learning?", "Add a new learner", timeout=30)
        assert "Course map" not in screen and "Welcome to the clinic" not in screen
        second.press("Enter")
        second.wait_for("Course map", "Continue", "Welcome to the clinic")

        # A malformed request is one line in the server's log, never a traceback box.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            raw.sendall(b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n")
            assert raw.recv(100).startswith(b"HTTP/1.")
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log and "╭" not in log, log


def test_on_a_network_each_visitor_is_a_guest_whose_progress_is_downloaded_on_leaving(browser, tmp_path):
    """serve --host: the progress file is never touched; leaving offers the progress as a file."""
    import tomllib

    progress = tmp_path / "progress.toml"
    port = _free_port()
    argv = ["-m", "course", "--lessons", str(FIXTURE), "serve", "--host", "0.0.0.0", "--port", str(port),
            "--progress", str(progress)]
    with served(argv, port, tmp_path) as url:
        tab = BrowserTerminal(browser, url)
        tab.wait_for("Welcome to Before Your First Visit", "Who are you?", timeout=30)
        tab.press("ArrowDown", "Enter", "Enter")
        tab.wait_for("Course map", "1. Welcome to the clinic")
        tab.press("Enter")
        tab.wait_for("Lesson 1 of 2", "Arriving")
        tab.press("Escape")
        tab.wait_for("Course map")
        tab.press("Control+q")
        tab.wait_for("Leave the course?", "Download my progress")
        with tab.page.expect_download(timeout=15_000) as download_info:
            tab.press("Enter")
        saved = tomllib.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
        (learner,) = saved["learners"].values()
        assert learner["role"] == "volunteer" and "lessons" in learner
    assert not progress.exists(), "a guest's progress is never written on the server"
