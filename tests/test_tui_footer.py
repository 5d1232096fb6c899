"""Footers that fit: at 80×24 every screen shows its must-show keys (the keymap's ALWAYS ones:
help, the crisis line, quit, the palette, the way back, the main outcome), read from the screen
as drawn, also while a text field has the focus; titles are not cut; the footer drops the least
important keys first. A test fails when a screen is added that no test here draws."""

from __future__ import annotations

import pytest
from test_keymap import course_classes
from test_tui_shared_screens import room_app
from test_tui_support import MemoryStore, answer_keys, make_app, screen_text, start_as
from textual.screen import Screen
from textual.widgets import Input

from course.i18n import _
from course.keymap import ALWAYS, BY_ID

NARROW = (80, 24)
PATIENT, VOLUNTEER, FACILITATOR = 0, 1, 2

# The screens each test below draws at 80×24 (it checks it saw exactly these), and the screens
# with no footer at all, with the reason: together, every screen the app has.
WALKED = {"WelcomeScreen", "MapScreen", "HelpScreen", "CrisisScreen", "LearnersScreen", "SearchScreen",
          "MessagesScreen", "LessonScreen", "AddQuestionScreen", "QuizScreen", "ResultsScreen", "PracticeScreen",
          "MyQuestionsScreen", "QuestionEditorScreen", "SuggestionsScreen", "FormatScreen", "ProgressScreen",
          "CommandPalette"}
FACILITATORS_ALSO = {"PresenterScreen", "GroupQuizScreen", "SessionExportsScreen"}
WINDOWS = {"AskScreen", "YourDataScreen", "PickScreen", "ConfirmScreen"}
ROOM = {"RoomScreen", "AskScreen"}
NO_FOOTER = {
    "BlankScreen": "the projector's black screen shows nothing at all; its keys, F1, F2 and Ctrl+Q still work",
    "TooSmallScreen": "shown only below a screen's minimum size; its text says Ctrl+Q quits and lists the crisis line",
}
# Screens whose text field has the focus when they open: F2 and Quit must show while typing.
TYPING = {"WelcomeScreen", "SearchScreen", "QuestionEditorScreen", "CommandPalette"}


def must_show(app) -> list[tuple[str, str, str]]:
    """(key, label, short label) of each ALWAYS key active and usable on this screen (the data)."""
    found = {}
    for binding in (active.binding for active in app.screen.active_bindings.values() if active.enabled):
        command = BY_ID.get(binding.id or "")
        if command is not None and command.footer == ALWAYS and command.id not in found:
            found[command.id] = (app.get_key_display(binding), _(command.label), _(command.short or command.label))
    return list(found.values())


def check_footer(app, *also: str) -> str:
    """The footer row as drawn holds every must-show key, with its label or short label."""
    footer = screen_text(app).splitlines()[-1]
    for key, label, short in must_show(app):
        assert f"{key} {label}" in footer or f"{key} {short}" in footer, (type(app.screen).__name__, key, footer)
    for words in ("F1 Help", "F2 Crisis", "^q Quit", *also):
        assert words in footer, (type(app.screen).__name__, words, footer)
    return footer


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def header(app) -> str:
    return screen_text(app).splitlines()[0]


@pytest.mark.parametrize("role", [PATIENT, VOLUNTEER, FACILITATOR], ids=["patient", "volunteer", "facilitator"])
async def test_every_screen_shows_its_must_show_keys_at_80_columns(role):
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=NARROW) as pilot:
        seen, typing = [], set()

        def here(*also: str) -> None:
            seen.append(type(app.screen).__name__)
            if isinstance(app.focused, Input):
                typing.add(seen[-1])
            check_footer(app, *also)

        await pilot.pause()
        here("↵ Next")  # welcome, the role list
        await press(pilot, *["down"] * role, "enter")
        here()  # welcome, the name field: F2 stays while typing
        await press(pilot, *"Sam", "enter")
        here("c Continue", "m Questions", "l Learner")  # the course map
        for keys, words in ((["f1"], "esc Close"), (["f2"], "esc Close"), (["l"], "esc Close"),
                            (["slash"], "esc Close")):
            await press(pilot, *keys)
            here(words)
            await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        here("esc Close")  # the palette, typing in its field
        await press(pilot, *"messages")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        here("esc Close")
        await press(pilot, "escape")

        await press(pilot, "enter")  # the lesson
        here("→ Next", "esc Back")
        assert "Lesson" in header(app) and not header(app).rstrip().endswith("…")
        await press(pilot, "a")
        here("esc Cancel")
        await press(pilot, "escape", "q")  # the quiz
        here("↵ Answer", "esc Leave")
        quiz = app.screen
        await press(pilot, *answer_keys(quiz.drawn[0], right=False))
        here("esc Leave")  # Enter shows the rest of the feedback, then the next question
        while app.screen is quiz:  # the rest of the quiz, one more answer wrong
            if quiz.answered:
                await press(pilot, "enter")
            else:
                await press(pilot, *answer_keys(quiz.drawn[quiz.index], right=quiz.index != 1))
        here("r Retake")
        await press(pilot, "p")  # practise what was missed
        here("esc Stop")
        await press(pilot, "escape")

        await press(pilot, "m")  # my questions: export is the patient's main outcome
        here("x Export", "esc Back")
        assert header(app).rstrip().endswith("— My questions"), header(app)
        for keys, words in ((["a"], "esc Cancel"), (["s"], "esc Done")):
            await press(pilot, *keys)
            here(words)
            await press(pilot, "escape")
        await press(pilot, "x")
        here("esc Cancel")
        await press(pilot, "escape", "escape", "r")  # my progress: the record is for assessed learners
        here("esc Back", *(["x Export"] if role == VOLUNTEER else []))
        await press(pilot, "escape")

        if role == FACILITATOR:
            await press(pilot, "enter", "p")
            here("→ Next", "esc Leave")
            await press(pilot, "escape", "g")
            here("↵ Reveal", "esc Leave")
            await press(pilot, "escape", "x")
            here("esc Cancel")
        assert set(seen) == WALKED | (FACILITATORS_ALSO if role == FACILITATOR else set())
        assert typing == TYPING, "F2 and Quit were checked with a text field focused on each of these screens"


