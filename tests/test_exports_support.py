"""Builders shared by the export, record, report and completion tests (this file holds no tests).

Progress is made with the real model and `course.learning.quiz.record_attempt`, the way the app makes it,
and written with `course.progress.store.dumps`, the format participants export.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from course import cli
from course.content.loader import load_course
from course.content.model import Course
from course.learning.quiz import Result, record_attempt, shuffled
from course.progress.model import Learner, Progress, add_my_question, finish_lesson, open_section
from course.progress.store import dumps

FIXTURE = Path(__file__).parent / "fixtures" / "valid"
LESSONS = Path(__file__).parents[1] / "lessons"


@cache
def fixture_course() -> Course:
    return load_course(FIXTURE)


@cache
def real_course() -> Course:
    return load_course(LESSONS)


def take_quiz(course: Course, learner: Learner, module_id: str, rights: list[bool]) -> Result:
    """Answer the first len(rights) questions of the bank: right where True, wrong where False."""
    module = course.module(module_id)
    questions = module.questions[:len(rights)]
    drawn = [shuffled(module.id, q, random.Random(0)) for q in questions]
    answers = [set(q.correct_indexes) if right else set(range(len(q.options))) - set(q.correct_indexes)
               for q, right in zip(questions, rights)]
    return record_attempt(learner, drawn, answers, course.pass_mark)


def read_lesson(course: Course, learner: Learner, module_id: str) -> None:
    module = course.module(module_id)
    for index in range(len(module.sections)):
        open_section(learner, module.id, index, seconds=30)
    finish_lesson(learner, module.id)


def complete(course: Course, learner: Learner) -> Learner:
    """Read every volunteer lesson and pass its quiz (one miss first, then all right)."""
    for module in course.modules_for("volunteer"):
        read_lesson(course, learner, module.id)
        if module.questions:
            take_quiz(course, learner, module.id, [False] * len(module.questions))
            take_quiz(course, learner, module.id, [True] * len(module.questions))
    return learner


def progress_with(*learners: Learner, active: int = 0) -> Progress:
    progress = Progress()
    for learner in learners:
        learner_id = progress.add_learner(learner.name, learner.role)
        progress.learners[learner_id] = learner
    progress.active_learner = list(progress.learners)[active] if learners else None
    return progress


def save(path: Path, progress: Progress) -> Path:
    path.write_text(dumps(progress), encoding="utf-8")
    return path


def patient_with_questions() -> Learner:
    learner = Learner(name="Robin", role="patient")
    add_my_question(learner, "Is it safe with my <script>alert('x')</script> blood pressure pills?")
    add_my_question(learner, "How many sessions will I need?")
    add_my_question(learner, "What will it cost?")
    learner.questions[1].asked = True
    return learner


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str, lessons: Path = FIXTURE,
            progress: Path | None = None) -> tuple[int, str, str]:
    """Run `ketamine-course` in this process on real files; returns (exit code, stdout, stderr)."""
    options = ["--lessons", str(lessons)] + (["--progress", str(progress)] if progress else [])
    code = cli.main([*options, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err
