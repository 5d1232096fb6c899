"""What each user takes away, in the app: a patient's questions, a volunteer's completion record,
a facilitator's presenter view, group quiz and session files. Keyboard only, with Pilot.

Exports go to a temporary folder (never the real Downloads) and are checked against the same
builders the command line uses.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_exports_support import complete, read_lesson, take_quiz
from test_tui_support import SIZE, answer_quiz, make_app, start_as

from course.outputs.handout import handout_export
from course.outputs.plan import plan_export
from course.outputs.questions import questions_export
from course.outputs.record import verify_text
from course.progress.store import ProgressStore

PATIENT, VOLUNTEER, FACILITATOR = 0, 1, 2


@pytest.fixture
def downloads(tmp_path, monkeypatch):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    monkeypatch.setattr("course.tui.delivery.export_folder", lambda: folder)
    return folder


def screen_name(app) -> str:
    return type(app.screen).__name__


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer_text(app) -> str:
    """The descriptions of the bindings the footer offers now."""
    return " ".join(binding.description for _, binding, enabled, _ in app.screen.active_bindings.values()
                    if enabled and binding.show)


def rows(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#question-list").options]


def texts(app) -> list[str]:
    return [question.text for question in app.learner.questions]


def exported(folder) -> str:
    files = list(folder.iterdir())
    assert len(files) == 1, files
    return files[0].read_text(encoding="utf-8")


# ------------------------------------------------------------------ patients: my questions


async def test_my_questions_write_suggested_edit_reorder_ask_delete_undo_and_export(tmp_path, downloads):
    path = tmp_path / "progress.toml"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, PATIENT, "Robin")
        await pilot.press("m")
        await pilot.pause()
        assert screen_name(app) == "MyQuestionsScreen"
        assert "Your list is empty" in screen_text(app)

        await pilot.press("a", *"Will it hurt?", "enter")  # one of my own
        await pilot.pause()
        assert texts(app) == ["Will it hurt?"]

        await pilot.press("s")  # the lessons' suggestions: the picker stays open to add several
        await pilot.pause()
        assert screen_name(app) == "SuggestionsScreen"
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "✓ in your list" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert texts(app) == ["Will it hurt?", "How long will my first visit take?", "Can I bring someone with me?"]
        assert app.learner.questions[1].module == "welcome"
        assert "suggested by lesson 1: Welcome to the clinic" in rows(app)[1]

        await pilot.press("home", "enter", "ctrl+u", *"Will the injection hurt?", "enter")  # edit
        await pilot.pause()
        assert texts(app)[0] == "Will the injection hurt?"

        await pilot.press("shift+down")  # reorder: the chosen question moves, and stays chosen
        await pilot.pause()
        assert texts(app)[:2] == ["How long will my first visit take?", "Will the injection hurt?"]
        assert rows(app)[1].startswith("› 2. Will the injection hurt?")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert texts(app)[0] == "Will the injection hurt?"

        await pilot.press("down", "space")  # asked, in words and a symbol
        await pilot.pause()
        assert app.learner.questions[1].asked
        assert "✓ asked" in rows(app)[1] and "○ not asked yet" in rows(app)[0]

        await pilot.press("d")  # a stray key deletes ... and z brings it back, in its place
        await pilot.pause()
        assert "How long will my first visit take?" not in texts(app)
        assert "Press z to bring it back" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert texts(app)[1] == "How long will my first visit take?" and app.learner.questions[1].asked
        assert not app.screen.deleted

        await pilot.press("x")
        await pilot.pause()
        assert screen_name(app) == "FormatScreen"
        await pilot.press("down", "down", "enter")  # plain text
        await pilot.pause()
        assert screen_name(app) == "MyQuestionsScreen"
        await app.workers.wait_for_complete()
        learner = app.learner
    app.flush_saves()

    text = exported(downloads)
    assert text == questions_export(app.course, learner, "txt", dt.date.today())
    assert "[ ] Will the injection hurt?" in text and "[x] How long will my first visit take? (asked)" in text
    assert (downloads / "my-questions.txt").stat().st_mode & 0o777 == 0o600
    saved = ProgressStore.open(path).data.active
    assert [q.text for q in saved.questions] == texts_of(learner)


def texts_of(learner) -> list[str]:
    return [question.text for question in learner.questions]


async def test_a_deleted_question_is_saved_with_its_tombstone(tmp_path):
    path = tmp_path / "progress.toml"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, PATIENT)
        await pilot.press("m", "a", *"Gone soon?", "enter")
        await pilot.pause()
        gone = app.learner.questions[0].id
        await pilot.press("delete")
        await pilot.pause()
        await app.workers.wait_for_complete()
    app.flush_saves()
    saved = ProgressStore.open(path).data.active
    assert saved.questions == [] and gone in saved.removed.questions


async def test_editing_to_an_empty_question_changes_nothing(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, PATIENT)
        await pilot.press("m", "a", *"Keep me?", "enter")
        await pilot.pause()
        await pilot.press("e", "ctrl+u", "enter")  # nothing typed: the dialog stays and says so
        await pilot.pause()
        assert screen_name(app) == "QuestionEditorScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert texts(app) == ["Keep me?"]


# ------------------------------------------------------------------ volunteers: progress and record


async def test_progress_says_not_yet_complete_and_what_is_missing(tmp_path, downloads):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, VOLUNTEER)
        await pilot.press("r")
        await pilot.pause()
        assert screen_name(app) == "ProgressScreen"
        shown = screen_text(app)
        assert "○ Not yet complete" in shown and "4 things still to do" in shown
        assert "Lesson 1, “Welcome to the clinic”: read it to the end." in shown
        assert "Lesson 2, “Going home”: take the quiz and score at least 80%." in shown
        await pilot.press("x")  # no record yet: said plainly, nothing written
        await pilot.pause()
        assert screen_name(app) == "ProgressScreen"
        assert any("Not yet complete" in n.message for n in app._notifications)
    assert list(downloads.iterdir()) == []


async def test_a_complete_volunteer_exports_a_record_that_verifies(tmp_path, downloads):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, VOLUNTEER, "Alex")
        complete(app.course, app.learner)
        await pilot.press("ctrl+p", *"my progress")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ProgressScreen"
        shown = screen_text(app)
        assert "✓ Complete on" in shown and "Still to do" not in shown
        assert "✓ read" in shown and "✓ passed" in shown and "100%" in shown
        await pilot.press("x")
        await pilot.pause()
        assert screen_name(app) == "FormatScreen"
        assert "Markdown" in screen_text(app) and "Plain text" in screen_text(app)  # records: html, md or txt
        await pilot.press("enter")  # a page to print
        await pilot.pause()
    record = exported(downloads)
    check = verify_text(record)
    assert check.unchanged, check.message
    assert check.fields.learner == "Alex" and record.startswith("<!DOCTYPE html>")


# ------------------------------------------------------------------ patients check themselves


async def test_a_patients_quiz_results_say_what_was_right_and_what_to_look_at_again_without_a_verdict(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, PATIENT)
        await pilot.press("q")
        await pilot.pause()
        await answer_quiz(pilot, [True, False])
        assert screen_name(app) == "ResultsScreen"
        shown = screen_text(app)
        assert "Self-check: Welcome to the clinic" in shown and "1 of 2 right" in shown
        assert "What you got right" in shown and "To look at again" in shown and "Taught in" in shown
        for verdict in ("Passed", "passed", "Not passed", "pass mark is", "needed"):
            assert verdict not in shown.replace("There is no pass mark", "")
        await pilot.press("escape")
        await pilot.pause()
        assert "self-check, best 50%" in screen_text(app) and "not passed" not in screen_text(app)


async def end_of_first_lesson(pilot) -> str:
    """Open the first lesson from the map and turn to its last page: the screen's text."""
    await pilot.press("enter")
    await pilot.pause()
    for _press in range(len(pilot.app.screen.module.sections) * 4):  # long pages scroll before they turn
        if "Key points (end of the lesson)" in screen_text(pilot.app):
            break
        await pilot.press("right")
        await pilot.pause()
    return screen_text(pilot.app)


