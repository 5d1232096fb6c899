"""course.files, the one module that writes files: new files are created exclusively and
removed if writing fails; replacements are atomic (fsync, rename) and go through a symbolic
link to the file it points to; private files are 0600; reading is bounded."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from test_tui_support import Notified


class FullDisk:
    """Stands in for os.fdopen: writes the first half of what it is given, then the disk is full."""

    def __init__(self, real):
        self.real = real

    def __call__(self, fd, mode="r", *args, **kwargs):
        handle = self.real(fd, mode, *args, **kwargs)
        real_write = handle.write

        def write(data):
            real_write(data[: len(data) // 2])
            handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        handle.write = write
        return handle


def test_a_failed_export_in_the_app_leaves_no_truncated_file(tmp_path, monkeypatch):
    """Issue 16: a full disk during an in-app export left half a file in Downloads."""
    from course.tui.delivery import deliver_export

    app = Notified()
    monkeypatch.setattr(os, "fdopen", FullDisk(os.fdopen))
    assert deliver_export(app, "my questions.txt", "Questions for my provider\n" * 200, folder=tmp_path) is None
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == [], "a half-written export was left behind"
    ((message, severity),) = app.told
    assert severity == "error" and "disk is full" in message


def test_a_replacement_goes_through_a_symbolic_link_to_its_target(tmp_path):
    from course.files import replace_atomic

    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "progress.toml"
    target.write_bytes(b"old")
    link = tmp_path / "progress.toml"
    link.symlink_to(target)
    replace_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in synced.iterdir()) == ["progress.toml"]  # the temporary file was beside the target


def test_a_link_to_a_file_not_made_yet_makes_it_there(tmp_path):
    from course.files import replace_atomic

    (tmp_path / "synced").mkdir()
    link = tmp_path / "progress.toml"
    link.symlink_to(tmp_path / "synced" / "progress.toml")
    replace_atomic(link, b"first")
    assert link.is_symlink() and (tmp_path / "synced" / "progress.toml").read_bytes() == b"first"


def test_a_link_loop_is_refused_in_plain_words(tmp_path):
    from course.files import WriteError, replace_atomic, write_file

    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(OSError) as raised:
        replace_atomic(loop, b"x")
    assert raised.value.errno == errno.ELOOP and loop.is_symlink()
    with pytest.raises(WriteError, match="leads back to itself"):
        write_file(loop, "x", private=True, force=True)
    assert loop.is_symlink()


def test_a_file_made_read_only_is_never_replaced_even_by_root(tmp_path):
    from course.files import WriteError, write_file

    path = tmp_path / "record.md"
    path.write_text("kept")
    path.chmod(0o400)
    with pytest.raises(WriteError, match="is read-only"):
        write_file(path, "new", private=True, force=True)
    assert path.read_text() == "kept"


def test_new_files_are_never_written_over_and_failures_leave_nothing(tmp_path, monkeypatch):
    from course.files import create_new, create_numbered

    first = create_numbered(tmp_path, "notes.txt", b"1")
    second = create_numbered(tmp_path, "notes.txt", b"2")
    assert (first.name, second.name) == ("notes.txt", "notes-2.txt")
    with pytest.raises(FileExistsError):
        create_new(first, b"again")
    assert first.read_bytes() == b"1"
    monkeypatch.setattr(os, "fdopen", FullDisk(os.fdopen))
    with pytest.raises(OSError):
        create_new(tmp_path / "half.txt", b"x" * 1000)
    monkeypatch.undo()
    assert not (tmp_path / "half.txt").exists()


def test_a_failed_replacement_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    from course.files import replace_atomic

    path = tmp_path / "progress.toml"
    path.write_bytes(b"old")
    monkeypatch.setattr(os, "fdopen", FullDisk(os.fdopen))
    with pytest.raises(OSError):
        replace_atomic(path, b"new" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["progress.toml"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_reading_is_bounded(tmp_path):
    from course.files import TooLarge, read_bounded

    with pytest.raises(TooLarge):
        read_bounded("/dev/zero", limit=1 << 20)
    small = tmp_path / "small"
    small.write_bytes(b"12345")
    assert read_bounded(small, limit=5) == b"12345"
    with pytest.raises(TooLarge):
        read_bounded(small, limit=4)


def test_a_file_is_read_with_a_buffer_of_its_size_not_of_the_limit(tmp_path):
    from course.files import MAX_READ, read_handle

    class Recording:  # a file whose reads are recorded: a save reads a 45 KiB learner's file
        def __init__(self, handle):
            self.handle, self.asked = handle, []

        def fileno(self):
            return self.handle.fileno()

        def read(self, size):
            self.asked.append(size)
            return self.handle.read(size)

    path = tmp_path / "learner.toml"
    path.write_bytes(b"x" * 45_000)
    with open(path, "rb") as handle:
        recording = Recording(handle)
        assert read_handle(recording) == b"x" * 45_000
    assert max(recording.asked) < MAX_READ // 100 and len(recording.asked) == 1, recording.asked
    reading, writing = os.pipe()  # a pipe has no size: read in pieces until its end
    with os.fdopen(writing, "wb") as pipe:
        pipe.write(b"from a pipe")
    with os.fdopen(reading, "rb") as pipe:
        assert read_handle(pipe) == b"from a pipe"


def test_a_file_set_aside_keeps_its_bytes_under_a_name_never_taken(tmp_path, monkeypatch):
    import datetime as dt
    from types import SimpleNamespace

    from course import files

    class Clock:  # the same second for both
        @staticmethod
        def now():
            return dt.datetime(2026, 1, 2, 3, 4, 5)

    monkeypatch.setattr(files, "dt", SimpleNamespace(datetime=Clock))
    path = tmp_path / "progress.toml"
    path.write_text("this is [not toml")
    kept = files.set_aside(path, "broken")
    assert not path.exists() and kept == tmp_path / "progress.toml.broken-20260102-030405"
    assert kept.read_text() == "this is [not toml"
    path.write_text("broken again")
    again = files.set_aside(path, "broken")
    assert again == tmp_path / "progress.toml.broken-20260102-030405-2"
    assert (kept.read_text(), again.read_text()) == ("this is [not toml", "broken again")


def test_leftovers_of_a_replacement_that_died_are_removed_and_nothing_else(tmp_path, monkeypatch):
    from course.files import remove_leftovers, replace_atomic

    path = tmp_path / "progress.toml"
    path.write_text("saved")

    def dies(src, dst):
        raise KeyboardInterrupt  # the process stops between writing and renaming

    monkeypatch.setattr(os, "replace", dies)
    with pytest.raises(KeyboardInterrupt):
        replace_atomic(path, b"new")
    monkeypatch.undo()
    left = tmp_path / f".{path.name}.dead0001.tmp"  # as a copy killed outright leaves it
    left.write_text("half")
    others = [tmp_path / ".other.toml.dead0002.tmp", tmp_path / "progress.toml.tmp", tmp_path / ".progress.toml.bak"]
    for other in others:
        other.write_text("not ours")
    remove_leftovers(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name] + [o.name for o in others])
    assert path.read_text() == "saved"


WRITING_OS_CALLS = {"open", "fdopen", "replace", "rename", "renames", "unlink", "remove", "mkdir", "makedirs", "rmdir",
                    "removedirs", "symlink", "link", "truncate", "write"}
WRITING_METHODS = {"write_text", "write_bytes", "mkdir", "unlink", "rename", "symlink_to", "hardlink_to", "rmdir"}


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, call) for each call in this Python source that changes files on disk."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        module = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
        if isinstance(func, ast.Attribute) and (
                (module == "os" and func.attr in WRITING_OS_CALLS) or module == "shutil"
                or (module == "tempfile" and func.attr != "gettempdir") or func.attr in WRITING_METHODS):
            found.append((node.lineno, ast.unparse(func)))
        elif (isinstance(func, ast.Name) and func.id == "open") or (isinstance(func, ast.Attribute) and func.attr == "open"):
            positional = node.args[1:2] if isinstance(func, ast.Name) else node.args[:1]
            modes = [*positional, *(keyword.value for keyword in node.keywords if keyword.arg == "mode")]
            if any(isinstance(mode, ast.Constant) and set(str(mode.value)) & set("wax+") for mode in modes):
                found.append((node.lineno, ast.unparse(func)))
    return found


def test_every_write_goes_through_course_files():
    """Issue 16: four writers, one of them leaving half a file. Exclusive creation, atomic
    replacement, private modes and clean-up on failure hold only if nothing else writes."""
    package = Path(__file__).resolve().parents[1] / "course"
    found = [f"course/{path.relative_to(package)}:{line}: {call}"
             for path in sorted(package.rglob("*.py")) if path.name != "files.py" or path.parent != package
             for line, call in writes_in(path.read_text(encoding="utf-8"))]
    assert found == [], "write through course/files.py instead:\n" + "\n".join(found)


def test_the_write_scan_sees_every_kind_of_write():
    sample = ('import os, shutil, tempfile\nopen(p)\nopen(p, "rb")\nopen(p, "w")\np.open(mode="a")\np.read_text()\n'
              'p.write_text(t)\nos.replace(a, b)\n"x".replace("a", "b")\nshutil.copy(a, b)\ntempfile.mkstemp()\n'
              'tempfile.gettempdir()\nlearner.touch()\nos.path.exists(p)\n')
    assert [line for line, _ in writes_in(sample)] == [4, 5, 7, 8, 10, 11]
