"""The progress on disk: TOML, one small file per learner beside an index, each saved
atomically under its own lock, merged, private.

Layout (docs/progress.md has the long version). For the progress file `progress.toml`:

- `progress.toml` is the index: who learns here (names and roles, for the list of learners),
  who used it last, and tombstones of learners removed;
- `progress-learners/<id>.toml` beside it holds one learner's whole progress.

Opening reads the index and the learners asked for (the app: only the active one), so
start-up does not grow with the group; a save writes only the learners that changed, each
under its own lock, so a save after another copy saved another learner reads nothing.

`ProgressStore.open(path)` and `.save()` never raise for a problem with the files: they
explain it in `store.notices` (plain sentences; the app shows and clears them) and keep
working in memory; `store.pending` says a change is not on disk yet, and `rescue()` writes
it to a copy of its own. How a save works:

- for each learner: if its file changed since this store last read or wrote it (size,
  mtime, inode), read it and merge it in (course.progress.merge); write it if it differs
  from what is on disk (course.files.replace_atomic: temporary file, fsync, rename, fsync
  the folder). Then the index the same way, if the list of learners changed.
- a file that cannot be read is renamed `<file>.broken-<time>` before anything is written;
  a file from a newer version makes the store read-only; a file cut short (no last line)
  is a file that cannot be read.
- a file of the earlier, one-file layout (or an export used as the progress file) is read
  whole and becomes an index and learner files at the first save (the original is kept
  as `<file>.schema-<version>.bak` when its format was older).
- the app may mutate `store.data` in place, or hand the store a new snapshot
  (`store.data = copy`): either way nothing saved by another copy of the course is lost.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import stat as stat_module
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from course import tomlread
from course.files import (
    TooLarge,
    create_numbered,
    is_read_only,
    make_folder,
    read_bounded,
    read_handle,
    reason,
    remove,
    remove_leftovers,
    replace_atomic,
    set_aside,
    write_file,
    write_target,
)
from course.i18n import N_, _, ngettext
from course.progress import learners_folder
from course.progress.fileformat import (
    END_LINE,
    HEADER_START,
    PLAIN_ID,
    LearnerWriter,
    ProgressWriter,
    dump_index,
    dumps,
    is_complete,
    learner_file_name,
    learner_table,
)
from course.progress.merge import (
    Snapshot,
    copy_learner,
    merge,
    merge_learner,
    note_removals,
    outlived,
    snapshot,
    union_tombstones,
)
from course.progress.migrations import LAYOUT_VERSION, MigrationError, file_version, upgrade
from course.progress.model import (
    EPOCH,
    SCHEMA_VERSION,
    Index,
    Learner,
    Progress,
    QuizAttempt,
    RosterEntry,
    clamp_future,
    find_learner,
    learner_state,
    now,
)

if TYPE_CHECKING:
    from filelock import FileLock  # imported when saving starts (ProgressStore._locked)

__all__ = ["ProgressStore", "ProgressError", "dumps", "loads", "FILE_MODE", "FOLDER_MODE", "LOCK_TIMEOUT"]

FILE_MODE = 0o600
FOLDER_MODE = 0o700
LOCK_TIMEOUT = 3.0  # seconds to wait for another copy of the course to finish saving
MAX_BYTES = 64 * 1024 * 1024  # far beyond any real progress file; bigger is not one

StatKey = tuple[int, int, int, int]  # device, inode, size, mtime_ns: changes whenever the file is replaced
Kind = Literal["progress", "index", "learner"]


class ProgressError(Exception):
    """A problem with an export or import the person can fix; the message says how."""


def loads(text: str) -> Progress:
    """Parse, upgrade and validate the text of a file of several learners. Raises
    TOMLDecodeError, ValidationError, or MigrationError (a ValueError) for a file of a newer
    or unknown format."""
    data = tomlread.loads(text)
    if file_version(data) > SCHEMA_VERSION:
        raise MigrationError(_("it was saved by a newer version of ketamine-course (format {version}); update this "
                               "copy to read it").format(version=data["schema_version"]))
    data.pop("kind", None)
    return Progress.model_validate(upgrade(data, SCHEMA_VERSION))


# ------------------------------------------------------------------ reading a file


@dataclass
class Found:
    """What a file holds, or why it cannot be used."""

    state: Literal["missing", "ok", "broken", "newer", "unreadable"]
    kind: Kind = "progress"
    progress: Progress | None = None  # a file of several learners, or a learner's file (one learner)
    index: Index | None = None
    stat: StatKey | None = None
    problem: str = ""  # plain words: why it is broken or unreadable
    version: int = SCHEMA_VERSION
    raw: bytes = b""
    left_out: list[str] = field(default_factory=list)  # a newer file: what this version could not read

    @property
    def read_index(self) -> Index:
        """The index of a file found to be one (kind "index": parse always sets it then)."""
        assert self.index is not None, "an index file without its index"
        return self.index

    @property
    def read_progress(self) -> Progress:
        """The progress of a file read whole (state "ok", a progress or learner file): always set then."""
        assert self.progress is not None, "a file read without its progress"
        return self.progress


def _stat_key(st: os.stat_result) -> StatKey:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def current_stat(path: Path) -> StatKey | None:
    try:
        return _stat_key(os.stat(path))
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_own_file(path: Path, attempts: dict[str, list[QuizAttempt]] | None = None) -> Found:
    """A file the store will replace: an ordinary file only (opening a pipe would hang;
    saving would swap /dev/null for a file). An import or a report may read a pipe."""
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return read_file(path, whole=False, attempts=attempts)
    if not stat_module.S_ISREG(kind) and not stat_module.S_ISDIR(kind):
        return Found("unreadable", problem=_("{path} is not an ordinary file").format(path=path))
    return read_file(path, whole=False, attempts=attempts)


def read_file(path: Path, *, whole: bool = True, attempts: dict[str, list[QuizAttempt]] | None = None) -> Found:
    """Read any progress file. `whole`: for an index, read every learner's file too, so that
    `progress` holds them all (import and report); the store reads learners one by one."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            raw = read_handle(handle, MAX_BYTES)
    except FileNotFoundError:
        return Found("missing")
    except IsADirectoryError:
        return Found("unreadable", problem=_("{path} is a folder, not a file").format(path=path))
    except TooLarge:
        return Found("broken", problem=_("it is far too large to be a progress file"))
    except OSError as error:
        return Found("unreadable", problem=reason(error, path))
    found = parse(raw, attempts)
    found.stat = _stat_key(stat)
    if whole and found.kind == "index" and found.index is not None:
        _read_learners_of(path, found)
    return found


def _read_learners_of(path: Path, found: Found) -> None:
    """Fill `found.progress` with every learner an index lists, from the folder beside it."""
    index = found.read_index
    progress = Progress(active_learner=index.active_learner, removed_learners=dict(index.removed_learners))
    folder = learners_folder(Path(path))
    for learner_id in index.learners:
        each = read_file(folder / learner_file_name(learner_id), whole=False)
        if each.state == "missing":
            continue
        learner = _only_learner(each, learner_id)
        if learner is None:
            found.state = "broken" if each.state in ("broken", "ok") else each.state
            found.problem = each.problem or _("it holds the progress of another learner")
            found.problem = _("the file of {name}, {file}: {problem}").format(
                name=index.learners[learner_id].name or learner_id, file=folder / learner_file_name(learner_id),
                problem=found.problem)
            return
        progress.learners[learner_id] = learner
        found.left_out += each.left_out
        if each.state == "newer":
            found.state, found.version = "newer", max(found.version, each.version)
    if progress.active_learner not in progress.learners:
        progress.active_learner = None
    found.progress = progress


