"""A learner's progress: the pydantic model and the TOML store that keeps it.

The file is TOML a person can read and hand-edit. It holds several learner profiles (a
shared machine at a group session), each with lesson positions, quiz attempts, the review
queue of missed questions, their own question list and notes.

Reading and writing the file is `course.progress_store`'s job.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
ATTEMPTS_KEPT = 20  # per quiz; the best score is kept separately so trimming loses nothing that counts

LessonStatus = Literal["not_started", "in_progress", "done"]


def now() -> dt.datetime:
    """The current time in UTC, to the second (TOML keeps it exactly)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LessonProgress(Record):
    status: LessonStatus = "not_started"
    last_section: int = Field(default=0, ge=0)  # 0-based index of the section last shown
    furthest_section: int = Field(default=0, ge=0)
    seconds: int = Field(default=0, ge=0)  # time spent reading
    first_opened: dt.datetime | None = None
    completed: dt.datetime | None = None


class QuizAttempt(Record):
    at: dt.datetime
    questions: list[str]  # question ids, in the order asked
    answers: list[list[int]]  # the option indexes chosen (in the bank's order) for each question
    correct: list[bool]
    score: int = Field(ge=0, le=100)  # percent
    passed: bool


class QuizRecord(Record):
    best_score: int = Field(default=0, ge=0, le=100)
    attempt_count: int = Field(default=0, ge=0)
    passed_at: dt.datetime | None = None
    attempts: list[QuizAttempt] = []  # the most recent ATTEMPTS_KEPT


class ReviewItem(Record):
    """A missed question waiting to be practised: it leaves the queue after two right in a row."""

    misses: int = Field(default=1, ge=0)
    streak: int = Field(default=0, ge=0)
    last_seen: dt.datetime | None = None


class MyQuestion(Record):
    id: str = Field(default_factory=lambda: secrets.token_hex(4))
    text: str
    module: str | None = None  # the lesson it was suggested by, if any
    asked: bool = False
    added: dt.datetime = Field(default_factory=now)


class Learner(Record):
    name: str = ""
    role: Literal["patient", "volunteer", "facilitator"] = "patient"
    created: dt.datetime = Field(default_factory=now)
    updated: dt.datetime = Field(default_factory=now)
    theme: str | None = None
    last_module: str | None = None  # where "continue" goes
    lessons: dict[str, LessonProgress] = {}
    quizzes: dict[str, QuizRecord] = {}
    review: dict[str, ReviewItem] = {}  # key: "module-id/question-id"
    questions: list[MyQuestion] = []
    notes: dict[str, str] = {}  # per module id

    def lesson(self, module_id: str) -> LessonProgress:
        return self.lessons.setdefault(module_id, LessonProgress())

    def quiz(self, module_id: str) -> QuizRecord:
        return self.quizzes.setdefault(module_id, QuizRecord())

    def touch(self) -> None:
        self.updated = now()


class Progress(Record):
    schema_version: int = SCHEMA_VERSION
    active_learner: str | None = None
    learners: dict[str, Learner] = {}

    @property
    def active(self) -> Learner | None:
        return self.learners.get(self.active_learner) if self.active_learner else None

    def add_learner(self, name: str, role: str) -> str:
        learner_id = secrets.token_hex(4)
        self.learners[learner_id] = Learner(name=name.strip(), role=role)
        self.active_learner = learner_id
        return learner_id


# ---------------------------------------------------------------- learner actions
# Small pure functions the UI calls; each marks the learner as updated.


def open_section(learner: Learner, module_id: str, index: int, seconds: int = 0) -> None:
    record = learner.lesson(module_id)
    if record.status == "not_started":
        record.status = "in_progress"
        record.first_opened = now()
    record.last_section = index
    record.furthest_section = max(record.furthest_section, index)
    record.seconds += max(0, seconds)
    learner.last_module = module_id
    learner.touch()


def finish_lesson(learner: Learner, module_id: str) -> None:
    record = learner.lesson(module_id)
    if record.first_opened is None:
        record.first_opened = now()
    if record.status != "done":
        record.status = "done"
        record.completed = now()
    learner.touch()


def add_my_question(learner: Learner, text: str, module_id: str | None = None) -> MyQuestion | None:
    """Add a question to the learner's list; None if the same text is already there."""
    text = text.strip()
    if not text or any(q.text == text for q in learner.questions):
        return None
    question = MyQuestion(text=text, module=module_id)
    learner.questions.append(question)
    learner.touch()
    return question
