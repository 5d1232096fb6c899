"""The course at a glance (course.learning.overview): statuses in words, overall progress, continue, search."""

from __future__ import annotations

import random
from dataclasses import replace

from test_tui_support import fixture_course

from course.learning.overview import next_module, overall, resume_point, search, summarize, to_practise
from course.learning.quiz import draw, record_attempt, record_practice
from course.progress.model import Learner, finish_lesson, open_section


def test_a_new_learner_has_nothing_started_and_continues_at_the_very_beginning():
    course = fixture_course()
    learner = Learner(role="patient")
    rows = summarize(course, learner)
    assert [row.status_text for row in rows] == ["○ Not started", "○ Not started"]
    assert [row.quiz_short for row in rows] == ["self-check not tried", "self-check not tried"]
    assert overall(rows).text == "0 of 2 lessons done · 0 of 2 self-checks tried · about 9 min left"
    volunteer = summarize(course, Learner(role="volunteer"))
    assert [row.quiz_short for row in volunteer] == ["quiz not taken", "quiz not taken"]
    assert overall(volunteer).text == "0 of 2 lessons done · 0 of 2 quizzes passed · about 9 min left"
    point = resume_point(course, learner)
    assert (point.module.id, point.section) == ("welcome", 0)


def test_continue_returns_to_the_section_last_read_then_moves_on_when_a_lesson_is_done():
    course = fixture_course()
    learner = Learner(role="volunteer")
    open_section(learner, "welcome", 1)
    point = resume_point(course, learner)
    assert (point.module.id, point.section) == ("welcome", 1)
    assert point.describe(course) == "Lesson 1, Welcome to the clinic: section 2 of 2, What to bring"
    finish_lesson(learner, "welcome")
    assert resume_point(course, learner).module.id == "going-home"
    open_section(learner, "going-home", 1)
    finish_lesson(learner, "going-home")
    assert resume_point(course, learner) is None


def test_quiz_results_show_in_words():
    course = fixture_course()
    learner = Learner(role="volunteer")
    module = course.module("welcome")
    drawn = draw(module, 2)
    record_attempt(learner, drawn, [set(d.question.correct_indexes) for d in drawn], course.pass_mark)
    row = summarize(course, learner)[0]
    assert row.passed and row.quiz_short == "quiz 100% ✓ passed"
    assert row.quiz_text(80) == "Quiz passed ✓ (best 100%)"
    second = course.module("going-home")
    drawn = draw(second, 2)
    record_attempt(learner, drawn, [set() for _ in drawn], course.pass_mark)
    row = summarize(course, learner)[1]
    assert row.quiz_short == "quiz 0% (not passed yet)" and row.to_practise == 2


def test_the_map_judges_a_pass_by_todays_pass_mark_as_my_progress_does():
    course = fixture_course()
    learner = Learner(role="volunteer")
    drawn = draw(course.module("welcome"), 2)
    record_attempt(learner, drawn, [set(drawn[0].question.correct_indexes), set()], 50)  # passed at 50%
    assert summarize(course, learner)[0].quiz_short == "quiz 50% (not passed yet)"  # the course asks 80%
    assert summarize(replace(course, pass_mark=50), learner)[0].passed


def test_a_patients_quiz_results_carry_no_verdict():
    course = fixture_course()
    learner = Learner(role="patient")
    module = course.module("welcome")
    drawn = draw(module, 2, random.Random(0))
    record_attempt(learner, drawn, [set(drawn[0].question.correct_indexes), set()], course.pass_mark)
    rows = summarize(course, learner)
    row = rows[0]
    assert row.quiz_short == "self-check, best 50%" and row.quiz_text(80) == "Self-check: best score 50%"
    assert overall(rows).text == "0 of 2 lessons done · 1 of 2 self-checks tried · about 9 min left"
    shown = " ".join([row.quiz_short, row.quiz_text(80), overall(rows).text]).lower()
    assert "pass" not in shown and "80%" not in shown


def test_modules_follow_the_role():
    course = fixture_course()
    assert [row.module.id for row in summarize(course, Learner(role="facilitator"))] == ["welcome"]


def test_search_finds_every_word_in_plain_text_with_source_labels():
    course = fixture_course()
    hits = search(course, "medicines HANDBOOK")
    assert [(hit.module.id, hit.section) for hit in hits] == [("welcome", 1)]
    assert hits[0].title == "Lesson 1 · What to bring"
    assert "[Clinic handbook]" in hits[0].snippet and "**" not in hits[0].snippet
    assert search(course, "   ") == []
    assert search(course, "rest", [course.module("welcome")]) == []


def test_course_lookups_find_a_module_its_place_and_the_next_one_for_a_role():
    course = fixture_course()
    welcome, going_home = course.modules
    assert [course.position(welcome), course.position(going_home)] == [1, 2]
    assert course.position(replace(going_home)) == 2  # an equal copy, not the same object
    for key in ("going-home", "02-going-home", "2"):
        assert course.module(key) is going_home
    assert course.module("3") is None
    assert next_module(course, Learner(role="patient"), welcome) is going_home
    assert next_module(course, Learner(role="patient"), going_home) is None  # the last lesson
    assert next_module(course, Learner(role="facilitator"), welcome) is None  # going-home is not for facilitators
    assert next_module(course, Learner(role="facilitator"), going_home) is None  # nor is this one


def test_review_items_due_today_are_counted_by_module():
    course = fixture_course()
    learner = Learner(role="patient")
    drawn = draw(course.modules[0], 2, random.Random(0))
    wrong = [d.to_bank({i for i, option in enumerate(d.shown_options()) if not option.correct}) for d in drawn]
    record_attempt(learner, drawn, wrong, 80)
    assert to_practise(learner, course) == {"welcome": 2}
    assert [row.to_practise for row in summarize(course, learner)] == [2, 0]
    record_practice(learner, drawn[0].key, True)  # right today: due tomorrow, not today
    assert to_practise(learner, course) == {"welcome": 1}


async def test_the_map_of_a_volunteer_who_has_read_everything_points_to_the_record_or_whats_left():
    """It said "read it again, or take its quiz" to a volunteer whose course was complete, and
    never where the completion record is."""
    from test_exports_support import complete, read_lesson
    from test_tui_support import SIZE, MemoryStore, make_app

    from course.progress.model import Learner

    for done, expected in ((False, "Press r to see the quizzes still to pass"), (True, "Course complete. Press r")):
        store = MemoryStore()
        app = make_app(store=store)
        learner = Learner(name="Vera", role="volunteer")
        if done:
            complete(app.course, learner)
        else:
            for module in app.course.modules_for("volunteer"):
                read_lesson(app.course, learner, module.id)
        learner_id = store.data.add_learner("Vera", "volunteer")
        store.data.learners[learner_id] = learner
        store.data.active_learner = learner_id
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            assert expected in " ".join(shown.split()), shown
