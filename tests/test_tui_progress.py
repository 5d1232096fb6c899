"""The app and the progress store together: a group machine's learners are read only when
chosen, and a progress file whose active learner is gone opens the list of learners."""

from __future__ import annotations

import errno
import os
import stat
import time

from filelock import FileLock
from test_progress_support import sample_progress
from test_tui_support import SIZE, make_app

from course.progress.store import ProgressStore, dumps
from course.tui.app import QUIT_WAIT_SECONDS, SAVE_LOCK_WAIT


def _group(path, active: str | None = "id0", count: int = 3) -> None:
    store = ProgressStore.open(path)
    store.data = sample_progress(*[f"Person {n}" for n in range(count)])
    store.data.active_learner = active
    assert store.save(), store.notices


async def test_only_the_active_learner_is_read_and_others_when_chosen(tmp_path):
    path = tmp_path / "progress.toml"
    _group(path)
    store = ProgressStore.open(path, lazy=True)
    assert list(store.data.learners) == ["id0"] and sorted(store.roster) == ["id0", "id1", "id2"]
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen" and app.learner.name == "Person 0"
        await pilot.press("l")
        await pilot.pause()
        listing = [str(option.prompt) for option in app.screen.query_one("#learner-list").options]
        assert [line.split(" (")[0] for line in listing[:3]] == ["● Person 0", "○ Person 1", "○ Person 2"]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen" and app.learner.name == "Person 2"
        assert app.learner.lessons["risks"].status == "done"  # read from Person 2's own file
        assert sorted(app.progress.learners) == ["id0", "id2"]  # Person 1 was never read
    app.flush_saves()
    assert ProgressStore.open(path).data.active_learner == "id2"


