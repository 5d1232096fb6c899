"""Has a learner completed the course? The volunteer rule, as one pure function.

Complete means: every lesson marked for volunteers read to the end, and every quiz of those
lessons passed at or above the course pass mark (best score >= pass_mark). The progress
screen, the completion record and the group report all ask `completion()`, so the rule lives
in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from course.content.model import Course, Module
from course.progress.model import Learner, QuizRecord

REQUIRED_ROLE = "volunteer"


@dataclass(frozen=True)
class ModuleCompletion:
    module_id: str
    title: str
    position: int  # 1-based, as learners see it
    required: bool  # marked for volunteers, so it counts towards completion
    read: bool  # lesson read to the end
    read_at: dt.datetime | None
    has_quiz: bool
    best_score: int | None  # percent; None when the quiz was never taken (or there is none)
    attempts: int
    passed: bool  # best score at or above the course pass mark; True when there is no quiz
    passed_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.read and self.passed


@dataclass(frozen=True)
class Completion:
    complete: bool
    completed_at: dt.datetime | None  # when the last requirement was met
    pass_mark: int
    modules: list[ModuleCompletion]  # every module of the course, in order
    missing: list[str] = field(default_factory=list)  # plain-language lines, empty when complete

    @property
    def required(self) -> list[ModuleCompletion]:
        return [m for m in self.modules if m.required]


def completion(course: Course, learner: Learner) -> Completion:
    modules = [_module_completion(course, learner, position, module)
               for position, module in enumerate(course.modules, start=1)]
    required = [m for m in modules if m.required]
    missing = [line for m in required for line in _missing(m, course.pass_mark)]
    if not required:
        missing.append("This course has no lessons marked for volunteers, so there is nothing to complete.")
    complete = not missing
    return Completion(complete, _completed_at(required, learner) if complete else None, course.pass_mark, modules, missing)


def _module_completion(course: Course, learner: Learner, position: int, module: Module) -> ModuleCompletion:
    lesson = learner.lessons.get(module.id)
    quiz = learner.quizzes.get(module.id) or QuizRecord()
    has_quiz = bool(module.questions)
    taken = quiz.attempt_count > 0 or bool(quiz.attempts)
    best = quiz.best_score if taken else None
    passed = (best is not None and best >= course.pass_mark) if has_quiz else True
    return ModuleCompletion(
        module_id=module.id, title=module.title, position=position,
        required=module.is_for(REQUIRED_ROLE),
        read=bool(lesson and lesson.status == "done"), read_at=lesson.completed if lesson else None,
        has_quiz=has_quiz, best_score=best, attempts=max(quiz.attempt_count, len(quiz.attempts)),
        passed=passed, passed_at=_first_pass(quiz, course.pass_mark) if has_quiz and passed else None,
    )


def _first_pass(quiz: QuizRecord, pass_mark: int) -> dt.datetime | None:
    """The first kept attempt at or above today's pass mark; older attempts may have been trimmed."""
    return next((a.at for a in quiz.attempts if a.score >= pass_mark), quiz.passed_at)


def _completed_at(required: list[ModuleCompletion], learner: Learner) -> dt.datetime:
    moments = [t for m in required for t in (m.read_at, m.passed_at) if t is not None]
    return max(moments, default=learner.updated)  # a hand-edited file may lack the times


def _missing(module: ModuleCompletion, pass_mark: int) -> list[str]:
    name = f"Lesson {module.position}, “{module.title}”"
    lines = []
    if not module.read:
        lines.append(f"{name}: read it to the end.")
    if not module.passed:
        if module.best_score is None:
            lines.append(f"{name}: take the quiz and score at least {pass_mark}%.")
        else:
            tries = "1 attempt" if module.attempts == 1 else f"{module.attempts} attempts"
            lines.append(f"{name}: pass the quiz with at least {pass_mark}% "
                         f"(best so far: {module.best_score}% after {tries}).")
    return lines
