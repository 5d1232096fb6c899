"""The progress file's text: a readable TOML layout, written fast.

A general TOML writer spends most of a save walking thousands of quiz attempts that have not
changed since the last save. This writer knows the layout: one line per lesson, one line per
quiz attempt (an inline table), notes as multi-line strings. `ProgressWriter` remembers the
text of every learner and piece it wrote and reuses it while unchanged, so a save costs
about as much as the change it records.

Reading is plain `tomllib`; the model validates what it finds (course.progress.store).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib

from course.progress.model import (
    SCHEMA_VERSION,
    Index,
    Learner,
    LessonProgress,
    MyQuestion,
    Progress,
    QuizAttempt,
    Removed,
    ReviewItem,
    learner_state,
)
from course.progress.values import END_LINE, HEADER_START, PLAIN_ID, learner_file_name

__all__ = ["END_LINE", "HEADER_START", "PLAIN_ID", "learner_file_name"]  # re-exported (moved to course.progress.values)

HEADER = ("# ketamine-course progress. Private: it can show that someone is learning about ketamine treatment.\n"
          "# You may edit it by hand (keep a copy first); 'ketamine-course help progress' describes every field.\n")
LEARNER_HEADER = ("# ketamine-course progress of one learner. Private: it can show that someone is learning about "
                  "ketamine treatment.\n# You may edit it by hand (keep a copy first); 'ketamine-course help "
                  "progress' describes every field.\n")
INDEX_HEADER = ("# ketamine-course progress: who learns on this computer. Private: it names people learning about "
                "ketamine treatment.\n# Each learner's progress is in a file of its own in the folder {folder} "
                "beside this one.\n# You may edit it by hand (keep a copy first); 'ketamine-course help progress' "
                "describes every field.\n")
# The last line of every file the store writes: a file cut short (a full disk, a copy that
# stopped half way) has lost it, and is then set aside like any file that cannot be read.
END = f"\n{END_LINE}\n".encode()

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\]')
_ML_NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f-\x9f"\\]')  # tab and newline stay as they are
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def string(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def long_string(text: str) -> str:
    """Multi-line text stays readable: a multi-line basic string (the first newline is not content).
    A line that reads like the file's last line has its "#" escaped, so it never looks like it."""
    if "\n" not in text:
        return string(text)
    escaped = _ML_NEEDS_ESCAPE.sub(_escape, text)
    if END_LINE in escaped:
        escaped = escaped.replace(END_LINE, "\\u0023" + END_LINE[1:])
    return '"""\n' + escaped + '"""'


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else string(name)


