"""Questions as they are shown: options shuffled for a learner, or in the fixed order of
anything printed. Apart from grading and progress (course.learning.quiz), so that printing a
lesson (`read`, handouts, the web edition) never loads the progress model and pydantic."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from course.content.model import Question


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
    return replace(question, options=[question.options[i] for i in order])
