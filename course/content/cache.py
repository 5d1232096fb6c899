"""A course that validated cleanly, trusted while its files are unchanged.

`open_course(folder)` answers like `check_course(folder)`. The first time, it is exactly
that: every file read and validated, every problem reported as `file:line`. When the course
is clean it is also kept in a private cache file, under a fingerprint of everything the
check read: the stat data (inode, size, time to the nanosecond) of every file in the course
folder and in each of its folders, and of the code that reads them. While the fingerprint
is the same, the next start reads the cache instead: no Markdown or TOML is parsed and
pydantic is never imported. Only what the first screen needs is read then (the course file
and each module's front matter); a module's sections and questions are read from the cache
the first time something asks for them (so are the facilitator's notes). Any edit to any
file of the course, or a course file added or removed, means a full check again.

The app's start (`open_course_quickly`) goes further: it trusts the cache on a quick look
(the code, the course folder's own files and the names of its folders) and leaves the stat
of every file in every module's folder (about 10,000 of them in a 5,000-lesson course; a
folder's time alone would miss a file edited in place) to a thread after the first screen.
An edit found then is checked as `validate` checks it, reported to the learner, and seen
from the next start. So start-up costs about the same for 7 lessons or 5,000 (docs/performance.md).

The cache is a convenience: if it cannot be read or written (a read-only home, a full disk,
a damaged file) the course is checked and loaded as it would be without it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
import threading
from collections.abc import Callable
from dataclasses import fields
from functools import partial
from pathlib import Path
from typing import Any

import course
from course.content.model import Course, Module, values
from course.content.problems import Problem

FORMAT = 2  # change when what is stored changes
SUBFOLDER = "courses"
# What a cached module reads only when first asked: sections, questions, and the facilitator's notes
# (a dataclass in each module's front matter cost more to unpickle than the rest of it).
_BODY = ("sections", "questions", "facilitator")
_HEAD = tuple(item.name for item in fields(Module) if item.name not in _BODY)


def open_course(folder: str | Path, language: str | None = None,
                cache_folder: Path | None = None) -> tuple[Course | None, list[Problem]]:
    """The course in `folder` and its problems, as `check_course` gives them; from the cache
    when nothing has changed since it last validated cleanly."""
    course, problems, _later = _open(Path(folder), language, cache_folder, quick=False)
    return course, problems


Recheck = Callable[[], "list[Problem] | None"]


def open_course_quickly(folder: str | Path, language: str | None = None, cache_folder: Path | None = None,
                        ) -> tuple[Course | None, list[Problem], Recheck | None]:
    """As `open_course`, but the cache is trusted on a quick look: the code, the course folder's own
    files and the names of its folders (not the files in each module's folder: 10,000 of them
    in a 5,000-lesson course). The third answer, when not None, does the rest, for a thread
    after the first screen: it returns None when every file is as it was, else the course's
    problems as `validate` reports them ([] when the changed course is clean; it is then
    cached for the next start). A changed course is seen at the next start."""
    return _open(Path(folder), language, cache_folder, quick=True)


def _open(folder: Path, language: str | None, cache_folder: Path | None,
          quick: bool) -> tuple[Course | None, list[Problem], Recheck | None]:
    place = cache_folder if cache_folder is not None else default_cache_folder()
    path = place / f"{_digest(str(folder.resolve()), language or '')}.pickle"
    if quick and (glance := quick_fingerprint(folder, language)):
        cached = _read(path, glance, quick=True)
        if cached is not None:
            return cached[0], [], partial(_recheck, folder, language, path, cached[1])
    key = fingerprint(folder, language)
    if key:
        cached = _read(path, key)
        if cached is not None:
            return cached[0], [], None
    checked, problems = _check(folder, language, path, key)
    return checked, problems, None


def _check(folder: Path, language: str | None, path: Path, key: str | None) -> tuple[Course | None, list[Problem]]:
    """`check_course`, and the course cached when it is clean, under `key`, the fingerprint
    taken before checking (an edit made while checking is checked at the next start)."""
    from course.content.loader import check_course

    checked, problems = check_course(folder, language)
    if checked is not None and key:
        _write(path, key, quick_fingerprint(folder, language), checked)
    return checked, problems


def _recheck(folder: Path, language: str | None, path: Path, kept: str) -> list[Problem] | None:
    key = fingerprint(folder, language)
    if key == kept:
        return None
    return _check(folder, language, path, key)[1]


def load_course(folder: str | Path, language: str | None = None) -> Course:
    """The course in `folder` (from the cache when unchanged); CourseError lists its problems."""
    checked, problems = open_course(folder, language)
    if checked is None:
        from course.content.problems import CourseError

        raise CourseError(problems)
    return checked


def default_cache_folder() -> Path:
    from course.paths import cache_dir

    return cache_dir() / SUBFOLDER


# ---------------------------------------------------------------- what the cache is kept for


def fingerprint(folder: Path, language: str | None = None) -> str | None:
    """A digest of the stat data of every file the course is made of, and of the code that
    reads it; None when the folder cannot be listed (then there is nothing to trust)."""
    return _fingerprint(folder, language, subfolders=True)


def quick_fingerprint(folder: Path, language: str | None = None) -> str | None:
    """As `fingerprint`, but of the course folder's own files and its folders' names only."""
    return _fingerprint(folder, language, subfolders=False)


def _fingerprint(folder: Path, language: str | None, subfolders: bool) -> str | None:
    entries: list[tuple] = []
    package = os.path.dirname(course.__file__)
    try:
        for code in (package, os.path.join(package, "content")):  # the loader and what it uses
            _stat_files(code, entries)
        for words, _, _files in os.walk(os.path.join(package, "locale")):  # true and false, in each language
            _stat_files(words, entries)
        _stat_files(str(folder), entries, subfolders=subfolders, names=True)
    except OSError:
        return None
    entries.sort()  # listing order is the file system's
    kind = "all" if subfolders else "quick"
    return _digest(marshal.dumps([(FORMAT, kind, course.__version__, sys.version, language or ""), *entries]))


def _stat_files(folder: str, entries: list[tuple], subfolders: bool = False, names: bool = False) -> None:
    """(folder, name, inode, size, time) for each file in `folder`; with `subfolders`, for
    the files of each of its folders too (a course's module folders); with `names`, each of
    its folders' names (a module added, removed or renamed)."""
    with os.scandir(folder) as listing:
        for entry in listing:
            if not entry.is_dir():
                stat = entry.stat()
                entries.append((folder, entry.name, stat.st_ino, stat.st_size, stat.st_mtime_ns))
            elif (subfolders or names) and not entry.name.startswith((".", "_")):  # not a course's folder (__pycache__)
                entries.append((folder, entry.name))
                if subfolders:
                    _stat_files(entry.path, entries)


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


# ---------------------------------------------------------------- the cache file


def _write(path: Path, key: str, glance: str | None, checked: Course) -> None:
    """Keep a clean course: a header, the course with each module's front matter, then each
    module's sections and questions as a block of its own (read when first used)."""
    from course.files import make_folder, replace_atomic

    bodies = [pickle.dumps(tuple(getattr(module, name) for name in _BODY), pickle.HIGHEST_PROTOCOL)
              for module in checked.modules]
    heads = [(*(getattr(module, name) for name in _HEAD), module.has_quiz) for module in checked.modules]
    course_values = {**values(checked), "modules": []}
    index = pickle.dumps((course_values, heads, [len(body) for body in bodies]), pickle.HIGHEST_PROTOCOL)
    header = pickle.dumps((FORMAT, key, glance), pickle.HIGHEST_PROTOCOL)
    try:
        make_folder(path.parent)
        replace_atomic(path, b"".join([header, index, *bodies]))
    except OSError:
        pass  # no cache this time: the course was checked and loads all the same


def _read(path: Path, key: str, quick: bool = False) -> tuple[Course, str] | None:
    """The cached course and the fingerprint it was kept under, if `key` is that fingerprint
    (with `quick`, its quick fingerprint)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (kept open: the course reads lesson bodies from it lazily)
    except OSError:
        return None
    try:
        form, full, glance = pickle.load(handle)
        if form != FORMAT or key != (glance if quick else full):
            handle.close()
            return None
        course_values, heads, sizes = pickle.load(handle)
        bodies = _Bodies(handle, handle.tell(), sizes)
        modules = [_cached_module(head, bodies, number) for number, head in enumerate(heads)]
    except Exception:  # a damaged or foreign file: check the course instead, and write it again
        handle.close()
        return None
    return Course(**{**course_values, "modules": modules}), full


class _Bodies:
    """The open cache file and where each module's block is in it. Kept open while the course
    is in use, so a cache rewritten meanwhile (by another copy of the course) cannot mix."""

    def __init__(self, handle, start: int, sizes: list[int]) -> None:
        self._handle = handle
        self._lock = threading.Lock()
        self._places: list[tuple[int, int]] = []
        for size in sizes:
            self._places.append((start, size))
            start += size

    def read(self, number: int) -> tuple[Any, ...]:
        offset, size = self._places[number]
        with self._lock:
            self._handle.seek(offset)
            data = self._handle.read(size)
        return pickle.loads(data)

    def __del__(self) -> None:
        self._handle.close()


class CachedModule(Module):
    """A module from the cache: its front matter at once, its sections and questions read
    the first time either is asked for."""

    __slots__ = ("_body", "_has_quiz")
    checked = True  # from a course the loader checked: no control characters (model.without_controls)

    @property
    def has_quiz(self) -> bool:
        return self._has_quiz

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        if name not in _BODY:
            raise AttributeError(name)
        bodies, number = object.__getattribute__(self, "_body")
        for field_name, value in zip(_BODY, bodies.read(number)):
            object.__setattr__(self, field_name, value)
        return object.__getattribute__(self, name)


def _cached_module(head: tuple, bodies: _Bodies, number: int) -> CachedModule:
    module = object.__new__(CachedModule)
    for name, value in zip(_HEAD, head):
        object.__setattr__(module, name, value)
    object.__setattr__(module, "_has_quiz", head[-1])
    object.__setattr__(module, "_body", (bodies, number))
    return module
