"""The app's save snapshots: equal to a deep copy, untouched by later changes, and cheap
(unchanged learners and frozen quiz attempts are shared, not copied)."""

from __future__ import annotations

import datetime as dt

from course.progress.model import Learner, Progress, QuizAttempt, QuizRecord, add_my_question, open_section
from course.tui.snapshots import Snapshots

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _progress() -> Progress:
    progress = Progress()
    for name in ("Ann", "Bo"):
        learner_id = progress.add_learner(name, "volunteer")
        learner = progress.learners[learner_id]
        attempt = QuizAttempt(at=WHEN, questions=["a", "b"], answers=[[0], [1]], correct=[True, False],
                              score=50, passed=False)
        learner.quizzes["intro"] = QuizRecord(best_score=50, attempt_count=1, attempts=[attempt])
        open_section(learner, "intro", 1)
    return progress


def test_a_snapshot_equals_the_progress_and_later_changes_do_not_reach_it():
    progress = _progress()
    snapshot = Snapshots().take(progress)
    assert snapshot.model_dump() == progress.model_dump()
    active_id = progress.active_learner
    learner: Learner = progress.active
    open_section(learner, "intro", 3)
    add_my_question(learner, "How long does a session take?")
    learner.notes["intro"] = "changed"
    progress.active_learner = None
    copy = snapshot.learners[active_id]
    assert copy.lessons["intro"].last_section == 1
    assert copy.questions == [] and "intro" not in copy.notes
    assert snapshot.active_learner is not None


def test_unchanged_learners_and_frozen_attempts_are_shared():
    progress = _progress()
    snapshots = Snapshots()
    first = snapshots.take(progress)
    changed_id = progress.active_learner
    open_section(progress.active, "intro", 2)
    second = snapshots.take(progress)
    unchanged_id = next(key for key in progress.learners if key != changed_id)
    assert second.learners[unchanged_id] is first.learners[unchanged_id]
    assert second.learners[changed_id] is not first.learners[changed_id]
    assert second.learners[changed_id].lessons["intro"].last_section == 2
    live_attempt = progress.active.quizzes["intro"].attempts[0]
    assert second.learners[changed_id].quizzes["intro"].attempts[0] is live_attempt
    assert second.learners[changed_id].quizzes["intro"] is not progress.active.quizzes["intro"]
    assert second.model_dump() == progress.model_dump()
