"""Whole flows through the app with Pilot, as a learner would go: keyboard only."""

from __future__ import annotations

from test_tui_support import SIZE, answer_quiz, make_app, start_as

from course.progress.store import ProgressStore


def screen_name(app) -> str:
    return type(app.screen).__name__


async def test_first_run_read_a_lesson_pass_its_quiz_and_resume_after_restart(tmp_path):
    path = tmp_path / "progress.toml"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert screen_name(app) == "WelcomeScreen"
        await start_as(pilot, role_index=1, name="Sam")
        assert screen_name(app) == "MapScreen"
        assert (app.learner.name, app.learner.role) == ("Sam", "volunteer")

        await pilot.press("c")  # start: lesson 1, section 1
        await pilot.pause()
        assert screen_name(app) == "LessonScreen"
        assert "Section 1 of 2" in str(app.screen.query_one("#lesson-position").render())
        await pilot.press("right", "right")  # section 2, then the key points
        await pilot.pause()
        assert "Key points" in str(app.screen.query_one("#lesson-position").render())
        assert app.learner.lessons["welcome"].status == "done"

        await pilot.press("right")  # the offer to take the quiz
        await pilot.pause()
        assert screen_name(app) == "QuizScreen"
        await answer_quiz(pilot, right=True)
        assert screen_name(app) == "ResultsScreen"
        assert "✓ Passed: 100%" in " ".join(str(s.render()) for s in app.screen.query("#results Static"))

        await pilot.press("n")  # the next lesson, then stop half-way through it
        await pilot.pause()
        assert app.screen.module.id == "going-home"
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("ctrl+q")
    app.flush_saves()

    again = make_app(path)
    async with again.run_test(size=SIZE) as pilot:
        assert screen_name(again) == "MapScreen"  # no welcome the second time
        await pilot.press("c")
        await pilot.pause()
        assert screen_name(again) == "LessonScreen"
        assert (again.screen.module.id, again.screen.page) == ("going-home", 1)
        record = again.learner.quizzes["welcome"]
        assert record.best_score == 100 and record.passed_at is not None


