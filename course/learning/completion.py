"""Has a learner completed the course? The rule, as one pure function.

Each learner is judged by their own role's path: the lessons marked for their role. Complete
means every lesson on that path read to the end and, for a learner who is assessed, every
quiz on it passed at or above the course pass mark (best score >= pass_mark). Volunteers are
assessed; patients take quizzes to check themselves, never against a pass mark; a
facilitator chooses (`Learner.assessed`, assessed unless they chose self-checks). The progress
screen, the completion record and the group report all ask `completion()`, so the rule lives
in one place.

A certified record (`ketamine-course certify`) asks `completion(..., from_attempts=True)`: a
quiz then counts as passed only by an attempt kept in the file whose answers, graded again
against this course's answer key, reach the pass mark. The best score and pass time a file
stores are ignored there: anyone can type them into a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from course.content.model import Course, Module
from course.i18n import N_, _, ngettext
from course.learning.quiz import regraded

if TYPE_CHECKING:  # the models (pydantic) are not needed to read a learner: the course map is drawn without them
    from course.progress.model import Learner, QuizRecord


@dataclass(frozen=True)
class _NoQuiz:
    """A quiz never taken, as a QuizRecord's defaults read."""

    best_score: int = 0
    attempt_count: int = 0
    passed_at: dt.datetime | None = None
    attempts: tuple = ()


NO_QUIZ = _NoQuiz()

ROLE_PATHS = {"patient": N_("lessons for patients"), "volunteer": N_("lessons for volunteers"),
              "facilitator": N_("lessons for facilitators")}


def is_assessed(learner: Learner) -> bool:
    """Volunteers are assessed against the pass mark, patients check themselves, and a
    facilitator is assessed unless they chose self-checks."""
    if learner.role == "facilitator":
        return learner.assessed is not False
    return learner.role == "volunteer"


@dataclass(frozen=True)
class ModuleCompletion:
    module_id: str
    title: str
    position: int  # 1-based, as learners see it
    required: bool  # on the learner's path (marked for their role), so it counts towards completion
    read: bool  # lesson read to the end
    read_at: dt.datetime | None
    has_quiz: bool
    best_score: int | None  # percent; None when the quiz was never taken (or there is none)
    attempts: int
    passed: bool  # best score at or above the course pass mark; True when there is no quiz
    passed_at: dt.datetime | None
    assessed: bool  # its quiz must be passed; False: a self-check

    @property
    def done(self) -> bool:
        return self.read and (self.passed or not self.assessed)


@dataclass(frozen=True)
class Completion:
    complete: bool
    completed_at: dt.datetime | None  # when the last requirement was met
    pass_mark: int
    role: str  # whose path: the lessons marked for this role
    assessed: bool  # quizzes count against the pass mark; False: they are self-checks
    modules: list[ModuleCompletion]  # every module of the course, in order
    missing: list[str] = field(default_factory=list)  # plain-language lines, empty when complete

    @property
    def required(self) -> list[ModuleCompletion]:
        return [m for m in self.modules if m.required]


def completion(course: Course, learner: Learner, *, from_attempts: bool = False) -> Completion:
    assessed = is_assessed(learner)
    modules = [_module_completion(course, learner, position, module, assessed, from_attempts)
               for position, module in enumerate(course.modules, start=1)]
    required = [m for m in modules if m.required]
    missing = [line for m in required for line in _missing(m, course.pass_mark)]
    if not required:
        missing.append(_("This course has no {path}, so there is nothing to complete.").format(
            path=_(ROLE_PATHS[learner.role])))
    complete = not missing
    return Completion(complete, _completed_at(required, learner) if complete else None, course.pass_mark,
                      learner.role, assessed, modules, missing)


def _module_completion(course: Course, learner: Learner, position: int, module: Module,
                       assessed: bool, from_attempts: bool) -> ModuleCompletion:
    lesson = learner.lessons.get(module.id)
    quiz = learner.quizzes.get(module.id) or NO_QUIZ
    has_quiz = bool(module.questions)
    if from_attempts:
        best, attempts, passed_at = _from_attempts(course, module, quiz)
    else:
        taken = quiz.attempt_count > 0 or bool(quiz.attempts)
        best, attempts = (quiz.best_score if taken else None), max(quiz.attempt_count, len(quiz.attempts))
        passed_at = _first_pass(quiz, course.pass_mark)
    passed = (best is not None and best >= course.pass_mark) if has_quiz else True
    return ModuleCompletion(
        module_id=module.id, title=module.title, position=position,
        required=module.is_for(learner.role),
        read=bool(lesson and lesson.status == "done"), read_at=lesson.completed if lesson else None,
        has_quiz=has_quiz, best_score=best, attempts=attempts,
        passed=passed, passed_at=passed_at if has_quiz and passed else None,
        assessed=assessed and has_quiz,
    )


def _from_attempts(course: Course, module: Module, quiz: QuizRecord | _NoQuiz) -> tuple[int | None, int, dt.datetime | None]:
    """Best score, attempts and first pass as the kept attempts show them, each graded again."""
    graded = sorted((attempt.at, score) for attempt in quiz.attempts
                    if (score := regraded(module, attempt, course.quiz_size)) is not None)
    best = max((score for at, score in graded), default=None)
    passed_at = next((at for at, score in graded if score >= course.pass_mark), None)
    return best, len(graded), passed_at


def _first_pass(quiz: QuizRecord | _NoQuiz, pass_mark: int) -> dt.datetime | None:
    """The first kept attempt at or above today's pass mark; older attempts may have been trimmed."""
    return next((a.at for a in quiz.attempts if a.score >= pass_mark), quiz.passed_at)


def _completed_at(required: list[ModuleCompletion], learner: Learner) -> dt.datetime:
    moments = [t for m in required for t in (m.read_at, m.passed_at if m.assessed else None) if t is not None]
    return max(moments, default=learner.updated)  # a hand-edited file may lack the times


def _missing(module: ModuleCompletion, pass_mark: int) -> list[str]:
    lines = []
    if not module.read:
        lines.append(_("Lesson {n}, “{title}”: read it to the end.").format(n=module.position, title=module.title))
    if module.assessed and not module.passed:
        if module.best_score is None:
            lines.append(_("Lesson {n}, “{title}”: take the quiz and score at least {mark}%.").format(
                n=module.position, title=module.title, mark=pass_mark))
        else:
            lines.append(ngettext(
                "Lesson {n}, “{title}”: pass the quiz with at least {mark}% (best so far: {best}% after {tries} attempt).",
                "Lesson {n}, “{title}”: pass the quiz with at least {mark}% (best so far: {best}% after {tries} attempts).",
                module.attempts).format(n=module.position, title=module.title, mark=pass_mark,
                                        best=module.best_score, tries=module.attempts))
    return lines
