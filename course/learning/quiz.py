"""Quizzes as pure functions: draw questions, grade answers, record attempts, run the review queue.

Options are shuffled for display, but answers are always stored as indexes into the bank's own
option order, so a saved attempt means the same thing whatever order it was shown in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from course.content.model import Course, Module, Question
from course.progress.model import ATTEMPTS_KEPT, Learner, QuizAttempt, ReviewItem, now

STREAK_TO_CLEAR = 2  # right answers in a row that take a question out of the review queue


@dataclass(frozen=True)
class Drawn:
    """A question as shown: `order[i]` is the bank index of the option displayed i-th."""

    module_id: str
    question: Question
    order: tuple[int, ...]

    @property
    def key(self) -> str:
        return review_key(self.module_id, self.question.id)

    def shown_options(self):
        return [self.question.options[i] for i in self.order]

    def to_bank(self, shown: set[int]) -> set[int]:
        return {self.order[i] for i in shown}


def review_key(module_id: str, question_id: str) -> str:
    return f"{module_id}/{question_id}"


def shuffled(module_id: str, question: Question, rng: random.Random) -> Drawn:
    order = list(range(len(question.options)))
    if question.kind != "true_false":  # True before False reads naturally
        rng.shuffle(order)
    return Drawn(module_id, question, tuple(order))


def in_print_order(module_id: str, question: Question) -> Question:
    """The question with its options in a fixed shuffled order, for anything printed.

    Authors often list the right option first; printed in bank order, a handout would give the
    answers away. The order is seeded by the question's id, so a handout and its answer key
    (made separately, maybe on another day) always agree.
    """
    order = shuffled(module_id, question, random.Random(review_key(module_id, question.id))).order
    return question.model_copy(update={"options": [question.options[i] for i in order]})


def draw(module: Module, size: int, rng: random.Random | None = None) -> list[Drawn]:
    """A fresh set of questions from the bank, in random order, options shuffled."""
    rng = rng or random.Random()
    picked = rng.sample(module.questions, min(size, len(module.questions)))
    return [shuffled(module.id, question, rng) for question in picked]


def is_correct(question: Question, chosen: set[int]) -> bool:
    """Right only when exactly the correct options (bank indexes) are chosen."""
    return set(chosen) == set(question.correct_indexes)


def percent(correct: list[bool]) -> int:
    return round(100 * sum(correct) / len(correct)) if correct else 0


@dataclass
class Result:
    score: int
    passed: bool
    missed: list[Drawn] = field(default_factory=list)


def record_attempt(learner: Learner, drawn: list[Drawn], answers: list[set[int]], pass_mark: int) -> Result:
    """Grade a finished quiz, keep it in the learner's history and queue what was missed."""
    correct = [is_correct(d.question, a) for d, a in zip(drawn, answers)]
    score = percent(correct)
    passed = score >= pass_mark
    module_id = drawn[0].module_id
    record = learner.quiz(module_id)
    record.attempts = [*record.attempts, QuizAttempt(
        at=now(), questions=[d.question.id for d in drawn], answers=[sorted(a) for a in answers],
        correct=correct, score=score, passed=passed,
    )][-ATTEMPTS_KEPT:]
    record.attempt_count += 1
    record.best_score = max(record.best_score, score)
    if passed and record.passed_at is None:
        record.passed_at = now()
    for item, right in zip(drawn, correct):
        if not right:
            note_miss(learner, item.key)
    learner.touch()
    return Result(score, passed, [d for d, right in zip(drawn, correct) if not right])


def note_miss(learner: Learner, key: str) -> None:
    item = learner.review.get(key)
    if item is None:
        learner.review[key] = ReviewItem(misses=1, streak=0, last_seen=now())
    else:
        item.misses += 1
        item.streak = 0
        item.last_seen = now()


def record_practice(learner: Learner, key: str, right: bool) -> bool:
    """Update the review queue after one practice answer; True when the question is cleared."""
    if not right:
        note_miss(learner, key)
        learner.touch()
        return False
    item = learner.review.get(key)
    if item is None:
        return True
    item.streak += 1
    item.last_seen = now()
    learner.touch()
    if item.streak >= STREAK_TO_CLEAR:
        del learner.review[key]
        return True
    return False


def review_queue(learner: Learner, course: Course, module_id: str | None = None) -> list[Drawn]:
    """The missed questions still to practise (optionally for one module), most-missed first."""
    rng = random.Random()
    queue: list[tuple[int, Drawn]] = []
    for key, item in learner.review.items():
        mod_id, _, question_id = key.partition("/")
        module = course.module(mod_id)
        question = module.question(question_id) if module else None
        if question and (module_id is None or mod_id == module_id):
            queue.append((item.misses, shuffled(mod_id, question, rng)))
    queue.sort(key=lambda pair: -pair[0])
    return [drawn for _, drawn in queue]


class PracticeSession:
    """Brings missed questions back until each is answered right STREAK_TO_CLEAR times in a row."""

    def __init__(self, learner: Learner, queue: list[Drawn]) -> None:
        self.learner = learner
        self.queue = list(queue)
        self.cleared: list[Drawn] = []

    @property
    def current(self) -> Drawn | None:
        return self.queue[0] if self.queue else None

    def answer(self, chosen_bank_indexes: set[int]) -> bool:
        drawn = self.queue.pop(0)
        right = is_correct(drawn.question, chosen_bank_indexes)
        if record_practice(self.learner, drawn.key, right):
            self.cleared.append(drawn)
        else:  # comes back later, options shuffled again
            self.queue.append(shuffled(drawn.module_id, drawn.question, random.Random()))
        return right

    @property
    def done(self) -> bool:
        return not self.queue
