"""Fault injection (issue 14): during a session the disk fills, another copy of the course takes
the lock, and links break (the progress file's symbolic link turns into a loop, dangles or goes;
a learner's file or the index is deleted or becomes a loop), each at random moments. Whatever
happens, nothing the learner did is lost without the learner being told: at the end every change
is in the progress file, or in a rescue copy that a notice named.

The session is the app's own saving, without the screens: each change is saved as a page turn
saves it (CourseApp.save's snapshot and _save_snapshot, as its save thread runs it), a save that
failed is tried again (the app's retry timer), and quitting is CourseApp.flush_saves (wait a
little, then a rescue copy). The schedule is a seeded random one: a failure names its seed.
"""

from __future__ import annotations

import errno
import os
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from filelock import FileLock
from test_progress_support import sample_progress
from test_tui_support import make_app

import course.files as files_module
import course.tui.app as app_module
from course.progress.model import Learner, QuizAttempt, add_my_question, now, open_section, set_note
from course.progress.store import ProgressStore

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds a write's file through /proc")

SEEDS = range(int(os.environ.get("KETAMINE_COURSE_FAULT_SEEDS", 24)))  # more: set it higher
STEPS = 40
MODULES = ("what-is-ketamine", "risks", "expectations")
RESCUED = re.compile(r"they were written to (.+?)\. Bring them back")


