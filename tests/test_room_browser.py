"""The room quiz end to end: the facilitator's app driven by Pilot, five participants in real
headless Chromium (Playwright, Debian's chromium; never `playwright install`), one of them
without JavaScript, two on 360-pixel phones. Join, answer, change an answer, spread, reveal,
next, summary; and axe-core checks the participant's page for WCAG 2.2 A/AA violations.

Everything runs in one event loop, as in real use: the app, the room's server inside it, and
Playwright's async API talking to the browser.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from test_serve import CHROMIUM, CHROMIUM_ARGS
from test_tui_support import fixture_course

from course.learning.room import Room, room_questions
from course.progress.store import ProgressStore
from course.tui.screens.room import RoomScreen

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1280, "height": 720}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
async def chromium():
    try:
        from playwright.async_api import Error, async_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: pip install '.[test]'")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    async with async_playwright() as playwright:
        try:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} could not start: {str(error).splitlines()[0]}")
        try:
            yield browser
        finally:
            await browser.close()


def room_server(room, host, port):
    from course.web.room.server import RoomServer

    return RoomServer(room, host, port)


def facilitator_app(tmp_path: Path, room: Room):
    from course.tui.app import CourseApp

    store = ProgressStore.open(tmp_path / "progress.toml")
    return CourseApp(room.course, store, room_server=room_server,
                     first_screen=lambda: RoomScreen(room, "127.0.0.1", 0, exit_when_closed=True))


def shared_screen(app) -> str:
    """What the room sees on the facilitator's screen."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until(condition, pilot, what: str, timeout: float = 10) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


async def expect_text(page, text: str, timeout: float = 10_000) -> None:
    from playwright.async_api import TimeoutError as Timeout

    try:
        await page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    except Timeout:
        body = await page.evaluate("document.body ? document.body.innerText : ''")
        raise AssertionError(f"{text!r} did not appear at {page.url}; the page shows:\n{body}") from None


async def check_accessibility(page) -> None:
    """axe-core in the page (loaded into a context that may bypass the page's strict CSP)."""
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_22_AA}}}}})")
    problems = [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']]})" for v in result["violations"]]
    assert not problems, "\n".join(problems)
    assert result["passes"], "axe ran no check at all"


async def test_a_room_quiz_with_five_participants_in_real_browsers(chromium, tmp_path, monkeypatch):
    monkeypatch.setattr("course.tui.delivery.export_folder", lambda: tmp_path)
    course = fixture_course()
    room = Room(course, room_questions(course))
    app = facilitator_app(tmp_path, room)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await until(lambda: screen.server is not None, pilot, "the room opening")
        assert f"Code: {room.code[:3]} {room.code[3:]}" in shared_screen(app)
        join_url = screen.server.join_url

        # five participants: two phones, a laptop, a projector-sized window, and one without JavaScript
        sizes = [PHONE, PHONE, {"width": 1024, "height": 768}, PROJECTOR, PHONE]
        contexts = [await chromium.new_context(viewport=size, java_script_enabled=(n != 4)) for n, size in enumerate(sizes)]
        pages = [await context.new_page() for context in contexts]
        live, no_js = pages[:4], pages[4]
        for page in pages:
            await page.goto(join_url)
            await page.get_by_role("button", name="Join").click()
            await expect_text(page, "You are in the room")
        await until(lambda: len(room.participants) == 5, pilot, "five people joining")
        await until(lambda: "5 people in the room" in shared_screen(app), pilot, "the count of people")

        # the first question opens on every device by itself (JavaScript) or by the link (without)
        await pilot.press("enter")
        for page in live:
            await expect_text(page, "Question 1 of")
        await no_js.get_by_role("link", name="Check for the next question").click()
        await expect_text(no_js, "Question 1 of")
        question = room.current.question
        right = min(question.correct_indexes)
        wrong = next(i for i in range(len(question.options)) if i not in question.correct_indexes)

        # everyone answers; one changes their mind
        choices = [right, right, wrong, wrong, right]
        for page, choice in zip(pages, choices):
            await page.locator(f"#option-{choice}").check()
            await page.get_by_role("button", name="Send my answer").click()
            await expect_text(page, "Your answer:")
        await pages[2].locator(f"#option-{right}").check()
        await pages[2].get_by_role("button", name="Change my answer").click()
        await expect_text(pages[2], "Your answer: " + "ABCD"[right])
        await until(lambda: "Answered: 5 of 5" in shared_screen(app), pilot, "five answers on the shared screen")
        assert room.counts()[right] == 4 and room.counts()[wrong] == 1

        # the spread, in words and numbers, when the facilitator chooses
        assert "4 of 5 (80%)" not in shared_screen(app)
        await pilot.press("s")
        await until(lambda: "4 of 5 (80%)" in shared_screen(app), pilot, "the spread")
        assert "1 of 5 (20%)" in shared_screen(app)

        # the reveal reaches every device; answers are closed
        await pilot.press("enter")
        for page in live:
            await expect_text(page, "✓ Right answer")
        await expect_text(pages[0], "Your answer was right.")
        await expect_text(pages[3], "Your answer was not right this time.")
        await no_js.reload()
        await expect_text(no_js, "Your answer was right.")
        assert "4 right (80%)" in shared_screen(app)

        # next question, then the end and the summary
        await pilot.press("enter")
        for page in live:
            await expect_text(page, "Question 2 of")
        await pages[0].locator("#option-0").check()
        await pages[0].get_by_role("button", name="Send my answer").click()
        await expect_text(pages[0], "Your answer: A")
        while room.phase != "ended":  # reveal, next … to the end of the quiz
            await pilot.press("enter")
        for page in live:
            await expect_text(page, "The quiz has ended")
        await until(lambda: "The quiz has ended" in shared_screen(app), pilot, "the end on the shared screen")
        await pilot.press("e")
        await until(lambda: len(list(tmp_path.glob("room-quiz-*"))) == 2, pilot, "the summary files")
        await pilot.press("escape")
        await pilot.press("down", "enter")  # close without saving again: the room is forgotten
        await until(lambda: not app.is_running or not room.participants, pilot, "the room closing")
        for context in contexts:
            await context.close()
    assert not room.participants and not room.answers, "nothing about participants is kept"
    (table,) = tmp_path.glob("room-quiz-*.csv")
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    first = [row for row in rows if row["question_id"] == question.id]
    assert [int(row["chose"]) for row in first] == [o.chosen for o in room.summary().questions[0].options]
    assert {row["answered"] for row in first} == {"5"} and {row["right"] for row in first} == {"4"}
    markdown = next(tmp_path.glob("room-quiz-*.md")).read_text(encoding="utf-8")
    assert "Most missed" in markdown and "token" not in markdown.lower()


async def test_the_participant_page_fits_a_360_pixel_phone(chromium, tmp_path):
    """No sideways scrolling on a small phone, even for the longest question, and big targets."""
    course = fixture_course()
    room = Room(course, room_questions(course))
    app = facilitator_app(tmp_path, room)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: app.screen.server is not None, pilot, "the room opening")
        context = await chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
        page = await context.new_page()
        await page.goto(app.screen.server.join_url)
        await page.get_by_role("button", name="Join").click()
        await pilot.press("enter")
        await expect_text(page, "Question 1 of")
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = await page.locator("label.option").first.bounding_box()
        assert box["height"] >= 44, "a target a thumb can hit"
        await page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        await context.close()