async def test_the_yes_or_no_windows_show_their_keys_at_80_columns():
    """Leaving a quiz half done asks; resetting progress picks a lesson and asks yes or no."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=NARROW) as pilot:
        seen = []

        def here(*also: str) -> None:
            seen.append(type(app.screen).__name__)
            check_footer(app, *also)

        await start_as(pilot, PATIENT)
        await press(pilot, "enter", "right", "escape", "q")  # read a page, then start the quiz
        await press(pilot, *answer_keys(app.screen.drawn[0], right=True), "escape")
        here("esc Cancel")  # leave the quiz? keep, discard or go back
        await press(pilot, "down", "enter")  # discard and leave
        await press(pilot, "ctrl+p", *"reset or delete")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        here("esc Close")
        await press(pilot, "enter")  # start a lesson again: which one?
        here("esc Cancel")
        await press(pilot, "enter")  # this one: sure?
        here("y Yes", "n No, keep it")
        await press(pilot, "n")
        assert type(app.screen).__name__ == "YourDataScreen" and app.learner.lessons, "no keeps everything"
        assert set(seen) == WINDOWS


async def test_the_room_screen_shows_its_keys_at_80_columns(tmp_path):
    app, room = room_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        seen = []

        def here(*also: str) -> None:
            seen.append(type(app.screen).__name__)
            check_footer(app, *also)

        await pilot.pause()
        here("↵ Open", "esc Close")  # waiting for people to join
        await press(pilot, "enter")
        here("↵ Reveal", "s Spread", "e Save")
        await press(pilot, "enter")
        here("↵ Next")
        await press(pilot, "escape")  # close the room? save the summary first, or not
        here("esc Cancel")
        assert set(seen) == ROOM


async def test_the_black_screen_shows_nothing_but_its_keys_and_the_crisis_line_work(tmp_path):
    app, room = room_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await press(pilot, "enter", "b")
        assert type(app.screen).__name__ == "BlankScreen" and not screen_text(app).strip()
        await press(pilot, "f2")
        assert type(app.screen).__name__ == "CrisisScreen"
        await press(pilot, "escape", "b")
        assert type(app.screen).__name__ == "RoomScreen"


def test_every_screen_is_drawn_by_a_footer_test_or_has_no_footer_for_a_stated_reason():
    bases = {"CourseScreen", "CourseModalScreen"}  # course/tui/screens/base.py: never shown themselves
    screens = {cls.__name__ for cls in course_classes() if issubclass(cls, Screen)} - bases
    checked = WALKED | FACILITATORS_ALSO | WINDOWS | ROOM
    assert screens == checked | set(NO_FOOTER), "a new screen: draw it at 80×24 in a test here"
    assert not checked & set(NO_FOOTER)


async def test_the_crisis_line_stays_in_the_footer_while_typing_a_name():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=NARROW) as pilot:
        await press(pilot, "enter", *"Al")
        assert app.focused.id == "name"
        check_footer(app)


async def test_a_wider_terminal_shows_more_keys_with_their_full_labels():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=(160, 30)) as pilot:
        await start_as(pilot)
        wide = screen_text(app).splitlines()[-1]
        assert "F2 Crisis line" in wide and "/ Search" in wide and "q Quiz" in wide and "r My progress" in wide
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        narrow = check_footer(app, "m Questions")
        assert "F2 Crisis " in narrow and "F2 Crisis line" not in narrow and "q Quiz" not in narrow


def test_the_footer_leaves_out_extra_keys_first_then_main_ones_from_the_right():
    from course.tui.widgets.footer import CourseFooter, Key

    footer = CourseFooter()
    footer.keys = [Key("f1", "F1", "Help", "Help", ALWAYS, True, "help"),
                   Key("a", "a", "Alpha", "A", 2, True, "one"),
                   Key("b", "b", "Beta", "B", 3, True, "two"),
                   Key("c", "c", "Gamma", "G", 2, True, "three"),
                   Key("escape", "esc", "Back", "Back", ALWAYS, True, "back")]
    assert [key.id for key in footer.fit(200)[0]] == ["help", "one", "two", "three", "back"]
    assert footer.fit(200)[1:] == (False, set())
    assert footer.fit(41)[1:] == (True, set())  # packed closer first
    shown, compact, short = footer.fit(38)  # then the least important key's short label
    assert len(shown) == 5 and [key.id for key in short] == ["two"]
    shown, compact, short = footer.fit(22)
    assert [key.id for key in shown] == ["help", "one", "back"]  # EXTRA gave way, then the rightmost MAIN
    assert {key.id for key in short} == {"one"}
    assert [key.id for key in footer.fit(5)[0]] == ["help", "back"]  # ALWAYS keys stay, whatever the width


async def test_after_the_feedback_the_footer_says_enter_is_the_next_question():
    """A reading region's hidden "read on" (Space, Enter) gives way when there is nothing below."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await press(pilot, "q")
        await press(pilot, *answer_keys(app.screen.drawn[0], right=False))
        assert "↵ Next question" in screen_text(app).splitlines()[-1]