async def test_a_failed_quiz_leads_to_practice_where_a_missed_question_comes_back_after_another(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role_index=1)
        await pilot.press("q")  # the quiz of the highlighted (first) module, straight from the map
        await pilot.pause()
        await answer_quiz(pilot, right=False)
        assert screen_name(app) == "ResultsScreen"
        results = " ".join(str(s.render()) for s in app.screen.query("#results Static"))
        assert "✗ Not passed yet: 0%" in results and "What you missed" in results
        assert len(app.learner.review) == 2

        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "PracticeScreen"
        first = app.screen.current
        await pilot.press(*answer_keys_for(app.screen.current, right=False))  # wrong: it comes back
        await pilot.pause()
        assert app.learner.review[first.key].box == 0
        assert "comes back after other questions" in str(app.screen.query_one("#practice-position").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current.key != first.key  # never the same question twice in a row
        asked = []
        for _ in range(10):
            if app.screen.session.done:
                break
            asked.append(app.screen.current.key)
            await pilot.press(*answer_keys_for(app.screen.current, right=True))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert app.screen.session.done and asked[-1] == first.key
        assert [item.box for item in app.learner.review.values()] == [1, 1]  # right today: back tomorrow
        assert "Done for today" in str(app.screen.query_one("#practice-done").render())
        assert "tomorrow" in str(app.screen.query_one("#practice-done").render())
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "MapScreen"
        assert "due for review" not in str(app.screen.query_one("#map-overall").render())
        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "MapScreen"  # nothing due until tomorrow


def answer_keys_for(drawn, right: bool) -> list[str]:
    from test_tui_support import answer_keys

    return answer_keys(drawn, right)


async def test_facilitator_notes_are_shown_only_to_facilitators(tmp_path):
    for role_index, role in enumerate(("patient", "volunteer", "facilitator")):
        app = make_app(tmp_path / f"{role}.toml")
        async with app.run_test(size=SIZE) as pilot:
            await start_as(pilot, role_index=role_index)
            await pilot.press("enter")  # open the first module
            await pilot.pause()
            notes = app.screen.query("#facilitator")
            footer_actions = {binding.action for _, binding, _, _ in app.screen.active_bindings.values()}
            if role == "facilitator":
                text = notes.first().query_one("#facilitator-notes").source
                assert "Suggested session: 15 minutes" in text
                assert "What worries you about the first visit?" in text
                assert "toggle_notes" in footer_actions
                await pilot.press("f")
                assert notes.first().display is False
            else:  # the panel stays hidden and empty: the notes never reach the screen
                assert notes.first().display is False, f"a {role} must not see facilitator notes"
                assert app.screen.query_one("#facilitator-notes").source == ""
                assert "toggle_notes" not in footer_actions
                await pilot.press("f")
                assert notes.first().display is False


async def test_a_tiny_terminal_is_told_plainly_and_the_course_comes_back_when_it_grows(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "TooSmallScreen"
        message = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "too small" in message and "60 columns" in message and "• 988 Suicide" in message
        await pilot.press("f1")  # nothing opens on top of the message
        assert screen_name(app) == "TooSmallScreen"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen_name(app) == "WelcomeScreen"


async def test_progress_is_saved_after_each_step_and_survives_a_restart(tmp_path):
    path = tmp_path / "progress.toml"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role_index=0, name="")
        await pilot.press("enter", "right", "a")  # lesson 1, section 2, add a question
        await pilot.pause()
        await pilot.press("enter")  # the first suggestion
        await pilot.pause()
        await app.workers.wait_for_complete()
        on_disk = ProgressStore.open(path).data.active
        assert on_disk.lessons["welcome"].last_section == 1
        assert [q.text for q in on_disk.questions] == ["How long will my first visit take?"]
    app.flush_saves()


async def test_keys_typed_ahead_never_answer_a_question_twice(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await pilot.press("down", "q")  # lesson 2's quiz: one answer per question
        await pilot.pause()
        await pilot.press("1", "2", "space", "1")
        await pilot.pause()
        assert len(app.screen.answers) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert (app.screen.index, len(app.screen.answers)) == (1, 1)


# ------------------------------------------------------------------ leaving a quiz part-way


async def quiz_with_one_answer(pilot, role_index: int) -> None:
    """Start as the role, open the first lesson's quiz and answer its first question rightly."""
    from test_tui_support import answer_keys

    await start_as(pilot, role_index=role_index)
    await pilot.press("q")
    await pilot.pause()
    await pilot.press(*answer_keys(pilot.app.screen.drawn[0], right=True))
    await pilot.pause()


async def test_escape_with_answers_asks_and_can_keep_the_quiz_to_carry_on(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await quiz_with_one_answer(pilot, role_index=1)
        drawn = app.screen.drawn
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "AskScreen" and "answered 1 of 2" in str(app.screen.query_one("#ask-text").render())
        await pilot.press("escape")  # changed my mind: back to the quiz, the answer still there
        await pilot.pause()
        assert screen_name(app) == "QuizScreen" and len(app.screen.answers) == 1
        await pilot.press("escape", "enter")  # keep my answers and leave
        await pilot.pause()
        assert screen_name(app) == "MapScreen" and app.learner.quizzes == {}
        await pilot.press("q")  # the same quiz carries on at question 2
        await pilot.pause()
        assert app.screen.drawn == drawn and app.screen.index == 1 and len(app.screen.answers) == 1
        assert "Question 2 of 2" in str(app.screen.query_one("#quiz-position").render())
        await answer_quiz(pilot, right=True)
        assert screen_name(app) == "ResultsScreen"
        assert app.learner.quizzes["welcome"].attempts[-1].questions == [d.question.id for d in drawn]
        assert app.unfinished == {}


async def test_escape_can_discard_the_answers_and_without_answers_it_just_leaves(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await quiz_with_one_answer(pilot, role_index=1)
        await pilot.press("escape", "down", "enter")  # discard my answers and leave
        await pilot.pause()
        assert screen_name(app) == "MapScreen" and app.unfinished == {}
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.answers == [] and app.screen.index == 0
        await pilot.press("escape")  # nothing answered: nothing to ask
        await pilot.pause()
        assert screen_name(app) == "MapScreen"


async def test_quitting_with_answers_given_asks_first(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await quiz_with_one_answer(pilot, role_index=0)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert screen_name(app) == "AskScreen" and "Quit the course?" in app.screen.query_one("#ask").border_title
        await pilot.press("enter")  # go back to the quiz
        await pilot.pause()
        assert screen_name(app) == "QuizScreen" and len(app.screen.answers) == 1 and app.is_running
        await pilot.press("ctrl+q", "down", "enter")  # quit anyway
        await pilot.pause()
        assert not app.is_running


async def test_a_kept_quiz_is_asked_about_on_quitting_and_ctrl_q_twice_quits(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await quiz_with_one_answer(pilot, role_index=1)
        await pilot.press("escape", "enter")  # kept
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert screen_name(app) == "AskScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_practice_and_my_questions_kept_show_what_is_true_at_each_opening(tmp_path):
    """Both screens are built once and reused (docs/performance.md, "Keys"): each opening starts
    a practice of the questions due now, after one that was finished, and shows My questions as
    the list is now (a question added elsewhere since), with nothing left to undo and no note."""
    from test_exports_support import take_quiz

    from course.progress.model import add_my_question
    from course.tui.widgets.question import QuestionView
    from course.tui.widgets.rows import PointerList

    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role_index=1)
        take_quiz(app.course, app.learner, "welcome", [False])
        await pilot.press("p")
        await pilot.pause()
        practice = app.screen
        await pilot.press(*answer_keys_for(practice.current, right=True), "enter")
        await pilot.pause()
        assert practice.session.done and practice.query_one("#practice-done").display
        await pilot.press("escape")
        take_quiz(app.course, app.learner, "going-home", [False])  # another missed question
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is practice  # the same screen, started afresh
        assert practice.current is not None and practice.current.module_id == "going-home"
        assert not practice.answered and practice.query_one(QuestionView).display
        assert not practice.query_one("#practice-done").display
        assert "1 question to go" in str(practice.query_one("#practice-position").render())
        await pilot.press("escape")

        add_my_question(app.learner, "Can I drive the next day?")
        await pilot.press("m")
        await pilot.pause()
        questions = app.screen
        await pilot.press("d")  # deleted: z would bring it back while the screen is open
        await pilot.pause()
        assert questions.check_action("undo", ()) and questions.query_one("#questions-note").render()
        await pilot.press("escape")
        add_my_question(app.learner, "Who takes me home?")  # say, from a lesson
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is questions
        assert [q.text for q in app.learner.questions] == ["Who takes me home?"]
        assert "Who takes me home?" in str(questions.query_one(PointerList).get_option_at_index(0).prompt)
        assert not questions.check_action("undo", ())  # nothing to undo after the screen was closed
        assert not str(questions.query_one("#questions-note").render())
        assert app.focused is questions.query_one(PointerList) and questions.current is not None


async def test_tab_moves_through_the_first_run_welcome(tmp_path):
    """Before there is a learner only a few commands work; moving the focus must be one of them,
    or Tab (a screen reader user's way round a form) never reaches the name field or Start."""
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.id == "role"
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "name"
        await pilot.press(*"Sam", "tab")
        await pilot.pause()
        start = app.focused
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused.id == "name" and app.focused.value == "Sam" and start is not app.focused
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.learner is not None and app.learner.name == "Sam"
