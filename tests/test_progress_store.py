"""The progress store on disk: bad files are set aside, never overwritten; problems keep the
app working in memory with a plain notice; saves are private; unchanged files are not re-read."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from test_progress_support import every_file, learner_file, learners, sample_learner, sample_progress

import course.progress.store as store_module
from course.progress.fileformat import LearnerWriter, dumps
from course.progress.merge import copy_learner
from course.progress.model import (
    SCHEMA_VERSION,
    Progress,
    add_my_question,
    learner_state,
    open_section,
    remove_my_question,
)
from course.progress.store import ProgressStore

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def saved(path, progress: Progress | None = None) -> ProgressStore:
    store = ProgressStore.open(path)
    store.data = progress or sample_progress("Sam", "Alex")
    assert store.save(), store.notices
    return ProgressStore.open(path)


def broken_copies(path):
    return sorted(path.parent.glob(f"{path.name}.broken-*"))


# ------------------------------------------------------------------ where and how it saves


def test_missing_folders_are_created_private_and_the_file_is_0600(tmp_path):
    path = tmp_path / "a" / "b" / "progress.toml"
    store = ProgressStore.open(path)
    assert store.data == Progress() and store.notices == [] and not path.exists()  # opening writes nothing
    store.data.add_learner("Sam", "patient")
    assert store.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["progress-learners", "progress.toml", "progress.toml.lock"]
    folder = path.parent / "progress-learners"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (own,) = folder.glob("*.toml")
    assert stat.S_IMODE(own.stat().st_mode) == 0o600 and own.name == f"{store.data.active_learner}.toml"


def test_a_save_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "progress.toml"
    store = saved(path)
    inodes = learner_file(path).stat().st_ino, learner_file(path, "id1").stat().st_ino, path.stat().st_ino
    open_section(store.data.active, "risks", 2)
    assert store.save()
    assert learner_file(path).stat().st_ino != inodes[0]  # a new file renamed over the old one, never written in place
    assert (learner_file(path, "id1").stat().st_ino, path.stat().st_ino) == inodes[1:]  # the rest is not rewritten
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_temporary_files_left_by_a_killed_copy_are_swept(tmp_path):
    path = tmp_path / "progress [shared].toml"
    leftover = tmp_path / ".progress [shared].toml.abc123.tmp"
    leftover.write_text("half a sa")
    store = saved(path)
    assert store.save()
    assert not leftover.exists()


def test_an_unchanged_file_is_not_read_again_before_a_save(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    store = saved(path)
    reads = []
    real = store_module.read_file
    monkeypatch.setattr(store_module, "read_file", lambda p, **how: reads.append(p) or real(p, **how))
    for section in range(3):
        open_section(store.data.active, "risks", section)
        assert store.save()
    assert reads == []
    other = ProgressStore.open(path)
    add_my_question(other.data.active, "From the other copy")
    assert other.save()
    reads.clear()  # opening `other` read it, of course
    # Changed by someone else but not here since this copy saved it: nothing of ours is
    # missing from their file, so it is not read (a group machine's every save read it).
    assert store.save() and reads == []
    assert store.save() and reads == []
    # Changed here too: read once and merged, nothing of either copy lost.
    open_section(store.data.active, "risks", 5)
    assert store.save() and reads == [learner_file(path)]
    assert "From the other copy" in [q.text for q in store.data.active.questions]
    again = ProgressStore.open(path).data.active
    assert "From the other copy" in [q.text for q in again.questions]
    assert again.lessons["risks"].furthest_section == 5


def test_the_first_save_after_opening_reuses_the_attempts_read_when_opening(tmp_path, monkeypatch):
    """Issue 17: a learner read when the store opens has their quiz attempts remembered by the
    text of their blocks, so the first save that reads another copy's file of them parses no
    block of attempts again, and both sides hold the very same attempt objects."""
    path = tmp_path / "progress.toml"
    saved(path)
    store = ProgressStore.open(path, lazy=True)  # as the app opens it: the active learner only
    other = ProgressStore.open(path, lazy=True)
    add_my_question(other.data.active, "From the other copy")
    assert other.save()
    blocks = []
    real = store_module._attempt_list
    monkeypatch.setattr(store_module, "_attempt_list", lambda: blocks.append(1) or real())
    opened = [a for quiz in store.data.active.quizzes.values() for a in quiz.attempts]
    open_section(store.data.active, "risks", 5)
    assert store.save() and blocks == [], "a block of attempts read when opening was parsed again"
    assert "From the other copy" in [q.text for q in store.data.active.questions]
    merged = [a for quiz in store.data.active.quizzes.values() for a in quiz.attempts]
    assert opened and all(a is b for a, b in zip(merged, opened, strict=True))


def _learner_file(learner) -> bytes:
    return LearnerWriter().dump_bytes("id0", learner, learner_state(learner))


def _same_found(first, second) -> None:
    assert (first.state, first.kind, first.version, first.problem, first.progress) == \
        (second.state, second.kind, second.version, second.problem, second.progress)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(learners)
def test_reading_a_file_again_reusing_its_attempts_gives_what_reading_it_gives(learner):
    """Issue 17: a learner's file read again at a save reuses the quiz attempts read last time
    (a block of attempts whose text has not changed is not parsed again)."""
    raw = _learner_file(learner)
    known: dict = {}
    first = store_module.parse(raw, known)
    _same_found(first, store_module.parse(raw))
    again = store_module.parse(raw, known)
    _same_found(again, store_module.parse(raw))
    if first.state == "ok":
        for module, quiz in again.read_progress.learners["id0"].quizzes.items():
            old = first.read_progress.learners["id0"].quizzes[module].attempts
            assert all(a is b for a, b in zip(quiz.attempts, old)), "an unchanged block was parsed again"


def test_attempts_reused_only_where_a_quiz_holds_them(tmp_path):
    """A block of attempts quoted in a note, or a broken attempt, or an older format: read the
    plain way, with the same result and the same words for a problem."""
    learner = sample_learner()
    raw = _learner_file(learner)
    block = raw.decode()[raw.decode().index("attempts = ["):]
    block = block[:block.index("\n]\n") + 3]
    learner.notes["risks"] = "A copy of my answers:\n" + block + "the end\n"
    known: dict = {}
    quoted = _learner_file(learner)
    store_module.parse(raw, known)  # the block is known: its text is the quoted one
    found = store_module.parse(quoted, known)
    _same_found(found, store_module.parse(quoted))
    assert found.read_progress.learners["id0"].notes["risks"] == learner.notes["risks"]
    broken = raw.replace(b", score = ", b", score = 1", 1)  # in an attempt: above 100
    assert broken != raw
    found = store_module.parse(broken, {})
    _same_found(found, store_module.parse(broken))
    assert found.state == "broken" and "attempts" in found.problem
    older = raw.replace(b"schema_version = 4", b"schema_version = 3", 1)
    _same_found(store_module.parse(older, dict(known)), store_module.parse(older))


# ------------------------------------------------------------------ bad files


def _assert_set_aside(path, original: bytes, store: ProgressStore):
    copies = broken_copies(path)
    assert len(copies) == 1 and copies[0].read_bytes() == original
    assert not path.exists()  # nothing written until the first save
    assert store.data == Progress() and not store.read_only
    assert len(store.notices) == 1
    notice = store.notices[0]
    assert "could not be read" in notice and str(copies[0]) in notice and "Traceback" not in notice
    store.data.add_learner("New", "patient")
    assert store.save()
    assert copies[0].read_bytes() == original  # still there, untouched
    assert ProgressStore.open(path).data.active.name == "New"


BAD_FILES = {
    "not TOML": b"schema_version = 1\n[learners.x\nname = 'Sam'\n",
    "wrong type": b'schema_version = 1\n[learners.x]\nname = "Sam"\nlessons = 5\n',
    "unknown value": b'schema_version = 1\n[learners.x]\nrole = "wizard"\n',
    "unknown field": b'schema_version = 1\n[learners.x]\nname = "Sam"\nshoe_size = 44\n',
    "bad schema_version": b'schema_version = "one"\n',
    "binary garbage": bytes(range(256)) * 8,
    "not UTF-8": b'schema_version = 1\n[learners.x]\nname = "\xff\xfe"\n',
    "attempt lists disagree": (b'schema_version = 1\n[learners.x.quizzes.m]\nattempts = [{ at = 2026-01-01T00:00:00Z, '
                               b'score = 1, passed = false, questions = ["a"], answers = [], correct = [] }]\n'),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_renamed_and_explained_never_overwritten(tmp_path, kind):
    path = tmp_path / "progress.toml"
    path.write_bytes(BAD_FILES[kind])
    _assert_set_aside(path, BAD_FILES[kind], ProgressStore.open(path))


def test_an_export_cut_short_anywhere_is_never_read_as_whole(tmp_path):
    """Issue 14: 16-21% of cut points loaded as valid with data missing, no notice, no copy."""
    good = dumps(sample_progress("Sam", "Alex")).encode()
    silently = [cut for cut in range(1, len(good) - 1) if store_module.parse(good[:cut]).state == "ok"]
    assert silently == [], f"{len(silently)} of {len(good) - 2} cut points read as a whole file"
    assert store_module.parse(good[:-1]).state == "ok"  # only the final newline gone: nothing lost


def test_a_progress_file_or_learner_file_cut_short_is_set_aside_and_explained(tmp_path):
    source = tmp_path / "source" / "progress.toml"
    saved(source)
    for relative in ("progress.toml", "progress-learners/id0.toml"):
        good = (source.parent / relative).read_bytes()
        for cut in range(1, len(good) - 1, 11):
            folder = tmp_path / f"{relative.replace('/', '-')}-{cut}"
            shutil.copytree(source.parent, folder)
            (folder / relative).write_bytes(good[:cut])
            store = ProgressStore.open(folder / "progress.toml")
            assert store.notices, f"{relative} cut at {cut} of {len(good)} bytes loaded without a word"
            (kept,) = (folder / relative).parent.glob(f"{Path(relative).name}.broken-*")
            assert kept.read_bytes() == good[:cut] and str(kept) in store.notices[0]
            if relative == "progress.toml":  # the learners' own files are untouched: both are back
                assert sorted(store.data.learners) == ["id0", "id1"]


def test_a_file_broken_while_the_app_runs_is_set_aside_at_the_next_save(tmp_path):
    path = tmp_path / "progress.toml"
    store = saved(path)
    path.write_bytes(b"oops = [")
    open_section(store.data.active, "risks", 1)
    assert store.save()
    assert broken_copies(path)[0].read_bytes() == b"oops = ["
    assert "could not be read" in store.notices[-1]
    assert ProgressStore.open(path).data == store.data  # memory, which had everything, was written


def test_an_empty_file_is_an_empty_progress_said_so(tmp_path):
    path = tmp_path / "progress.toml"
    path.write_bytes(b"")
    store = ProgressStore.open(path)
    assert store.data == Progress() and len(store.notices) == 1 and "it is empty" in store.notices[0]
    assert [copy.read_bytes() for copy in broken_copies(path)] == [b""]


def test_an_empty_index_is_set_aside_and_the_learners_come_back_from_their_files(tmp_path):
    """Issue 17: a 0-byte index (a sync tool, a full disk) loaded as an empty progress without
    a word, and the first save kept it as an 'old format' copy."""
    path = tmp_path / "progress.toml"
    saved(path)
    path.write_bytes(b"")
    store = ProgressStore.open(path, lazy=True)
    assert sorted(store.roster) == ["id0", "id1"]
    assert len(store.notices) == 1 and "it is empty" in store.notices[0]
    assert str(tmp_path / "progress-learners") in store.notices[0]  # where their progress still is
    assert len(broken_copies(path)) == 1
    store.load_all()
    store.data.active_learner = "id0"
    assert store.save()
    again = ProgressStore.open(path)
    assert sorted(again.data.learners) == ["id0", "id1"] and again.notices == []
    assert not list(tmp_path.glob("*.bak"))


def test_a_file_from_a_newer_version_is_read_only_and_never_written(tmp_path):
    path = tmp_path / "progress.toml"
    text = dumps(sample_progress("Sam")).replace(f"schema_version = {SCHEMA_VERSION}", "schema_version = 99")
    text += '\n[learners.future]\nname = "Kim"\nhologram = true\n'
    path.write_text(text)
    before = path.read_bytes()
    store = ProgressStore.open(path)
    assert store.read_only
    assert "newer version" in store.notices[0] and "read-only" in store.notices[0]
    # issue 14: one unknown field hid every learner; what can be read is shown, and what is left out named
    assert list(store.data.learners) == ["id0", "future"] and store.data.learners["future"].name == "Kim"
    assert "learners.future.hologram" in store.notices[0]
    open_section(store.data.active, "risks", 1)
    assert store.save() is False
    assert path.read_bytes() == before and not broken_copies(path)


def test_a_newer_index_and_learner_files_show_every_learner_and_name_what_is_left_out(tmp_path):
    """Issue 14, fault 9, in the layout of an index and a file per learner: a learner's file with
    one field this version does not know still shows that learner, and the notice names the field."""
    path = tmp_path / "progress.toml"
    saved(path)
    newer = f"schema_version = {SCHEMA_VERSION + 1}"
    for each, extra in ((path, ""), (learner_file(path, "id0"), "pronouns = \"they\"\n"),
                        (learner_file(path, "id1"), "hologram = true\n")):
        each.write_text(each.read_text().replace(f"schema_version = {SCHEMA_VERSION}", newer)
                        .replace('role = "volunteer"\n', 'role = "volunteer"\n' + extra, 1))
    before = every_file(path)
    for lazy in (True, False):
        store = ProgressStore.open(path, lazy=lazy)
        assert store.read_only and {i: each.name for i, each in store.data.learners.items()} == {"id0": "Sam",
                                                                                                 "id1": "Alex"}
        assert "newer version" in store.notices[0]
        assert "pronouns (Sam)" in store.notices[0] and "hologram (Alex)" in store.notices[0]
        assert store.save() is False and every_file(path) == before


def test_a_newer_learner_file_read_later_names_what_is_left_out(tmp_path):
    path = tmp_path / "progress.toml"
    saved(path)
    for learner_id in ("id0", "id1"):  # the index is of this version; the learners' files newer
        each = learner_file(path, learner_id)
        each.write_text(each.read_text().replace(f"schema_version = {SCHEMA_VERSION}", "schema_version = 99")
                        .replace('role = "volunteer"\n', 'role = "volunteer"\nhologram = true\n', 1))
    store = ProgressStore.open(path, lazy=True)  # as the app: Sam now, Alex when chosen
    assert store.read_only and "hologram (Sam)" in store.notices[0]
    assert store.load_learner("id1").name == "Alex" and "hologram (Alex)" in store.notices[-1]


# ------------------------------------------------------------------ values at the edge of their range


def test_counts_at_the_edge_of_their_range_never_crash_nor_write_what_toml_cannot_hold(tmp_path):
    """Issue 14, fault 7: seconds = 2**63-1 crashed the app at a page turn, and attempt_count =
    2**63-1 at the end of a quiz (the attempt was lost). Counts are brought within range when
    read, so every later sum still fits: TOML integers are 64-bit."""
    from course.learning.quiz import record_practice

    path = tmp_path / "progress.toml"
    saved(path)
    own = learner_file(path)
    text = own.read_text()
    for name in ("seconds", "last_section", "furthest_section", "attempt_count", "misses", "box"):
        text = re.sub(rf"\b{name} = \d+", f"{name} = {2**63 - 1}", text)
    own.write_text(text)
    store = ProgressStore.open(path)
    sam = store.data.learners["id0"]
    open_section(sam, "risks", 2, seconds=90)  # a page turn
    quiz = sam.quizzes["risks"]
    quiz.attempts = [*quiz.attempts, quiz.attempts[-1].model_copy(update={"at": quiz.attempts[-1].at.replace(year=2027)})]
    quiz.attempt_count += 1  # the end of a quiz (course.learning.quiz.record_attempt)
    record_practice(sam, "risks/a", False, quiz.attempts[-1].at)
    assert store.save(), store.notices
    numbers = [int(n) for n in re.findall(r"= (\d+)", own.read_text())]
    assert max(numbers) <= 2**63 - 1, "the file holds a number TOML cannot"
    again = ProgressStore.open(path).data.learners["id0"]
    assert len(again.quizzes["risks"].attempts) == 3 and again.lessons["risks"].last_section == 2
    assert again.quizzes["risks"].attempt_count > 2 and again.review["risks/a"].misses > 2


def test_a_newer_version_written_while_running_stops_saving(tmp_path):
    path = tmp_path / "progress.toml"
    store = saved(path)
    newer = path.read_text().replace(f"schema_version = {SCHEMA_VERSION}", f"schema_version = {SCHEMA_VERSION + 1}")
    path.write_text(newer)
    assert store.save() is False and store.read_only
    assert "newer version" in store.notices[-1]
    assert path.read_text() == newer


def test_a_folder_where_the_file_should_be_is_explained(tmp_path):
    path = tmp_path / "progress.toml"
    path.mkdir()
    store = ProgressStore.open(path)
    assert store.read_only and "is a folder" in store.notices[0]
    assert store.save() is False and path.is_dir()


def test_an_unreadable_file_is_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    saved(path)
    before = path.read_bytes()
    real_open = open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    store = ProgressStore.open(path)
    assert store.read_only and "could not be opened" in store.notices[0]
    assert store.save() is False
    monkeypatch.undo()
    assert path.read_bytes() == before


# ------------------------------------------------------------------ cannot write: keep working in memory


def _check_kept_in_memory(path, store, before: dict[str, bytes], words: str):
    open_section(store.data.active, "risks", 5)
    assert store.save() is False and store.save() is False
    assert len(store.notices) == 1, store.notices  # told once, not at every save
    assert words in store.notices[0] and "kept while the course is open" in store.notices[0]
    assert store.pending
    assert every_file(path) == before  # what was saved is intact
    assert not list(path.parent.glob("**/.*.tmp"))


def test_a_full_disk_keeps_the_old_file_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    store = saved(path)
    before = every_file(path)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", full)
    _check_kept_in_memory(path, store, before, "the disk is full")
    monkeypatch.undo()
    assert store.save() and store.notices[-1] == "Your progress is being saved again."
    assert ProgressStore.open(path).data.active.lessons["risks"].last_section == 5


def test_a_read_only_folder_keeps_working_in_memory(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    store = saved(path)
    before = every_file(path)

    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    _check_kept_in_memory(path, store, before, "not allowed to change files in")
    monkeypatch.undo()
    assert store.save()


def test_a_read_only_file_is_respected(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    store = saved(path)
    before = every_file(path)
    real_access = os.access
    monkeypatch.setattr(store_module.os, "access",
                        lambda p, mode: False if str(p) == str(path) and mode == os.W_OK else real_access(p, mode))
    _check_kept_in_memory(path, store, before, "is read-only")


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root may write anywhere; needs POSIX modes")
def test_a_real_read_only_folder(tmp_path):
    """(A read-only file: the test below, for every user.)"""
    path = tmp_path / "progress.toml"
    store = saved(path)
    before = every_file(path)
    tmp_path.chmod(0o500)
    try:
        _check_kept_in_memory(path, store, before, "not allowed")
    finally:
        tmp_path.chmod(0o700)
    assert store.save()


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX modes")
def test_a_file_made_read_only_by_its_owner_is_respected_by_every_user(tmp_path):
    """Issue 14: as root, a 0400 progress file was overwritten (root may write anyway)."""
    path = tmp_path / "progress.toml"
    store = saved(path)
    before = every_file(path)
    path.chmod(0o400)
    _check_kept_in_memory(path, store, before, "is read-only")
    assert stat.S_IMODE(path.stat().st_mode) == 0o400


def test_a_lock_held_elsewhere_keeps_working_in_memory_and_saves_later(tmp_path):
    path = tmp_path / "progress.toml"
    saved(path)
    store = ProgressStore.open(path, lock_timeout=0.1)
    before = every_file(path)
    with FileLock(f"{learner_file(path)}.lock"):  # another copy saving the same learner
        _check_kept_in_memory(path, store, before, "another copy of the course is saving")
    assert store.save()
    assert store.notices[-1] == "Your progress is being saved again."


# ------------------------------------------------------------------ the app's two ways of handing over data


def test_an_app_that_saves_snapshots_never_loses_what_another_copy_saved(tmp_path):
    """The app hands the store deep copies of its live progress; the live progress never sees
    the merges. Another copy's work must survive every later save all the same."""
    path = tmp_path / "progress.toml"
    app_store = saved(path)
    live = app_store.data
    other = ProgressStore.open(path)
    add_my_question(other.data.learners["id1"], "Alex's question")
    other.data.learners["id1"].notes["risks"] = "Alex's note"
    assert other.save()
    for section in range(3):  # the app keeps working and saving snapshots
        open_section(live.active, "risks", section)
        app_store.data = live.model_copy(deep=True)
        assert app_store.save()
    final = ProgressStore.open(path).data
    assert "Alex's question" in [q.text for q in final.learners["id1"].questions]
    assert final.learners["id1"].notes["risks"] == "Alex's note"
    assert final.learners["id0"].lessons["risks"].last_section == 2
    # and a deletion in the live progress is not undone by the copy on disk
    remove_my_question(live.active, "q1")
    live.learners["id0"].review.clear()
    app_store.data = live.model_copy(deep=True)
    assert app_store.save()
    final = ProgressStore.open(path).data
    assert [q.text for q in final.learners["id0"].questions] == []
    assert final.learners["id0"].review == {}
    assert "Alex's question" in [q.text for q in final.learners["id1"].questions]


