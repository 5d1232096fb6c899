"""The patient's question list: edit, reorder, mark asked, delete and undo, and how each merges."""

from __future__ import annotations

import copy

from test_exports_support import fixture_course

from course.learning.question_list import (
    delete_my_question,
    edit_my_question,
    move_my_question,
    restore_my_question,
    set_asked,
    suggestions,
)
from course.progress.merge import merge, snapshot
from course.progress.model import Learner, Progress, add_my_question


def learner_with(*texts: str) -> Learner:
    learner = Learner(name="Robin", role="patient")
    for text in texts:
        add_my_question(learner, text)
    return learner


def texts(learner: Learner) -> list[str]:
    return [question.text for question in learner.questions]


def test_edit_changes_the_wording_but_never_to_empty_or_a_duplicate():
    learner = learner_with("Will it hurt?", "How long does it take?")
    first = learner.questions[0]
    assert edit_my_question(learner, first.id, "  Will it hurt a lot?  ")
    assert first.text == "Will it hurt a lot?" and first.updated is not None
    assert not edit_my_question(learner, first.id, "   ")
    assert not edit_my_question(learner, first.id, "How long does it take?")
    assert texts(learner) == ["Will it hurt a lot?", "How long does it take?"]


def test_move_stops_at_either_end():
    learner = learner_with("a", "b", "c")
    c = learner.questions[2].id
    assert move_my_question(learner, c, -1) == 1 and texts(learner) == ["a", "c", "b"]
    assert move_my_question(learner, c, -1) == 0 and move_my_question(learner, c, -1) == 0
    assert move_my_question(learner, c, 5) == 2 and texts(learner) == ["a", "b", "c"]


def test_asked_is_set_and_cleared():
    learner = learner_with("a")
    set_asked(learner, learner.questions[0].id, True)
    assert learner.questions[0].asked
    set_asked(learner, learner.questions[0].id, False)
    assert not learner.questions[0].asked


def test_undo_brings_a_deleted_question_back_in_its_place_with_what_it_had():
    learner = learner_with("a", "b", "c")
    set_asked(learner, learner.questions[1].id, True)
    old = learner.questions[1]
    deleted = delete_my_question(learner, old.id)
    assert texts(learner) == ["a", "c"] and old.id in learner.removed.questions
    back = restore_my_question(learner, deleted)
    assert texts(learner) == ["a", "b", "c"]
    assert (back.asked, back.added, back.module) == (True, old.added, old.module) and back.id != old.id


def test_undo_does_nothing_when_the_same_question_was_added_again():
    learner = learner_with("a")
    deleted = delete_my_question(learner, learner.questions[0].id)
    add_my_question(learner, "a")
    assert restore_my_question(learner, deleted) is None and texts(learner) == ["a"]


def progress_of(learner: Learner) -> Progress:
    progress = Progress()
    progress.learners["robin"] = learner
    progress.active_learner = "robin"
    return progress


def test_a_deleted_question_stays_deleted_when_an_older_copy_is_merged_in():
    older = progress_of(learner_with("a", "b"))
    memory = copy.deepcopy(older)
    base = snapshot(memory)
    delete_my_question(memory.active, memory.active.questions[0].id)
    merge(copy.deepcopy(older), memory, base)
    assert texts(memory.active) == ["b"]


def test_an_undone_delete_survives_a_merge_with_the_file_that_saved_the_delete():
    memory = progress_of(learner_with("a", "b"))
    deleted = delete_my_question(memory.active, memory.active.questions[0].id)
    on_disk = copy.deepcopy(memory)  # the delete (and its tombstone) was saved
    base = snapshot(memory)
    restore_my_question(memory.active, deleted)  # undone within the same second
    merge(on_disk, memory, base)
    assert texts(memory.active) == ["a", "b"]


def test_a_new_order_survives_a_merge():
    older = progress_of(learner_with("a", "b", "c"))
    memory = copy.deepcopy(older)
    base = snapshot(memory)
    move_my_question(memory.active, memory.active.questions[2].id, -2)
    merge(copy.deepcopy(older), memory, base)
    assert texts(memory.active) == ["c", "a", "b"]


def test_suggestions_are_every_lessons_questions_to_ask_in_course_order():
    course = fixture_course()
    found = suggestions(course, course.modules)
    assert [(s.position, s.text) for s in found] == [
        (1, "How long will my first visit take?"), (1, "Can I bring someone with me?")]