async def test_the_participant_page_meets_wcag_22_aa(chromium, tmp_path):
    """axe-core on every state of the page: joining, waiting, a question answered, revealed, ended."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run npm ci --prefix tests/axe (.ci/run does)")
    course = fixture_course()
    room = Room(course, room_questions(course), nicknames=True)
    app = facilitator_app(tmp_path, room)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: app.screen.server is not None, pilot, "the room opening")
        for viewport, scheme in ((PHONE, "light"), (PROJECTOR, "dark")):
            # a context that may add axe's script despite the page's strict CSP
            context = await chromium.new_context(viewport=viewport, bypass_csp=True, color_scheme=scheme)
            page = await context.new_page()
            await page.goto(app.screen.server.address)  # no code yet: the form asks for it
            await check_accessibility(page)
            await page.goto(app.screen.server.join_url)
            await check_accessibility(page)
            await page.get_by_role("button", name="Join").click()
            await expect_text(page, "You are in the room" if room.phase == "lobby" else "Question 1 of")
            await check_accessibility(page)
            if room.phase == "lobby":
                await pilot.press("enter")
            await expect_text(page, "Question 1 of")
            await page.locator("#option-1").check()
            await page.get_by_role("button", name="Send my answer").click()
            await expect_text(page, "Your answer: B")
            await check_accessibility(page)
            await context.close()
        await pilot.press("enter")
        context = await chromium.new_context(viewport=PHONE, bypass_csp=True)
        page = await context.new_page()
        await page.goto(app.screen.server.join_url)
        await page.get_by_role("button", name="Join").click()
        await expect_text(page, "✓ Right answer")
        await check_accessibility(page)
        while room.phase != "ended":
            await pilot.press("enter")
        await expect_text(page, "The quiz has ended")
        await check_accessibility(page)
        await context.close()


def test_axe_is_where_ci_puts_it():
    """.ci/run installs axe-core into the folder the browser test reads it from."""
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "npm ci --prefix tests/axe" in ci