def timestamp(value: dt.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def boolean(value: bool) -> str:
    return "true" if value else "false"


def _inline(pairs: list[tuple[str, str]]) -> str:
    return "{ " + ", ".join(f"{name} = {value}" for name, value in pairs) + " }" if pairs else "{}"


def _times(mapping: dict[str, dt.datetime]) -> str:
    return _inline([(key(name), timestamp(when)) for name, when in mapping.items()])


def attempt_line(attempt: QuizAttempt) -> str:
    answers = ", ".join("[" + ", ".join(map(str, chosen)) + "]" for chosen in attempt.answers)
    return (f"  {{ at = {timestamp(attempt.at)}, score = {attempt.score}, passed = {boolean(attempt.passed)}, "
            f"questions = [{', '.join(map(string, attempt.questions))}], answers = [{answers}], "
            f"correct = [{', '.join(map(boolean, attempt.correct))}] }},\n")


class Memo:
    """Text made last time, reused while what it was made from is unchanged.

    Each piece has a slot (where it is in the file) and the values it was made from; the
    values are compared with ==, which for unchanged values is an identity check and costs
    next to nothing. Slots not used in a dump are forgotten.
    """

    def __init__(self) -> None:
        self._old: dict = {}
        self._new: dict = {}

    def get(self, slot, made_from: tuple, make, *args):
        entry = self._old.get(slot)
        if entry is None or entry[0] != made_from:
            entry = (made_from, make(*args))
        self._new[slot] = entry
        return entry[1]

    def finish(self) -> None:
        self._old, self._new = self._new, {}


def _fields(record) -> tuple:
    return tuple(vars(record).values())  # pydantic keeps a model's field values in its __dict__


def _lesson(module: str, record: LessonProgress) -> str:
    pairs = [("status", string(record.status)), ("last_section", str(record.last_section)),
             ("furthest_section", str(record.furthest_section)), ("seconds", str(record.seconds))]
    if record.first_opened is not None:
        pairs.append(("first_opened", timestamp(record.first_opened)))
    if record.completed is not None:
        pairs.append(("completed", timestamp(record.completed)))
    return f"{key(module)} = {_inline(pairs)}\n"


def _review(name: str, item: ReviewItem) -> str:
    pairs = [("misses", str(item.misses)), ("box", str(item.box))]
    if item.due is not None:
        pairs.append(("due", timestamp(item.due)))
    if item.last_seen is not None:
        pairs.append(("last_seen", timestamp(item.last_seen)))
    return f"{key(name)} = {_inline(pairs)}\n"


def _attempts(attempts: list[QuizAttempt]) -> str:
    return "attempts = [\n" + "".join(map(attempt_line, attempts)) + "]\n"


def _quiz_head(table: str, best_score: int, attempt_count: int, passed_at: dt.datetime | None) -> str:
    text = f"\n[{table}]\nbest_score = {best_score}\nattempt_count = {attempt_count}\n"
    return text + (f"passed_at = {timestamp(passed_at)}\n" if passed_at is not None else "")


def _my_question(table: str, question: MyQuestion) -> str:
    out = [f"\n[[{table}]]\nid = {string(question.id)}\ntext = {long_string(question.text)}\n"]
    if question.module is not None:
        out.append(f"module = {string(question.module)}\n")
    out.append(f"asked = {boolean(question.asked)}\nadded = {timestamp(question.added)}\n")
    if question.updated is not None:
        out.append(f"updated = {timestamp(question.updated)}\n")
    return "".join(out)


def _note(module: str, text: str) -> str:
    return f"{key(module)} = {long_string(text)}\n"


def _learner_head(table: str, name, role, created, updated, theme, language, last_module, assessed) -> str:
    out = [f"\n[{table}]\n" if table else "", f"name = {string(name)}\nrole = {string(role)}\n"
           f"created = {timestamp(created)}\nupdated = {timestamp(updated)}\n"]
    if theme is not None:
        out.append(f"theme = {string(theme)}\n")
    if language is not None:
        out.append(f"language = {string(language)}\n")
    if last_module is not None:
        out.append(f"last_module = {string(last_module)}\n")
    if assessed is not None:
        out.append(f"assessed = {boolean(assessed)}\n")
    return "".join(out)


def _removed(table: str, removed: Removed) -> str:
    out = [f"\n[{table}]\n"]
    for field, mapping in zip(("review", "questions", "notes", "lessons", "quizzes"), removed.kinds()):
        if mapping:
            out.append(f"{field} = {_times(mapping)}\n")
    return "".join(out)


def learner_table(learner_id: str) -> str:
    """Where a learner is in a file of several learners."""
    return f"learners.{key(learner_id)}"


def _table(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def learner_body(prefix: str, learner: Learner, memo: Memo) -> str:
    """A learner's values and tables, under the table `prefix` ("learners.<id>" in a file of
    several learners; "" in a learner's own file, where they are at the top)."""
    out: list[str] = []
    head = (prefix, learner.name, learner.role, learner.created, learner.updated, learner.theme, learner.language,
            learner.last_module, learner.assessed)
    out.append(memo.get("head", head, _learner_head, *head))
    if learner.lessons:
        out.append(f"\n[{_table(prefix, 'lessons')}]\n")
        out.extend(memo.get(("lesson", module), (module, *_fields(record)), _lesson, module, record)
                   for module, record in learner.lessons.items())
    for module, record in learner.quizzes.items():
        quiz_table = _table(prefix, f"quizzes.{key(module)}")
        quiz_head = (quiz_table, record.best_score, record.attempt_count, record.passed_at)
        out.append(memo.get(("quiz", module), quiz_head, _quiz_head, *quiz_head))
        if record.attempts:
            out.append(memo.get(("attempts", module), tuple(record.attempts), _attempts, record.attempts))
    if learner.review:
        out.append(f"\n[{_table(prefix, 'review')}]\n")
        out.extend(memo.get(("review", name), (name, *_fields(item)), _review, name, item)
                   for name, item in learner.review.items())
    questions_table = _table(prefix, "questions")
    for question in learner.questions:
        out.append(memo.get(("question", question.id), (questions_table, *_fields(question)),
                            _my_question, questions_table, question))
    if learner.notes:
        out.append(f"\n[{_table(prefix, 'notes')}]\n")
        out.extend(memo.get(("note", module), (module, text), _note, module, text)
                   for module, text in learner.notes.items())
    if learner.removed:
        out.append(_removed(_table(prefix, "removed"), learner.removed))
    memo.finish()
    return "".join(out)


class ProgressWriter:
    """Writes a file of several learners (an export, a rescue copy, a format-1 file), reusing
    the text of everything unchanged since last time.

    A learner whose `learner_state` is unchanged is copied as the bytes written last time;
    in a learner that changed, each piece (lesson, quiz, question, …) is remade only if its
    own values changed. A change anywhere, even one made in place without `touch()`, is seen.
    """

    def __init__(self) -> None:
        self._learners: dict[str, tuple[tuple, bytes, Memo]] = {}

    def dump_bytes(self, progress: Progress, states: dict[str, tuple] | None = None, *, note: str = "") -> bytes:
        """The file as UTF-8. Empty tables and unset values are left out (TOML has no null).
        `states` may give each learner's `learner_state`, if the caller has them already;
        `note`, comment lines for the top of the file (what it is, what it leaves out)."""
        head = [HEADER, note, f"schema_version = {SCHEMA_VERSION}\n"]
        if progress.active_learner is not None:
            head.append(f"active_learner = {string(progress.active_learner)}\n")
        if progress.removed_learners:
            head.append(f"removed_learners = {_times(progress.removed_learners)}\n")
        chunks = [encode("".join(head))]
        previous, self._learners = self._learners, {}
        for learner_id, learner in progress.learners.items():
            state = states[learner_id] if states is not None else learner_state(learner)
            entry = previous.get(learner_id)
            if entry is None or entry[0] != state:
                memo = entry[2] if entry is not None else Memo()
                entry = (state, encode(learner_body(learner_table(learner_id), learner, memo)), memo)
            self._learners[learner_id] = entry
            chunks.append(entry[1])
        chunks.append(END)
        return b"".join(chunks)

    def dumps(self, progress: Progress) -> str:
        return self.dump_bytes(progress).decode("utf-8")


class LearnerWriter:
    """One learner's own file (the store keeps one per learner), reusing unchanged pieces' text."""

    def __init__(self) -> None:
        self._memo = Memo()
        self._last: tuple[tuple, bytes] | None = None

    def dump_bytes(self, learner_id: str, learner: Learner, state: tuple | None = None) -> bytes:
        state = learner_state(learner) if state is None else state
        if self._last is None or self._last[0] != (learner_id, state):
            head = f"{LEARNER_HEADER}schema_version = {SCHEMA_VERSION}\nkind = \"learner\"\nid = {string(learner_id)}\n"
            self._last = ((learner_id, state), encode(head + learner_body("", learner, self._memo)) + END)
        return self._last[1]


def dump_index(index: Index, folder_name: str) -> bytes:
    out = [INDEX_HEADER.format(folder=folder_name), f"schema_version = {SCHEMA_VERSION}\nkind = \"index\"\n"]
    if index.active_learner is not None:
        out.append(f"active_learner = {string(index.active_learner)}\n")
    if index.removed_learners:
        out.append(f"removed_learners = {_times(index.removed_learners)}\n")
    for learner_id, entry in index.learners.items():
        out.append(f"\n[learners.{key(learner_id)}]\nname = {string(entry.name)}\nrole = {string(entry.role)}\n")
    return encode("".join(out)) + END


def dumps(progress: Progress) -> str:
    """A file of several learners, from scratch."""
    return ProgressWriter().dumps(progress)


def encode(text: str) -> bytes:
    """UTF-8; an unpaired surrogate that slipped past the model becomes "?" rather than a failed save."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace")


def is_complete(text: str) -> bool:
    """Whether the file still has its last line (END_LINE): a file cut short has lost it."""
    return END_LINE in text.splitlines()


def loads(text: str) -> dict:
    return tomllib.loads(text)