def _shown(items: list[str]) -> str:
    return ", ".join(items[:5]) + ("…" if len(items) > 5 else "")


def _left_out_words(left_out: list[str]) -> str:
    """A sentence for the end of a notice about a newer file: what of it is not shown."""
    if not left_out:
        return ""
    return _(" Some of it is in a form this version does not know, so it is not shown ({what}).").format(
        what=_shown(left_out))


def _only_learner(found: Found, learner_id: str) -> Learner | None:
    """The learner in a learner's file, if it is theirs."""
    if found.state not in ("ok", "newer") or found.kind != "learner" or found.progress is None:
        return None
    return found.progress.learners.get(learner_id)


def parse(raw: bytes, attempts: dict[str, list[QuizAttempt]] | None = None) -> Found:
    """What a progress file's bytes hold. `attempts`: the quiz attempts of the last read of this
    learner's file, by the text of their block; blocks unchanged since are not parsed again, and
    the dict is left holding this file's (see _HeldAttempts)."""
    if attempts is not None:
        held = _HeldAttempts.hold(raw, attempts)
        if held is not None:
            try:
                found = _parse(raw, held)
            except _NotReused:
                pass
            else:
                if found.state == "ok":
                    attempts.clear()
                    attempts.update(held.parsed)
                    return found
    return _parse(raw)


def _parse(raw: bytes, held: _HeldAttempts | None = None) -> Found:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Found("broken", raw=raw, problem=_("it is not text (it may be damaged, or a different kind of file)"))
    if not text.strip():  # the store never writes an empty file: one is damaged (a sync tool, a full disk)
        return Found("broken", raw=raw, problem=_("it is empty"))
    try:
        data = tomlread.loads(held.text if held is not None else text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        if END_LINE not in text and text.startswith(HEADER_START):  # the store's, without its end
            return Found("broken", raw=raw, problem=_("it was cut short: its end is missing"))
        return Found("broken", raw=raw, problem=_("it is not valid TOML ({error})").format(error=error))
    try:
        version = file_version(data)
    except MigrationError as error:
        return Found("broken", raw=raw, problem=str(error))
    written_by_the_store = text.startswith(HEADER_START) or bool(text) and HEADER_START.startswith(text)
    cut_short = LAYOUT_VERSION <= version <= SCHEMA_VERSION and not is_complete(text)  # a newer one is only read
    if cut_short or written_by_the_store and "schema_version" not in data:
        return Found("broken", raw=raw, problem=_("it was cut short: its last line, “{line}”, is missing").format(
            line=END_LINE))
    kind = data.pop("kind", "progress")
    if kind not in ("progress", "index", "learner"):
        return Found("broken", raw=raw, problem=_("it is not a kind of progress file this course knows"))
    found = Found("ok", kind=kind, version=version, raw=raw)
    try:
        if kind == "learner":  # migrations see a learner's own file as a file of one learner
            learner_id = data.pop("id", None)
            if not isinstance(learner_id, str):
                raise MigrationError(_("it does not say whose progress it is (its “id” is missing)"))
            data = {"schema_version": data.pop("schema_version", version), "learners": {learner_id: data}}
        if version > SCHEMA_VERSION:
            found.state = "newer"
            _salvage(data, found)
        elif kind == "index":  # the index holds no learner's data: its format has not changed since it came
            found.index = Index.model_validate({**data, "schema_version": SCHEMA_VERSION})
        else:
            if held is not None:
                held.put_back(data, kind, version)
            found.progress = Progress.model_validate(upgrade(data, SCHEMA_VERSION))
    except MigrationError as error:
        return Found("broken", kind=kind, raw=raw, problem=str(error))
    except ValidationError as error:
        return Found("broken", kind=kind, raw=raw, problem=plain_error(error))
    return found


class _NotReused(Exception):
    """The file is not one whose attempts can be reused: it is parsed the plain way."""


# A quiz's attempts as the store writes them: one attempt a line (course.progress.fileformat).
_ATTEMPTS_BLOCK = re.compile(r"^attempts = \[\n(?:  \{[^\n]*\},\n)*\]\n", re.MULTILINE)


class _HeldAttempts:
    """Reading a learner's file again without parsing their quiz history again.

    Another copy saving a learner rewrites their whole file, but their quiz attempts, nine
    tenths of it, rarely change. Each block of attempts is taken out of the text before it is
    parsed (a marker, with a random nonce, in its place) and put back as the attempts read
    from the same text last time (frozen objects), or parsed and validated on their own when
    new. Anything unusual (a marker not found where a quiz's attempts are, a block that does
    not parse, a file of another kind or format) and the file is parsed the plain way, which
    also words any problem; so the result is always what the plain way gives.
    """

    def __init__(self, text: str, blocks: list[str], marker: str, known: dict[str, list[QuizAttempt]]) -> None:
        self.text, self.blocks, self.marker, self.known = text, blocks, marker, known
        self.parsed: dict[str, list[QuizAttempt]] = {}

    @classmethod
    def hold(cls, raw: bytes, known: dict[str, list[QuizAttempt]]) -> _HeldAttempts | None:
        import secrets

        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        marker = f"held-{secrets.token_hex(8)}-"
        blocks: list[str] = []

        def take(match: re.Match) -> str:
            blocks.append(match.group())
            return match.group()[:len("attempts = [")] + f'"{marker}{len(blocks) - 1}"]\n'  # one string instead

        held = _ATTEMPTS_BLOCK.sub(take, text)
        return cls(held, blocks, marker, known) if blocks else None

    def put_back(self, data: dict, kind: str, version: int) -> None:
        """Each quiz's attempts in place of its marker; _NotReused unless every one is found there."""
        if kind != "learner" or version != SCHEMA_VERSION:
            raise _NotReused
        found: list[int] = []
        for learner in data.get("learners", {}).values():
            quizzes = learner.get("quizzes") if isinstance(learner, dict) else None
            for quiz in quizzes.values() if isinstance(quizzes, dict) else ():
                value = quiz.get("attempts") if isinstance(quiz, dict) else None
                if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str) \
                        and value[0].startswith(self.marker):
                    number = int(value[0][len(self.marker):])
                    quiz["attempts"] = list(self._attempts(self.blocks[number]))
                    found.append(number)
        if sorted(found) != list(range(len(self.blocks))):
            raise _NotReused  # a block was inside a text (a note quoting one), or the layout is not the store's

    def _attempts(self, block: str) -> list[QuizAttempt]:
        attempts = self.parsed.get(block) or self.known.get(block)
        if attempts is None:
            try:
                attempts = _attempt_list().validate_python(tomlread.loads(block)["attempts"])
            except (ValueError, RecursionError, KeyError):  # TOMLDecodeError and ValidationError are ValueErrors
                raise _NotReused from None
        self.parsed[block] = attempts
        return attempts


_attempt_lists: TypeAdapter[list[QuizAttempt]] | None = None


def _attempt_list() -> TypeAdapter[list[QuizAttempt]]:
    global _attempt_lists
    if _attempt_lists is None:
        _attempt_lists = TypeAdapter(list[QuizAttempt])
    return _attempt_lists


