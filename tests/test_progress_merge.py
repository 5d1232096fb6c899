"""Merging two copies of the progress: nothing newer on either side is lost, deletions stay deleted."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from pydantic import BaseModel
from test_progress_support import T0, learners, progresses, sample_progress

from course.progress.merge import (
    copy_learner,
    merge,
    merge_lesson,
    merge_quiz,
    note_removals,
    quiz_since,
    snapshot,
    union_tombstones,
)
from course.progress.model import (
    ATTEMPTS_KEPT,
    EPOCH,
    LessonProgress,
    MyQuestion,
    QuizAttempt,
    QuizRecord,
    ReviewItem,
    reset_all,
    reset_lesson,
    reset_quiz,
)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def attempt(minute: int, score: int = 50) -> QuizAttempt:
    return QuizAttempt(at=at(minute), questions=[f"q{minute}"], answers=[[0]], correct=[score == 100],
                       score=score, passed=score == 100)


def test_lessons_take_the_furthest_point_the_most_time_and_the_first_times():
    mine = LessonProgress(status="in_progress", last_section=2, furthest_section=2, seconds=100, first_opened=at(5))
    other = LessonProgress(status="done", last_section=6, furthest_section=6, seconds=50, first_opened=at(1),
                           completed=at(9))
    merged = merge_lesson(mine, other)
    assert (merged.status, merged.furthest_section, merged.seconds) == ("done", 6, 100)
    assert (merged.first_opened, merged.completed, merged.last_section) == (at(1), at(9), 2)


def test_quiz_histories_are_joined_trimmed_and_never_count_less():
    mine = QuizRecord(best_score=50, attempt_count=30, attempts=[attempt(m) for m in range(10, 30)])
    other = QuizRecord(best_score=100, attempt_count=25, passed_at=at(31),
                       attempts=[*(attempt(m) for m in range(15, 30)), attempt(31, 100), attempt(32)])
    merged = merge_quiz(mine, other)
    assert [a.at for a in merged.attempts] == [at(m) for m in range(12, 30)] + [at(31), at(32)]
    assert merged.best_score == 100 and merged.passed_at == at(31)
    assert merged.attempt_count == 32  # 30 of mine + the two I never saw
    assert merge_quiz(merged, merged) == merged


def test_review_keeps_the_most_recently_seen_and_respects_clearing():
    disk, memory = sample_progress(), sample_progress()
    memory.active.review["risks/a"] = ReviewItem(misses=5, box=0, last_seen=at(90))
    disk.active.review["risks/b"] = ReviewItem(misses=1, last_seen=at(50))
    merge(disk, memory)
    assert memory.active.review["risks/a"].misses == 5 and "risks/b" in memory.active.review
    # cleared on one side after it was last seen: gone; missed again after: back
    disk2 = memory.model_copy(deep=True)
    del disk2.active.review["risks/b"]
    disk2.active.removed.review["risks/b"] = at(60)
    merge(disk2, memory)
    assert "risks/b" not in memory.active.review
    disk2.active.review["risks/b"] = ReviewItem(misses=2, last_seen=at(70))
    merge(disk2, memory)
    assert memory.active.review["risks/b"].misses == 2


def test_my_questions_union_with_the_latest_edit_and_no_resurrection():
    disk, memory = sample_progress(), sample_progress()
    memory.active.questions.append(MyQuestion(id="m", text="mine", added=at(2)))
    disk.active.questions.append(MyQuestion(id="d", text="theirs", added=at(3)))
    disk.active.questions[0] = MyQuestion(id="q1", text="Can I drive home? (edited)", added=T0, updated=at(4))
    held = memory.active.questions[0]
    merge(disk, memory)
    assert [q.text for q in memory.active.questions] == ["Can I drive home? (edited)", "mine", "theirs"]
    assert memory.active.questions[0] is held  # updated in place: the app's reference stays good
    deleted_elsewhere = memory.model_copy(deep=True)
    deleted_elsewhere.active.questions = [q for q in deleted_elsewhere.active.questions if q.id != "m"]
    deleted_elsewhere.active.removed.questions["m"] = at(5)
    merge(deleted_elsewhere, memory)
    assert "m" not in [q.id for q in memory.active.questions]
    merge(sample_progress(), memory)  # an old copy that still has q1 but never had m: nothing comes back
    assert "m" not in [q.id for q in memory.active.questions]


def test_note_removals_times_the_tombstone_after_the_deleted_version():
    progress = sample_progress()
    base = snapshot(progress)
    progress.active.review.clear()
    progress.active.questions.clear()
    progress.active.notes.clear()
    note_removals(progress, base)
    removed = progress.active.removed
    assert removed.review["risks/a"] >= at(41) and removed.questions["q1"] >= T0 and "risks" in removed.notes
    merge(sample_progress(), progress)  # the old copy cannot bring any of it back
    assert not progress.active.review and not progress.active.questions and not progress.active.notes


def test_with_a_base_the_side_that_changed_wins_even_going_back():
    disk, memory = sample_progress(), sample_progress()
    base = snapshot(memory)
    memory.active.lessons["risks"].last_section = 0  # the learner went back to the start
    memory.active.theme = "nord"
    disk.active.name = "Samuel"  # the other copy renamed the learner
    disk.active.notes["risks"] = "edited elsewhere"
    merge(disk, memory, base)
    assert memory.active.lessons["risks"].last_section == 0 and memory.active.theme == "nord"
    assert memory.active.name == "Samuel" and memory.active.notes["risks"] == "edited elsewhere"


def test_each_copy_keeps_its_own_active_learner_and_removed_learners_stay_removed():
    disk, memory = sample_progress("Sam", "Alex"), sample_progress("Sam", "Alex")
    disk.active_learner = "id1"
    merge(disk, memory)
    assert memory.active_learner == "id0"
    disk.remove_learner("id1")
    merge(disk, memory)
    assert "id1" not in memory.learners
    merge(sample_progress("Sam", "Alex"), memory)  # an old export of Alex does not bring the profile back
    assert "id1" not in memory.learners


@settings(max_examples=150, deadline=None)
@given(progresses, progresses)
def test_merging_loses_no_attempt_question_or_learner_and_is_idempotent(first, second):
    expected_learners = {i for p in (first, second) for i, lr in p.learners.items()
                         if i not in p.removed_learners and i not in (second if p is first else first).removed_learners}
    merged = merge(second, first.model_copy(deep=True))
    assert expected_learners <= set(merged.learners)
    for learner_id, learner in merged.learners.items():
        for side in (first, second):
            theirs = side.learners.get(learner_id)
            if theirs is None:
                continue
            for module, record in theirs.quizzes.items():
                newest = sorted(a.at for a in record.attempts)[-ATTEMPTS_KEPT:]
                kept = {a.at for a in learner.quizzes[module].attempts}
                assert not newest or max(newest) in kept or len(kept) == ATTEMPTS_KEPT
                assert learner.quizzes[module].best_score >= record.best_score
    again = merge(second, merged.model_copy(deep=True))
    assert again == merged


# ------------------------------------------------------------------ resets (the learner's data is the learner's)


def test_a_reset_lesson_stays_reset_unless_read_again_after():
    here, old_copy = sample_progress(), sample_progress()
    assert reset_lesson(here.active, "risks") and "risks" not in here.active.lessons
    assert here.active.removed.lessons["risks"] >= at(30)  # no earlier than what it deleted
    merge(old_copy, here)  # another copy that still has the old reading cannot bring it back
    assert "risks" not in here.active.lessons
    later = here.active.removed.lessons["risks"] + dt.timedelta(minutes=1)
    old_copy.active.lessons["risks"] = LessonProgress(status="in_progress", last_section=1, furthest_section=1,
                                                      first_opened=later)  # read again after the reset, elsewhere
    merge(old_copy, here)
    assert here.active.lessons["risks"].first_opened == later


def test_a_reset_quiz_keeps_only_what_came_after_and_leaves_practice():
    here, old_copy = sample_progress(), sample_progress()
    assert reset_quiz(here.active, "risks")
    assert "risks" not in here.active.quizzes and not any(k.startswith("risks/") for k in here.active.review)
    merge(old_copy, here)
    assert "risks" not in here.active.quizzes and "risks/a" not in here.active.review
    after = here.active.removed.quizzes["risks"] + dt.timedelta(minutes=5)
    old_copy.active.quizzes["risks"].attempts = [*old_copy.active.quizzes["risks"].attempts,
                                                 attempt_at(after, score=75)]
    old_copy.active.quizzes["risks"].attempt_count += 1
    merge(old_copy, here)
    record = here.active.quizzes["risks"]
    assert [a.at for a in record.attempts] == [after] and (record.best_score, record.attempt_count) == (75, 1)
    assert record.passed_at is None  # the pass before the reset is gone too


def test_reset_everything_keeps_the_profile_and_nothing_comes_back():
    here, old_copy = sample_progress(), sample_progress()
    reset_all(here.active)
    learner = here.active
    assert (learner.name, learner.role) == ("Sam", "volunteer")
    assert not (learner.lessons or learner.quizzes or learner.review or learner.questions or learner.notes)
    merge(old_copy, here)
    learner = here.active
    assert not (learner.lessons or learner.quizzes or learner.review or learner.questions or learner.notes)


def attempt_at(when: dt.datetime, score: int = 50) -> QuizAttempt:
    return QuizAttempt(at=when, questions=["x"], answers=[[0]], correct=[score == 100], score=score,
                       passed=score == 100)


@settings(max_examples=100, deadline=None)
@given(progresses, progresses)
def test_after_a_reset_merging_any_copy_brings_nothing_older_back(first, second):
    for progress in (first, second):
        for learner in progress.learners.values():
            for module in list(learner.lessons)[:1]:
                reset_lesson(learner, module)
            for module in list(learner.quizzes)[:1]:
                reset_quiz(learner, module)
    merged = merge(second, first.model_copy(deep=True))
    for learner in merged.learners.values():
        removed = learner.removed
        for module, record in learner.lessons.items():
            assert module not in removed.lessons or (record.first_opened or EPOCH) > removed.lessons[module]
        for module, record in learner.quizzes.items():
            assert all(a.at > removed.quizzes[module] for a in record.attempts) if module in removed.quizzes else True
    assert merge(second, merged.model_copy(deep=True)) == merged


# ------------------------------------------------------------------ the rules one at a time, from both sides
# The rules above, each checked with the deciding value on either side in turn: a merge that
# quietly kept only its own side's value (or only the other's) is caught (docs/testing.md).


def both_ways(merge_rule, a, b):
    return merge_rule(a, b), merge_rule(b, a)


def test_a_lesson_merge_keeps_the_first_times_whichever_side_has_them():
    early = LessonProgress(status="done", last_section=3, furthest_section=3, seconds=10, first_opened=at(1),
                           completed=at(4))
    late = LessonProgress(status="done", last_section=5, furthest_section=5, seconds=90, first_opened=at(2),
                          completed=at(8))
    for merged in both_ways(merge_lesson, early, late):
        assert (merged.first_opened, merged.completed) == (at(1), at(4))
        assert (merged.status, merged.furthest_section, merged.seconds) == ("done", 5, 90)
    assert merge_lesson(early, late).last_section == 3  # this copy's place on the page
    assert merge_lesson(early, late, theirs_position=True).last_section == 5  # an import: the newer copy's place


def test_a_lesson_merge_keeps_a_completed_time_only_for_a_lesson_done():
    unfinished = LessonProgress(status="in_progress", last_section=1, furthest_section=1, first_opened=at(1))
    stale = LessonProgress(status="in_progress", last_section=2, furthest_section=2, first_opened=at(2),
                           completed=at(3))  # a hand-edited file: a completed time on a lesson not done
    for merged in both_ways(merge_lesson, unfinished, stale):
        assert merged.status == "in_progress" and merged.completed is None


def test_a_quiz_merge_keeps_the_best_score_and_first_pass_whichever_side_has_them():
    trimmed = QuizRecord(best_score=100, attempt_count=30, passed_at=at(1), attempts=[attempt(40, 50)])
    recent = QuizRecord(best_score=60, attempt_count=2, passed_at=at(45), attempts=[attempt(44, 60)])
    for merged in both_ways(merge_quiz, trimmed, recent):
        assert (merged.best_score, merged.passed_at) == (100, at(1))  # the 100 was trimmed from the history


def test_a_quiz_merge_takes_the_best_score_from_the_attempts_too():
    claims_less = QuizRecord(best_score=0, attempt_count=1, attempts=[attempt(1, 75)])  # a hand-edited file
    for merged in both_ways(merge_quiz, claims_less, QuizRecord(attempt_count=1, attempts=[attempt(2, 50)])):
        assert merged.best_score == 75


def test_a_quiz_merge_counts_the_attempts_either_side_saw_and_at_least_those_kept():
    few = QuizRecord(attempt_count=1, attempts=[attempt(1)])
    many = QuizRecord(attempt_count=10, attempts=[attempt(2)])  # nine older ones trimmed there
    for merged in both_ways(merge_quiz, few, many):
        assert merged.attempt_count == 11  # their 10 and the one of mine they never saw
    uncounted = QuizRecord(attempt_count=0, attempts=[attempt(1), attempt(2)])  # a hand-edited file
    for merged in both_ways(merge_quiz, uncounted, QuizRecord(attempts=[attempt(3)])):
        assert merged.attempt_count == 3


def trimmed_history() -> QuizRecord:
    """25 attempts taken here; the oldest five (minutes 5-9) trimmed, minutes 10-29 kept."""
    return QuizRecord(attempt_count=25, attempts=[attempt(minute) for minute in range(10, 10 + ATTEMPTS_KEPT)])


def test_an_attempt_older_than_a_full_history_may_have_been_counted_and_is_not_counted_again():
    old_copy = QuizRecord(attempt_count=1, attempts=[attempt(5)])  # a copy made after the first attempt
    assert merge_quiz(trimmed_history(), old_copy).attempt_count == 25


def test_an_attempt_newer_than_the_oldest_kept_is_counted():
    elsewhere = attempt(10).model_copy(update={"at": at(10) + dt.timedelta(seconds=30), "questions": ["other"]})
    assert merge_quiz(trimmed_history(), QuizRecord(attempt_count=1, attempts=[elsewhere])).attempt_count == 26


def test_an_attempt_at_the_same_moment_as_the_oldest_kept_of_a_full_history_is_not_counted():
    same_moment = attempt(10).model_copy(update={"questions": ["other"]})  # another key, the oldest kept's time
    assert merge_quiz(trimmed_history(), QuizRecord(attempt_count=1, attempts=[same_moment])).attempt_count == 25


def test_a_merge_into_a_shared_snapshot_copies_the_learner_and_changes_nothing_it_shares():
    disk, memory = sample_progress(), sample_progress()
    disk.active.lessons["risks"].seconds = 999
    shared = memory.active
    kept = shared.model_copy(deep=True)
    merge(disk, memory, copy_learners=True)
    assert memory.active is not shared and shared == kept  # the other snapshot's learner is untouched
    assert memory.active.lessons["risks"].seconds == 999
    attempts = [a for quiz in shared.quizzes.values() for a in quiz.attempts]
    assert attempts and all(any(a is b for b in memory.active.quizzes["risks"].attempts) for a in attempts)


def _mutable_parts(value, found: dict[int, object]) -> dict[int, object]:
    """Every object in `value` that a change could reach (records, their values, dicts, lists),
    by id; frozen records (quiz attempts) are facts, never changed, and not among them."""
    if isinstance(value, BaseModel):
        if value.model_config.get("frozen"):
            return found
        found[id(value)], found[id(value.__dict__)] = value, value.__dict__
        found[id(value.__pydantic_fields_set__)] = value.__pydantic_fields_set__
        values = list(value.__dict__.values())
    elif isinstance(value, (dict, list, set)):
        found[id(value)] = value
        values = list(value.values()) if isinstance(value, dict) else list(value)
    else:
        return found
    for each in values:
        _mutable_parts(each, found)
    return found


@settings(max_examples=60, deadline=None)
@given(learners)
def test_a_copied_learner_equals_it_and_shares_nothing_that_can_change(learner):
    copy = copy_learner(learner)
    assert copy == learner and copy.model_dump() == learner.model_dump()
    assert not _mutable_parts(copy, {}).keys() & _mutable_parts(learner, {}).keys()
    for module, quiz in learner.quizzes.items():  # the attempts are shared, not copied
        assert all(a is b for a, b in zip(quiz.attempts, copy.quizzes[module].attempts, strict=True))


# ------------------------------------------------------------------ a whole learner, several lessons at once
# Each rule meets a lesson that needs nothing first, so a merge that stopped at the first
# lesson it could skip (or merged only one) is caught.


def lesson(section: int, seconds: int = 60, minute: int = 1, status: str = "in_progress") -> LessonProgress:
    return LessonProgress(status=status, last_section=section, furthest_section=section, seconds=seconds,
                          first_opened=at(minute), completed=at(minute + 10) if status == "done" else None)


def two_copies():
    """This copy (memory), the other (disk), and what this copy last saw of the file (base)."""
    memory = sample_progress()
    learner = memory.active
    learner.lessons = {"same": lesson(1), "theirs": lesson(1), "both": lesson(1), "ours": lesson(1)}
    learner.notes = {"same": "n", "theirs": "n", "ours": "n", "both": "n", "deleted": "n"}
    base = snapshot(memory)
    disk = memory.model_copy(deep=True)
    return memory, disk, base


def test_with_a_base_each_lesson_and_note_takes_the_side_that_changed_it():
    memory, disk, base = two_copies()
    ours, theirs = memory.active, disk.active
    theirs.lessons["theirs"] = lesson(4, 200)
    theirs.lessons["both"] = lesson(2, 30)
    ours.lessons["both"] = lesson(1, 90)
    ours.lessons["ours"] = lesson(0)  # went back to the start here
    theirs.lessons["new"] = lesson(2)
    theirs.notes.update(theirs="their edit", both="their words")
    del theirs.notes["deleted"]
    ours.notes.update(ours="my edit", both="my words")
    theirs.updated = ours.updated + dt.timedelta(minutes=1)
    held = ours.lessons["theirs"]
    changed: set[str] = set()
    merge(disk, memory, base, changed=changed)
    got = memory.active.lessons
    assert got["theirs"] is held and (held.last_section, held.seconds) == (4, 200)  # adopted in place
    assert (got["both"].last_section, got["both"].furthest_section, got["both"].seconds) == (1, 2, 90)
    assert got["ours"].last_section == 0 and got["same"] == lesson(1) and got["new"] == lesson(2)
    assert memory.active.notes == {"same": "n", "theirs": "their edit", "ours": "my edit", "both": "their words"}
    assert changed == {"id0"}


def test_without_a_base_the_newer_copy_wins_a_note_and_a_deleted_note_stays_deleted():
    memory, disk, _ = two_copies()
    ours, theirs = memory.active, disk.active
    theirs.updated = ours.updated + dt.timedelta(minutes=1)
    theirs.notes.update(both="newer words", theirs="only there")
    del theirs.notes["deleted"]
    theirs.removed.notes["deleted"] = theirs.updated  # deleted there after this copy last changed it
    del ours.notes["ours"]
    ours.removed.notes["ours"] = T0  # deleted here long ago; changed there since: it comes back
    merge(disk, memory)
    assert memory.active.notes == {"same": "n", "theirs": "only there", "ours": "n", "both": "newer words"}
    older = disk.model_copy(deep=True)
    older.active.notes["both"] = "older words"
    older.active.updated = memory.active.updated - dt.timedelta(hours=1)
    merge(older, memory)
    assert memory.active.notes["both"] == "newer words"


def test_a_lesson_reset_on_either_side_stays_reset_and_the_rest_merge():
    memory, disk, base = two_copies()
    ours, theirs = memory.active, disk.active
    theirs.lessons = {"ours": lesson(1), "reset-here": lesson(3), "both": lesson(5, 500)}  # an old reading first
    ours.lessons["reset-here"] = lesson(3)
    del ours.lessons["reset-here"]
    ours.removed.lessons["reset-here"] = at(30)
    theirs.removed.lessons["same"] = at(30)  # reset there, after this copy's reading
    merge(disk, memory, base)
    got = memory.active.lessons
    assert "reset-here" not in got and "same" not in got
    assert got["both"].seconds == 500


def test_quizzes_merge_each_module_and_a_reset_keeps_only_what_came_after():
    memory, disk, _ = two_copies()
    ours, theirs = memory.active, disk.active
    ours.quizzes = {"same": QuizRecord(attempt_count=1, attempts=[attempt(1)]),
                    "reset-there": QuizRecord(best_score=100, attempt_count=2, passed_at=at(2),
                                              attempts=[attempt(2, 100), attempt(40, 60)]),
                    "both": QuizRecord(attempt_count=1, attempts=[attempt(3)])}
    theirs.quizzes = {"same": ours.quizzes["same"].model_copy(),
                      "both": QuizRecord(attempt_count=1, attempts=[attempt(4)]),
                      "new": QuizRecord(attempt_count=1, attempts=[attempt(5)])}
    theirs.removed.quizzes["reset-there"] = at(30)
    held = ours.quizzes["reset-there"]
    merge(disk, memory)
    got = memory.active.quizzes
    assert got["reset-there"] is held and [a.at for a in held.attempts] == [at(40)]
    assert (held.best_score, held.attempt_count, held.passed_at) == (60, 1, None)
    assert [a.at for a in got["both"].attempts] == [at(3), at(4)] and got["both"].attempt_count == 2
    assert got["new"].attempt_count == 1 and got["same"].attempt_count == 1


def test_a_review_item_takes_the_latest_sighting_in_place_and_a_tie_keeps_this_copy():
    memory, disk, _ = two_copies()
    ours, theirs = memory.active, disk.active
    ours.review = {"m/tie": ReviewItem(misses=1, last_seen=at(5)), "m/later-there": ReviewItem(misses=1, last_seen=at(5)),
                   "m/cleared-there": ReviewItem(misses=1, last_seen=at(5))}
    theirs.review = {"m/tie": ReviewItem(misses=3, last_seen=at(5)), "m/later-there": ReviewItem(misses=4, last_seen=at(9))}
    theirs.removed.review["m/cleared-there"] = at(6)
    held = ours.review["m/later-there"]
    merge(disk, memory)
    got = memory.active.review
    assert got["m/later-there"] is held and held.misses == 4
    assert got["m/tie"].misses == 1 and "m/cleared-there" not in got


def test_a_learner_deleted_elsewhere_goes_unless_in_use_here_and_an_unchanged_copy_is_skipped():
    memory = sample_progress("Sam", "Alex", "Kim")
    base = snapshot(memory)
    disk = memory.model_copy(deep=True)
    for learner_id in ("id0", "id1"):
        del disk.learners[learner_id]
        disk.removed_learners[learner_id] = at(24 * 60)
    memory.learners["id2"].name = "Kim here"  # changed here; unchanged there since the base
    changed: set[str] = set()
    merge(disk, memory, base, changed=changed)
    assert set(memory.learners) == {"id0", "id2"}  # id0 is the learner using this copy
    assert memory.learners["id2"].name == "Kim here" and changed == {"id1"}
    memory.active_learner = "gone"
    disk.active_learner = "id2"
    merge(disk, memory)
    assert memory.active_learner == "id2"


def test_a_reset_keeps_only_the_attempts_after_it_and_counts_them_again():
    record = QuizRecord(best_score=100, attempt_count=4, passed_at=at(20),
                        attempts=[attempt(20, 100), attempt(30, 100), attempt(40, 60), attempt(50, 100)])
    kept = quiz_since(record, at(30))  # an attempt at the very moment of the reset was reset with it
    assert [a.at for a in kept.attempts] == [at(40), at(50)]
    assert (kept.best_score, kept.attempt_count, kept.passed_at) == (100, 2, at(50))
    assert quiz_since(record, at(50)) is None and quiz_since(record, None) is record
    assert quiz_since(record, at(10)) is record  # nothing from before the reset: unchanged, the same object
    passed_at_the_reset = QuizRecord(best_score=100, attempt_count=1, passed_at=at(30), attempts=[attempt(40, 60)])
    kept = quiz_since(passed_at_the_reset, at(30))
    assert (kept.best_score, kept.attempt_count, kept.passed_at) == (60, 1, None)


def test_a_tombstone_keeps_the_later_deletion_and_wins_a_tie_with_the_last_change():
    assert union_tombstones({"k": at(9)}, {"k": at(5), "j": at(1)}) == {"k": at(9), "j": at(1)}
    assert union_tombstones({"k": at(5)}, {"k": at(9)}) == {"k": at(9)}
    progress = sample_progress()
    item = progress.active.review["risks/a"]
    progress.active.updated = item.last_seen  # its last sighting was the learner's last change
    base = snapshot(progress)
    del progress.active.review["risks/a"]
    note_removals(progress, base)
    assert progress.active.removed.review["risks/a"] == item.last_seen
    old_copy = sample_progress()
    old_copy.active.updated = item.last_seen
    merge(old_copy, progress)  # deleted at the very moment it was last seen: it stays deleted
    assert "risks/a" not in progress.active.review