@pytest.mark.parametrize("role, assessed", [(PATIENT, False), (VOLUNTEER, True)])
async def test_the_end_of_a_lesson_offers_a_self_check_to_patients_and_a_quiz_to_volunteers(tmp_path, role, assessed):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role)
        shown = await end_of_first_lesson(pilot)
        assert "Key points (end of the lesson)" in shown
        assert ("Ready for the quiz?" in shown and "80% to pass" in shown) is assessed
        assert ("Ready for the self-check?" in shown and "There is no pass mark" in shown) is not assessed
        await pilot.press("escape")
        await pilot.pause()
        details = str(app.screen.query_one("#module-info").render())
        assert ("q: take its quiz" in details) is assessed
        assert ("q: take its self-check" in details) is not assessed


async def test_a_patients_progress_follows_the_patient_path_and_offers_no_record(tmp_path, downloads):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, PATIENT, "Kim")
        for module in app.course.modules_for("patient"):
            read_lesson(app.course, app.learner, module.id)
        await pilot.press("r")
        await pilot.pause()
        shown = screen_text(app)
        assert "reading all the lessons for patients to the end" in shown and "self-checks" in shown
        assert "✓ Complete on" in shown and "Self-check" in shown and "passed" not in shown
        assert "completion record" not in shown
        assert "export" not in footer_text(app)
        await pilot.press("x")  # not offered: nothing happens, nothing is written
        await pilot.pause()
    assert list(downloads.iterdir()) == []