class SharingSnapshots:
    """Like the app's snapshots: a learner unchanged since the last one is the same copy object."""

    def __init__(self) -> None:
        self.copies: dict[str, tuple[tuple, object]] = {}

    def take(self, live: Progress) -> Progress:
        copies = {}
        for learner_id, learner in live.learners.items():
            known = self.copies.get(learner_id)
            if known is None or known[0] != learner_state(learner):
                known = (learner_state(learner), copy_learner(learner))
            copies[learner_id] = known
        self.copies = copies
        return live.model_copy(update={"learners": {i: known[1] for i, known in copies.items()},
                                       "removed_learners": dict(live.removed_learners)})


def test_snapshots_that_share_unchanged_learners_lose_nothing(tmp_path):
    path = tmp_path / "progress.toml"
    app_store = saved(path)
    live, snapshots = app_store.data.model_copy(deep=True), SharingSnapshots()
    app_store.data = snapshots.take(live)
    assert app_store.save()
    other = ProgressStore.open(path)
    add_my_question(other.data.learners["id0"], "Added by the other copy")
    assert other.save()
    for turn in range(4):  # Sam's live copy unchanged twice (shared), then changed twice
        if turn >= 2:
            open_section(live.learners["id0"], "risks", turn)
        app_store.data = snapshots.take(live)
        assert app_store.save()
        texts = [q.text for q in ProgressStore.open(path).data.learners["id0"].questions]
        assert "Added by the other copy" in texts, f"lost at turn {turn}"
    assert [q.text for q in live.learners["id0"].questions] == ["Can I drive home?"]  # the app's own copy untouched
    remove_my_question(live.learners["id0"], "q1")
    app_store.data = snapshots.take(live)
    assert app_store.save()
    assert [q.text for q in ProgressStore.open(path).data.learners["id0"].questions] == ["Added by the other copy"]


