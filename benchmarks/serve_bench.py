"""The served course in a real browser: how long a tab takes to show it, and what each tab costs.

`ketamine-course serve` runs on this computer (a private home and progress file, the cache
kept between tabs as on a facilitator's machine); headless Chromium, driven by Playwright,
opens tabs one after another and keeps them open, as a group's browsers would. For each tab
the clock runs from asking for the page to the course's first screen (the welcome, for a new
progress file) being whole in the browser's terminal, read from xterm.js's own buffer
(textual-serve draws on a canvas). Each tab is an app process on the server:
its resident memory (VmRSS, with the shell that starts it) is read once it shows the course.
Needs Playwright and /usr/bin/chromium, as tests/test_serve.py does; without them the rows
say why they are missing.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.coldstart import clean_environment
from benchmarks.startup_bench import console_script
from benchmarks.stats import Row, median, ms

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FIRST_SCREEN = ("Your name (optional", "Crisis line")  # the welcome, finished (a new progress file)
TIMEOUT = 60.0
_TERMINAL = re.compile(r"new (\w+)\.Terminal\(\{")  # where textual.js makes its xterm.js terminal
_READ_SCREEN = """() => {
    const terminal = window.__courseTerminal;
    if (!terminal) return "";
    const buffer = terminal.buffer.active, rows = [];
    for (let row = 0; row < terminal.rows; row++) {
        const line = buffer.getLine(buffer.viewportY + row);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
}"""


def measure(tabs: int = 5) -> list[Row]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Row("serve", "browser tabs", "not measured: Playwright is not installed (pip install '.[test]')")]
    if not os.access(CHROMIUM, os.X_OK):
        return [Row("serve", "browser tabs", f"not measured: no browser at {CHROMIUM}")]
    with (
        tempfile.TemporaryDirectory(prefix="ketamine-bench-serve-") as folder,
        served(Path(folder)) as (url, server),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            seconds, memory = open_tabs(browser, url, server, tabs)
        finally:
            browser.close()
    return [
        Row("serve", f"a browser tab shows the course ({tabs} tabs, one after another, all kept open)",
            f"median {ms(median(seconds))}, first {ms(seconds[0])}, slowest {ms(max(seconds))}"),
        Row("serve", "memory per tab (its app process on the server)",
            f"median {median(memory) / 1024:.1f} MiB; {tabs} tabs {sum(memory) / 1024:.0f} MiB in all"),
    ]


def open_tabs(browser, url: str, server: subprocess.Popen, tabs: int) -> tuple[list[float], list[int]]:
    """Open `tabs` tabs in turn; seconds each took to show the course, and each tab's memory."""
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    context.route("**/static/js/textual.js", _expose_terminal)
    seconds: list[float] = []
    for _ in range(tabs):
        known = set(app_processes(server.pid))
        page = context.new_page()
        began = time.perf_counter()
        page.goto(url)
        while not all(marker in page.evaluate(_READ_SCREEN) for marker in FIRST_SCREEN):
            if time.perf_counter() - began > TIMEOUT:
                raise RuntimeError(f"a tab did not show the course within {TIMEOUT:.0f} s; it shows:\n"
                                   f"{page.evaluate(_READ_SCREEN)}")
            page.wait_for_timeout(10)
        seconds.append(time.perf_counter() - began)
        new = [pid for pid in app_processes(server.pid) if pid not in known]
        if not new:
            raise RuntimeError("no app process started for the tab")
        time.sleep(0.5)  # the tab's first screen is settled before its memory is read
    memory = [sum(resident_kib(pid) for pid in tree) for tree in app_trees(server.pid)]
    context.close()
    return seconds, memory


def _expose_terminal(route) -> None:
    """textual.js keeps its xterm.js terminal in a closure: name it so the page can be read."""
    response = route.fetch()
    script = _TERMINAL.sub(r"window.__courseTerminal=new \1.Terminal({", response.text(), count=1)
    route.fulfill(response=response, body=script)


@contextlib.contextmanager
def served(folder: Path):
    """`ketamine-course serve` on a free port of this computer; yields its URL and process."""
    port = _free_port()
    env = clean_environment(folder / "home")
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    command = [str(console_script()), "--progress", str(folder / "progress.toml"), "serve", "--port", str(port)]
    log = folder / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, cwd=folder, stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"serve exited with {server.returncode}:\n{log.read_text()}")
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not answer within {TIMEOUT:.0f} s:\n{log.read_text()}") from None
                time.sleep(0.05)
        yield url, server
    finally:
        for signal_number in (signal.SIGTERM, signal.SIGKILL):  # the server and every app process it started
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal_number)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=10)
                break


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                found.setdefault(parent, []).append(int(entry.name))
    return found


def app_trees(server: int) -> list[list[int]]:
    """Each app process the server started, with its own children (a shell runs each)."""
    children = _children()

    def tree(pid: int) -> list[int]:
        return [pid, *(grandchild for child in children.get(pid, []) for grandchild in tree(child))]

    return [tree(child) for child in children.get(server, [])]


def app_processes(server: int) -> list[int]:
    return [pid for tree in app_trees(server) for pid in tree]


def resident_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        found = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
        return int(found.group(1)) if found else 0
    return 0


if __name__ == "__main__":
    from benchmarks.stats import markdown_table

    print(markdown_table(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
