"""Quizzes as pure functions: draw questions, grade answers, record attempts, schedule practice.

Options are shuffled for display, but answers are always stored as indexes into the bank's own
option order, so a saved attempt means the same thing whatever order it was shown in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from course.content.model import Course, Module, Question
from course.learning.shown import Drawn as Drawn
from course.learning.shown import review_key as review_key
from course.learning.shown import shuffled as shuffled
from course.progress.values import ATTEMPTS_KEPT, UTC, now

if TYPE_CHECKING:  # the models (pydantic) are imported where a record is made: the course map is drawn without them
    from course.progress.model import Learner, QuizAttempt, ReviewItem


def draw(module: Module, size: int, rng: random.Random | None = None, learner: Learner | None = None) -> list[Drawn]:
    """A set of questions from the bank, in random order, options shuffled.

    A retake prefers what this learner has not been asked yet, then what they missed, then the
    rest (as Moodle does), so a retake of 8 from a bank of 16 is mostly new.
    """
    rng = rng or random.Random()
    seen, missed = asked_before(learner, module.id) if learner else (set(), set())
    unseen = [q for q in module.questions if q.id not in seen]
    again = [q for q in module.questions if q.id in missed]
    rest = [q for q in module.questions if q.id in seen and q.id not in missed]
    picked: list[Question] = []
    for tier in (unseen, again, rest):
        picked += rng.sample(tier, min(len(tier), size - len(picked)))
    rng.shuffle(picked)  # the tiers must not show in the order asked
    return [shuffled(module.id, question, rng) for question in picked]


def asked_before(learner: Learner, module_id: str) -> tuple[set[str], set[str]]:
    """The ids of a module's questions this learner has been asked, and of those they missed
    the last time they answered them (or still have to practise)."""
    last_right: dict[str, bool] = {}
    record = learner.quizzes.get(module_id)
    for attempt in record.attempts if record else ():
        last_right.update(zip(attempt.questions, attempt.correct))
    practising = {key.partition("/")[2] for key in learner.review if key.partition("/")[0] == module_id}
    missed = practising | {question for question, right in last_right.items() if not right}
    return set(last_right) | practising, missed


def is_correct(question: Question, chosen: set[int]) -> bool:
    """Right only when exactly the correct options (bank indexes) are chosen."""
    return set(chosen) == set(question.correct_indexes)


def regraded(module: Module, attempt: QuizAttempt, quiz_size: int) -> int | None:
    """The score `attempt` earns against this module's answer key, from its answers alone (its
    stored score and right/wrong marks are what a hand-edited file could claim). None when it
    is not a whole quiz from this bank: a question the bank lacks or asked twice, an option the
    question lacks, or fewer questions than a quiz draws."""
    if len(set(attempt.questions)) != len(attempt.questions) or len(attempt.questions) < min(quiz_size, len(module.questions)):
        return None
    correct = []
    for question_id, chosen in zip(attempt.questions, attempt.answers):
        question = module.question(question_id)
        if question is None or any(index >= len(question.options) for index in chosen):
            return None
        correct.append(is_correct(question, set(chosen)))
    return percent(correct) if correct else None


def percent(correct: list[bool]) -> int:
    return round(100 * sum(correct) / len(correct)) if correct else 0


@dataclass
class Result:
    score: int
    passed: bool
    missed: list[Drawn] = field(default_factory=list)


def record_attempt(learner: Learner, drawn: list[Drawn], answers: list[set[int]], pass_mark: int,
                   at: dt.datetime | None = None) -> Result:
    """Grade a finished quiz, keep it in the learner's history and schedule what was missed.
    A right answer to a question due for review counts as practising it."""
    from course.progress.model import QuizAttempt

    at = at or now()
    correct = [is_correct(d.question, a) for d, a in zip(drawn, answers)]
    score = percent(correct)
    passed = score >= pass_mark
    module_id = drawn[0].module_id
    record = learner.quiz(module_id)
    record.attempts = [*record.attempts, QuizAttempt(
        at=at, questions=[d.question.id for d in drawn], answers=[sorted(a) for a in answers],
        correct=correct, score=score, passed=passed,
    )][-ATTEMPTS_KEPT:]
    record.attempt_count += 1
    record.best_score = max(record.best_score, score)
    if passed and record.passed_at is None:
        record.passed_at = at
    for item, right in zip(drawn, correct):
        record_practice(learner, item.key, right, at)
    learner.touch()
    return Result(score, passed, [d for d, right in zip(drawn, correct) if not right])


# ---------------------------------------------------------------- spaced practice (Leitner)
# A missed question goes into box 0: practise it today. Answered right when due, it moves up
# a box and comes back REVIEW_DAYS[box] days later; right in the last box, it leaves the
# queue. A miss anywhere sends it back to box 0. So a question leaves only when answered right
# on separate days (today, tomorrow, three days later). docs/practice.md says why Leitner.

REVIEW_DAYS = (1, 3)  # days until a question comes back after a right answer in box 0, 1, …
PRACTICE_GAP = 2  # other questions asked before a missed one comes back in the same session

Outcome = Literal["missed", "later", "cleared", "not_due"]


def day_start(days_from_today: int, at: dt.datetime | None = None) -> dt.datetime:
    """Local midnight `days_from_today` days after the day of `at`, in UTC: reviews fall due
    by the learner's calendar, not 24 hours after the last answer."""
    day = (at or now()).astimezone().date() + dt.timedelta(days=days_from_today)
    return dt.datetime(day.year, day.month, day.day).astimezone(UTC)


