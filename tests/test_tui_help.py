"""Help is the same in the app (F1) and on the command line (`read help`), and names every key."""

from __future__ import annotations

import subprocess
import sys

from test_tui_support import FIXTURE, SIZE, fixture_course, make_app, start_as

from course.keymap import help_sections
from course.outputs.helptext import help_markdown, help_text


def test_read_help_prints_the_help_page_with_the_crisis_line_and_the_notice():
    result = subprocess.run([sys.executable, "-m", "course", "--lessons", str(FIXTURE), "read", "help"],
                            capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": ""}, check=False)
    assert result.returncode == 0, result.stderr
    course = fixture_course()
    assert result.stdout == help_text(course)
    assert "Call or text 988" in result.stdout
    assert course.disclaimer in result.stdout
    assert "\x1b" not in result.stdout


def test_the_app_help_and_the_printed_help_list_the_same_keys():
    course = fixture_course()
    plain, markdown = help_text(course), help_markdown(course)
    for _, rows in help_sections():
        for keys, what in rows:
            assert f"**{keys}**: {what}" in markdown
            assert keys in plain and what.split()[0] in plain


def _shown_bindings(screen):
    return {binding.description for _, binding, _, _ in screen.active_bindings.values() if binding.show}


async def test_help_and_crisis_line_are_one_key_away_on_every_screen(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        visited = []

        async def check_here():
            screen = app.screen
            visited.append(type(screen).__name__)
            assert {"Help", "Crisis line"} <= _shown_bindings(screen), type(screen).__name__
            await pilot.press("f2")
            await pilot.pause()
            assert type(app.screen).__name__ == "CrisisScreen"
            assert "988" in "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # on screen
            await pilot.press("escape")
            await pilot.press("f1")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen

        await check_here()  # welcome
        await start_as(pilot)
        await check_here()  # course map
        await pilot.press("enter")
        await pilot.pause()
        await check_here()  # lesson
        await pilot.press("q")
        await pilot.pause()
        await check_here()  # quiz
        await pilot.press("escape", "m")
        await pilot.pause()
        await check_here()  # my questions
        assert visited == ["WelcomeScreen", "MapScreen", "LessonScreen", "QuizScreen", "MyQuestionsScreen"]


async def test_question_mark_opens_help_except_while_typing(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "?")  # the name field has focus: '?' is part of the name
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.screen.query_one("#name").value == "?"
        await pilot.press("backspace", "enter", "?")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_help_and_the_crisis_line_are_built_once_and_show_the_latest_messages(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        shown = {}
        for key in ("f1", "f2"):
            await pilot.press(key)
            await pilot.pause()
            shown[key] = app.screen
            await pilot.press("escape")
        app.notify("Saved to /tmp/my-questions.html")
        await pilot.pause()
        for key in ("f1", "f2"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is shown[key], "opened again, not built again"
            if key == "f1":
                text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
                assert "Recent messages" in text and "Saved to /tmp/my-questions.html" in text
            await pilot.press("escape")
