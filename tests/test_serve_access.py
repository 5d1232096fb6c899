"""The served course for screen readers and the mouse, in a real (headless) Chromium (issue 15).

`serve` turns on xterm.js's screen-reader mode: beside the canvas the terminal keeps a list of
the screen's rows in the page's accessibility tree. These tests read that tree the way assistive
technology does (Chromium's own accessibility tree, over the DevTools protocol), and click the
page the way a browser user does.
"""

from __future__ import annotations

import time

import pytest
from test_serve import FIXTURE, BrowserTerminal, _free_port, browser, served  # noqa: F401 (browser is a fixture)


def accessible_text(page) -> str:
    """The screen's rows as Chromium's accessibility tree holds them (the list items a screen
    reader moves through), not the page's markup. xterm.js's live region is left out: for a
    full-screen app it soon says only "Too much output to announce" (docs/accessibility.md)."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    by_id = {node["nodeId"]: node for node in nodes}

    def text(node) -> str:
        if node.get("role", {}).get("value") in ("StaticText", "text"):
            return node.get("name", {}).get("value", "")
        return "".join(text(by_id[child]) for child in node.get("childIds", []) if child in by_id)

    return "\n".join(text(node) for node in nodes
                     if node.get("role", {}).get("value") == "listitem" and not node.get("ignored"))


def wait_for_accessible(page, *words: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = accessible_text(page)
        if all(word in text for word in words):
            return text
        if time.monotonic() > deadline:
            pytest.fail(f"{words} never reached the accessibility tree; it holds:\n{text}")
        page.wait_for_timeout(200)


def start_serving(tmp_path):
    port = _free_port()
    argv = ["-m", "course", "--lessons", str(FIXTURE), "serve", "--port", str(port),
            "--progress", str(tmp_path / "progress.toml")]
    return served(argv, port, tmp_path)


def test_a_screen_reader_can_read_the_served_screen_and_follows_it_as_it_changes(browser, tmp_path):
    with start_serving(tmp_path) as url:
        tab = BrowserTerminal(browser, url)
        tab.wait_for("Who are you?", timeout=30)
        welcome = wait_for_accessible(tab.page, "Welcome to Before Your First Visit", "988", "not medical advice",
                                      "Who are you?")
        assert "Course map" not in welcome
        tab.press("ArrowDown", "Enter", "Enter")
        screen = wait_for_accessible(tab.page, "Course map", "Welcome to the clinic")
        assert "Who are you?" not in screen, "the tree follows the screen, not an old copy of it"
        tab.press("Enter")
        wait_for_accessible(tab.page, "Lesson 1 of 2", "Please arrive 15 minutes early")


def test_a_click_on_the_served_welcome_never_strands_the_keyboard(browser, tmp_path):
    """Browser users click: a click on the welcome's text, then the keys, still start the course."""
    with start_serving(tmp_path) as url:
        tab = BrowserTerminal(browser, url)
        tab.wait_for("Who are you?", timeout=30)
        terminal = tab.page.locator(".xterm-screen")
        box = terminal.bounding_box()
        tab.page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.15)  # on the notice
        tab.page.wait_for_timeout(300)
        tab.press("ArrowDown", "Enter", "S", "a")
        tab.page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.3)
        tab.page.wait_for_timeout(300)
        tab.page.keyboard.press("m")  # the keyboard still goes to the name field
        tab.page.wait_for_timeout(250)
        tab.page.keyboard.press("Enter")
        tab.wait_for("Course map", "Sam · Peer-support volunteer")


async def test_the_page_script_turns_on_screen_reader_mode_and_nothing_else_changes():
    from aiohttp.test_utils import TestClient, TestServer

    from course.web import serve

    server = serve.CourseServer("true", host="127.0.0.1", port=8000, title="A course")
    original = (serve.Path(server.statics_path) / "js" / "textual.js").read_text(encoding="utf-8")
    async with TestClient(TestServer(await server._make_app())) as client:
        served_script = await (await client.get(serve.SCRIPT_PATH)).text()
        styles = await client.get("/static/css/xterm.css")
    assert served_script.count("screenReaderMode:!0,") == 1
    assert served_script.replace("screenReaderMode:!0,", "", 1) == original
    assert styles.status == 200, "the other static files are served as before"
