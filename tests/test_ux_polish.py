"""Small things QA found that a person sees: each test here failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.loader import load_course
from course.i18n import use_language

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


def test_the_facilitators_headings_are_spanish_in_the_spanish_edition():
    from course.tui.screens.lesson import facilitator_markdown

    english = load_course(SHIPPED)
    module = next(m for m in english.modules if m.facilitator is not None and m.facilitator.agenda)
    english_headings = re.findall(r"^\*\*(.+)\*\*$", facilitator_markdown(module), re.M)
    use_language("es")
    spanish = load_course(SHIPPED, "es")
    spanish_headings = re.findall(r"^\*\*(.+)\*\*$", facilitator_markdown(spanish.module(module.id)), re.M)
    assert len(spanish_headings) == len(english_headings) >= 4
    assert not set(spanish_headings) & set(english_headings), spanish_headings


TYPED_AHEAD = [("ctrl+j", "\n"), ("A", "A"), ("n", "n"), ("a", "a"), ("ctrl+j", "\n")]


def early_typist(tmp_path: Path):
    """The app, with Enter, "Ana", Enter typed while it starts: they reach it before the first
    screen is up, and each Enter (turned into a newline by the terminal, which was still in
    cooked mode) arrives as Ctrl+J."""
    import random

    from test_tui_support import fixture_course
    from textual import events

    from course.progress.store import ProgressStore
    from course.tui import app as app_module

    class EarlyTypist(app_module.CourseApp):
        CSS_PATH = str(Path(app_module.__file__).parent / app_module.CourseApp.CSS_PATH)

        async def on_mount(self) -> None:
            for key, character in TYPED_AHEAD:
                self.post_message(events.Key(key, character))
            await super().on_mount()

    return EarlyTypist(fixture_course(), ProgressStore.open(tmp_path / "progress.toml"), rng=random.Random(0),
                       animations=False)


async def test_a_name_and_enter_typed_while_the_app_starts_fill_in_the_welcome(tmp_path):
    app = early_typist(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert app.active_learner.name == "Ana"


async def test_ctrl_j_works_as_enter(tmp_path):
    from test_tui_support import make_app

    app = make_app(tmp_path / "progress.toml", animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+j", *"Ana", "ctrl+j")
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert app.active_learner.name == "Ana"


async def test_ctrl_j_stays_the_learners_when_their_keys_file_binds_it(tmp_path):
    from test_tui_support import make_app

    from course import keymap

    assert not [c.id for c in keymap.KEYMAP if "ctrl+j" in c.keys.split(",")], "the course's own keys leave Ctrl+J"
    keys = tmp_path / "keys.toml"
    keys.write_text('help = "f1,ctrl+j"\n', encoding="utf-8")
    app = make_app(tmp_path / "progress.toml", animations=False, keys_file=keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_patients_lesson_counts_the_lessons_of_their_path_like_the_map():
    """The shipped course has 7 lessons; a patient's path has 6: "Lesson 1 of 6", as the map says."""
    import random

    from test_tui_support import MemoryStore, screen_text

    from course.progress.model import Progress
    from course.tui.app import CourseApp

    progress = Progress()
    progress.add_learner("Ana", "patient")
    course = load_course(SHIPPED)
    app = CourseApp(course, MemoryStore(progress), rng=random.Random(0), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "0 of 6 lessons done" in " ".join(screen_text(app).split())
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
        assert "Lesson 1 of 6: " in screen_text(app)


def test_a_path_that_skips_lessons_gives_no_total_that_would_not_add_up():
    import dataclasses

    from course.content.model import Course
    from course.tui.screens.lesson import lesson_heading

    course = load_course(SHIPPED)
    second = dataclasses.replace(course.modules[1], audiences=["volunteer"])
    skipping = Course(**{**{f.name: getattr(course, f.name) for f in dataclasses.fields(Course)},
                         "modules": [course.modules[0], second, *course.modules[2:]]})
    path = skipping.modules_for("patient")
    assert len(path) == 5 and path[1] is skipping.modules[2]
    assert lesson_heading(skipping, path, skipping.modules[2]) == f"Lesson 3: {skipping.modules[2].title}"
    full = course.modules_for("volunteer")
    assert lesson_heading(course, full, course.modules[6]) == f"Lesson 7 of 7: {course.modules[6].title}"


@pytest.mark.parametrize("width", [80, 100])
async def test_the_results_wrapped_lines_hang_under_their_words_not_their_mark_or_label(width):
    """A missed question's wrapped lines start under its words, not under ✗; the right answers'
    under the first answer, not under "Right answers:"."""
    import random

    from test_tui_support import MemoryStore, answer_keys, screen_text

    from course.progress.model import Progress
    from course.tui.app import CourseApp

    progress = Progress()
    progress.add_learner("Ana", "volunteer")
    app = CourseApp(load_course(SHIPPED), MemoryStore(progress), rng=random.Random(3), animations=False)
    async with app.run_test(size=(width, 200)) as pilot:  # tall: every result on screen at once
        await pilot.pause()
        await pilot.press("down", "down", "down", "q")
        await pilot.pause()
        quiz = app.screen
        while app.screen is quiz:
            await pilot.press(*(["enter"] if quiz.answered else answer_keys(quiz.drawn[quiz.index], right=False)))
            await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        lines = screen_text(app).splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if "What you missed" in line):]
    hung = {"✗ ": 0, "Right answers: ": 0, "Right answer: ": 0}
    for index, line in enumerate(lines):
        for lead in hung:
            column = line.find(lead)
            if column < 0 or line[:column].strip():
                continue
            words = column + len(lead)
            for below in lines[index + 1:]:
                if not below.strip() or below.strip().startswith(("Right answer", "Taught in", "✗")):
                    break
                assert below[:words].strip() == "" and below[words] != " ", f"{below!r} is not under {line!r}"
                hung[lead] += 1
    assert hung["✗ "] and (hung["Right answers: "] or width > 80), hung  # some did wrap


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_rooms_waiting_screen_shows_the_participants_what_to_do_beside_the_qr_code(size):
    import random

    from test_tui_shared_screens import NoServer
    from test_tui_support import MemoryStore, screen_text

    from course.learning.room import Room, room_questions
    from course.tui.app import CourseApp
    from course.tui.screens.room import RoomScreen

    course = load_course(SHIPPED)
    room = Room(course, room_questions(course, [course.module("1")]))
    app = CourseApp(course, MemoryStore(), rng=random.Random(0), room_server=NoServer,
                    first_screen=lambda: RoomScreen(room, exit_when_closed=True))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#room-qr").display, "the QR code is shown at this size"
        region = app.screen.query_one("#room-how").region  # beside the QR code: its own columns of the screen
        lines = screen_text(app).splitlines()
        assert region.bottom <= len(lines) - 2, "above the footer and the next step"
        shown = " ".join(" ".join(line[region.x:region.right] for line in lines[region.y:region.bottom]).split())
        assert shown == ("Participants: open the address on your phone or laptop, or scan the QR code, and enter the "
                         "code. No account or name is needed.")
        assert "more lines below" not in screen_text(app)
        await pilot.press("j")  # the join details hidden: the instructions are on the stage
        await pilot.pause()
        assert "No account or name is needed." in " ".join(screen_text(app).split())