async def test_a_progress_file_whose_active_learner_is_gone_opens_the_list_of_learners(tmp_path):
    """Issue 14: it opened the first-run welcome, as if nobody had ever learned here."""
    path = tmp_path / "progress.toml"
    _group(path, active="someone-removed")
    app = make_app(store=ProgressStore.open(path, lazy=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "LearnersScreen"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen" and app.learner.name == "Person 1"


async def _wait_for_notice(app, pilot, words: str, seconds: float, *, reading: bool = False) -> float:
    """How long until the learner is told `words` (fails after `seconds`). `reading`: the
    learner keeps turning pages meanwhile, as people do (every page turn saves)."""
    began = turned = time.monotonic()
    keys = iter(["right", "left"] * 100)
    while not any(words in notice.text for notice in app.message_log.notices):
        assert time.monotonic() - began < seconds, f"not told '{words}' within {seconds} s"
        if reading and time.monotonic() - turned > 0.3:
            await pilot.press(next(keys))
            turned = time.monotonic()
        await pilot.pause(0.05)
    return time.monotonic() - began


async def test_saving_that_waits_for_another_copy_is_told_at_once_and_rescued_at_quit(tmp_path):
    """Issue 14: the lock-busy notice came 26 s late, and quitting lost the last change."""
    path = tmp_path / "progress.toml"
    _group(path, count=1)
    app = make_app(store=ProgressStore.open(path, lazy=True, lock_timeout=SAVE_LOCK_WAIT))
    other_copy = FileLock(f"{tmp_path}/progress-learners/id0.toml.lock")
    other_copy.acquire()
    saves = []  # each save's result, in order
    real_save = app.store.save
    app.store.save = lambda: saves.append(real_save()) or saves[-1]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("down", "enter")  # open a lesson: saved at once
            await _wait_for_notice(app, pilot, "Saving is waiting", 30, reading=True)
            # told at the first blocked save (each waits SAVE_LOCK_WAIT), not when a later one ends
            assert saves.count(False) <= 2, f"told only after {saves.count(False)} blocked saves"
            read = dict(app.learner.lessons)
            await pilot.press("ctrl+q")
        began = time.monotonic()
        said = []
        app.flush_saves(waiting=said.append)  # still locked: waits briefly, then a rescue copy
        assert said == ["Your last changes are not saved yet: trying again for a few seconds. Ctrl+C stops now and "
                        "keeps them in a rescue copy…"]  # not silence
        assert time.monotonic() - began < QUIT_WAIT_SECONDS + 3
    finally:
        other_copy.release()
    (rescued,) = tmp_path.glob("progress.toml.rescue-*")
    assert str(rescued) in app.store.notices[-1] and "progress import" in app.store.notices[-1]
    assert stat.S_IMODE(rescued.stat().st_mode) == 0o600
    store = ProgressStore.open(path)
    store.import_file(rescued)
    assert ProgressStore.open(path).data.learners["id0"].lessons == read  # nothing the learner did is lost


async def test_ctrl_c_while_quitting_waits_keeps_the_changes_in_a_rescue_copy_at_once(tmp_path):
    """Issue 17: quitting while another copy held the lock waited seconds with no way out; the
    notice offers Ctrl+C, which stops waiting and writes the rescue copy at once."""
    path = tmp_path / "progress.toml"
    _group(path, count=1)
    app = make_app(store=ProgressStore.open(path, lazy=True, lock_timeout=SAVE_LOCK_WAIT))
    other_copy = FileLock(f"{tmp_path}/progress-learners/id0.toml.lock")
    other_copy.acquire()

    def ctrl_c(text: str) -> None:
        assert "Ctrl+C" in text
        raise KeyboardInterrupt

    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("down", "enter")  # open a lesson: a save that waits for the lock
            read = dict(app.learner.lessons)
            await pilot.press("ctrl+q")
        attempts = []
        real_save = app.store.save
        app.store.save = lambda: attempts.append(1) or real_save()
        app.flush_saves(waiting=ctrl_c)  # no KeyboardInterrupt comes out: the course ends normally
    finally:
        other_copy.release()
    (rescued,) = tmp_path.glob("progress.toml.rescue-*")
    assert str(rescued) in app.store.notices[-1]
    assert len(attempts) <= 1, "Ctrl+C did not stop the waiting"  # told at the first failed save at the latest
    store = ProgressStore.open(path)
    store.import_file(rescued)
    assert ProgressStore.open(path).data.learners["id0"].lessons == read


async def test_a_save_that_failed_is_retried_and_done_at_quit(tmp_path, monkeypatch):
    """Issue 14: a change made while the disk was full, then the disk freed and the app quit, was lost."""
    path = tmp_path / "progress.toml"
    _group(path, count=1)
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app(store=ProgressStore.open(path, lazy=True, lock_timeout=SAVE_LOCK_WAIT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(os, "fsync", full)
        await pilot.press("down", "enter", "right")
        await _wait_for_notice(app, pilot, "the disk is full", 5)
        read = dict(app.learner.lessons)
        monkeypatch.setattr(os, "fsync", real_fsync)  # the disk has room again
        await pilot.press("ctrl+q")
    app.flush_saves()
    assert ProgressStore.open(path).data.learners["id0"].lessons == read


async def test_in_the_app_a_quiz_is_reset_and_a_learner_deleted_only_after_confirming(tmp_path):
    path = tmp_path / "progress.toml"
    _group(path, count=2)
    rescue = tmp_path / "progress.toml.rescue-20260101-000000"
    rescue.write_text(dumps(sample_progress("Person 0")))  # a copy the store made that holds Person 0
    app = make_app(store=ProgressStore.open(path, lazy=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_your_data()
        await pilot.pause()
        assert type(app.screen).__name__ == "YourDataScreen"
        await pilot.press("down", "enter", "enter")  # start a quiz again: the only quiz taken
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")  # changed my mind: nothing happens
        await pilot.pause()
        assert "risks" in app.learner.quizzes
        assert type(app.screen).__name__ == "YourDataScreen"
        await pilot.press("enter", "enter", "y")  # the same choice again, and yes
        await pilot.pause()
        assert "risks" not in app.learner.quizzes and "risks/a" not in app.learner.review
        assert type(app.screen).__name__ == "MapScreen"
        app.action_your_data()
        await pilot.pause()
        await pilot.press("up", "enter")  # the last option: delete me
        await pilot.pause()
        assert "Delete Person 0" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "LearnersScreen"  # Person 1 is still here
        assert [choice[1] for choice in app.learner_choices()] == ["Person 1"]
        await pilot.press("ctrl+q")
    app.flush_saves()
    assert not (tmp_path / "progress-learners" / "id0.toml").exists() and not rescue.exists()
    assert "Person 0" not in path.read_text()
    assert list(ProgressStore.open(path).data.learners) == ["id1"]