def is_due(item: ReviewItem, at: dt.datetime | None = None) -> bool:
    """Due today (by the learner's calendar) or earlier."""
    return item.due is None or item.due < day_start(1, at)


def note_miss(learner: Learner, key: str, at: dt.datetime | None = None) -> None:
    from course.progress.model import ReviewItem

    at = at or now()
    item = learner.review.get(key)
    if item is None:
        learner.review[key] = ReviewItem(misses=1, box=0, last_seen=at)
    else:
        item.misses += 1
        item.box = 0
        item.due = None
        item.last_seen = at


def record_practice(learner: Learner, key: str, right: bool, at: dt.datetime | None = None) -> Outcome:
    """Move one question through the schedule after an answer (in practice or in a quiz)."""
    at = at or now()
    if not right:
        note_miss(learner, key, at)
        learner.touch()
        return "missed"
    item = learner.review.get(key)
    if item is None or not is_due(item, at):
        return "not_due"
    learner.touch()
    if item.box >= len(REVIEW_DAYS):
        del learner.review[key]
        return "cleared"
    item.due = day_start(REVIEW_DAYS[item.box], at)
    item.box += 1
    item.last_seen = at
    return "later"


def due_keys(learner: Learner, course: Course, module_id: str | None = None,
             at: dt.datetime | None = None) -> list[str]:
    """The review items due today for questions the course still has (optionally of one
    module), most-missed first."""
    keys = []
    for key, item in learner.review.items():
        mod_id, _, question_id = key.partition("/")
        module = course.module(mod_id)
        if (module_id is None or mod_id == module_id) and module and module.question(question_id) \
                and is_due(item, at):
            keys.append(key)
    return sorted(keys, key=lambda key: -learner.review[key].misses)


def review_queue(learner: Learner, course: Course, module_id: str | None = None,
                 rng: random.Random | None = None, at: dt.datetime | None = None) -> list[Drawn]:
    """The missed questions to practise today (optionally for one module), most-missed first."""
    rng = rng or random.Random()
    queue = []
    for key in due_keys(learner, course, module_id, at):
        mod_id, _, question_id = key.partition("/")
        question = course.known_module(mod_id).question(question_id)
        assert question is not None, "due_keys gives only questions the course has"
        queue.append(shuffled(mod_id, question, rng))
    return queue


def next_due(learner: Learner, course: Course, at: dt.datetime | None = None) -> dt.datetime | None:
    """When the next question not yet due comes back (None if nothing is waiting)."""
    later = [item.due for key, item in learner.review.items()
             if item.due is not None and not is_due(item, at) and course.module(key.partition("/")[0])]
    return min(later, default=None)


class PracticeSession:
    """Today's practice: each due question once; a missed one comes back after PRACTICE_GAP
    others (other questions of its module fill in when the queue is short), until it is right."""

    def __init__(self, learner: Learner, course: Course, queue: list[Drawn], rng: random.Random | None = None) -> None:
        self.learner = learner
        self.course = course
        self.queue = list(queue)
        self.rng = rng or random.Random()
        self.outcomes: dict[str, Outcome] = {}  # review key -> what its last answer did

    @property
    def current(self) -> Drawn | None:
        return self.queue[0] if self.queue else None

    def answer(self, chosen_bank_indexes: set[int]) -> bool:
        drawn = self.queue.pop(0)
        right = is_correct(drawn.question, chosen_bank_indexes)
        self.outcomes[drawn.key] = record_practice(self.learner, drawn.key, right)
        if not right:
            self._come_back(drawn)
        return right

    def _come_back(self, drawn: Drawn) -> None:
        """Put a missed question back PRACTICE_GAP questions later, options shuffled again."""
        waiting = {item.key for item in self.queue} | {drawn.key}
        module = self.course.known_module(drawn.module_id)
        spare = [q for q in module.questions if review_key(module.id, q.id) not in waiting | set(self.learner.review)]
        for question in self.rng.sample(spare, max(0, min(len(spare), PRACTICE_GAP - len(self.queue)))):
            self.queue.append(shuffled(module.id, question, self.rng))
        self.queue.insert(min(PRACTICE_GAP, len(self.queue)), shuffled(drawn.module_id, drawn.question, self.rng))

    @property
    def done(self) -> bool:
        return not self.queue

    @property
    def left(self) -> int:
        return len({drawn.key for drawn in self.queue})