@dataclass
class World:
    """The files and the faults around one session."""

    root: Path
    rng: random.Random
    disk_full: bool = False
    held: dict[str, FileLock] = field(default_factory=dict)  # locks another copy holds, by name
    log: list[str] = field(default_factory=list)  # what happened, to explain a failure

    @property
    def sync(self) -> Path:  # a synced folder, where the progress really is
        return self.root / "sync"

    @property
    def target(self) -> Path:
        return self.sync / "progress.toml"

    @property
    def link(self) -> Path:  # the progress file the course is given: a link into the synced folder
        return self.root / "data" / "progress.toml"

    def learner_file(self, learner_id: str) -> Path:
        return self.sync / "progress-learners" / f"{learner_id}.toml"

    def locks(self) -> dict[str, Path]:
        return {"index": Path(f"{self.target}.lock"), "Sam": Path(f"{self.learner_file('id0')}.lock")}

    # -------------------------------------------- the faults

    def fill_or_free_the_disk(self) -> None:
        self.disk_full = not self.disk_full
        self.log.append("disk full" if self.disk_full else "disk freed")

    def take_or_give_back_a_lock(self) -> None:
        name = self.rng.choice(sorted(self.locks()))
        if name in self.held:
            self.held.pop(name).release()
            self.log.append(f"lock of {name} given back")
        else:
            lock = FileLock(str(self.locks()[name]))
            lock.acquire()
            self.held[name] = lock
            self.log.append(f"lock of {name} taken by another copy")

    def break_a_link(self) -> None:
        how = self.rng.choice(["link loop", "link dangles", "link gone", "link mended", "learner file deleted",
                               "index deleted", "learner file a loop", "loop removed"])
        self.log.append(how)
        if how.startswith("link"):
            self.link.unlink(missing_ok=True)
            if how == "link loop":
                self.link.symlink_to(self.link)
            elif how == "link dangles":
                self.link.symlink_to(self.sync / "moved-away.toml")
            elif how == "link mended":
                self.link.symlink_to(self.target)
        elif how == "learner file deleted":
            self.learner_file("id0").unlink(missing_ok=True)
        elif how == "index deleted":
            self.target.unlink(missing_ok=True)
        elif how == "learner file a loop":
            self.learner_file("id0").unlink(missing_ok=True)
            self.learner_file("id0").symlink_to(self.learner_file("id0"))
        elif self.learner_file("id0").is_symlink():  # loop removed
            self.learner_file("id0").unlink()

    def mend(self) -> None:
        """After the session, as the learner would on being told: links mended, locks given back, room made."""
        for lock in self.held.values():
            lock.release()
        self.held.clear()
        self.disk_full = False
        self.link.unlink(missing_ok=True)
        self.link.symlink_to(self.target)
        if self.learner_file("id0").is_symlink():
            self.learner_file("id0").unlink()

    # -------------------------------------------- a disk that fills up

    def write_all(self, real):
        """course.files._write_all, failing half way with ENOSPC for files in the synced folder
        while the disk is full (a rescue copy can still go to the home folder, another disk)."""

        def write_all(fd: int, data: bytes):
            if self.disk_full and os.readlink(f"/proc/self/fd/{fd}").startswith(str(self.sync)):
                os.write(fd, data[: len(data) // 2])
                os.close(fd)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, data)

        return write_all


class Session:
    """The app's saving, driven by hand: CourseApp's own save code, without its screens."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.store = ProgressStore.open(world.link, lazy=True, lock_timeout=0.02)
        self.app = make_app(store=self.store)
        self.app.post_message = lambda message: True  # the screens that would show the notices are not running
        self.step = 0

    @property
    def sam(self) -> Learner:
        return self.app.progress.active

    def do_something(self, rng: random.Random) -> None:
        """One thing a learner does (each saved at once, as in the app)."""
        self.step += 1
        what = rng.choice(["page", "page", "page", "quiz", "question", "note", "theme"])
        module = rng.choice(MODULES)
        if what == "page":
            open_section(self.sam, module, rng.randrange(8), seconds=rng.randrange(1, 120))
        elif what == "quiz":
            quiz = self.sam.quiz(module)
            quiz.attempts = [*quiz.attempts, QuizAttempt(at=now(), questions=[f"step-{self.step}"], answers=[[0]],
                                                         correct=[True], score=100, passed=True)][-20:]
            quiz.attempt_count += 1
            self.sam.touch()
        elif what == "question":
            add_my_question(self.sam, f"Question {self.step}", module)
        elif what == "note":
            set_note(self.sam, module, f"Note written at step {self.step}")
        else:
            self.sam.theme = rng.choice(["textual-dark", "textual-light", "nord"])
            self.sam.touch()
        self.world.log.append(f"learner: {what}")
        self.save()

    def save(self) -> None:
        """CourseApp.save: a snapshot, saved by the save thread's code."""
        self.app._save_requested += 1
        snapshot = self.app._snapshots.take(self.app.progress)
        self.app._save_snapshot(snapshot, self.app._save_requested)

    def retry(self) -> None:
        """The app's retry timer: a failed save is tried again."""
        if self.store.pending:
            self.world.log.append("retry")
            self.save()

    def quit(self) -> None:
        self.world.log.append("quit")
        self.app.flush_saves()


def what_was_done(learner: Learner) -> dict:
    """What the learner did, in terms a merge keeps (the furthest page, every attempt, …)."""
    return {
        "lessons": {m: (r.status, r.furthest_section, r.seconds) for m, r in learner.lessons.items()},
        "attempts": {m: {a.key for a in q.attempts} for m, q in learner.quizzes.items()},
        "questions": {q.id: q.text for q in learner.questions},
        "notes": dict(learner.notes),
        "theme": learner.theme,
    }


def kept(found: dict, done: dict) -> list[str]:
    """What of `done` is missing from `found`, in words."""
    missing = []
    for module, lesson in done["lessons"].items():
        if found["lessons"].get(module) != lesson:
            missing.append(f"lesson {module}: {lesson} became {found['lessons'].get(module)}")
    for module, keys in done["attempts"].items():
        lost = keys - found["attempts"].get(module, set())
        if lost:
            missing.append(f"{len(lost)} attempts of {module}")
    for key in ("questions", "notes"):
        for name, value in done[key].items():
            if found[key].get(name) != value:
                missing.append(f"{key} {name}: {value!r}")
    if found["theme"] != done["theme"]:
        missing.append(f"theme {done['theme']}")
    return missing


def run_session(root: Path, seed: int, monkeypatch) -> tuple[World, Session]:
    rng = random.Random(seed)
    world, session = _session(root, monkeypatch, rng)
    for _ in range(STEPS):
        roll = rng.random()
        if roll < 0.12:
            world.fill_or_free_the_disk()
        elif roll < 0.24:
            world.take_or_give_back_a_lock()
        elif roll < 0.36:
            world.break_a_link()
        elif roll < 0.45:
            session.retry()
        else:
            session.do_something(rng)
    # Quitting: sometimes the faults are still there, sometimes they have passed just before
    if rng.random() < 0.5:
        world.mend()
        world.log.append("mended before quitting")
    session.quit()
    world.mend()
    return world, session


@pytest.fixture
def quick_quit(monkeypatch, tmp_path):
    monkeypatch.setattr(app_module, "QUIT_WAIT_SECONDS", 0.1)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a rescue copy's second choice: another disk here
    (tmp_path / "home").mkdir()


@pytest.mark.parametrize("seed", SEEDS)
def test_nothing_the_learner_did_is_lost_without_being_told(tmp_path, monkeypatch, quick_quit, seed):
    world, session = run_session(tmp_path, seed, monkeypatch)
    done = what_was_done(session.sam)
    notices = session.store.notices
    assert not any("is lost when the course closes" in notice for notice in notices), notices
    named = [Path(path) for notice in notices for path in RESCUED.findall(notice)]
    for copy in named:
        assert copy.is_file(), f"seed {seed}: a notice names {copy}, which is not there"
    everywhere = [*world.sync.glob("*.rescue-*"), *(tmp_path / "home").glob("*.rescue-*")]
    assert sorted(everywhere) == sorted(set(named)), f"seed {seed}: a rescue copy no notice named"
    store = ProgressStore.open(world.link)
    assert not store.read_only, store.notices
    for copy in named:  # as the notice says: ketamine-course progress import COPY
        store.import_file(copy)
    found = ProgressStore.open(world.link).data.learners["id0"]
    missing = kept(what_was_done(found), done)
    assert not missing, f"seed {seed}: lost without a word: {missing}\nwhat happened: {world.log}\nnotices: {notices}"


# ------------------------------------------------------------------ what the random sessions found


def _session(tmp_path, monkeypatch, rng: random.Random | None = None) -> tuple[World, Session]:
    """Sam and Alex saved, the progress reached through a link, every write going through the
    world's faults; the random sessions pass their own `rng`."""
    world = World(tmp_path, rng or random.Random(0))
    start = ProgressStore.open(world.target)
    start.data = sample_progress("Sam", "Alex")
    assert start.save()
    world.link.parent.mkdir()
    world.link.symlink_to(world.target)
    monkeypatch.setattr(files_module, "_write_all", world.write_all(files_module._write_all))
    return world, Session(world)


@pytest.mark.parametrize("how", ["learner file deleted", "learner file a loop"])
def test_a_file_deleted_after_the_last_save_is_written_again_or_rescued_at_quit(tmp_path, monkeypatch, quick_quit,
                                                                                how):
    """Everything was saved; then a sync tool or a careless rm took Sam's file away. Quitting
    said nothing and wrote nothing: all of Sam's progress was gone."""
    world, session = _session(tmp_path, monkeypatch)
    open_section(session.sam, "risks", 5, seconds=30)
    session.save()
    done = what_was_done(session.sam)
    world.rng.choice = lambda choices: how
    world.break_a_link()
    session.quit()
    world.mend()
    store = ProgressStore.open(world.link)
    for copy in [Path(path) for notice in session.store.notices for path in RESCUED.findall(notice)]:
        store.import_file(copy)
    assert kept(what_was_done(ProgressStore.open(world.link).data.learners["id0"]), done) == []


def test_a_change_made_in_the_second_of_the_last_save_comes_back_from_the_rescue_copy(tmp_path, monkeypatch,
                                                                                      quick_quit):
    """An import lets the learner updated later settle settings and notes, to the second: a
    theme chosen in the second of the last save lost to the file when the rescue copy came back."""
    world, session = _session(tmp_path, monkeypatch)
    when = now()
    open_section(session.sam, "risks", 5, seconds=30)
    session.sam.updated = when
    session.save()
    world.rng.choice = lambda choices: "Sam"
    world.take_or_give_back_a_lock()  # another copy holds Sam's lock to the end
    session.sam.theme, session.sam.notes["risks"] = "nord", "Written just after"
    session.sam.updated = when  # the same second
    session.save()
    session.quit()
    (copy,) = [Path(path) for notice in session.store.notices for path in RESCUED.findall(notice)]
    world.mend()
    store = ProgressStore.open(world.link)
    store.import_file(copy)
    sam = ProgressStore.open(world.link).data.learners["id0"]
    assert (sam.theme, sam.notes["risks"]) == ("nord", "Written just after")


def test_a_learner_started_afresh_takes_everything_from_a_copy_brought_back(tmp_path, monkeypatch):
    """A learner whose file is gone starts afresh, and holds nothing: bringing back a rescue copy
    or an export restores their settings and notes too (the fresh start was 'updated' now, so it
    won every setting against the copy)."""
    world, session = _session(tmp_path, monkeypatch)
    copy = tmp_path / "sam.toml"
    store = ProgressStore.open(world.target)
    store.data.learners["id0"].theme = "nord"
    store.export_learner(copy, "Sam", full=True)
    world.learner_file("id0").unlink()
    fresh = ProgressStore.open(world.target)
    assert fresh.data.learners["id0"].lessons == {}
    fresh.import_file(copy)
    sam = ProgressStore.open(world.target).data.learners["id0"]
    assert sam.theme == "nord" and sam.notes == sample_progress().learners["id0"].notes


def test_a_save_that_failed_half_way_never_undoes_a_later_change(tmp_path, monkeypatch):
    """A save wrote Sam's file, then could not write the index (another copy held its lock).
    The next save took what it had written for another copy's change, and let it undo the
    learner's later choice: a theme chosen again was set back to the one before."""
    world, session = _session(tmp_path, monkeypatch)
    session.sam.theme = "nord"
    session.sam.touch()
    session.save()
    world.rng.choice = lambda choices: "index"
    world.take_or_give_back_a_lock()
    session.sam.theme, session.sam.name = "textual-light", "Sam B."  # the new name goes in the index too
    session.sam.touch()
    session.save()
    assert session.store.pending and "Saving is waiting" in session.store.notices[-1]
    world.take_or_give_back_a_lock()  # given back
    session.sam.theme = "nord"  # back to the first choice
    session.sam.touch()
    session.save()
    assert not session.store.pending
    sam = ProgressStore.open(world.link).data.learners["id0"]
    assert (sam.theme, sam.name) == ("nord", "Sam B.")
