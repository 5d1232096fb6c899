"""Accessibility: readable colours, nothing by colour alone, keyboard and calm defaults, plain text.

Complements test_tui_theme.py (the theme's own colour table) by checking the colours as the app
actually resolves and draws them, on every screen. Contrast follows WCAG 2.x; body text needs
4.5:1 (level AA).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from test_tui_support import SIZE, answer_keys, make_app
from test_tui_theme import contrast
from textual.color import Color
from textual.screen import ModalScreen
from textual.widgets import Input

from course import cli
from course.content.loader import load_course
from course.progress.model import finish_lesson, open_section
from course.progress.store import ProgressStore
from course.tui.theme import HIGH_CONTRAST_NAME, READ_PAIRS

AA_BODY_TEXT = 4.5


def ratio(ink: Color, paper: Color) -> float:
    return contrast(ink.hex, paper.hex)


# --- the high-contrast theme, as the app resolves it ---------------------------------------------

@pytest.mark.parametrize(("text", "background"), READ_PAIRS, ids=[f"{t} on {b}" for t, b in READ_PAIRS])
def test_high_contrast_colours_as_the_app_resolves_them_meet_wcag_aa(tmp_path, text, background):
    """The theme's variables after Textual derives and merges them: what the stylesheets really get."""
    app = make_app(tmp_path / "progress.toml", theme=HIGH_CONTRAST_NAME)
    colours = app.get_css_variables()
    paper = Color.parse(colours[background])
    ink = paper + Color.parse(colours[text])  # a translucent colour is seen over its background
    assert ratio(ink, paper) >= AA_BODY_TEXT, f"${text} on ${background}: {ink.hex} on {paper.hex}"


# --- every screen, as drawn ----------------------------------------------------------------------

def _low_contrast_text(app) -> list[str]:
    """Every run of drawn text on the current screen below 4.5:1, described for the failure message.

    A modal screen is checked where it draws itself: the screen behind it is faded on purpose.
    """
    screen = app.screen
    regions = [child.region for child in screen.children] if isinstance(screen, ModalScreen) else [screen.region]
    found = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            start, x = x, x + segment.cell_length
            text, style = segment.text, segment.style
            if style is None or not any(ch.isalnum() or ch in "✓✗●○◐›" for ch in text):
                continue  # borders, bars and separators are not text to read
            if not any(region.contains(start, y) for region in regions):
                continue
            ink, paper = style.color, style.bgcolor
            if ink is None or paper is None:
                found.append(f"{type(screen).__name__} line {y}: {text.strip()!r} has no explicit colours")
                continue
            ink, paper = Color.from_rich_color(ink), Color.from_rich_color(paper)
            if style.reverse:
                ink, paper = paper, ink
            if style.dim:
                ink = ink.blend(paper, 0.5)  # terminals draw dim text at about half strength
            if (measured := ratio(ink, paper)) < AA_BODY_TEXT:
                found.append(f"{type(screen).__name__} line {y}: {text.strip()!r} {ink.hex} on {paper.hex} = {measured:.2f}:1")
    return found


async def test_every_screen_drawn_in_high_contrast_meets_wcag_aa(tmp_path):
    """Walk the app as a facilitator (the role that sees the most) and check every text run drawn."""
    app = make_app(tmp_path / "progress.toml", seed=7, theme=HIGH_CONTRAST_NAME)
    journey = [  # keys, then the screen they lead to (the quiz order is fixed by the seeded rng)
        ((), "WelcomeScreen"),
        (("down", "down", "enter", "enter"), "MapScreen"),  # a facilitator without a name
        (("enter",), "LessonScreen"), (("f",), "LessonScreen"),  # with the facilitator notes beside it
        (("f1",), "HelpScreen"), (("escape",), "LessonScreen"),
        (("f2",), "CrisisScreen"), (("escape",), "LessonScreen"), (("escape",), "MapScreen"),
        (("q",), "QuizScreen"), (("1", "enter"), "QuizScreen"),  # tick, answer: feedback
        (("enter",), "QuizScreen"), (("1",), "QuizScreen"),  # next question, answered: feedback
        (("enter",), "ResultsScreen"), (("p",), "PracticeScreen"), (("escape",), "MapScreen"),
        (("ctrl+p",), "CommandPalette"), (tuple("high"), "CommandPalette"), (("escape",), "MapScreen"),
        (("slash",), "SearchScreen"), (tuple("arrive"), "SearchScreen"), (("escape",), "MapScreen"),
        (("m",), "MyQuestionsScreen"), (("s",), "SuggestionsScreen"), (("enter",), "SuggestionsScreen"),
        (("escape",), "MyQuestionsScreen"), (("a",), "QuestionEditorScreen"), (("W", "h", "y", "?", "enter"), "MyQuestionsScreen"),
        (("space",), "MyQuestionsScreen"), (("x",), "FormatScreen"), (("escape",), "MyQuestionsScreen"),
        (("escape",), "MapScreen"),
        (("l",), "LearnersScreen"), (("escape",), "MapScreen"),
        (("r",), "ProgressScreen"), (("escape",), "MapScreen"),
        (("enter",), "LessonScreen"), (("p",), "PresenterScreen"), (("right",), "PresenterScreen"),
        (("escape",), "LessonScreen"), (("g",), "GroupQuizScreen"), (("enter",), "GroupQuizScreen"),  # revealed
        (("escape",), "LessonScreen"), (("x",), "SessionExportsScreen"), (("escape",), "LessonScreen"),
    ]
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for keys, expected in journey:
            await pilot.press(*keys)
            await pilot.pause()
            shown = type(app.screen).__name__
            assert shown == expected, f"after {keys} the app shows {shown}, not {expected}"
            assert app.focused is not None, f"nothing has keyboard focus on {shown}"
            assert not [field.id for field in app.screen.query(Input) if field.cursor_blink], shown
            problems += [f"after {' '.join(keys) or 'start'}: {problem}" for problem in _low_contrast_text(app)]
    assert not problems, "text below WCAG AA in the high-contrast theme:\n" + "\n".join(dict.fromkeys(problems))


