"""Shared helpers for the progress tests: hypothesis strategies for any valid progress, and
fixed times so that expected states can be rebuilt exactly."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from course.progress.model import (
    Learner,
    LessonProgress,
    MyQuestion,
    Progress,
    QuizAttempt,
    QuizRecord,
    Removed,
    ReviewItem,
)

T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
TRICKY = ['"quoted"', "it's", "back\\slash", 'triple """ quotes', "two\nlines\n", "tab\there", "😀🌿",
          "שלום עולם", "مرحبا", "\u202eRTL override", "crlf\r\nline", "bell\x07 esc\x1b[31m", "lone \ud800 surrogate",
          "", " ", "=", "[table]", "#not a comment", "key.with.dots", "ümlaut", "\x00nul", "\x85next line"]

# Any character at all, surrogates and controls included: the model decides what is kept.
any_text = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=()), max_size=24))
short_text = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=()), max_size=8))
zones = st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                         dt.timezone(dt.timedelta(hours=-8))])
times = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9998, 12, 31), timezones=zones)
counts = st.integers(min_value=0, max_value=2**63 - 1)
small = st.integers(min_value=0, max_value=50)


@st.composite
def attempts(draw) -> QuizAttempt:
    size = draw(st.integers(min_value=0, max_value=8))
    return QuizAttempt(
        at=draw(times), questions=draw(st.lists(short_text, min_size=size, max_size=size)),
        answers=draw(st.lists(st.lists(small, max_size=4), min_size=size, max_size=size)),
        correct=draw(st.lists(st.booleans(), min_size=size, max_size=size)),
        score=draw(st.integers(0, 100)), passed=draw(st.booleans()))


lessons = st.builds(LessonProgress, status=st.sampled_from(["not_started", "in_progress", "done"]),
                    last_section=counts, furthest_section=counts, seconds=counts,
                    first_opened=st.none() | times, completed=st.none() | times)
quizzes = st.builds(QuizRecord, best_score=st.integers(0, 100), attempt_count=counts,
                    passed_at=st.none() | times, attempts=st.lists(attempts(), max_size=3))
reviews = st.builds(ReviewItem, misses=counts, box=counts, due=st.none() | times, last_seen=st.none() | times)
my_questions = st.builds(MyQuestion, id=short_text, text=any_text, module=st.none() | short_text,
                         asked=st.booleans(), added=times, updated=st.none() | times)
tombstones = st.dictionaries(short_text, times, max_size=2)
learners = st.builds(
    Learner, name=any_text, role=st.sampled_from(["patient", "volunteer", "facilitator"]), created=times,
    updated=times, theme=st.none() | short_text, last_module=st.none() | short_text, assessed=st.none() | st.booleans(),
    lessons=st.dictionaries(short_text, lessons, max_size=3), quizzes=st.dictionaries(short_text, quizzes, max_size=2),
    review=st.dictionaries(short_text, reviews, max_size=3), questions=st.lists(my_questions, max_size=3),
    notes=st.dictionaries(short_text, any_text, max_size=3),
    removed=st.builds(Removed, review=tombstones, questions=tombstones, notes=tombstones))
progresses = st.builds(Progress, active_learner=st.none() | short_text,
                       learners=st.dictionaries(short_text, learners, max_size=3), removed_learners=tombstones)


def sample_learner(name: str = "Sam", role: str = "volunteer") -> Learner:
    """A learner with a bit of everything, at fixed times."""
    learner = Learner(name=name, role=role, created=T0, updated=T0 + dt.timedelta(hours=1), last_module="risks")
    learner.lessons["risks"] = LessonProgress(status="done", last_section=3, furthest_section=4, seconds=600,
                                              first_opened=T0, completed=T0 + dt.timedelta(minutes=30))
    learner.quizzes["risks"] = QuizRecord(best_score=88, attempt_count=2, passed_at=T0 + dt.timedelta(minutes=40), attempts=[
        QuizAttempt(at=T0 + dt.timedelta(minutes=35), questions=["a", "b"], answers=[[0], [1, 2]],
                    correct=[True, False], score=50, passed=False),
        QuizAttempt(at=T0 + dt.timedelta(minutes=40), questions=["b", "c"], answers=[[1, 2], [0]],
                    correct=[True, True], score=100, passed=True)])
    learner.review["risks/a"] = ReviewItem(misses=2, box=1, last_seen=T0 + dt.timedelta(minutes=41))
    learner.questions.append(MyQuestion(id="q1", text="Can I drive home?", module="risks", added=T0))
    learner.notes["risks"] = "Ask about blood pressure.\nBring my medication list."
    return learner


def sample_progress(*names: str) -> Progress:
    progress = Progress()
    for number, name in enumerate(names or ("Sam",)):
        progress.learners[f"id{number}"] = sample_learner(name)
    progress.active_learner = "id0"
    return progress


def learner_file(path, learner_id="id0"):
    return path.parent / "progress-learners" / f"{learner_id}.toml"


def every_file(path) -> dict[str, bytes]:
    """The index and every learner's file (not the locks), to check that nothing changed."""
    folder = path.parent / "progress-learners"
    files = {path.name: path.read_bytes()} if path.exists() else {}
    if folder.is_dir():
        files.update((f"{folder.name}/{each.name}", each.read_bytes()) for each in sorted(folder.iterdir())
                     if not each.name.endswith(".lock"))
    return files
