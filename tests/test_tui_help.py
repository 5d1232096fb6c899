"""Help is the same in the app (F1) and on the command line (`read help`), and names every key."""

from __future__ import annotations

import subprocess
import sys

from course.outputs.helptext import KEYS, help_markdown, help_text
from test_tui_support import FIXTURE, SIZE, fixture_course, make_app, start_as


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
    for _, rows in KEYS:
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
            assert "988" in " ".join(str(text.render()) for text in app.screen.query("#crisis Static"))
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


def test_every_key_a_screen_binds_is_in_the_help():
    from course.tui.screens.course_map import MapScreen
    from course.tui.screens.lesson import LessonScreen
    from course.tui.screens.practice import PracticeScreen
    from course.tui.screens.quiz import QuizScreen
    from course.tui.screens.results import ResultsScreen
    from course.tui.screens.export_format import FormatScreen
    from course.tui.screens.group_quiz import GroupQuizScreen
    from course.tui.screens.messages import MessagesScreen
    from course.tui.screens.my_progress import ProgressScreen
    from course.tui.screens.my_questions import MyQuestionsScreen
    from course.tui.screens.presenter import PresenterScreen
    from course.tui.screens.question_editor import QuestionEditorScreen
    from course.tui.screens.room import RoomScreen
    from course.tui.screens.session_exports import SessionExportsScreen
    from course.tui.screens.suggestions import SuggestionsScreen
    from course.tui.widgets.choices import AnswerList

    sections = dict(KEYS)
    names = {"slash": "/", "escape": "Escape", "enter": "Enter", "right": "Right", "left": "Left",
             "space": "Space", "f1": "F1", "f2": "F2", "question_mark": "?", "exclamation_mark": "!",
             "up": "Up", "down": "Down", "pageup": "PgUp", "pagedown": "PgDn", "shift+up": "Shift+Up",
             "shift+down": "Shift+Up/Down", "left_square_bracket": "[", "right_square_bracket": "]",
             "delete": "Delete", "ctrl+z": "Ctrl+Z", "full_stop": "."}
    windows = "Windows: export, suggestions, messages"
    where = {MapScreen: "Course map", LessonScreen: "Reading a lesson", QuizScreen: "Quiz and practice",
             PracticeScreen: "Quiz and practice", AnswerList: "Quiz and practice", ResultsScreen: "Quiz results",
             MyQuestionsScreen: "My questions", ProgressScreen: "My progress",
             PresenterScreen: "Presenter view (facilitators)", GroupQuizScreen: "Group quiz (facilitators)",
             FormatScreen: windows, SessionExportsScreen: windows, SuggestionsScreen: windows, MessagesScreen: windows,
             QuestionEditorScreen: windows, RoomScreen: "Room quiz (facilitators)"}
    for screen, section in where.items():
        documented = " ".join(keys for keys, _ in sections[section] + sections["Everywhere"])
        for binding in screen.BINDINGS:
            for key in binding.key.split(","):
                shown = names.get(key, key)
                if shown.isdigit():
                    shown = "1 to 9"
                assert shown in documented, f"{screen.__name__}: key {key} ({binding.description}) is not in the help"
