"""The active learner, read for the first screen without pydantic (docs/performance.md, Cold start).

Opening the progress the store's way imports pydantic and builds the progress models' schemas:
about a third of a cold start. The course map only reads the learner, so the app draws it from
this preview and opens the store right after (course.tui.app), before it handles any key.

The preview is strict: it is made only from files exactly as this version's store writes
them (the index and the active learner's own file, or a file of several learners, whole, of this format, every value of the
right kind and already clean and within range: what validation would accept unchanged).
Anything else, a hand-edited time without a zone, a control character, an unknown field, an
older or newer format, a file cut short, gives None, and the store opens the progress as usual
before the first screen, with every message it gives. So the preview never shows anything the
store would not.
"""

from __future__ import annotations

import datetime as dt
import os
import stat as stat_module
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course import tomlread
from course.progress import learners_folder
from course.progress.values import (
    END_LINE,
    HEADER_START,
    LATEST,
    MAX_COUNT,
    ROLES,
    SCHEMA_VERSION,
    STATUS_ORDER,
    UNSAFE_TEXT,
    UTC,
    learner_file_name,
)

MAX_BYTES = 8 * 1024 * 1024  # a bigger file is left to the store


class _NotPlain(Exception):
    """Something the preview does not take as it is: the store reads the files instead."""


@dataclass(frozen=True)
class LessonView:
    status: str = "not_started"
    last_section: int = 0
    furthest_section: int = 0
    seconds: int = 0
    first_opened: dt.datetime | None = None
    completed: dt.datetime | None = None


@dataclass(frozen=True)
class AttemptView:
    at: dt.datetime
    questions: list[str]
    answers: list[list[int]]
    correct: list[bool]
    score: int
    passed: bool

    @property
    def key(self) -> tuple[dt.datetime, tuple[str, ...]]:
        return self.at, tuple(self.questions)


@dataclass(frozen=True)
class QuizView:
    best_score: int = 0
    attempt_count: int = 0
    passed_at: dt.datetime | None = None
    attempts: list[AttemptView] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewView:
    misses: int = 1
    box: int = 0
    due: dt.datetime | None = None
    last_seen: dt.datetime | None = None


@dataclass(frozen=True)
class QuestionView:
    id: str
    text: str
    added: dt.datetime
    module: str | None = None
    asked: bool = False
    updated: dt.datetime | None = None

    @property
    def edited(self) -> dt.datetime:
        return self.updated or self.added


@dataclass(frozen=True)
class LearnerView:
    """A learner as the first screen reads them (course.progress.model.Learner's fields)."""

    created: dt.datetime
    updated: dt.datetime
    name: str = ""
    role: str = "patient"
    theme: str | None = None
    language: str | None = None
    last_module: str | None = None
    assessed: bool | None = None
    lessons: dict[str, LessonView] = field(default_factory=dict)
    quizzes: dict[str, QuizView] = field(default_factory=dict)
    review: dict[str, ReviewView] = field(default_factory=dict)
    questions: list[QuestionView] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProgressView:
    active_learner: str
    learners: dict[str, LearnerView]
    removed_learners: dict[str, dt.datetime]

    @property
    def active(self) -> LearnerView | None:
        return self.learners.get(self.active_learner)


def preview(path: Path) -> ProgressView | None:
    """The active learner of the progress at `path`, or None (the store must read it)."""
    try:
        index = _read(Path(path), ("index", "progress"))
        if index.pop("kind") == "progress":  # the earlier layout, every learner in the one file: all are read
            return _whole_file(index)
        _only(index, {"active_learner", "learners", "removed_learners"})
        active = _text(index.get("active_learner"))
        roster = _table(index.get("learners", {}))
        removed = {_text(key): _time(when) for key, when in _table(index.get("removed_learners", {})).items()}
        for entry in roster.values():
            entry = _table(entry)
            _only(entry, {"name", "role"})
            _text(entry.get("name", ""))
            _role(entry.get("role", "patient"))
        if active not in roster or active in removed:
            raise _NotPlain
        data = _read(learners_folder(Path(path)) / learner_file_name(active), ("learner",))
        if data.pop("kind") != "learner" or data.pop("id", None) != active:
            raise _NotPlain
        return ProgressView(active, {active: _learner(data)}, removed)
    except (_NotPlain, OSError, ValueError, TypeError, AttributeError, RecursionError, OverflowError):
        return None


def _whole_file(data: dict) -> ProgressView:
    _only(data, {"active_learner", "learners", "removed_learners"})
    active = _text(data.get("active_learner"))
    learners = {_text(key): _learner(_table(value)) for key, value in _table(data.get("learners", {})).items()}
    removed = {_text(key): _time(when) for key, when in _table(data.get("removed_learners", {})).items()}
    if active not in learners:
        raise _NotPlain
    return ProgressView(active, learners, removed)


def view_of(learner) -> LearnerView:
    """The preview of a validated learner (course.progress.model.Learner): the app compares it
    with the one it drew the first screen from."""
    return LearnerView(
        created=learner.created, updated=learner.updated, name=learner.name, role=learner.role, theme=learner.theme,
        language=learner.language, last_module=learner.last_module, assessed=learner.assessed,
        lessons={key: LessonView(**vars(record)) for key, record in learner.lessons.items()},
        quizzes={key: QuizView(quiz.best_score, quiz.attempt_count, quiz.passed_at,
                               [AttemptView(**vars(attempt)) for attempt in quiz.attempts])
                 for key, quiz in learner.quizzes.items()},
        review={key: ReviewView(**vars(item)) for key, item in learner.review.items()},
        questions=[QuestionView(**vars(question)) for question in learner.questions],
        notes=dict(learner.notes))


