"""Real processes: a save killed at any moment never leaves a half-written file, and two
copies saving the same file at once lose nothing.

Children are forked from the test process (modules already imported), so each costs a few
milliseconds rather than a Python start-up: 200+ kills stay well under a minute.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import select
import signal
import sys
import time

import pytest
from test_progress_support import T0

from course.progress.model import (
    LessonProgress,
    MyQuestion,
    Progress,
    QuizAttempt,
    QuizRecord,
    ReviewItem,
    add_my_question,
    open_section,
)
from course.progress.store import ProgressStore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                                reason="needs fork() (Linux and other Unix)")

KILLS = 200
PADDING_QUESTIONS = 20  # makes the file ~10 kB, so that kills land inside writes too


def state(step: int) -> Progress:
    """The exact progress after `step` saves: every save changes lessons, quiz history, review and notes."""
    progress = Progress(active_learner="crash")
    progress.learners.setdefault("crash", _base_learner())
    set_step(progress, step)
    return progress


def _base_learner():
    from course.progress.model import Learner

    learner = Learner(name="Crash Test ✓ ‏עברית‏", role="volunteer", created=T0, updated=T0)
    learner.questions = [MyQuestion(id=f"pad{i:03d}", text=f"Padding question {i}: \"quoted\"\nsecond line", added=T0)
                         for i in range(PADDING_QUESTIONS)]
    return learner


def set_step(progress: Progress, step: int) -> None:
    learner = progress.learners["crash"]
    learner.updated = T0 + dt.timedelta(seconds=step)
    learner.notes["step"] = f"step {step}"
    learner.lessons["m"] = LessonProgress(status="in_progress", last_section=step % 7, furthest_section=6, seconds=step)
    first = max(1, step - 19)
    learner.quizzes["m"] = QuizRecord(best_score=100, attempt_count=step, attempts=[
        QuizAttempt(at=T0 + dt.timedelta(seconds=n), questions=[f"q{n % 11}", "q-x"], answers=[[n % 4], [0, 2]],
                    correct=[n % 3 == 0, True], score=50 + n % 2 * 50, passed=n % 2 == 1)
        for n in range(first, step + 1)] if step else [])
    learner.review = {f"m/q{k}": ReviewItem(misses=step + k, box=k % 2, last_seen=T0 + dt.timedelta(seconds=step))
                      for k in range(3)}


def step_of(progress: Progress) -> int:
    learner = progress.learners.get("crash")
    return int(learner.notes["step"].split()[1]) if learner else 0


def _child(action, *args) -> None:
    """Run `action` in a forked child and never return into pytest."""
    code = 1
    try:
        action(*args)
        code = 0
    except BaseException:  # report nothing; the parent checks the file
        code = 2
    finally:
        os._exit(code)


def _save_forever(path, report_fd) -> None:
    store = ProgressStore.open(path)
    step = step_of(store.data)
    if "crash" not in store.data.learners:
        store.data = state(0)
    while True:
        step += 1
        set_step(store.data, step)
        if not store.save():
            os._exit(3)
        os.write(report_fd, f"{step}\n".encode())  # only after the save returned: this state is fully saved


def _reported(read_fd) -> list[int]:
    text = b""
    while select.select([read_fd], [], [], 0)[0]:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        text += chunk
    return [int(line) for line in text.split()]


def _save_time(folder) -> float:
    """How long a save takes on this disk now (fsync on a busy shared machine can take 30 ms or more)."""
    store = ProgressStore.open(folder / "progress.toml")
    store.data = state(0)
    times = []
    for step in range(1, 8):
        set_step(store.data, step)
        began = time.monotonic()
        assert store.save()
        times.append(time.monotonic() - began)
    return sorted(times)[len(times) // 2]


def test_a_save_killed_at_any_moment_leaves_a_whole_file(tmp_path):
    path = tmp_path / "progress.toml"
    (tmp_path / "warm-up").mkdir()
    window = max(0.08, 8 * _save_time(tmp_path / "warm-up"))  # kills land across a few saves, whatever the disk
    rng = random.Random(20261121)
    known = 0  # the step on disk after the last check
    saves_seen, began = 0, time.monotonic()
    for kill in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(_save_forever, path, write_fd)
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), f"the saving child stopped by itself (status {status})"
        steps = _reported(read_fd)
        os.close(read_fd)
        saves_seen += len(steps)
        floor = steps[-1] if steps else known
        reopened = ProgressStore.open(path)
        assert reopened.notices == [], f"kill {kill}: {reopened.notices}"
        on_disk = step_of(reopened.data)
        # the last reported save is on disk, or the one after it finished just before the kill
        assert on_disk in (floor, floor + 1), f"kill {kill}: step {on_disk} on disk, {floor} reported"
        assert reopened.data == (state(on_disk) if on_disk else Progress()), f"kill {kill}: not a saved state"
        known = on_disk
    assert not list(tmp_path.glob("**/*.broken-*"))
    assert len(list(tmp_path.glob("**/.*.tmp"))) <= 1  # at most the one being written at the last kill
    print(f"{KILLS} kills, {saves_seen} saves completed, {time.monotonic() - began:.1f} s")
    # most kills land inside a save (a save is mostly fsync); some after several saves
    assert saves_seen >= KILLS // 4, "the kills should land between and inside many saves, not only at start-up"
    assert time.monotonic() - began < 60 + KILLS * window


def _update_concurrently(path, name: str, start_fd, rounds: int) -> None:
    os.read(start_fd, 1)  # both start together
    store = ProgressStore.open(path)
    own = store.data.add_learner(name, "patient")
    shared = store.data.learners["shared"]
    for number in range(rounds):
        add_my_question(shared, f"{name} question {number}")
        open_section(shared, f"{name}-lesson", number, seconds=1)
        store.data.learners[own].notes["progress"] = f"{name} round {number}"
        if number % 5 == 0:
            record = shared.quiz("together")
            record.attempts = [*record.attempts, QuizAttempt(
                at=dt.datetime.now(dt.UTC), questions=[f"{name}-{number}"], answers=[[0]], correct=[True],
                score=100, passed=True)]
            record.attempt_count += 1
        if not store.save():
            raise SystemExit(f"save failed: {store.notices}")


def test_two_processes_saving_the_same_file_lose_nothing(tmp_path):
    path = tmp_path / "progress.toml"
    setup = ProgressStore.open(path)
    setup.data.learners["shared"] = _base_learner().model_copy(update={"name": "Shared", "questions": []})
    assert setup.save()
    rounds = 40
    start_read, start_write = os.pipe()
    children = []
    for name in ("Ana", "Ben"):
        pid = os.fork()
        if pid == 0:
            _child(_update_concurrently, path, name, start_read, rounds)
        children.append(pid)
    os.write(start_write, b"go")
    for pid in children:
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"a child failed (status {status})"
    final = ProgressStore.open(path).data
    shared = final.learners["shared"]
    texts = {q.text for q in shared.questions}
    for name in ("Ana", "Ben"):
        assert {f"{name} question {n}" for n in range(rounds)} <= texts
        assert shared.lessons[f"{name}-lesson"].furthest_section == rounds - 1
        learner = next(lr for lr in final.learners.values() if lr.name == name)
        assert learner.notes["progress"] == f"{name} round {rounds - 1}"
    attempts = shared.quizzes["together"].attempts
    assert len(attempts) == 2 * (rounds // 5)  # every attempt from both, none twice
    assert shared.quizzes["together"].attempt_count >= len(attempts)