def _salvage(data: dict, found: Found) -> None:
    """What this version can understand of a newer file (read-only): everything it knows,
    leaving out (and listing in `left_out`) what it does not."""
    if found.kind == "index":
        found.index = _known_part(Index, {**data, "schema_version": SCHEMA_VERSION}, "", found.left_out) or Index()
        return
    progress = Progress()
    learners = data.get("learners")
    for learner_id, raw in (learners.items() if isinstance(learners, dict) else ()):
        where = "" if found.kind == "learner" else learner_table(learner_id) + "."
        learner = _known_part(Learner, raw, where, found.left_out)
        if learner is not None:
            progress.learners[learner_id] = learner
    if data.get("active_learner") in progress.learners:
        progress.active_learner = data["active_learner"]
    found.progress = progress


def _known_part(model: type[BaseModel], data, where: str, left_out: list[str]):
    """`model` made from `data`, without the values it cannot take (each noted in `left_out`);
    None if even that is impossible."""
    if not isinstance(data, dict):
        left_out.append(where.rstrip(".") or _("everything"))
        return None
    data = dict(data)
    for _attempt in range(50):
        try:
            return model.model_validate(data)
        except ValidationError as error:
            locations = [first["loc"] for first in error.errors() if first["loc"]]
            if not locations or not _drop(data, locations[0]):
                left_out.append(where.rstrip(".") or _("everything"))
                return None
            left_out.append(where + ".".join(map(str, locations[0])))
    return None


def _drop(data: dict, location: tuple) -> bool:
    """Remove the value at `location` (its outermost table or list entry that can go)."""
    parent, key = data, location[0]
    for part in location[1:]:
        child = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(child, list):  # drop the whole list entry
            break
        if not isinstance(child, dict):
            break
        parent, key = child, part
    if isinstance(parent, dict) and key in parent:
        del parent[key]
        return True
    return False


# ------------------------------------------------------------------ plain words for a validation error

_EXPECTED = {
    "int": N_("a whole number"), "bool": N_("true or false"), "string": N_("text"),
    "datetime": N_("a date and time, like 2026-01-05T09:00:00Z"), "date": N_("a date"), "dict": N_("a table"),
    "list": N_("a list"), "model": N_("a table"),
}


def plain_error(error: ValidationError) -> str:
    """The first problem pydantic found, in plain words, with where it is in the file."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or _("the top of the file")
    kind = first["type"]
    value = first.get("input")
    shown = repr(value) if isinstance(value, (int, float, str, bool)) and len(repr(value)) <= 40 else ""
    if kind == "extra_forbidden":
        what = _("“{name}” is not something a progress file holds").format(name=first["loc"][-1])
    elif kind == "missing":
        what = _("a value is missing")
    elif kind == "literal_error":
        what = _("{value} is not one of {choices}").format(value=shown or _("the value"),
                                                           choices=first.get("ctx", {}).get("expected", ""))
    elif kind in ("greater_than_equal", "greater_than"):
        what = _("{value} is below the smallest value allowed").format(value=shown or _("the value"))
    elif kind in ("less_than_equal", "less_than"):
        what = _("{value} is above the largest value allowed").format(value=shown or _("the value"))
    elif kind == "value_error":
        what = str(first.get("ctx", {}).get("error", first["msg"]))
    else:
        expected = next((words for prefix, words in _EXPECTED.items() if kind.startswith(prefix)), None)
        what = (_("{value} should be {expected}").format(value=shown or _("the value"), expected=_(expected))
                if expected else _("the value cannot be used"))
    more = error.error_count() - 1
    extra = ngettext(" (and {n} more problem)", " (and {n} more problems)", more).format(n=more) if more else ""
    return _("at {where}: {first}{more}").format(where=where, first=what, more=extra)


# ------------------------------------------------------------------ the store


def write_atomic(path: Path, data: bytes) -> StatKey:
    """Replace `path` with `data`, all or nothing, readable by its owner only."""
    return _stat_key(replace_atomic(path, data))


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.realpath(first) == os.path.realpath(second) or os.path.samefile(first, second)
    except (OSError, RuntimeError):
        return False


class _StopSaving(Exception):
    """This save must not write (a newer version wrote meanwhile); notices say why."""


class _CannotWrite(Exception):
    """This save cannot write now; the message (plain words) says why. The next save retries."""


@dataclass
class _LearnerFile:
    """What the store knows of one learner's file."""

    path: Path
    stat: StatKey | None = None  # when this store last read or wrote it (None: not there then)
    state: tuple | None = None  # learner_state of what is in it then
    synced: Learner | None = None  # what is in it then (a snapshot's learner is never changed after)
    old_format: tuple[int, bytes] | None = None  # read in an older format: kept as a copy at the first write
    writer: LearnerWriter = field(default_factory=LearnerWriter)
    swept: bool = False
    attempts: dict[str, list[QuizAttempt]] = field(default_factory=dict)  # of the last read (see parse)