class AppCopy:
    """A copy of the course as the app runs it: the store opened lazily on the index's active
    learner, a live progress the app changes, and a snapshot handed to the store at each save."""

    def __init__(self, path, learner_id: str | None = None) -> None:
        self.store = ProgressStore.open(path, lazy=True)
        self.live, self.snapshots = self.store.data, SharingSnapshots()
        if learner_id is not None:
            self.live.learners.setdefault(learner_id, self.store.load_learner(learner_id))
            self.live.active_learner = learner_id

    def save(self) -> None:
        self.store.data = self.snapshots.take(self.live)
        self.store.data.active_learner = self.live.active_learner
        assert self.store.save(), self.store.notices


def test_a_group_machine_reads_no_file_of_a_learner_this_copy_has_not_changed(tmp_path, monkeypatch):
    """Issue 17: a copy holds every learner it has loaded; another copy saving one of them made
    each of this copy's saves read and merge that learner's file (and the two copies, on two
    learners, rewrote the index at every save, each naming its own). Now neither is read or
    written until this copy changes them; then the other copy's work is merged, none lost."""
    path = tmp_path / "progress.toml"
    saved(path)
    sam, group = AppCopy(path), AppCopy(path)  # both start on Sam (id0), the index's active learner
    add_my_question(group.live.learners["id0"], "Asked at the group machine for Sam")
    group.save()
    add_my_question(sam.live.active, "Asked by Sam")  # both changed Sam: read and merged
    sam.save()
    group.live.learners["id1"] = group.store.load_learner("id1")
    group.live.active_learner = "id1"  # the group machine switches to Alex
    group.save()
    assert tomllib.loads(path.read_text())["active_learner"] == "id1"
    sam.save()  # reads the index the group machine changed (a new learner chosen: once)
    reads = []
    real = store_module.read_file
    monkeypatch.setattr(store_module, "read_file", lambda p, **how: reads.append(p) or real(p, **how))
    index_before = path.stat().st_mtime_ns, path.stat().st_ino
    for section in range(4):
        open_section(sam.live.active, "risks", section)
        sam.save()
        open_section(group.live.active, "benefits", section)
        group.save()
    assert reads == [], "a copy read a file it had no change for"
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == index_before, "the index was rewritten at a page turn"
    assert tomllib.loads(path.read_text())["active_learner"] == "id1"  # the learner chosen last
    # The group machine goes back to Sam and changes them: Sam's file is read once, merged.
    group.live.active_learner = "id0"
    add_my_question(group.live.learners["id0"], "Asked later at the group machine")
    group.save()
    assert reads == [learner_file(path, "id0")]
    final = ProgressStore.open(path).data
    sam_now = final.learners["id0"]
    assert sorted(q.text for q in sam_now.questions) == ["Asked at the group machine for Sam", "Asked by Sam",
                                                         "Asked later at the group machine", "Can I drive home?"]
    assert sam_now.lessons["risks"].last_section == 3  # the last page Sam turned in the other copy
    assert final.learners["id1"].lessons["benefits"].last_section == 3
    assert final.active_learner == "id0"  # chosen again here: written


