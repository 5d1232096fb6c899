"""The completion rule: every lesson on the learner's own path read to the end and, for those
assessed (volunteers; facilitators unless they chose self-checks), every quiz on it passed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from test_exports_support import complete, fixture_course, read_lesson, real_course, take_quiz

from course.learning.completion import completion, is_assessed
from course.progress.model import Learner, open_section


def volunteer() -> Learner:
    return Learner(name="Alex", role="volunteer")


def test_a_new_learner_is_not_complete_and_everything_is_listed():
    course = fixture_course()
    status = completion(course, volunteer())
    assert not status.complete and status.completed_at is None
    assert status.missing == [
        "Lesson 1, “Welcome to the clinic”: read it to the end.",
        "Lesson 1, “Welcome to the clinic”: take the quiz and score at least 80%.",
        "Lesson 2, “Going home”: read it to the end.",
        "Lesson 2, “Going home”: take the quiz and score at least 80%.",
    ]
    assert [m.module_id for m in status.modules] == ["welcome", "going-home"]
    assert all(m.required and not m.read and m.best_score is None and m.attempts == 0 for m in status.modules)


def test_complete_when_every_volunteer_lesson_is_read_and_every_quiz_passed():
    course = fixture_course()
    status = completion(course, complete(course, volunteer()))
    assert status.complete and status.missing == []
    assert all(m.read and m.passed and m.best_score == 100 and m.attempts == 2 for m in status.modules)
    moments = [t for m in status.modules for t in (m.read_at, m.passed_at)]
    assert status.completed_at == max(moments)


def test_a_lesson_in_progress_is_not_read():
    course = fixture_course()
    learner = complete(course, volunteer())
    learner.lessons["going-home"].status = "in_progress"
    status = completion(course, learner)
    assert not status.complete
    assert status.missing == ["Lesson 2, “Going home”: read it to the end."]
    open_section(learner, "going-home", 1)
    assert not completion(course, learner).complete


def test_a_quiz_below_the_pass_mark_says_the_best_score_and_attempts():
    course = fixture_course()
    learner = volunteer()
    for module in course.modules:
        read_lesson(course, learner, module.id)
    take_quiz(course, learner, "welcome", [True, False])  # 50%
    take_quiz(course, learner, "welcome", [False, False])  # 0%: the best score stays 50
    take_quiz(course, learner, "going-home", [True, True])
    take_quiz(course, learner, "going-home", [False, False])  # a worse try later does not undo a pass
    status = completion(course, learner)
    assert not status.complete
    assert status.missing == ["Lesson 1, “Welcome to the clinic”: pass the quiz with at least 80% "
                              "(best so far: 50% after 2 attempts)."]
    assert status.modules[1].passed and status.modules[1].best_score == 100


def test_the_pass_mark_is_inclusive():
    course = fixture_course()
    learner = volunteer()
    for module in course.modules:
        read_lesson(course, learner, module.id)
        take_quiz(course, learner, module.id, [True, False])  # 50%
    assert completion(replace(course, pass_mark=50), learner).complete
    assert not completion(replace(course, pass_mark=51), learner).complete


def test_only_lessons_marked_for_volunteers_count():
    course = fixture_course()
    patients_only = replace(course.modules[1], audiences=["patient"])
    course = replace(course, modules=[course.modules[0], patients_only])
    learner = volunteer()
    read_lesson(course, learner, "welcome")
    take_quiz(course, learner, "welcome", [True, True])
    status = completion(course, learner)
    assert status.complete
    assert [m.module_id for m in status.required] == ["welcome"]
    assert not status.modules[1].required and not status.modules[1].read


def test_a_lesson_without_a_quiz_needs_only_reading():
    course = fixture_course()
    no_quiz = replace(course.modules[1], questions=[])
    course = replace(course, modules=[course.modules[0], no_quiz])
    learner = volunteer()
    read_lesson(course, learner, "welcome")
    take_quiz(course, learner, "welcome", [True, True])
    assert completion(course, learner).missing == ["Lesson 2, “Going home”: read it to the end."]
    read_lesson(course, learner, "going-home")
    status = completion(course, learner)
    assert status.complete and not status.modules[1].has_quiz and status.modules[1].passed


def test_a_course_without_volunteer_lessons_cannot_be_completed():
    course = fixture_course()
    course = replace(course, modules=[replace(m, audiences=["patient"]) for m in course.modules])
    status = completion(course, volunteer())
    assert not status.complete and "no lessons for volunteers" in status.missing[0]


def test_hand_edited_progress_without_times_still_completes():
    course = fixture_course()
    learner = complete(course, volunteer())
    for lesson in learner.lessons.values():
        lesson.completed = None
    for quiz in learner.quizzes.values():
        quiz.passed_at = None
        quiz.attempts = []
    status = completion(course, learner)
    assert status.complete and status.completed_at == learner.updated


def test_the_real_course_volunteer_path():
    course = real_course()
    learner = volunteer()
    assert len(completion(course, learner).missing) == 2 * len(course.modules_for("volunteer"))
    status = completion(course, complete(course, learner))
    assert status.complete and isinstance(status.completed_at, dt.datetime)
    assert {m.module_id for m in status.required} == {m.id for m in course.modules_for("volunteer")}


def test_volunteers_are_assessed_patients_check_themselves_and_facilitators_choose():
    assert is_assessed(Learner(role="volunteer")) and not is_assessed(Learner(role="patient"))
    assert is_assessed(Learner(role="facilitator")) and is_assessed(Learner(role="facilitator", assessed=True))
    assert not is_assessed(Learner(role="facilitator", assessed=False))
    assert not is_assessed(Learner(role="patient", assessed=True))  # the choice is the facilitator's only
    assert is_assessed(Learner(role="volunteer", assessed=False))


def test_a_patient_is_judged_by_the_patient_path_without_a_pass_mark():
    course = real_course()
    patient = Learner(name="Pat", role="patient")
    status = completion(course, patient)
    path = [m.id for m in course.modules_for("patient")]
    assert not status.assessed and status.role == "patient"
    assert [m.module_id for m in status.required] == path and "supporting-others" not in path
    assert len(status.missing) == len(path)  # reading only: no "score at least" line
    assert all("read it to the end" in line for line in status.missing)
    for module_id in path:
        read_lesson(course, patient, module_id)
    take_quiz(course, patient, path[0], [False] * 4)  # a low self-check score does not hold anyone back
    status = completion(course, patient)
    assert status.complete and status.completed_at == max(m.read_at for m in status.required)
    assert not status.required[0].passed and status.required[0].done


def test_a_facilitator_who_chose_self_checks_needs_only_to_read():
    course = fixture_course()
    learner = Learner(role="facilitator", assessed=False)
    read_lesson(course, learner, "welcome")  # the fixture's only lesson for facilitators
    assert completion(course, learner).complete
    learner.assessed = None
    assert completion(course, learner).missing == [
        "Lesson 1, “Welcome to the clinic”: take the quiz and score at least 80%."]


def test_a_pass_trimmed_from_the_history_keeps_its_time():
    course = fixture_course()
    learner = complete(course, volunteer())
    quiz = learner.quizzes["welcome"]
    passed = quiz.passed_at
    quiz.attempts = [a for a in quiz.attempts if not a.passed]  # only the failed attempt is still kept
    welcome = completion(course, learner).modules[0]
    assert welcome.passed and welcome.passed_at == passed


def test_completed_on_is_the_last_thing_the_path_asks_for():
    course = fixture_course()
    day = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    assessed = complete(course, volunteer())
    for lesson in assessed.lessons.values():
        lesson.completed = day
    for quiz in assessed.quizzes.values():
        quiz.attempts, quiz.passed_at = [], day + dt.timedelta(days=1)
    assessed.quizzes["welcome"].passed_at = day + dt.timedelta(days=3)  # the last quiz passed, after the reading
    assert completion(course, assessed).completed_at == day + dt.timedelta(days=3)
    self_check = assessed.model_copy(deep=True, update={"role": "patient"})
    assert completion(course, self_check).completed_at == day  # a self-check's score is not a requirement
