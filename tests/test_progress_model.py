"""The progress model and its file format: any valid progress saves and loads back equal."""

from __future__ import annotations

import datetime as dt
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_progress_support import T0, any_text, attempts, progresses, sample_progress

from course.progress.fileformat import ProgressWriter, dumps
from course.progress.model import (
    SCHEMA_VERSION,
    Learner,
    LessonProgress,
    MyQuestion,
    Progress,
    QuizAttempt,
    ReviewItem,
    add_my_question,
    clean_text,
    learner_state,
    remove_my_question,
    set_note,
)
from course.progress.store import ProgressStore, loads

# ------------------------------------------------------------------ text and times


@given(any_text)
def test_clean_text_keeps_every_character_toml_and_a_terminal_can_hold(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert all(char in "\t\n" or not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F) for char in cleaned)
    assert not any(0xD800 <= ord(char) <= 0xDFFF for char in cleaned)
    kept = [c for c in text.replace("\r\n", "\n").replace("\r", "\n")
            if c in "\t\n" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF)]
    assert cleaned == "".join(kept)


def test_text_rules_on_examples():
    assert clean_text('Sam "the" 😀 שלום \u202e') == 'Sam "the" 😀 שלום \u202e'  # quotes, emoji, RTL stay
    assert clean_text("a\r\nb\rc\td") == "a\nb\nc\td"
    assert clean_text("red\x1b[31m\x07\x00\x85\ud800") == "red[31m"
    learner = Learner(name="x\x1by")
    assert learner.name == "xy"
    learner.name = "a\x00b"  # validated on assignment too
    assert learner.name == "ab"


def test_times_become_utc_and_dates_midnight():
    learner = Learner(created=dt.datetime(2026, 1, 1, 12, 0), updated=dt.date(2026, 2, 3))
    assert learner.created == dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert learner.updated == dt.datetime(2026, 2, 3, tzinfo=dt.UTC)
    offset = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert Learner(created=offset).created.utcoffset() == dt.timedelta(0)


# ------------------------------------------------------------------ round trips


@settings(max_examples=300, deadline=None)
@given(progresses)
def test_any_valid_progress_dumps_and_loads_back_equal(progress):
    text = dumps(progress)
    assert loads(text) == progress
    assert ProgressWriter().dumps(progress) == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(progresses)
def test_any_valid_progress_saves_and_opens_back_equal(progress):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        store = ProgressStore.open(path)
        store.data = progress
        assert store.save(), store.notices
        reopened = ProgressStore.open(path)
        assert reopened.notices == []
        assert reopened.data == progress


@settings(max_examples=100, deadline=None)
@given(progresses, st.data())
def test_the_writer_sees_every_change_even_in_place_without_touch(progress, data):
    """The writer reuses text of unchanged learners: a change made in place must still be written."""
    writer = ProgressWriter()
    writer.dumps(progress)
    if progress.learners:
        learner = progress.learners[data.draw(st.sampled_from(sorted(progress.learners)))]
        change = data.draw(st.sampled_from(["name", "note", "lesson", "question", "review"]))
        if change == "name":
            learner.name += "x"
        elif change == "note":
            learner.notes["m"] = learner.notes.get("m", "") + "more"
        elif change == "lesson":
            record = learner.lesson("m")
            record.last_section = 0 if record.last_section else 1
        elif change == "question":
            learner.questions.append(MyQuestion(id="new", text="new", added=T0))
        else:
            for item in learner.review.values():
                item.misses = 0 if item.misses else 1
            learner.review["new/q"] = ReviewItem(misses=7)
    assert loads(writer.dumps(progress)) == progress


def test_the_file_is_readable_toml_with_a_schema_version():
    text = dumps(sample_progress("Sam", "Alex"))
    data = tomllib.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    assert text.startswith("# ketamine-course progress. Private")
    assert text.endswith("\n# end of ketamine-course progress\n")  # a file cut short has lost it
    assert '[learners.id0.lessons]\nrisks = { status = "done", last_section = 3' in text
    assert 'notes]\nrisks = """\nAsk about blood pressure.\nBring my medication list."""' in text
    assert "null" not in text and "None" not in text


def test_learner_state_changes_with_any_value():
    learner = sample_progress().active
    before = learner_state(learner)
    assert learner_state(learner) == before
    learner.review["risks/a"].box += 1
    assert learner_state(learner) != before


# ------------------------------------------------------------------ actions and lookup


def test_actions_keep_tombstones_for_deletions():
    learner = Learner(name="Sam")
    question = add_my_question(learner, "  Will it hurt?\x07 ")
    assert question.text == "Will it hurt?" and add_my_question(learner, "Will it hurt?") is None
    assert remove_my_question(learner, question.id) and question.id in learner.removed.questions
    assert not remove_my_question(learner, "nope")
    set_note(learner, "risks", "a note")
    set_note(learner, "risks", "   ")
    assert "risks" not in learner.notes and "risks" in learner.removed.notes


def test_editing_my_question_records_when():
    question = MyQuestion(text="Q", added=T0)
    assert question.edited == T0
    question.asked = True
    assert question.updated is not None and question.edited > T0


def test_find_learner_by_name_id_or_part_and_lists_names_when_unknown():
    progress = sample_progress("Sam Lee", "Alex", "Sam Roe")
    assert progress.find_learner("alex") == "id1"
    assert progress.find_learner("id2") == "id2"
    assert progress.find_learner("lee") == "id0"
    assert progress.find_learner() == "id0"  # the active one
    with pytest.raises(LookupError, match=r"No learner called 'Kim'.*Sam Lee \(id0\), Alex \(id1\), Sam Roe \(id2\)"):
        progress.find_learner("Kim")
    with pytest.raises(LookupError, match="Several learners match 'sam'"):
        progress.find_learner("sam")
    with pytest.raises(LookupError, match="no learner in this progress file yet"):
        Progress().find_learner()


def test_remove_learner_leaves_a_tombstone():
    progress = sample_progress("Sam", "Alex")
    progress.remove_learner("id0")
    assert "id0" not in progress.learners and "id0" in progress.removed_learners
    assert progress.active_learner is None


@settings(max_examples=100, deadline=None)
@given(attempts(), attempts())
def test_two_quiz_attempts_are_equal_when_every_value_is(first, second):
    again = QuizAttempt.model_validate(first.model_dump())  # the same attempt, read separately
    assert again == first and again is not first
    assert (first == second) == (first.model_dump() == second.model_dump())
    changed = first.model_copy(update={"score": (first.score + 1) % 101})
    assert changed != first and first != changed
    assert first != first.model_dump() and first != LessonProgress()