def test_a_deletion_in_place_is_not_undone_by_the_other_copy(tmp_path):
    path = tmp_path / "progress.toml"
    first, second = saved(path), ProgressStore.open(path)
    del first.data.active.review["risks/a"]  # cleared in practice: the app just deletes it
    assert first.save()
    open_section(second.data.active, "risks", 1)  # the other copy still has it, unchanged
    assert second.save()
    final = ProgressStore.open(path).data
    assert "risks/a" not in final.active.review and final.active.lessons["risks"].last_section == 1


def test_the_file_holds_tombstones_for_deletions(tmp_path):
    path = tmp_path / "progress.toml"
    store = saved(path)
    del store.data.active.review["risks/a"]
    store.data.remove_learner("id1")
    assert store.save()
    assert "risks/a" in tomllib.loads(learner_file(path).read_text())["removed"]["review"]
    index = tomllib.loads(path.read_text())
    assert "id1" in index["removed_learners"] and "id1" not in index["learners"]
    assert not learner_file(path, "id1").exists()  # the removed learner's file is deleted


def test_a_pipe_or_device_is_never_read_or_replaced(tmp_path):
    """Opening a pipe used to hang the course; saving to /dev/null (as root) replaced it with a file."""
    import threading

    pipe = tmp_path / "progress.toml"
    os.mkfifo(pipe)
    opened = []
    worker = threading.Thread(target=lambda: opened.append(ProgressStore.open(pipe)), daemon=True)
    worker.start()
    worker.join(5)
    assert opened, "opening a pipe as the progress file hung"
    store = opened[0]
    assert store.read_only and "not an ordinary file" in store.notices[0]
    assert store.save() is False and stat.S_ISFIFO(os.lstat(pipe).st_mode)