async def test_the_progress_screen_says_how_many_questions_are_due_today(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, VOLUNTEER)
        take_quiz(app.course, app.learner, "welcome", [False, False])
        await pilot.press("r")
        await pilot.pause()
        assert "2 questions due for review today: press p to practise them." in screen_text(app)
        assert "Practise" in footer_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "PracticeScreen"


# ------------------------------------------------------------------ facilitators


async def test_a_facilitator_chooses_self_checks_and_back(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, FACILITATOR)
        assert "80% to" in screen_text(app) and "completion record" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert "My quizzes: assessed against the pass mark" in screen_text(app)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.learner.assessed is False and screen_name(app) == "MapScreen"
        assert "self-checks tried" in screen_text(app) and "80% to" not in screen_text(app)
        await pilot.press("ctrl+p", *"assessed or self")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.learner.assessed is True and "80% to" in screen_text(app)
    assert ProgressStore.open(tmp_path / "progress.toml").data.active.assessed is True


async def open_first_lesson_as(pilot, role: int) -> None:
    await start_as(pilot, role)
    await pilot.press("enter")
    await pilot.pause()


async def test_presenter_view_steps_through_key_points_and_never_shows_the_prompts(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        module = app.screen.module
        secrets = [*module.facilitator.prompts, module.facilitator.notes, "Facilitator notes", "Discussion prompts"]
        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "PresenterScreen"
        seen = []
        for key in ("", "right", "right", "left", "pagedown", "up"):
            if key:
                await pilot.press(key)
                await pilot.pause()
            shown = screen_text(app)
            seen.append(str(app.screen.query_one("#presenter-point").render()))
            assert not [secret for secret in secrets if secret in shown], "the facilitator's notes reached the room"
        assert seen == ["Arrive 15 minutes early.", "Bring your list of medicines.", "Bring your list of medicines.",
                        "Arrive 15 minutes early.", "Bring your list of medicines.", "Arrive 15 minutes early."]
        assert "Key point 1 of 2" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "LessonScreen"


async def test_group_quiz_hides_the_answer_until_the_facilitator_reveals_it(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        await pilot.press("g")
        await pilot.pause()
        assert screen_name(app) == "GroupQuizScreen"
        question = app.screen.questions[0]
        shown = screen_text(app)
        assert question.prompt in shown and "Question 1 of 2" in shown
        for letter, option in zip("AB", question.options):
            assert f"{letter}. {option.text}" in shown
        hidden = [o.feedback for o in question.options] + [question.explanation, "(correct)", "Answer:"]
        assert not [text for text in hidden if text in shown], "the answer showed before the reveal"
        assert "Previous" not in shown.splitlines()[-1], "the footer offered a question before the first"
        await pilot.press("left")  # and the key does nothing there
        await pilot.pause()
        assert "Question 1 of 2" in screen_text(app)
        await pilot.press("right")  # the next question without revealing, and back
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app) and "← Previous" in screen_text(app).splitlines()[-1]
        await pilot.press("left")
        await pilot.pause()

        await pilot.press("enter")  # reveal
        await pilot.pause()
        shown = screen_text(app)
        right = next(i for i, o in enumerate(question.options) if o.correct)
        assert f"✓ {'AB'[right]}. {question.options[right].text} (correct)" in shown
        assert "(not correct)" in shown and f"Answer: {'AB'[right]}" in shown
        assert all(option.feedback in shown for option in question.options)
        assert f"Why: {question.explanation}" in shown

        assert "Press Enter for the next question." in shown and "the previous one" not in shown
        await pilot.press("enter")  # after the reveal, Enter goes on
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app) and "(correct)" not in screen_text(app)
        await pilot.press("b")  # back: still revealed
        await pilot.pause()
        assert "(correct)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "LessonScreen"


