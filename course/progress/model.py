"""A learner's progress: the pydantic model and the small actions the app records through it.

The file is TOML a person can read and hand-edit (see docs/progress.md). It holds several
learner profiles (a shared machine at a group session), each with lesson positions, quiz
attempts, the review queue of missed questions, their own question list and notes.
Reading, writing, locking and merging the file is `course.progress.store`'s job.

Two rules every value obeys, so that any valid model saves and loads back equal:

- Text keeps every character except control characters other than tab and newline
  (escape sequences from a hand-edited file must never reach a terminal) and unpaired
  surrogates (not Unicode, so not TOML); those are removed, and line endings become "\\n".
- Times are timezone-aware, in UTC. A time without a zone (hand-written) is taken as UTC;
  a bare date as midnight UTC.
- Counts saturate at MAX_COUNT and times at LATEST, so that no later sum can overflow.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from course.i18n import _
from course.progress.values import (  # the plain values and rules: course.progress.values (no pydantic)
    ATTEMPTS_KEPT,
    EPOCH,
    LATEST,
    MAX_COUNT,
    ROLES,
    SCHEMA_VERSION,
    STATUS_ORDER,
    UNSAFE_TEXT,
    UTC,
    LessonStatus,
    Role,
    clean_text,
    now,
)

# Re-exported: the rest of the course imports them from here, as before they moved.
__all__ = ["ATTEMPTS_KEPT", "EPOCH", "LATEST", "MAX_COUNT", "ROLES", "SCHEMA_VERSION", "STATUS_ORDER", "UTC",
           "LessonStatus", "Role", "clean_text", "now"]
# The plain values and rules live in course.progress.values (no pydantic: the app's start-up reads them).
_UNSAFE_TEXT = UNSAFE_TEXT


def _in_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 has no UTC equivalent
        raise ValueError(_("time is out of range")) from None


def _clean_all(texts: list[str]) -> list[str]:
    """clean_text for a list of ids, with one check for the usual case of nothing to clean."""
    if _UNSAFE_TEXT.search("".join(texts)) is None:
        return texts
    return [clean_text(text) for text in texts]


def _at_most_latest(value: dt.datetime) -> dt.datetime:
    return min(value, LATEST)


def _at_most_max_count(value: int) -> int:
    return min(value, MAX_COUNT)


Text = Annotated[str, AfterValidator(clean_text)]
TextList = Annotated[list[str], AfterValidator(_clean_all)]
Timestamp = Annotated[dt.datetime, AfterValidator(_in_utc), AfterValidator(_at_most_latest)]
Count = Annotated[int, Field(ge=0), AfterValidator(_at_most_max_count)]  # saturates: never overflows, never fails
Percent = Annotated[int, Field(ge=0, le=100)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LessonProgress(Record):
    status: LessonStatus = "not_started"
    last_section: Count = 0  # 0-based index of the section last shown
    furthest_section: Count = 0
    seconds: Count = 0  # time spent reading
    first_opened: Timestamp | None = None
    completed: Timestamp | None = None  # when it was first finished


class QuizAttempt(Record):
    """One finished quiz: a fact of history, never edited (frozen, so the store can cache it)."""

    model_config = ConfigDict(frozen=True)

    at: Timestamp
    questions: TextList  # question ids, in the order asked
    answers: list[list[Count]]  # the option indexes chosen (in the bank's order) for each question
    correct: list[bool]
    score: Percent
    passed: bool

    @model_validator(mode="after")
    def _one_answer_per_question(self) -> QuizAttempt:
        if not len(self.questions) == len(self.answers) == len(self.correct):
            raise ValueError(_("questions, answers and correct must have one entry per question"))
        return self

    def __eq__(self, other: object) -> bool:
        # Pydantic's general __eq__ checks generics, private and extra values first: a merge,
        # and the store's test for "changed since the last save", compare hundreds of attempts
        # (every one, when the two sides read them separately), five times faster this way.
        if type(other) is QuizAttempt:
            return self.__dict__ == other.__dict__
        return super().__eq__(other)


    @property
    def key(self) -> tuple[dt.datetime, tuple[str, ...]]:
        """What makes an attempt itself: when it was taken and what it asked."""
        return self.at, tuple(self.questions)


class QuizRecord(Record):
    best_score: Percent = 0
    attempt_count: Count = 0
    passed_at: Timestamp | None = None
    attempts: list[QuizAttempt] = []  # the most recent ATTEMPTS_KEPT, oldest first


class ReviewItem(Record):
    """A missed question in the practice schedule (a Leitner box; course.learning.quiz has the rule)."""

    misses: Count = 1
    box: Count = 0  # right answers on separate days since the last miss; 0: practise today
    due: Timestamp | None = None  # when it comes back; None: now
    last_seen: Timestamp | None = None


class MyQuestion(Record):
    id: Text = Field(default_factory=lambda: secrets.token_hex(4))
    text: Text
    module: Text | None = None  # the lesson it was suggested by, if any
    asked: bool = False
    added: Timestamp = Field(default_factory=now)
    updated: Timestamp | None = None  # last edit; set by itself when text, module or asked change

    def __setattr__(self, name: str, value) -> None:
        super().__setattr__(name, value)
        if name in ("text", "module", "asked"):
            super().__setattr__("updated", now())

    @property
    def edited(self) -> dt.datetime:
        """When this question last changed: a merge keeps the latest edit."""
        return self.updated or self.added


class Removed(Record):
    """Tombstones: when something was deleted, so that merging an older copy cannot bring it back."""

    review: dict[Text, Timestamp] = {}  # review key -> when it left the queue
    questions: dict[Text, Timestamp] = {}  # my-question id -> when it was deleted
    notes: dict[Text, Timestamp] = {}  # module id -> when its note was deleted
    lessons: dict[Text, Timestamp] = {}  # module id -> when its reading was reset
    quizzes: dict[Text, Timestamp] = {}  # module id -> when its quiz history was reset

    def __bool__(self) -> bool:
        return bool(self.review or self.questions or self.notes or self.lessons or self.quizzes)

    def kinds(self) -> tuple[dict[str, dt.datetime], ...]:
        return self.review, self.questions, self.notes, self.lessons, self.quizzes


class Learner(Record):
    name: Text = ""
    role: Role = "patient"
    created: Timestamp = Field(default_factory=now)
    updated: Timestamp = Field(default_factory=now)
    theme: Text | None = None
    language: Text | None = None  # the edition and the app's words chosen in the app ("es"); None: --lang, the computer's, the course's
    last_module: Text | None = None  # where "continue" goes
    assessed: bool | None = None  # a facilitator's choice: quizzes against the pass mark, or self-checks
    lessons: dict[Text, LessonProgress] = {}
    quizzes: dict[Text, QuizRecord] = {}
    review: dict[Text, ReviewItem] = {}  # key: "module-id/question-id"
    questions: list[MyQuestion] = []
    notes: dict[Text, Text] = {}  # per module id
    removed: Removed = Field(default_factory=Removed)

    @field_validator("questions")
    @classmethod
    def _one_question_per_id(cls, questions: list[MyQuestion]) -> list[MyQuestion]:
        """Ids name questions (a hand-edited file may repeat one): keep the latest edit of each."""
        if len({question.id for question in questions}) == len(questions):
            return questions
        latest: dict[str, MyQuestion] = {}
        for question in questions:
            if question.id not in latest or question.edited > latest[question.id].edited:
                latest[question.id] = question
        return [question for question in questions if latest[question.id] is question]

    def lesson(self, module_id: str) -> LessonProgress:
        return self.lessons.setdefault(module_id, LessonProgress())

    def quiz(self, module_id: str) -> QuizRecord:
        return self.quizzes.setdefault(module_id, QuizRecord())

    def touch(self) -> None:
        self.updated = now()


class Progress(Record):
    schema_version: int = SCHEMA_VERSION
    active_learner: Text | None = None
    learners: dict[Text, Learner] = {}
    removed_learners: dict[Text, Timestamp] = {}  # tombstones: learner id -> when the profile was removed

    @property
    def active(self) -> Learner | None:
        return self.learners.get(self.active_learner) if self.active_learner else None

    def add_learner(self, name: str, role: Role) -> str:
        learner_id = secrets.token_hex(4)
        self.learners[learner_id] = Learner(name=name.strip(), role=role)
        self.active_learner = learner_id
        return learner_id

    def find_learner(self, name: str | None = None) -> str:
        """The id of the learner called `name` (or with that id; case does not matter, and a
        unique part of a name will do); without a name, the active or only learner.
        Raises LookupError with a plain message that lists the learners."""
        active = self.active_learner if self.active is not None else None
        return find_learner({i: learner.name for i, learner in self.learners.items()}, active, name)

    def learner_names(self, ids: list[str] | None = None) -> str:
        """'Sam (1a2b3c4d), Alex (5e6f7a8b)': names with ids, for messages."""
        return learner_names({i: learner.name for i, learner in self.learners.items()}, ids)

    def remove_learner(self, learner_id: str) -> None:
        """Delete a profile for good: the tombstone stops a merge from bringing it back."""
        if self.learners.pop(learner_id, None) is not None:
            self.removed_learners[learner_id] = now()
        if self.active_learner == learner_id:
            self.active_learner = None


class RosterEntry(Record):
    """A learner as the progress file's index lists them (their own file holds the rest)."""

    name: Text = ""
    role: Role = "patient"