async def test_space_never_answers_a_one_answer_question(tmp_path):
    """Space reads a lesson on, and at its end opens the quiz: a second Space answered the first
    question with whatever answer was highlighted. It ticks a several-answers question's answer."""
    from test_tui_support import answer_keys, make_app, start_as

    from course.tui.widgets.choices import AnswerList

    app = make_app(tmp_path / "progress.toml", animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_as(pilot, 1, "Sam")
        await pilot.press("enter", "q")
        await pilot.pause()
        quiz = app.screen
        assert type(quiz).__name__ == "QuizScreen"
        kinds = set()
        for _ in range(len(quiz.drawn)):
            drawn = quiz.drawn[quiz.index]
            kinds.add(drawn.question.kind)
            await pilot.press("space")
            await pilot.pause()
            assert not quiz.answered, "Space answered the question"
            answers = app.screen.query_one(AnswerList)
            if drawn.question.kind == "multiple":
                assert answers.ticked == {answers.highlighted}
                await pilot.press("space")  # untick it again
            await pilot.press(*answer_keys(drawn, right=True))
            await pilot.pause()
            if quiz.index == len(quiz.drawn) - 1:
                break
            await pilot.press("enter")
            await pilot.pause()
        assert "multiple" not in kinds or len(kinds) > 1


async def test_a_dialogs_sentence_longer_than_the_dialog_wraps_and_keeps_its_end():
    """The suggested questions at 80×24: "… Escape when you are done." lost its last words."""
    import random

    from test_tui_support import MemoryStore, screen_text

    from course.progress.model import Progress
    from course.tui.app import CourseApp

    progress = Progress()
    progress.add_learner("Pat", "patient")
    app = CourseApp(load_course(SHIPPED), MemoryStore(progress), rng=random.Random(0), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m", "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SuggestionsScreen"
        box = app.screen.query_one("#suggested").content_region
        lines = screen_text(app).splitlines()[box.y:box.bottom]
        words = " ".join(" ".join(line[box.x:box.right] for line in lines).split())
        assert "Choose with ↑ ↓ and press Enter to add it to your list. Escape when you are done." in words


async def test_enter_twice_on_the_welcome_makes_one_learner_and_one_map(tmp_path):
    """Two Enters in the name field before the map was up made two learners of the same name,
    and the second built the map again while the first was still being laid out (a crash)."""
    from test_tui_support import make_app

    from course.tui.screens.welcome import WelcomeScreen

    app = make_app(tmp_path / "progress.toml", animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        await pilot.press("down", "down", "enter", *"Fay")
        welcome.start()
        welcome.start()  # the second Enter, before the map has replaced the welcome
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert [learner.name for learner in app.progress.learners.values()] == ["Fay"]