# --- nothing by colour alone ---------------------------------------------------------------------

def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def returning_learner_app(tmp_path, role: str = "volunteer", **options):
    app = make_app(tmp_path / "progress.toml", **options)
    app.progress.add_learner("Ana", role)
    return app


async def test_done_lessons_are_marked_in_words_and_a_symbol(tmp_path):
    app = returning_learner_app(tmp_path)
    first, second = app.course.modules
    finish_lesson(app.learner, first.id)
    open_section(app.learner, second.id, 0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    assert f"✓ 1. {first.title}" in shown and "Done" in shown
    assert f"◐ 2. {second.title}" in shown and "In progress" in shown


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
async def test_quiz_feedback_says_right_or_wrong_in_words_and_symbols(tmp_path, right):
    app = returning_learner_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        quiz = app.screen
        await pilot.press(*answer_keys(quiz.drawn[quiz.index], right))
        await pilot.pause()
        shown = screen_text(app)
    if right:
        assert "✓ Correct" in shown
    else:
        assert "✗ Not quite" in shown
        assert "(right answer)" in shown, "the right answer is named in words, not only shown in green"


async def test_the_chosen_role_carries_a_symbol(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "● Patient" in screen_text(app) and "○ Peer-support" in screen_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert "○ Patient" in screen_text(app) and "● Peer-support" in screen_text(app)


# --- time and choice of theme --------------------------------------------------------------------

def test_no_screen_sets_a_time_limit():
    """No timers in the screens: reading and answering are never hurried."""
    screens = Path(cli.__file__).parent / "tui" / "screens"
    timed = [path.name for path in screens.glob("*.py")
             if "set_timer(" in path.read_text() or "set_interval(" in path.read_text()]
    assert not timed, f"these screens start timers; make sure none limits reading or answering: {timed}"


async def test_high_contrast_is_offered_in_the_command_palette_and_remembered(tmp_path):
    app = returning_learner_app(tmp_path, role="patient")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"high contrast")
        await pilot.pause(0.3)  # the palette searches in the background
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_NAME
    app.flush_saves()
    assert ProgressStore.open(tmp_path / "progress.toml").data.active.theme == HIGH_CONTRAST_NAME


# --- plain text for screen readers, printing and pipes -------------------------------------------

class Terminal(io.StringIO):
    """Standard output that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def read(argv: list[str], monkeypatch, *, terminal: bool = False) -> str:
    out = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert cli.main(["read", *argv]) == 0
    return out.getvalue()


def every_read(course) -> list[list[str]]:
    lessons = [str(n) for n in range(1, len(course.modules) + 1)]
    return ([[]] + [["help"]] + [["all"]] + [[n] for n in lessons]
            + [[n, "--quiz", "--facilitator"] for n in lessons] + [[n, "--answers"] for n in lessons])


@pytest.fixture(scope="module")
def shipped_course():
    from course.paths import default_lessons_dir

    return load_course(default_lessons_dir())


def test_read_output_has_no_escape_codes_when_piped(shipped_course, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for argv in every_read(shipped_course):
        assert "\x1b" not in read(argv, monkeypatch), f"escape codes in: read {' '.join(argv)}"


def test_read_output_has_no_escape_codes_with_no_color_on_a_terminal(shipped_course, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    for argv in every_read(shipped_course):
        assert "\x1b" not in read(argv, monkeypatch, terminal=True), f"escape codes in: read {' '.join(argv)}"


def test_read_help_is_the_apps_help_as_text(shipped_course, monkeypatch):
    text = read(["help"], monkeypatch)
    assert text.startswith(f"Help: {shipped_course.title}")
    assert "988" in text and "F1" in text and "Ctrl+P" in text


def test_read_all_is_every_lesson_in_order(shipped_course, monkeypatch):
    text = read(["all"], monkeypatch)
    places = [text.index(f"Lesson {n}: {module.title}") for n, module in enumerate(shipped_course.modules, start=1)]
    assert places == sorted(places)


def test_quiz_answers_are_hidden_unless_asked_for(shipped_course, monkeypatch):
    for number in range(1, len(shipped_course.modules) + 1):
        assert "[correct]" not in read([str(number), "--quiz"], monkeypatch)
        assert "[correct]" in read([str(number), "--answers"], monkeypatch)