class Index(Record):
    """The progress file itself, when each learner's progress is in a file of its own: who
    learns here (for the list of learners), who used it last, and who was removed."""

    schema_version: int = SCHEMA_VERSION
    active_learner: Text | None = None
    learners: dict[Text, RosterEntry] = {}
    removed_learners: dict[Text, Timestamp] = {}


def learner_names(names: dict[str, str], ids: list[str] | None = None) -> str:
    """'Sam (1a2b3c4d), Alex (5e6f7a8b)': names with ids, for messages."""
    ids = list(names) if ids is None else ids
    return ", ".join(f"{names[i] or '(no name)'} ({i})" for i in ids)


def find_learner(names: dict[str, str], active: str | None, name: str | None = None) -> str:
    """The id of the learner called `name` among `names` (id -> name): the id itself, the name
    (case does not matter) or a unique part of it; without a name, `active` or the only one.
    Raises LookupError with a plain message that lists the learners."""
    if not names:
        raise LookupError(_("There is no learner in this progress file yet. Start the course first "
                            "(run ketamine-course), or choose another file with --progress PATH."))
    if name is None:
        if active is not None:
            return active
        if len(names) == 1:
            return next(iter(names))
        raise LookupError(_("Several people use this progress file. Choose one with --learner NAME: {learner_names}."
                            ).format(learner_names=learner_names(names)))
    wanted = name.strip().casefold()
    exact = [i for i, known in names.items() if i == name.strip() or known.strip().casefold() == wanted]
    matches = exact or [i for i, known in names.items() if wanted and wanted in known.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(_("No learner called '{name}'. The learners in this progress file are: {learner_names}."
                            ).format(name=name, learner_names=learner_names(names)))
    raise LookupError(_("Several learners match '{name}': {learner_names}. Give the full name, or the id in "
                        "brackets, with --learner.").format(name=name, learner_names=learner_names(names, matches)))


def clamp_future(progress: Progress, latest: dt.datetime) -> int:
    """Bring every time after `latest` back to it (a file from a computer whose clock ran ahead,
    or a crafted one: its future times would win every merge). Returns how many there were.
    A practice item's `due` is meant to be in the future and is left alone."""
    count = 0

    def clamp(record, *names: str) -> None:
        nonlocal count
        for name in names:
            value = getattr(record, name)
            if value is not None and value > latest:
                object.__setattr__(record, name, latest)  # as read; MyQuestion would stamp `updated`
                count += 1

    def clamp_all(times: dict[str, dt.datetime]) -> None:
        nonlocal count
        for key, when in times.items():
            if when > latest:
                times[key] = latest
                count += 1

    clamp_all(progress.removed_learners)
    for learner in progress.learners.values():
        clamp(learner, "created", "updated")
        for record in learner.lessons.values():
            clamp(record, "first_opened", "completed")
        for quiz in learner.quizzes.values():
            clamp(quiz, "passed_at")
            if any(attempt.at > latest for attempt in quiz.attempts):
                count += sum(attempt.at > latest for attempt in quiz.attempts)
                quiz.attempts = [attempt.model_copy(update={"at": min(attempt.at, latest)}) for attempt in quiz.attempts]
        for item in learner.review.values():
            clamp(item, "last_seen")
        for question in learner.questions:
            clamp(question, "added", "updated")
        for times in learner.removed.kinds():
            clamp_all(times)
    return count


def learner_state(learner: Learner) -> tuple:
    """Every value in a learner, flat, with counts so that different learners never give the
    same tuple. Comparing two states of an unchanged learner is a run of identity checks, so
    the store uses this to skip, cheaply, what did not change since the last save."""
    values = [learner.name, learner.role, learner.created, learner.updated, learner.theme, learner.language, learner.last_module,
              learner.assessed, len(learner.lessons)]
    for module, record in learner.lessons.items():
        values.append(module)
        values.extend(vars(record).values())  # pydantic keeps a model's field values in its __dict__
    values.append(len(learner.quizzes))
    for module, quiz in learner.quizzes.items():
        values += (module, quiz.best_score, quiz.attempt_count, quiz.passed_at, len(quiz.attempts))
        values.extend(quiz.attempts)  # frozen: the same objects, or equal ones
    values.append(len(learner.review))
    for key, item in learner.review.items():
        values.append(key)
        values.extend(vars(item).values())
    values.append(len(learner.questions))
    for question in learner.questions:
        values.extend(vars(question).values())
    values.append(len(learner.notes))
    for module, text in learner.notes.items():
        values += (module, text)
    for tombs in learner.removed.kinds():
        values.append(len(tombs))
        for key, when in tombs.items():
            values += (key, when)
    return tuple(values)


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
    text = clean_text(text).strip()
    if not text or any(q.text == text for q in learner.questions):
        return None
    question = MyQuestion(text=text, module=module_id)
    learner.questions.append(question)
    learner.touch()
    return question


def remove_my_question(learner: Learner, question_id: str) -> bool:
    """Delete one of the learner's questions; False if there was none with that id."""
    kept = [q for q in learner.questions if q.id != question_id]
    if len(kept) == len(learner.questions):
        return False
    learner.questions = kept
    learner.removed.questions[question_id] = now()
    learner.touch()
    return True


def _forget(tombs: dict[str, dt.datetime], key: str, *times: dt.datetime | None) -> None:
    """A tombstone no earlier than now nor than the deleted thing's own times (a clock that ran
    ahead must not let an older copy of it outlive the deletion)."""
    tombs[key] = max([now(), tombs.get(key, EPOCH), *(when for when in times if when is not None)])


def reset_lesson(learner: Learner, module_id: str) -> bool:
    """Forget how far the learner read a lesson (it starts again as not started)."""
    record = learner.lessons.pop(module_id, None)
    if record is None:
        return False
    _forget(learner.removed.lessons, module_id, record.first_opened, record.completed)
    if learner.last_module == module_id:
        learner.last_module = None
    learner.touch()
    return True


def reset_quiz(learner: Learner, module_id: str) -> bool:
    """Forget a quiz's history: every attempt, the best score and count, and its questions
    waiting to be practised."""
    record = learner.quizzes.pop(module_id, None)
    prefix = f"{module_id}/"
    practice = [key for key in learner.review if key.startswith(prefix)]
    if record is None and not practice:
        return False
    if record is not None:
        _forget(learner.removed.quizzes, module_id, record.passed_at, *(attempt.at for attempt in record.attempts))
    for key in practice:
        item = learner.review.pop(key)
        _forget(learner.removed.review, key, item.last_seen)
    learner.touch()
    return True


def reset_all(learner: Learner) -> None:
    """Forget everything the learner did (the name, role and settings stay)."""
    for module_id in list(learner.lessons):
        reset_lesson(learner, module_id)
    for module_id in list(learner.quizzes):
        reset_quiz(learner, module_id)
    for key in list(learner.review):
        _forget(learner.removed.review, key, learner.review.pop(key).last_seen)
    for question in learner.questions:
        _forget(learner.removed.questions, question.id, question.edited)
    learner.questions = []
    for module_id in list(learner.notes):
        del learner.notes[module_id]
        _forget(learner.removed.notes, module_id)
    learner.last_module = None
    learner.touch()


def set_note(learner: Learner, module_id: str, text: str) -> None:
    """Keep the learner's note on a module; empty text deletes the note."""
    text = clean_text(text)
    if text.strip():
        learner.notes[module_id] = text
        learner.removed.notes.pop(module_id, None)
    elif learner.notes.pop(module_id, None) is not None:
        learner.removed.notes[module_id] = now()
    learner.touch()