def progress_linked_into_a_synced_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A saved progress in a synced folder, and the link to it where the course looks."""
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    saved(synced / "progress.toml")
    link = tmp_path / "progress.toml"
    link.symlink_to(synced / "progress.toml")
    return synced, link


def test_a_synced_folder_that_goes_away_is_not_made_again_locally(tmp_path):
    """Issue 17: the synced folder the progress is in (through a link) was disconnected while the
    course ran, and the next save silently made a new local folder holding this session alone."""
    synced, link = progress_linked_into_a_synced_folder(tmp_path)
    store = ProgressStore.open(link)
    synced.rename(tmp_path / "Dropbox (disconnected)")
    open_section(store.data.active, "risks", 3)
    assert store.save() is False and store.pending
    assert not synced.exists(), "the synced folder was made again, locally"
    assert str(synced) in store.notices[-1] and "is gone" in store.notices[-1]
    (tmp_path / "Dropbox (disconnected)").rename(synced)  # connected again: saved there
    assert store.save() and not store.pending
    assert ProgressStore.open(link).data.active.lessons["risks"].last_section == 3


def test_a_first_save_makes_the_folder(tmp_path):
    store = ProgressStore.open(tmp_path / "new" / "progress.toml")
    store.data.add_learner("Sam", "patient")
    assert store.save() and (tmp_path / "new" / "progress.toml").exists()


def test_a_symlinked_progress_file_is_saved_through_to_its_target(tmp_path):
    """Issue 14: the first save replaced the link with a file, so a synced folder stopped getting updates."""
    synced, link = progress_linked_into_a_synced_folder(tmp_path)
    store = ProgressStore.open(link)
    open_section(store.data.active, "risks", 3)
    assert store.save(), store.notices
    assert link.is_symlink()
    assert ProgressStore.open(synced / "progress.toml").data.active.lessons["risks"].last_section == 3