async def test_the_group_quiz_screen_is_kept_and_each_opening_starts_afresh(tmp_path):
    """The screen is built once and reused (opening it is a key to answer quickly): each opening
    starts at question 1 with nothing revealed, on the lesson it was opened from, and no line of
    an earlier question or reveal is left on it."""
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        await pilot.press("g", "enter", "right", "enter")  # both questions revealed
        await pilot.pause()
        group = app.screen
        assert "Question 2 of 2" in screen_text(app) and "(correct)" in screen_text(app)
        await pilot.press("escape", "g")
        await pilot.pause()
        assert app.screen is group, "the group quiz was built again"
        shown = screen_text(app)
        assert "Welcome to the clinic · Question 1 of 2" in shown and "(correct)" not in shown
        assert "Answer:" not in shown and "Why:" not in shown
        await pilot.press("escape")
        app.open_lesson(app.course.modules[1], 0)  # the second lesson's group quiz
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert app.screen is group
        question = app.screen.questions[0]
        shown = screen_text(app)
        assert "Going home · Question 1 of 2" in shown and question.prompt in shown and "(correct)" not in shown


@pytest.mark.parametrize("role", ["facilitator", "patient"])
async def test_a_facilitators_group_quiz_is_prepared_while_they_read_the_first_screen(role):
    """Its first opening is as quick as the next ones: the screen made and its styles read in the
    pause after start-up; for other learners, who have no group quiz, nothing is made."""
    from test_tui_support import MemoryStore

    from course.progress.model import Progress
    from course.tui.collector import IDLE_SECONDS

    progress = Progress()
    progress.add_learner("Fay", role)
    app = make_app(store=MemoryStore(progress))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(IDLE_SECONDS * 2)
        assert app.is_screen_installed("group_quiz") == (role == "facilitator")
        if role == "facilitator":
            css = str(app.get_screen("group_quiz").css_path[0])
            assert app.stylesheet.has_source(css, "")


FACILITATOR_ACTIONS = {"presenter", "group_quiz", "session_files"}


def enabled_actions(app) -> set[str]:
    return {binding.action for _, binding, enabled, _ in app.screen.active_bindings.values() if enabled}


async def palette_names(app) -> list[str]:
    from course.tui.commands import CourseCommands

    return [str(hit.display) for hit in [hit async for hit in CourseCommands(app.screen).discover()]]


@pytest.mark.parametrize("role", [PATIENT, VOLUNTEER])
async def test_patients_and_volunteers_do_not_get_the_facilitator_keys(tmp_path, role):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, role)
        assert not FACILITATOR_ACTIONS & enabled_actions(app)
        for key in ("p", "g", "x"):
            await pilot.press(key)
            await pilot.pause()
            assert screen_name(app) == "LessonScreen"
        names = " ".join(await palette_names(app))
        assert "Presenter view" not in names and "Group quiz" not in names and "Session" not in names
        assert "My progress" in names and "Messages" in names


async def test_facilitators_get_their_keys_and_commands(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        assert enabled_actions(app) >= FACILITATOR_ACTIONS
        names = await palette_names(app)
        assert "Presenter view: lesson 1, Welcome to the clinic" in names
        assert "Group quiz: lesson 1, Welcome to the clinic" in names
        assert "Session plan for every lesson with facilitator notes" in names


async def test_the_facilitator_panel_shows_the_agenda_timings(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        notes = app.screen.query_one("#facilitator-notes").source
        assert "5 min: Welcome and introductions" in notes and "10 min: Read and discuss" in notes


@pytest.mark.parametrize(("choice", "answer_key"), [(2, False), (3, True)], ids=["handout", "answer-key"])
async def test_handout_and_answer_key_from_the_lesson(tmp_path, downloads, choice, answer_key):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        module = app.screen.module
        await pilot.press("x")
        await pilot.pause()
        assert screen_name(app) == "SessionExportsScreen"
        await pilot.press(*["down"] * choice, "enter")
        await pilot.pause()
        assert screen_name(app) == "FormatScreen"
        await pilot.press("down", "enter")  # Markdown
        await pilot.pause()
    assert exported(downloads) == handout_export(app.course, [module], "md", answer_key=answer_key)
    name = "answer-key-lesson-1.md" if answer_key else "handout-lesson-1.md"
    assert (downloads / name).exists()


async def test_session_plan_from_the_command_palette(tmp_path, downloads):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, FACILITATOR)
        await pilot.press("ctrl+p", *"session plan for every")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # a page to print
        await pilot.pause()
    assert exported(downloads) == plan_export(app.course, None, "html")