# ------------------------------------------------------------------ reading, strictly


def _read(path: Path, kinds: tuple[str, ...]) -> dict[str, Any]:
    status = os.lstat(path)  # an ordinary file, not a link: anything else is the store's to judge
    if not stat_module.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
        raise _NotPlain
    with open(path, "rb") as handle:
        text = handle.read(MAX_BYTES + 1).decode("utf-8")
    if not text.startswith(HEADER_START) or END_LINE not in text.splitlines():
        raise _NotPlain
    data = tomlread.loads(text)
    version = data.pop("schema_version", None)
    data.setdefault("kind", "progress")
    if type(version) is not int or version != SCHEMA_VERSION or data["kind"] not in kinds:
        raise _NotPlain
    return data


def _only(table: dict, names: set[str]) -> None:
    if not set(table) <= names:
        raise _NotPlain


def _table(value) -> dict:
    if type(value) is not dict:
        raise _NotPlain
    return value


def _list(value) -> list:
    if type(value) is not list:
        raise _NotPlain
    return value


def _text(value) -> str:
    if type(value) is not str or UNSAFE_TEXT.search(value) is not None:
        raise _NotPlain
    return value


def _maybe_text(value) -> str | None:
    return None if value is None else _text(value)


def _count(value, most: int = MAX_COUNT) -> int:
    if type(value) is not int or not 0 <= value <= most:
        raise _NotPlain
    return value


def _flag(value) -> bool:
    if type(value) is not bool:
        raise _NotPlain
    return value


def _time(value) -> dt.datetime:
    """A time with its zone, within range, in UTC (as the model keeps it)."""
    if type(value) is not dt.datetime or value.tzinfo is None:
        raise _NotPlain
    value = value.astimezone(UTC)
    if value > LATEST:
        raise _NotPlain
    return value


def _maybe_time(value) -> dt.datetime | None:
    return None if value is None else _time(value)


def _role(value) -> str:
    if value not in ROLES:
        raise _NotPlain
    return value


def _learner(data: dict) -> LearnerView:
    _only(data, {"name", "role", "created", "updated", "theme", "language", "last_module", "assessed", "lessons",
                 "quizzes", "review", "questions", "notes", "removed"})
    assessed = data.get("assessed")
    for kind, tombs in _table(data.get("removed", {})).items():
        if kind not in ("review", "questions", "notes", "lessons", "quizzes"):
            raise _NotPlain
        for key, when in _table(tombs).items():
            _text(key), _time(when)
    questions = [_question(_table(each)) for each in _list(data.get("questions", []))]
    if len({question.id for question in questions}) != len(questions):
        raise _NotPlain  # the model keeps the latest of each: the store's to sort out
    return LearnerView(
        created=_time(data.get("created")), updated=_time(data.get("updated")), name=_text(data.get("name", "")),
        role=_role(data.get("role", "patient")), theme=_maybe_text(data.get("theme")),
        language=_maybe_text(data.get("language")), last_module=_maybe_text(data.get("last_module")),
        assessed=None if assessed is None else _flag(assessed),
        lessons={_text(key): _lesson(_table(value)) for key, value in _table(data.get("lessons", {})).items()},
        quizzes={_text(key): _quiz(_table(value)) for key, value in _table(data.get("quizzes", {})).items()},
        review={_text(key): _review(_table(value)) for key, value in _table(data.get("review", {})).items()},
        questions=questions,
        notes={_text(key): _text(value) for key, value in _table(data.get("notes", {})).items()})


def _lesson(data: dict) -> LessonView:
    _only(data, {"status", "last_section", "furthest_section", "seconds", "first_opened", "completed"})
    status = data.get("status", "not_started")
    if status not in STATUS_ORDER:
        raise _NotPlain
    return LessonView(status, _count(data.get("last_section", 0)), _count(data.get("furthest_section", 0)),
                      _count(data.get("seconds", 0)), _maybe_time(data.get("first_opened")),
                      _maybe_time(data.get("completed")))


def _quiz(data: dict) -> QuizView:
    _only(data, {"best_score", "attempt_count", "passed_at", "attempts"})
    return QuizView(_count(data.get("best_score", 0), 100), _count(data.get("attempt_count", 0)),
                    _maybe_time(data.get("passed_at")),
                    [_attempt(_table(each)) for each in _list(data.get("attempts", []))])


def _attempt(data: dict) -> AttemptView:
    if set(data) != {"at", "questions", "answers", "correct", "score", "passed"}:
        raise _NotPlain
    questions = [_text(each) for each in _list(data["questions"])]
    answers = [[_count(index) for index in _list(chosen)] for chosen in _list(data["answers"])]
    correct = [_flag(each) for each in _list(data["correct"])]
    if not len(questions) == len(answers) == len(correct):
        raise _NotPlain
    return AttemptView(_time(data["at"]), questions, answers, correct, _count(data["score"], 100), _flag(data["passed"]))


def _review(data: dict) -> ReviewView:
    _only(data, {"misses", "box", "due", "last_seen"})
    return ReviewView(_count(data.get("misses", 1)), _count(data.get("box", 0)), _maybe_time(data.get("due")),
                      _maybe_time(data.get("last_seen")))


def _question(data: dict) -> QuestionView:
    _only(data, {"id", "text", "module", "asked", "added", "updated"})
    return QuestionView(_text(data.get("id")), _text(data.get("text")), _time(data.get("added")),
                        _maybe_text(data.get("module")), _flag(data.get("asked", False)),
                        _maybe_time(data.get("updated")))