class ProgressStore:
    def __init__(self, path: Path, data: Progress | None = None, notices: list[str] | None = None,
                 read_only: bool = False, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.notices: list[str] = list(notices or [])
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self.data = data if data is not None else Progress()
        self.roster: dict[str, RosterEntry] = {}  # every learner the index lists (loaded or not)
        self.pending = False  # the last save failed: some of `data` is only in memory
        self.repair = True  # set aside files that cannot be read (see open)
        self.unusable: str | None = None  # why the progress could not be read, when it was not repaired
        self._target = self.path
        self._guard = threading.RLock()  # one save at a time within this process
        self._locks: dict[Path, FileLock] = {}  # made on first use
        self._files: dict[str, _LearnerFile] = {}  # the learners this store has read or written
        self._index_stat: StatKey | None = None
        self._index_seen: Index | None = None  # the index as last read or written (None: none yet)
        # The learner this copy last made "who used it last" (or found so on opening): while it
        # stays the active one here, another copy's choice in the index is kept, not fought
        # over (two copies on different learners rewrote the index at every save).
        self._active_told: str | None = None
        self._doomed: set[str] = set()  # removed learners whose files are still to be deleted
        # `_synced` is the Progress the merges went into; `_base_*` are what the owner of `data`
        # last saw (see _base).
        self._synced: Progress | None = None
        self._base_kept = self._base_merged = snapshot(self.data)
        self._problem: str | None = None  # the last save problem told to the learner
        self._swept = False
        self._convert: tuple[int, bytes] | None = None  # a one-file layout to turn into an index at the next save
        self._written: dict[str, tuple[Learner, tuple]] = {}  # the learners' files a save has written so far
        self._left_out: list[str] | None = None  # opening a newer file: what its learners' files hold that is not shown
        self._folder_seen = False  # the progress file's folder was there (opening, or a save): not made again

    @classmethod
    def open(cls, path: Path, *, lock_timeout: float = LOCK_TIMEOUT, lazy: bool = False,
             repair: bool = True) -> ProgressStore:
        """Open the progress at `path`. `lazy`: read only the active learner's file (the app);
        the others are read when asked for (`load_learner`). Otherwise every learner is read.
        `repair`: a file that cannot be read is set aside (renamed) so that saving can start
        afresh; without it (a command that only reads) nothing is renamed, and `unusable` says why."""
        store = cls(Path(path), lock_timeout=lock_timeout)
        store.repair = repair
        store._open(lazy)
        return store

    @property
    def folder(self) -> Path:
        return learners_folder(self._target)

    def _open(self, lazy: bool) -> None:
        try:
            self._target = write_target(self.path)
        except OSError as error:
            self._unreadable(reason(error, self.path))
            return
        self._folder_seen = self._target.parent.is_dir()
        self._load(lazy=lazy)

    def _load(self, found: Found | None = None, retry: bool = True, lazy: bool = False) -> None:
        found = found or read_own_file(self._target)
        if found.state == "ok" and found.kind == "index":
            self._adopt_index(found.read_index, found.stat)
            self._adopt_orphans(lazy)
            self._load_learners(list(self.roster) if not lazy else [found.read_index.active_learner], found.read_index)
        elif found.state == "ok" and found.kind == "progress":
            self._adopt_whole_file(found)
            self._adopt_orphans(lazy)
        elif found.state == "ok":
            self._unreadable(_("{path} is the file of one learner; the progress file is the one beside the folder "
                               "that holds it").format(path=self.path))
        elif found.state == "missing":
            self._adopt_orphans(lazy)
        elif found.state == "newer":
            self._open_newer(found)
        elif found.state == "unreadable":
            self._unreadable(found.problem)
        elif not self.repair:
            self.read_only = True
            self.unusable = _("Your progress file could not be read: {problem}. Nothing was changed. The course sets it "
                              "aside (keeps it under a new name) and starts afresh the next time it opens; or repair it "
                              "by hand. The file is {path}.").format(problem=found.problem, path=self.path)
            self.notices.append(self.unusable)
        elif retry:
            from filelock import Timeout

            try:
                with self._locked(self._target):  # read again under the lock: another copy may have just replaced it
                    again = read_own_file(self._target)
                    if again.state == "broken":
                        self._set_aside(self._target, again)
                        self._adopt_orphans(lazy)
                        return
            except (Timeout, OSError):
                again = found
            self._load(again, retry=False, lazy=lazy)
        else:  # could not be set aside now: the next save does it (under its lock)
            self.notices.append(_(
                "Your progress file could not be read: {problem}. It has not been changed, and it will be kept under "
                "a new name before anything is saved. The file is {path}.").format(problem=found.problem,
                                                                                     path=self.path))

    def _unreadable(self, problem: str) -> None:
        self.read_only = True
        self.unusable = _("Your progress file could not be opened: {problem}. Nothing will be written to it, so that "
                          "it is not replaced. The file is {path}.").format(problem=problem, path=self.path)
        self.notices.append(self.unusable)

    def _open_newer(self, found: Found) -> None:
        self.read_only = True
        self._left_out = list(found.left_out)
        if found.kind == "index":  # each learner's file may hold what this version does not know, too
            self._adopt_index(found.read_index, None)
            self._load_learners(list(self.roster), found.read_index)
        else:
            self.data = found.progress or Progress()
        left_out, self._left_out = _left_out_words(self._left_out), None
        self.notices.append(_(
            "Your progress file was saved by a newer version of ketamine-course (format {version}; this version "
            "understands format {known}). To keep it safe it is opened read-only: what this version can read is "
            "shown, and nothing is written to it.{left_out} Update the course to carry on where you left off. The "
            "file is {path}.").format(
                version=found.version, known=SCHEMA_VERSION, left_out=left_out, path=self.path))

    def _adopt_index(self, index: Index, stat: StatKey | None) -> None:
        self.roster = dict(index.learners)
        self.data = self._synced = Progress(removed_learners=dict(index.removed_learners))
        self._index_seen, self._index_stat = index, stat
        self._active_told = index.active_learner

    def _adopt_whole_file(self, found: Found) -> None:
        """A file of several learners (the earlier layout, or an export): everything is in it.
        The first save turns it into an index and a file per learner."""
        progress = found.read_progress
        self.data = self._synced = progress
        self.roster = {i: RosterEntry(name=learner.name, role=learner.role) for i, learner in progress.learners.items()}
        for learner_id in progress.learners:
            self._files[learner_id] = _LearnerFile(self.folder / learner_file_name(learner_id))
        self._base_kept = self._base_merged = snapshot(progress)
        self._index_stat = found.stat
        self._convert = (found.version, found.raw)

    def _adopt_orphans(self, lazy: bool) -> None:
        """Learner files the index does not list (a copy stopped between writing a learner and
        the index; or the index was set aside): listed again, or deleted if they were removed."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        known = {learner_file_name(i) for i in (*self.roster, *self.data.learners)}
        for name in names:
            if not name.endswith(".toml") or name in known or name.startswith("."):
                continue
            found = read_own_file(self.folder / name)
            if found.state != "ok" or found.kind != "learner" or not found.read_progress.learners:
                continue
            ((learner_id, learner),) = found.read_progress.learners.items()
            if learner_file_name(learner_id) != name:
                continue
            if not outlived(self.data.removed_learners, learner_id, learner.updated):
                self._doomed.add(learner_id)
                continue
            self.roster[learner_id] = RosterEntry(name=learner.name, role=learner.role)
            if not lazy:
                self._take_learner(learner_id, learner, found.stat)

    def _load_learners(self, ids: list[str | None], index: Index) -> None:
        for learner_id in ids:
            if learner_id is not None and learner_id in self.roster:
                self.load_learner(learner_id)
        self.data.active_learner = index.active_learner

    def load_learner(self, learner_id: str) -> Learner | None:
        """A learner the index lists, read from their file (once) and added to `data`. A learner
        whose file is missing, or had to be set aside, starts afresh under their name."""
        if learner_id in self.data.learners:
            return self.data.learners[learner_id]
        if learner_id not in self.roster:
            return None
        path = self.folder / learner_file_name(learner_id)
        # Their quiz attempts, by the text of their blocks (reading costs the same): the first
        # save that reads another copy's file of them reuses these instead of parsing every
        # block again (that save's CPU 15-18 ms -> 7-8 ms), and both sides then hold the same
        # attempt objects, which merges and the "changed?" tests compare by identity.
        attempts: dict[str, list[QuizAttempt]] = {}
        found = read_own_file(path, attempts)
        entry = self.roster[learner_id]
        # A newer file's fields this version does not know are left out, and named (issue 14:
        # one unknown field in a learner's file used to hide that it was not shown).
        left_out = [f"{what} ({entry.name or learner_id})" for what in found.left_out] if found.state == "newer" else []
        if found.state == "newer" and not self.read_only:
            self.read_only = True
            self.notices.append(_(
                "The progress of {name} was saved by a newer version of ketamine-course (format {version}). To keep "
                "it safe nothing is saved from now on. Update the course to carry on.").format(
                    name=entry.name or learner_id, version=found.version) + _left_out_words(left_out))
        elif self._left_out is not None:  # opening: the notice about the newer file names them
            self._left_out += left_out
        elif left_out:  # read later (the app reads a learner when chosen)
            self.notices.append(_("Some of the progress of {name} is in a form this version does not know, so it is "
                                  "not shown ({what}).").format(name=entry.name or learner_id,
                                                               what=_shown(left_out)))
        learner = _only_learner(found, learner_id)
        if found.state == "unreadable":
            self._unreadable(found.problem)
        elif found.state in ("broken", "ok") and learner is None:
            if not found.problem:
                found.problem = _("it holds the progress of another learner") if found.raw.strip() else _("it is empty")
            if not self.repair:
                self.unusable = _("The progress of {name} could not be read: {problem}. Nothing was changed. The file "
                                  "is {path}.").format(name=entry.name or learner_id, problem=found.problem, path=path)
                self.notices.append(self.unusable)
                return None
            self._set_learner_aside(learner_id, path, found)
            found.stat = None
        if learner is None:  # holds nothing yet: older than any copy of their progress brought back
            learner = Learner(name=entry.name, role=entry.role, updated=EPOCH)
        self._take_learner(learner_id, learner, found.stat if found.state in ("ok", "newer") else None)
        if found.state == "ok" and learner is not None and found.version < SCHEMA_VERSION:
            self._files[learner_id].old_format = (found.version, found.raw)
        if found.state == "ok":
            self._files[learner_id].attempts = attempts
        return learner

    def _take_learner(self, learner_id: str, learner: Learner, stat: StatKey | None) -> None:
        self.data.learners[learner_id] = learner
        state = learner_state(learner)
        on_disk = stat is not None
        self._files[learner_id] = _LearnerFile(self.folder / learner_file_name(learner_id), stat,
                                               state if on_disk else None, learner if on_disk else None)
        self._set_base(learner_id, learner, state)

    def _set_base(self, learner_id: str, learner: Learner, state: tuple) -> None:
        """Remember `learner` as what this copy last saw of their file."""
        for base in {id(self._base_kept): self._base_kept, id(self._base_merged): self._base_merged}.values():
            base.learners[learner_id] = snapshot(Progress(learners={learner_id: learner})).learners[learner_id]
            base.states[learner_id] = state

    def learners_by_name(self) -> dict[str, str]:
        """Every learner's id and name (the loaded ones as they are now)."""
        names = {i: entry.name for i, entry in self.roster.items()}
        names.update((i, learner.name) for i, learner in self.data.learners.items())
        return names

    def find(self, name: str | None = None) -> Learner:
        """The learner called `name` (the rules of `model.find_learner`), read if need be."""
        active = self.data.active_learner if self.data.active is not None else None
        learner_id = find_learner(self.learners_by_name(), active, name)
        learner = self.load_learner(learner_id)
        if learner is None:
            raise LookupError(self.unusable or _("No learner called '{name}'.").format(name=name))
        return learner

    def load_all(self) -> Progress:
        for learner_id in list(self.roster):
            self.load_learner(learner_id)
        return self.data

    def _locked(self, path: Path):
        lock = self._locks.get(path)
        if lock is None:
            from filelock import FileLock  # imported here: only needed once saving starts

            lock = self._locks[path] = FileLock(f"{path}.lock", timeout=self.lock_timeout, mode=FILE_MODE)
        lock.timeout = self.lock_timeout
        return lock

    # ------------------------------------------------------------ saving

    def save(self) -> bool:
        """Write the progress; False (with a notice the first time) if it stays in memory."""
        if self.read_only:
            return False
        collecting = gc.isenabled()
        gc.disable()  # a full collection over a large model costs tens of ms; a save makes no cycles
        try:
            with self._guard:
                return self._save()
        finally:
            if collecting:
                gc.enable()

    def _save(self) -> bool:
        from filelock import Timeout

        try:
            if self._folder_seen and not self._target.parent.is_dir():
                # A synced or removable folder disconnected or moved: made again here, it would
                # hold this session alone, apart from the rest of the progress (issue 17).
                raise _CannotWrite(_(
                    "the folder {folder} is gone (a synced or removable folder that was disconnected, moved or "
                    "deleted?). It is not made again here, where your progress would be apart from the rest of it: "
                    "connect the folder again, or start the course again to begin a new progress file there").format(
                        folder=self._target.parent))
            make_folder(self._target.parent)
            self._folder_seen = True
            self._sync_and_write()
        except Timeout:
            return self._failed(_("another copy of the course is saving to the same file right now"), waiting=True)
        except _StopSaving:
            return False
        except _CannotWrite as error:
            return self._failed(str(error))
        except OSError as error:
            return self._failed(reason(error, Path(error.filename) if error.filename else self._target))
        self.pending = False
        if self._problem is not None:
            self._problem = None
            self.notices.append(_("Your progress is being saved again."))
        return True

    def _failed(self, problem: str, *, waiting: bool = False) -> bool:
        self.pending = True
        if problem != self._problem:  # tell once, not at every save
            self._problem = problem
            if waiting:
                self.notices.append(_("Saving is waiting: {problem}. Your progress is kept while the course is open "
                                      "and saved as soon as that copy is done.").format(problem=problem))
                return False
            kept = (_(" What was saved before is still safe in {path}.").format(path=self.path)
                    if self._target.exists() else "")
            self.notices.append(_("Your progress could not be saved: {problem}. It is kept while the course is open "
                                  "and saved as soon as it can be.{kept}").format(problem=problem, kept=kept))
        return False

    def intact(self) -> bool:
        """Whether the index and the files of the learners in use are as this store last read or
        wrote them (a stat each): False if one was deleted, replaced or turned into a loop since."""
        try:
            if current_stat(self._target) != self._index_stat:
                return False
            return all(learner_id in self._files and current_stat(self._files[learner_id].path) ==
                       self._files[learner_id].stat for learner_id in self.data.learners)
        except OSError:  # a loop, a folder that cannot be read
            return False

    def unsaved(self) -> dict[str, Learner]:
        """The learners whose latest changes are not in their files (after a failed save)."""
        return {learner_id: learner for learner_id, learner in self.data.learners.items()
                if learner_id not in self._files or self._files[learner_id].state != learner_state(learner)}

    def rescue(self) -> Path | None:
        """Write what could not be saved to a file of its own (beside the progress file, else in
        the home or temporary folder), importable with `progress import`, and say so. For the
        end of a session whose last saves failed; returns where it went, or None."""
        import tempfile

        active_id, active = self.data.active_learner, self.data.active
        learners = self.unsaved() or ({active_id: active} if active_id and active else {})
        if not learners:
            return None
        names = ", ".join(learner.name or _("a learner without a name") for learner in learners.values())
        progress = Progress(learners=learners, active_learner=self.data.active_learner
                            if self.data.active_learner in learners else None)
        text = ProgressWriter().dump_bytes(progress, note=_(
            "# A rescue copy: progress that could not be saved to {path}. Bring it back with 'ketamine-course "
            "progress import' and this file's name.\n").format(path=self.path))
        name = f"{self._target.name}.rescue-{dt.datetime.now():%Y%m%d-%H%M%S}"
        problem = self._problem or _("saving failed")
        for folder in dict.fromkeys((self._target.parent, Path.home(), Path(tempfile.gettempdir()))):
            try:
                rescued = create_numbered(folder, name, text)
            except OSError:
                continue
            self.notices.append(_(
                "Your last changes ({names}) could not be saved to your progress file: {problem}. Nothing is lost: "
                "they were written to {rescued}. Bring them back into your progress with: ketamine-course progress "
                "import \"{rescued}\"").format(names=names, problem=problem, rescued=rescued))
            return rescued
        self.notices.append(_(
            "Your last changes ({names}) could not be saved: {problem}. No copy could be written anywhere either, so "
            "what was done since the last save is lost when the course closes. What was saved before is still in "
            "{path}.").format(names=names, problem=problem, path=self.path))
        return None

    def _base(self) -> Snapshot:
        """What the owner of `data` last saw: all of the last merge if it holds the merged
        object, else what it handed us last time (its snapshot has not seen the merge)."""
        return self._base_merged if self.data is self._synced else self._base_kept

    def _sync_and_write(self) -> None:
        self._respect_read_only()
        data = self.data
        base = self._base()
        note_removals(data, base)
        kept = snapshot(data, self._base_kept)
        handed_over = data is not self._synced
        self._synced = data
        changed: set[str] = set()
        self._written = {}
        try:
            with self._locked(self._target) if self._convert else _Nothing():
                self._sync_index(data, changed)
                for learner_id in list(data.learners):
                    self._sync_learner(data, learner_id, base, kept.states.get(learner_id), handed_over, changed)
                self._write_index(data, changed)
        except BaseException:
            # The files written before the failure hold this copy's own changes: remembered as
            # seen, or the next save would take them for another copy's and let them undo a
            # later change back (a theme chosen again was set back to the one before).
            for learner_id, (learner, state) in self._written.items():
                self._set_base(learner_id, learner, state)
            raise
        finally:
            self._written = {}
        self._base_kept = kept
        self._base_merged = snapshot(data, kept, only=changed) if changed else kept
        self._delete_doomed()

    def _respect_read_only(self) -> None:
        """A progress file its owner made read-only is not written, nor are its learners' files."""
        try:
            mode = os.stat(self._target).st_mode
        except OSError:
            return
        if is_read_only(mode) or not os.access(self._target, os.W_OK):
            raise _CannotWrite(_("the file {path} is read-only").format(path=self.path))

    # -------------------------------------------- the index

    def _sync_index(self, data: Progress, changed: set[str]) -> None:
        """Fold in what another copy changed in the index since we last saw it."""
        stat = current_stat(self._target)
        if stat == self._index_stat:
            return
        found = read_own_file(self._target) if stat is not None else Found("missing")
        if found.state == "broken":
            self._set_aside(self._target, found)
            found = Found("missing")
        elif found.state == "newer":
            self.read_only = True
            self.notices.append(_(
                "Your progress file has just been saved by a newer version of ketamine-course (format {version}). "
                "To keep it safe this copy will not save to it again; what you do from now on is not saved. The file "
                "is {path}.").format(version=found.version, path=self.path))
            raise _StopSaving
        elif found.state == "unreadable":
            raise _CannotWrite(_("the file could not be read first ({problem})").format(problem=found.problem))
        self._index_stat = found.stat
        if found.kind == "progress" and found.progress is not None:  # a file of several learners put in its place
            self._convert = self._convert or (found.version, found.raw)
            for learner_id, learner in found.progress.learners.items():
                self.roster.setdefault(learner_id, RosterEntry(name=learner.name, role=learner.role))
                if learner_id in data.learners:
                    merge(Progress(learners={learner_id: learner}), data, None)
                    changed.add(learner_id)
                else:
                    self._take_learner(learner_id, learner, None)
            index = Index(active_learner=found.progress.active_learner, learners=dict(self.roster),
                          removed_learners=found.progress.removed_learners)
        else:
            index = found.index or Index()
        self._merge_index(data, index, changed)
        self._index_seen = index if found.kind == "index" else None

    def _merge_index(self, data: Progress, index: Index, changed: set[str]) -> None:
        tombs = union_tombstones(data.removed_learners, index.removed_learners)
        for learner_id in [i for i in data.learners if i in tombs]:
            if learner_id != data.active_learner and not outlived(tombs, learner_id, data.learners[learner_id].updated):
                del data.learners[learner_id]  # removed by another copy, not used here since
                changed.add(learner_id)
        data.removed_learners = tombs
        roster = {i: entry for i, entry in index.learners.items() if i not in data.learners}
        roster.update((i, self.roster.get(i) or index.learners.get(i) or RosterEntry()) for i in data.learners)
        self.roster = {i: roster[i] for i in [*index.learners, *data.learners] if i in roster}

    def _wanted_index(self, data: Progress) -> Index:
        roster = {i: entry for i, entry in self.roster.items()
                  if i in data.learners or outlived(data.removed_learners, i, EPOCH)}
        for learner_id, learner in data.learners.items():
            entry = roster.get(learner_id)
            if entry is None or (entry.name, entry.role) != (learner.name, learner.role):
                roster[learner_id] = RosterEntry(name=learner.name, role=learner.role)
        active = data.active_learner
        seen = self._index_seen
        if active == self._active_told and seen is not None and seen.active_learner in roster:
            active = seen.active_learner  # not chosen here since: another copy's choice stands
        return Index(active_learner=active, learners=roster, removed_learners=dict(data.removed_learners))

    def _write_index(self, data: Progress, changed: set[str]) -> None:
        wanted = self._wanted_index(data)
        if wanted == self._index_seen and current_stat(self._target) == self._index_stat:
            return
        with self._locked(self._target):
            if current_stat(self._target) != self._index_stat:  # changed again meanwhile
                self._sync_index(data, changed)
                wanted = self._wanted_index(data)
            self._sweep_temporary_files()
            if self._convert is not None:
                self._keep_old_format(self._target, *self._convert)
            if wanted != self._index_seen or self._convert is not None:
                gone = set(self._index_seen.learners if self._index_seen else ()) - set(wanted.learners)
                self._index_stat = write_atomic(self._target, dump_index(wanted, self.folder.name))
                self._doomed |= {i for i in gone if i in data.removed_learners}
            self._index_seen, self._convert = wanted, None
            self._active_told = data.active_learner
            self.roster = dict(wanted.learners)

    # -------------------------------------------- a learner's file

    def _sync_learner(self, data: Progress, learner_id: str, base: Snapshot, state: tuple | None,
                      handed_over: bool, changed: set[str]) -> None:
        """Merge in what another copy saved of this learner, and write it if it differs from the file."""
        known = self._files.get(learner_id)
        if known is None:
            known = self._files[learner_id] = _LearnerFile(self.folder / learner_file_name(learner_id))
        state = state or learner_state(data.learners[learner_id])
        stat = current_stat(known.path)
        if state == known.state and stat == known.stat:
            return  # unchanged here and there: the common case of a save, one stat() per learner
        if state == base.states.get(learner_id) and stat is not None and known.stat is not None \
                and learner_id not in changed:
            # Not changed here since this copy last saved them (or read them), and their file is
            # there: another copy wrote it, over what this copy had saved. Nothing of ours is
            # missing from it, so it is not read now (45 KiB of TOML at every save at a group
            # machine); the save that next changes them reads and merges it, under the lock.
            return
        make_folder(self.folder)
        with self._locked(known.path):
            if not known.swept:
                self._sweep_temporary_files(known.path)
                known.swept = True
            stat = current_stat(known.path)
            if stat != known.stat:
                theirs = self._read_theirs(learner_id, known) if stat is not None else None
                known.stat, known.synced = (stat, theirs) if theirs is not None else (None, None)
                known.state = learner_state(theirs) if theirs is not None else None
            ours = data.learners[learner_id]
            theirs = known.synced
            if theirs is not None and theirs is not ours and known.state != state \
                    and base.states.get(learner_id) != known.state:  # changed since this copy last saw it
                if handed_over:
                    ours = data.learners[learner_id] = copy_learner(ours)
                merge_learner(ours, theirs, base.learners.get(learner_id))
                changed.add(learner_id)
                state = learner_state(ours)
            if state != known.state:
                if known.old_format is not None:
                    self._keep_old_format(known.path, *known.old_format)
                    known.old_format = None
                text = known.writer.dump_bytes(learner_id, ours, state)
                known.stat, known.state, known.synced = write_atomic(known.path, text), state, ours
                self._written[learner_id] = (ours, state)

    def _read_theirs(self, learner_id: str, known: _LearnerFile) -> Learner | None:
        found = read_own_file(known.path, known.attempts)
        if found.state == "newer":
            self.read_only = True
            self.notices.append(_(
                "A learner's progress has just been saved by a newer version of ketamine-course (format {version}). "
                "To keep it safe this copy will not save again; what you do from now on is not saved.").format(
                    version=found.version))
            raise _StopSaving
        if found.state == "unreadable":
            raise _CannotWrite(_("the file could not be read first ({problem})").format(problem=found.problem))
        learner = _only_learner(found, learner_id)
        if learner is None and found.state != "missing":
            found.problem = found.problem or _("it holds the progress of another learner")
            self._set_learner_aside(learner_id, known.path, found)
        elif learner is not None and found.version < SCHEMA_VERSION:
            known.old_format = (found.version, found.raw)
        return learner

    # -------------------------------------------- files set aside, removed, kept

    def _set_aside(self, path: Path, found: Found) -> Path:
        """Keep an unreadable progress file under a new name, never overwrite it, and say where it is."""
        target = set_aside(path, "broken")
        kept = ""
        if self.roster or any(self.folder.glob("*.toml")):
            kept = _(" Each learner's own progress, kept in the folder {folder}, is still there.").format(
                folder=self.folder)
        self.notices.append(_(
            "Your progress file could not be read: {problem}. Nothing was deleted: the file was renamed to {target}, "
            "and a fresh one is started when progress is next saved.{kept} If you can repair the old file, bring its "
            "progress back with: ketamine-course progress import \"{target}\"").format(
                problem=found.problem, target=target, kept=kept))
        return target

    def _set_learner_aside(self, learner_id: str, path: Path, found: Found) -> None:
        from filelock import Timeout

        name = self.roster.get(learner_id, RosterEntry()).name or learner_id
        try:
            with self._locked(path):
                if read_own_file(path).raw != found.raw:
                    return  # replaced meanwhile by another copy: nothing to set aside
                target = set_aside(path, "broken")
        except (Timeout, OSError) as error:
            self.notices.append(_("The progress of {name} could not be read: {problem}. It has not been changed ({why})."
                                  ).format(name=name, problem=found.problem, why=error))
            return
        self.notices.append(_(
            "The progress of {name} could not be read: {problem}. Nothing was deleted: the file was renamed to "
            "{target}, and {name} starts afresh. If you can repair the old file, bring it back with: "
            "ketamine-course progress import \"{target}\"").format(name=name, problem=found.problem, target=target))

    def _keep_old_format(self, path: Path, version: int, raw: bytes) -> None:
        """The first time a file read in an older format is written, keep the original beside it."""
        if version >= SCHEMA_VERSION:
            return
        backup = path.with_name(f"{path.name}.schema-{version}.bak")
        if not backup.exists():
            write_atomic(backup, raw)
            if path == self._target:
                self.notices.append(_("Your progress file was updated to this version's format. A copy of the old "
                                      "file is kept as {backup}.").format(backup=backup))

    def _delete_doomed(self) -> None:
        """Delete the files of learners removed here or elsewhere (after the index says so)."""
        for learner_id in sorted(self._doomed):
            path = self.folder / learner_file_name(learner_id)
            with self._locked(path):
                remove(path)
            self._files.pop(learner_id, None)
            self._locks.pop(path, None)
            remove(Path(f"{path}.lock"))
        self._doomed.clear()

    def _sweep_temporary_files(self, of: Path | None = None) -> None:
        """Remove temporary files left by a copy that died mid-save (we hold the lock: none is in use)."""
        if of is None:
            if self._swept:
                return
            self._swept = True
            of = self._target
        remove_leftovers(of)

    # ------------------------------------------------------------ export and import

    def export_learner(self, destination: Path, name: str | None = None, *, full: bool = False,
                       force: bool = False) -> Learner:
        """Write one learner's progress to a progress file of its own. `full`: everything, to
        carry on on another computer; otherwise for handing in to a facilitator, without the
        learner's own questions and notes (private: what they want to ask, what they wrote)."""
        destination = Path(destination)
        try:
            learner = self.find(name)
        except LookupError as error:
            raise ProgressError(str(error)) from None
        learner_id = next(i for i, each in self.data.learners.items() if each is learner)
        if _same_file(destination, self.path):
            raise ProgressError(_("{destination} is the progress file itself. Choose another file to export to.").format(
                destination=destination))
        note = ""
        if not full:
            learner = handed_in(learner)
            note = _("# For handing in: the learner's own questions and notes are left out (they are private). "
                     "'progress export --full' keeps them.\n")
        single = Progress(active_learner=learner_id, learners={learner_id: learner})
        write_file(destination, ProgressWriter().dump_bytes(single, note=note).decode("utf-8"), private=True,
                   force=force)
        return learner

    def plan_import(self, source: Path) -> ImportPlan:
        """What importing `source` would do, without doing it: who is added or brought up to
        date, what here would be deleted or renamed (to be shown and agreed to first), and how
        many times from the future were set to now (they would win every merge)."""
        source = Path(source)
        found = read_file(source)
        if found.state == "missing":
            raise ProgressError(_("There is no file at {source}.").format(source=source))
        if found.state == "unreadable":
            raise ProgressError(_("{source} could not be read: {problem}.").format(source=source, problem=found.problem))
        if found.state == "broken":
            raise ProgressError(_("{source} is not a progress file this course can read: {problem}. Nothing was "
                                  "imported.").format(source=source, problem=found.problem))
        if found.state == "newer":
            raise ProgressError(_("{source} was saved by a newer version of ketamine-course (format {version}). Update "
                                  "the course, then import it again. Nothing was imported.").format(
                                      source=source, version=found.version))
        if _same_file(source, self.path):
            raise ProgressError(_("{source} is the progress file itself: there is nothing to import.").format(source=source))
        if self.read_only:
            raise ProgressError(_("Nothing was imported: {reason}").format(
                reason=self.unusable or (self.notices[-1] if self.notices else _("the progress file is read-only."))))
        incoming = found.read_progress
        if not incoming.learners:
            raise ProgressError(_("{source} holds no learners. Nothing was imported.").format(source=source))
        clamped = clamp_future(incoming, now())
        for learner_id in [*incoming.learners, *incoming.removed_learners]:
            self.load_learner(learner_id)
        summary = ImportSummary(added=[], updated=[], skipped=[])
        for learner_id, learner in incoming.learners.items():
            label = learner.name or learner_id
            if learner_id in self.data.learners:
                summary.updated.append(label)
            elif learner.updated <= self.data.removed_learners.get(learner_id, EPOCH):
                summary.skipped.append(label)
            else:
                summary.added.append(label)
        trial = Progress(active_learner=self.data.active_learner, removed_learners=dict(self.data.removed_learners),
                         learners={i: copy_learner(learner) for i, learner in self.data.learners.items()})
        merge(incoming.model_copy(deep=True), trial, imported=True)
        return ImportPlan(source, incoming, summary, losses(self.data, trial), clamped)

    def apply_import(self, plan: ImportPlan) -> ImportSummary:
        with self._guard:
            merge(plan.incoming, self.data, imported=True)
            if not self.save():
                raise ProgressError(_("Nothing was imported: the progress could not be saved ({problem}).").format(
                    problem=self._problem or _("it is read-only")))
        return plan.summary

    def import_file(self, source: Path) -> ImportSummary:
        """Merge a progress file into this one and save, whatever it changes here (the command
        line shows `plan_import` first and asks)."""
        return self.apply_import(self.plan_import(source))

    # ------------------------------------------------------------ forgetting

    def forget(self, learner_id: str) -> list[Path]:
        """Delete a learner for good: their file, their place in the list, and the copies the
        store made that hold them. Returns the copies removed."""
        self.load_learner(learner_id)
        self.data.remove_learner(learner_id)
        self._doomed.add(learner_id)
        if not self.save():
            raise ProgressError(_("Nothing was deleted: the progress could not be saved ({problem}).").format(
                problem=self._problem or _("it is read-only")))
        return self.scrub_copies(learner_id)

    def reset(self, learner_id: str, change) -> list[Path]:
        """Apply `change` (reset_lesson, reset_quiz or reset_all, bound to its arguments) to a
        learner, save, and remove the copies the store made that still hold what it deleted."""
        learner = self.load_learner(learner_id)
        if learner is None:
            raise ProgressError(self.unusable or _("There is no such learner."))
        changed = change(learner)
        if not self.save():
            raise ProgressError(_("Nothing was reset: the progress could not be saved ({problem}).").format(
                problem=self._problem or _("it is read-only")))
        return self.scrub_copies(learner_id) if changed is not False else []

    def scrub_copies(self, learner_id: str) -> list[Path]:
        """Remove the copies that hold this learner's progress: their file's old-format and
        broken copies, and the whole-progress copies (old format, rescue, broken) that name them."""
        removed = [copy.path for copy in self.copies() if learner_id in copy.learners]
        for path in removed:
            remove(path)
        return removed

    def copies(self) -> list[Copy]:
        """Every copy kept of the progress: files set aside as broken, rescue copies of what
        could not be saved, and old-format originals (with whose progress each holds). Beside
        the file, and the rescue copies that went to the home or temporary folder (a full disk)."""
        import tempfile

        found: list[Copy] = []
        own = re.compile(r"\.(broken-[0-9-]+|rescue-[0-9-]+|schema-\d+\.bak)$")
        beside = re.compile(re.escape(self._target.name) + r"(-\d+)?\.")  # progress.toml-2.rescue-… too
        places = {self._target.parent: beside, self.folder: None}
        elsewhere = [folder for folder in (Path.home(), Path(tempfile.gettempdir())) if folder not in places]
        places.update((folder, beside) for folder in elsewhere)
        for folder, prefix in places.items():
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            for name in names:
                match = own.search(name)
                if name.startswith(".") or not match or prefix is not None and not prefix.match(name):
                    continue
                path = folder / name
                kind = match.group(1).split("-")[0].split(".")[0]
                if folder in elsewhere and (kind != "rescue" or not _rescued_from(path, self.path, self._target)):
                    continue  # another progress file's, or not the course's
                found.append(Copy(path, {"broken": "broken", "rescue": "rescue", "schema": "old format"}[kind],
                                  _learners_in(path, folder == self.folder)))
        return found


def _rescued_from(path: Path, *progress: Path) -> bool:
    """Whether a rescue copy says it holds what could not be saved to one of `progress`."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return any(str(each) in head for each in progress)


def _learners_in(path: Path, learner_file: bool) -> set[str]:
    """The ids of the learners a copy holds, as far as it can be read (a broken copy of one
    learner's file holds that learner)."""
    if learner_file:
        stem = path.name.split(".toml.", 1)[0]
        ids = {stem} if PLAIN_ID.fullmatch(stem) else set()
    else:
        ids = set()
    try:
        data = tomllib.loads(read_bounded(path, MAX_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return ids
    if isinstance(data.get("id"), str):
        ids.add(data["id"])
    learners = data.get("learners")
    return ids | (set(learners) if isinstance(learners, dict) else set())


@dataclass(frozen=True)
class Copy:
    path: Path
    kind: str  # "broken", "rescue" or "old format"
    learners: set[str]


@dataclass
class ImportPlan:
    source: Path
    incoming: Progress
    summary: ImportSummary
    losses: list[str]  # what the import would delete or rename here, in plain words
    clamped: int  # times from the future set to now


def handed_in(learner: Learner) -> Learner:
    """A learner as handed in to a facilitator: everything but their own questions and notes."""
    removed = learner.removed.model_copy(update={"questions": {}, "notes": {}})
    return learner.model_copy(update={"questions": [], "notes": {}, "removed": removed})


def losses(before: Progress, after: Progress) -> list[str]:
    """What of `before` is gone or renamed in `after`, in plain words (for a confirmation)."""
    said: list[str] = []
    for learner_id, old in before.learners.items():
        name = old.name or learner_id
        new = after.learners.get(learner_id)
        if new is None:
            said.append(_("delete {name} and all of their progress").format(name=name))
            continue
        if new.name != old.name:
            said.append(_("rename {name} to {new}").format(name=name, new=new.name or _("(no name)")))
        if new.role != old.role:
            said.append(_("change the role of {name} from {old} to {new}").format(name=name, old=old.role, new=new.role))
        gone = [module for module in old.lessons if module not in new.lessons]
        if gone:
            said.append(_("forget what {name} read in: {lessons}").format(name=name, lessons=", ".join(gone)))
        for module, quiz in old.quizzes.items():
            kept = {attempt.key for attempt in new.quizzes[module].attempts} if module in new.quizzes else set()
            lost = sum(attempt.key not in kept for attempt in quiz.attempts)
            if lost:
                said.append(ngettext("delete {n} quiz attempt of {name} ({module})",
                                     "delete {n} quiz attempts of {name} ({module})", lost).format(
                                         n=lost, name=name, module=module))
        practice = sum(key not in new.review for key in old.review)
        if practice:
            said.append(ngettext("take {n} question off the practice list of {name}",
                                 "take {n} questions off the practice list of {name}", practice).format(
                                     n=practice, name=name))
        theirs = {question.id: question for question in new.questions}
        for question in old.questions:
            if question.id not in theirs:
                said.append(_("delete a question of {name}: “{text}”").format(name=name, text=question.text))
            elif theirs[question.id].text != question.text:
                said.append(_("replace a question of {name}: “{text}” becomes “{new}”").format(
                    name=name, text=question.text, new=theirs[question.id].text))
        for module, text in old.notes.items():
            if module not in new.notes:
                said.append(_("delete the note of {name} on {module}").format(name=name, module=module))
            elif new.notes[module] != text:
                said.append(_("replace the note of {name} on {module}").format(name=name, module=module))
    return said


class _Nothing:
    """A context manager that does nothing (no lock needed)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


@dataclass
class ImportSummary:
    added: list[str]
    updated: list[str]
    skipped: list[str]  # removed here after the file was made

    def __str__(self) -> str:
        parts = []
        if self.added:
            parts.append(_("added {items}").format(items=", ".join(self.added)))
        if self.updated:
            parts.append(_("brought up to date {items}").format(items=", ".join(self.updated)))
        if self.skipped:
            parts.append(_("left out {items} (removed here after that file was made)").format(
                items=", ".join(self.skipped)))
        return "; ".join(parts)
