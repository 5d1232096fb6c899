"""The progress file on disk: TOML, saved atomically under a lock, merged, private.

`ProgressStore.open(path)` and `.save()` never raise for a problem with the file: they
explain it in `store.notices` (plain sentences for the learner; the app shows and clears
them) and keep working in memory. How it works (docs/progress.md has the long version):

- save: take `<file>.lock`; if the file changed since this store last read or wrote it
  (size, mtime, inode), read it and merge it in (course.progress.merge); write a temporary
  file beside it, fsync, `os.replace`, fsync the folder. The file is 0600, folders the
  store creates 0700. A crash at any moment leaves the old file or the new one, never half.
- a file that cannot be read is renamed `<file>.broken-<time>` before anything is written;
  a file from a newer version is opened read-only and never written.
- the app may mutate `store.data` in place, or hand the store a new snapshot
  (`store.data = copy`): either way nothing saved by another copy of the course is lost.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import stat as stat_module
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from course.progress.model import EPOCH, SCHEMA_VERSION, Learner, Progress
from course.progress.merge import Snapshot, merge, note_removals, snapshot
from course.progress.migrations import MigrationError, file_version, upgrade
from course import tomlread
from course.files import fsync_folder, make_folder, reason, replace_atomic
from course.progress.fileformat import ProgressWriter, dumps, encode
from course.i18n import _, ngettext

__all__ = ["ProgressStore", "ProgressError", "dumps", "loads", "FILE_MODE", "FOLDER_MODE", "LOCK_TIMEOUT"]

FILE_MODE = 0o600
FOLDER_MODE = 0o700
LOCK_TIMEOUT = 3.0  # seconds to wait for another copy of the course to finish saving
MAX_BYTES = 64 * 1024 * 1024  # far beyond any real progress file; bigger is not one

StatKey = tuple[int, int, int, int]  # device, inode, size, mtime_ns: changes whenever the file is replaced


class ProgressError(Exception):
    """A problem with an export or import the person can fix; the message says how."""


def loads(text: str) -> Progress:
    """Parse, upgrade and validate the text of a progress file. Raises TOMLDecodeError,
    ValidationError, or MigrationError (a ValueError) for a file of a newer or unknown format."""
    data = tomlread.loads(text)
    if file_version(data) > SCHEMA_VERSION:
        raise MigrationError(_("it was saved by a newer version of ketamine-course (format {version}); update this copy "
                               "to read it").format(version=data["schema_version"]))
    return Progress.model_validate(upgrade(data, SCHEMA_VERSION))


# ------------------------------------------------------------------ reading a file


@dataclass
class Found:
    """What a progress file holds, or why it cannot be used."""

    state: Literal["missing", "ok", "broken", "newer", "unreadable"]
    progress: Progress | None = None
    stat: StatKey | None = None
    problem: str = ""  # plain words: why it is broken or unreadable
    version: int = SCHEMA_VERSION
    raw: bytes = b""


def _stat_key(st: os.stat_result) -> StatKey:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def current_stat(path: Path) -> StatKey | None:
    try:
        return _stat_key(os.stat(path))
    except FileNotFoundError:
        return None


def read_own_file(path: Path) -> Found:
    """The store's own file, which it will replace: an ordinary file only (opening a pipe would
    hang; saving would swap /dev/null for a file). An import or a report may read a pipe."""
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return read_file(path)
    if not stat_module.S_ISREG(kind) and not stat_module.S_ISDIR(kind):
        return Found("unreadable", problem=f"{path} is not an ordinary file")
    return read_file(path)


def read_file(path: Path) -> Found:
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > MAX_BYTES:
                return Found("broken", stat=_stat_key(stat), problem="it is far too large to be a progress file")
            raw = handle.read()
    except FileNotFoundError:
        return Found("missing")
    except IsADirectoryError:
        return Found("unreadable", problem=f"{path} is a folder, not a file")
    except OSError as error:
        return Found("unreadable", problem=reason(error, path))
    found = parse(raw)
    found.stat = _stat_key(stat)
    return found


def parse(raw: bytes) -> Found:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Found("broken", raw=raw, problem="it is not text (it may be damaged, or a different kind of file)")
    try:
        data = tomlread.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        return Found("broken", raw=raw, problem=f"it is not valid TOML ({error})")
    try:
        version = file_version(data)
    except MigrationError as error:
        return Found("broken", raw=raw, problem=str(error))
    if version > SCHEMA_VERSION:
        return Found("newer", progress=_salvage(data), version=version, raw=raw)
    try:
        progress = Progress.model_validate(upgrade(data, SCHEMA_VERSION))
    except MigrationError as error:
        return Found("broken", raw=raw, problem=str(error))
    except ValidationError as error:
        return Found("broken", raw=raw, problem=_first_error(error))
    return Found("ok", progress=progress, version=version, raw=raw)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the top of the file"
    others = error.error_count() - 1
    more = ngettext(" (and {n} more problem)", " (and {n} more problems)", others).format(n=others) if others else ""
    return _("at {where}: {first}{more}").format(where=where, first=first['msg'], more=more)


def _salvage(data: dict) -> Progress:
    """Show what can be understood of a newer file (read-only): each learner that validates."""
    progress = Progress()
    learners = data.get("learners")
    for learner_id, raw in (learners.items() if isinstance(learners, dict) else ()):
        try:
            progress.learners[learner_id] = Learner.model_validate(raw)
        except (ValidationError, TypeError, ValueError):
            continue
    if data.get("active_learner") in progress.learners:
        progress.active_learner = data["active_learner"]
    return progress


# ------------------------------------------------------------------ writing a file


def write_atomic(path: Path, data: bytes) -> StatKey:
    """Replace `path` with `data`, all or nothing, readable by its owner only."""
    return _stat_key(replace_atomic(path, data))


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or os.path.samefile(first, second)
    except OSError:
        return False


# ------------------------------------------------------------------ the store


class _StopSaving(Exception):
    """This save must not write (the file became read-only to us); notices say why."""


class _CannotWrite(Exception):
    """This save cannot write now; the message (plain words) says why. The next save retries."""


class ProgressStore:
    def __init__(self, path: Path, data: Progress | None = None, notices: list[str] | None = None,
                 read_only: bool = False, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.notices: list[str] = list(notices or [])
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self.data = data if data is not None else Progress()
        self._writer = ProgressWriter()
        self._guard = threading.RLock()  # one save at a time within this process
        self._lock = None  # the FileLock, made on first use
        # What is known about the file: `_synced` holds everything that was in it when its
        # stat was `_synced_stat`. `_base_*` are what the owner of `data` last saw (see _base).
        self._synced: Progress | None = None
        self._synced_stat: StatKey | None = None
        self._base_kept = self._base_merged = snapshot(self.data)
        self._problem: str | None = None  # the last save problem told to the learner
        self._swept = False
        self._old_format: tuple[int, bytes] | None = None  # an upgraded file's original, kept at first save

    @classmethod
    def open(cls, path: Path, *, lock_timeout: float = LOCK_TIMEOUT) -> ProgressStore:
        store = cls(Path(path), lock_timeout=lock_timeout)
        store._load()
        return store

    def _load(self, found: Found | None = None, retry: bool = True) -> None:
        found = found or read_own_file(self.path)
        if found.state == "ok":
            self._adopt_file(found)
        elif found.state == "newer":
            self.read_only = True
            self.data = found.progress
            self.notices.append(
                _("Your progress file was saved by a newer version of ketamine-course (format {version}; this version understands format {SCHEMA_VERSION}). To keep it safe it is opened read-only: you can look around, but nothing you do now will be saved. Update the course to carry on where you left off. The file is {path}.").format(version=found.version, SCHEMA_VERSION=SCHEMA_VERSION, path=self.path))
        elif found.state == "unreadable":
            self.read_only = True
            self.notices.append(
                _("Your progress file could not be opened: {problem}. The course works, but nothing you do now will be saved, so that the file is not replaced. The file is {path}.").format(problem=found.problem, path=self.path))
        elif found.state == "broken" and retry:
            from filelock import Timeout

            try:
                with self._locked():  # read again under the lock: another copy may have just replaced it
                    found = read_own_file(self.path)
                    if found.state == "broken":
                        self._set_aside(found)
                        return
            except (Timeout, OSError):
                pass
            self._load(found, retry=False)
        elif found.state == "broken":  # could not be set aside now: the next save does it (under its lock)
            self.notices.append(
                _("Your progress file could not be read: {problem}. It has not been changed, and it will be kept under a new name before anything is saved. The file is {path}.").format(problem=found.problem, path=self.path))

    def _adopt_file(self, found: Found) -> None:
        self.data = self._synced = found.progress
        self._synced_stat = found.stat
        self._base_kept = self._base_merged = snapshot(found.progress)
        if found.version < SCHEMA_VERSION:
            self._old_format = (found.version, found.raw)

    def _locked(self):
        if self._lock is None:
            from filelock import FileLock  # imported here: only needed once saving starts

            self._lock = FileLock(f"{self.path}.lock", timeout=self.lock_timeout, mode=FILE_MODE)
        return self._lock

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
            make_folder(self.path.parent)
            with self._locked():
                self._sweep_temporary_files()
                self._sync_and_write()
        except Timeout:
            return self._failed("another copy of the course is saving to the same file right now")
        except _StopSaving:
            return False
        except _CannotWrite as error:
            return self._failed(str(error))
        except OSError as error:
            return self._failed(reason(error, self.path))
        if self._problem is not None:
            self._problem = None
            self.notices.append(_("Your progress is being saved again."))
        return True

    def _failed(self, reason: str) -> bool:
        if reason != self._problem:  # tell once, not at every save
            self._problem = reason
            kept = _(" What was saved before is still safe in {path}.").format(path=self.path) if self.path.exists() else ""
            self.notices.append(_("Your progress could not be saved: {reason}. It is kept while the course is open and will be saved at the next chance.{kept}").format(reason=reason, kept=kept))
        return False

    def _base(self) -> Snapshot:
        """What the owner of `data` last saw: all of the last merge if it holds the merged
        object, else what it handed us last time (its snapshot has not seen the merge)."""
        return self._base_merged if self.data is self._synced else self._base_kept

    def _sync_and_write(self) -> None:
        data = self.data
        note_removals(data, self._base())
        kept = snapshot(data, self._base_kept)
        changed = self._merge_file(data, handed_over=data is not self._synced)
        self._base_kept, self._base_merged = kept, snapshot(data, kept, only=changed) if changed else kept
        if self._synced_stat is not None and not os.access(self.path, os.W_OK):  # respect a read-only file
            raise _CannotWrite(f"the file {self.path} is read-only")
        if self._old_format is not None:
            self._keep_old_format(*self._old_format)
        self._synced_stat = write_atomic(self.path, self._writer.dump_bytes(data, self._base_merged.states))

    def _merge_file(self, data: Progress, handed_over: bool) -> set[str]:
        """Fold what is in the file into `data`; the ids of the learners that changed.
        `handed_over`: `data` is a snapshot the app gave us, whose learners it may share."""
        base = self._base()
        stat = current_stat(self.path)
        if stat is not None and stat == self._synced_stat:
            disk = self._synced  # unchanged since we last read or wrote it: no need to parse it
        else:
            found = read_own_file(self.path) if stat is not None else Found("missing")
            if found.state == "broken":
                self._set_aside(found)
                found = Found("missing")
            elif found.state == "newer":
                self.read_only = True
                self.notices.append(
                    _("Your progress file has just been saved by a newer version of ketamine-course (format {version}). To keep it safe this copy will not save to it again; what you do from now on is not saved. The file is {path}.").format(version=found.version, path=self.path))
                raise _StopSaving
            elif found.state == "unreadable":
                raise _CannotWrite(f"the file could not be read first ({found.problem})")
            disk = found.progress
            self._synced_stat = found.stat
        self._synced = data
        changed: set[str] = set()
        if disk is not None and disk is not data:
            merge(disk, data, base, copy_learners=handed_over, changed=changed)
        return changed

    def _set_aside(self, found: Found) -> None:
        """Keep an unreadable file under a new name, never overwrite it, and say where it is."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        number = 1
        while target.exists():
            number += 1
            target = self.path.with_name(f"{self.path.name}.broken-{stamp}-{number}")
        os.rename(self.path, target)
        fsync_folder(self.path.parent)
        self.notices.append(
            _("Your progress file could not be read: {problem}. Nothing was deleted: the file was renamed to {target}, and a fresh progress file has been started. If you can repair the old file, bring its progress back with: ketamine-course progress import \"{target}\"").format(problem=found.problem, target=target))

    def _keep_old_format(self, version: int, raw: bytes) -> None:
        backup = self.path.with_name(f"{self.path.name}.schema-{version}.bak")
        if not backup.exists():
            write_atomic(backup, raw)
            self.notices.append(_("Your progress file was updated to this version's format. A copy of the old file is kept as {backup}.").format(backup=backup))
        self._old_format = None

    def _sweep_temporary_files(self) -> None:
        """Remove temporary files left by a copy that died mid-save (we hold the lock: none is in use)."""
        if self._swept:
            return
        self._swept = True
        prefix = f".{self.path.name}."
        for name in os.listdir(self.path.parent):  # not glob: the file's name may hold [ or *
            if name.startswith(prefix) and name.endswith(".tmp"):
                try:
                    os.unlink(self.path.parent / name)
                except OSError:
                    pass

    # ------------------------------------------------------------ export and import

    def export_learner(self, destination: Path, name: str | None = None) -> Learner:
        """Write one learner's progress to a standalone progress file (to move it, or to hand it in)."""
        destination = Path(destination)
        try:
            learner_id = self.data.find_learner(name)
        except LookupError as error:
            raise ProgressError(str(error)) from None
        learner = self.data.learners[learner_id]
        if _same_file(destination, self.path):
            raise ProgressError(_("{destination} is the progress file itself. Choose another file to export to.").format(destination=destination))
        if not destination.parent.is_dir():
            raise ProgressError(_("The folder {parent} does not exist. Create it first, or choose another.").format(parent=destination.parent))
        if destination.exists() and not destination.is_file():  # never swap a device or pipe for a file
            raise ProgressError(_("{destination} is not an ordinary file, so it is not replaced. Choose another file.").format(destination=destination))
        single = Progress(active_learner=learner_id, learners={learner_id: learner})
        try:
            write_atomic(destination, encode(dumps(single)))
        except OSError as error:
            raise ProgressError(_("Could not write {destination}: {reason}.").format(destination=destination, reason=reason(error, destination))) from None
        return learner

    def import_file(self, source: Path) -> ImportSummary:
        """Merge a progress file (an export, or a repaired broken file) into this one and save."""
        source = Path(source)
        found = read_file(source)
        if found.state == "missing":
            raise ProgressError(_("There is no file at {source}.").format(source=source))
        if found.state == "unreadable":
            raise ProgressError(_("{source} could not be read: {problem}.").format(source=source, problem=found.problem))
        if found.state == "broken":
            raise ProgressError(_("{source} is not a progress file this course can read: {problem}. Nothing was imported.").format(source=source, problem=found.problem))
        if found.state == "newer":
            raise ProgressError(_("{source} was saved by a newer version of ketamine-course (format {version}). Update the course, then import it again. Nothing was imported.").format(source=source, version=found.version))
        if _same_file(source, self.path):
            raise ProgressError(_("{source} is the progress file itself: there is nothing to import.").format(source=source))
        if self.read_only:
            raise ProgressError(_("Nothing was imported: {reason}").format(reason=self.notices[-1] if self.notices else _("the progress file is read-only.")))
        incoming = found.progress
        if not incoming.learners:
            raise ProgressError(_("{source} holds no learners. Nothing was imported.").format(source=source))
        summary = ImportSummary(added=[], updated=[], skipped=[])
        for learner_id, learner in incoming.learners.items():
            label = learner.name or learner_id
            if learner_id in self.data.learners:
                summary.updated.append(label)
            elif learner.updated <= self.data.removed_learners.get(learner_id, EPOCH):
                summary.skipped.append(label)
            else:
                summary.added.append(label)
        with self._guard:
            merge(incoming, self.data)
            if not self.save():
                raise ProgressError(_("Nothing was imported: {reason}").format(reason=self.notices[-1] if self.notices else _("saving failed.")))
        return summary


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
            parts.append(_("left out {items} (removed here after that file was made)").format(items=", ".join(self.skipped)))
        return "; ".join(parts)
