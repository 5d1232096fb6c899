"""Every file the course writes goes through here: progress, exports (command line and app),
reports, rescue copies and crash reports.

- A new file is created exclusively (never overwriting one that appeared meanwhile) and is
  removed again if writing it fails: a full disk never leaves half a file behind.
- A replacement is atomic: a temporary file beside the target, written, fsynced, renamed
  over it, the folder fsynced. A crash leaves the old file or the new one, never half.
  Through a symbolic link, the file the link points to is replaced (a progress file kept in
  a synced folder stays there); a link that points back to itself is refused.
- Files about a person are private (0600), folders made for them 0700.
- A file that cannot be used is set aside under a new name, never deleted; what a replacement
  left behind when its process died is removed only by the holder of the file's lock.
- Reading is bounded: /dev/zero or any endless input is refused, not read forever.

Low-level functions raise OSError; `reason()` puts one in plain words. `write_file` is the
command line's entry point and raises `WriteError` with a message for the person.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
import stat as stat_module
from pathlib import Path

from course.errors import UserError
from course.i18n import _

PRIVATE_MODE = 0o600  # files that say something about a person's health or learning
PUBLIC_MODE = 0o644  # plans and handouts (the umask still applies)
FOLDER_MODE = 0o700
PUBLIC_FOLDER_MODE = 0o777  # a folder for public pages (the web edition): the umask applies
MAX_READ = 64 * 1024 * 1024  # far beyond any progress file or record; bigger is not one
READ_CHUNK = 64 * 1024  # bytes read at a time beyond a file's size (a pipe, a file that grows)
NUMBERED_LIMIT = 1000  # name.txt, name-2.txt … name-999.txt
TEMPORARY_SUFFIX = ".tmp"  # a replacement being written: .NAME.RANDOM.tmp beside NAME


class WriteError(UserError):
    """The file could not be written; the message says why and that nothing was written."""


class TooLarge(ValueError):
    """More than the limit was there to read (an endless input such as /dev/zero, or a huge file)."""


class ReadOnlyFile(PermissionError):
    """The file's owner has made it read-only: it is respected for every user, root included."""


def reason(error: OSError, path: Path) -> str:
    """An OSError in plain words (no errno, no traceback)."""
    if isinstance(error, ReadOnlyFile):
        return _("the file {path} is read-only").format(path=path)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("the disk is full")
    if error.errno == errno.EROFS:
        return _("the disk that holds {folder} is read-only").format(folder=path.parent)
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("this account is not allowed to change files in {folder}").format(folder=path.parent)
    if error.errno == errno.ELOOP:
        return _("{path} is a symbolic link that leads back to itself (a loop)").format(path=path)
    if error.errno == errno.ENOENT:
        return _("the folder {folder} does not exist").format(folder=path.parent)
    return f"{error.strerror or error} ({path})"


# ------------------------------------------------------------------ folders


def make_folder(folder: Path, mode: int = FOLDER_MODE) -> None:
    """Create the missing folders of `folder`, each private (0700) unless `mode` says otherwise."""
    missing = []
    while not os.path.lexists(folder):
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(each, mode)


def fsync_folder(folder: Path) -> None:
    """Make a rename or removal itself durable. Not every system can open a folder (Windows): skip there."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


# ------------------------------------------------------------------ where a write lands


def write_target(path: Path) -> Path:
    """The file a write to `path` must change: through symbolic links, to the file they point
    to (which may not exist yet). Raises OSError(ELOOP) for a link that leads back to itself."""
    path = Path(path)
    if not os.path.islink(path):
        return path
    with contextlib.suppress(FileNotFoundError):  # a link to a file not made yet: the write makes it
        os.stat(path)
    return Path(os.path.realpath(path))


def is_read_only(mode: int) -> bool:
    """The owner took away their own write permission: respected even by root, who could write anyway."""
    return not mode & stat_module.S_IWUSR


def _check_replaceable(target: Path) -> None:
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        return
    if not stat_module.S_ISREG(existing.st_mode):  # never swap a device, pipe or folder for a file
        raise IsADirectoryError(errno.EISDIR, _("not an ordinary file"), str(target))
    if is_read_only(existing.st_mode) or not os.access(target, os.W_OK):
        raise ReadOnlyFile(errno.EACCES, "read-only", str(target))


def _write_all(fd: int, data: bytes) -> os.stat_result:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        return os.fstat(handle.fileno())


def replace_atomic(path: Path, data: bytes, *, mode: int = PRIVATE_MODE) -> os.stat_result:
    """Replace `path` (or the file a link at `path` points to) with `data`, all or nothing.
    A read-only file, a device or a pipe is never replaced. Returns the new file's stat."""
    target = write_target(path)
    _check_replaceable(target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    try:
        written = _write_all(fd, data)
        if mode != PRIVATE_MODE:
            os.chmod(temporary, mode & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        _remove_quietly(temporary)
        raise
    fsync_folder(target.parent)
    return written


def create_new(path: Path, data: bytes, *, mode: int = PRIVATE_MODE) -> Path:
    """Write a file that must not exist yet (FileExistsError if it does, even as a dangling
    link); if writing fails, nothing is left behind."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        _write_all(fd, data)
        if mode == PRIVATE_MODE:
            os.chmod(path, PRIVATE_MODE)  # whatever the umask
    except BaseException:
        _remove_quietly(path)
        raise
    fsync_folder(path.parent)
    return path


def create_numbered(folder: Path, name: str, data: bytes, *, mode: int = PRIVATE_MODE) -> Path:
    """Write folder/name, or name-2, name-3 … so that no earlier file is ever overwritten."""
    stem, suffix = os.path.splitext(name)
    for number in range(1, NUMBERED_LIMIT):
        path = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            return create_new(path, data, mode=mode)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, _("too many files with that name"), str(folder / name))


def set_aside(path: Path, label: str) -> Path:
    """Rename `path` to NAME.LABEL-TIME beside it (-2, -3 … if that exists), durably: a file
    that cannot be used is kept for the person to repair, never deleted. Returns the new path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while os.path.lexists(target):
        number += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    os.rename(path, target)
    fsync_folder(path.parent)
    return target


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files a replacement of `path` left behind when its process died
    mid-write. Only while holding `path`'s lock, so that none of them is in use."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:  # not glob: the file's name may hold [ or *
        if name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX):
            _remove_quietly(path.parent / name)


def remove(path: Path) -> bool:
    """Delete a file for good (and make the deletion durable); False if it was not there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    fsync_folder(path.parent)
    return True


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# ------------------------------------------------------------------ reading


def read_bounded(path: Path, limit: int = MAX_READ) -> bytes:
    """A file's bytes, at most `limit` of them: raises TooLarge for more (or an endless input
    such as /dev/zero), OSError if it cannot be read."""
    with open(path, "rb") as handle:
        return read_handle(handle, limit)


def read_handle(handle, limit: int = MAX_READ) -> bytes:
    """What is left in an open binary file, at most `limit` bytes (TooLarge for more). A pipe
    is read as it comes, never opened twice (its writer may have gone)."""
    size = os.fstat(handle.fileno()).st_size  # 0 for a pipe
    if size > limit:
        raise TooLarge(getattr(handle, "name", ""))
    # Read in pieces of about the file's size, not read(limit + 1): that allocates the whole
    # limit (64 MiB, mapped and unmapped again) for every 45 KiB learner's file a save reads.
    chunks: list[bytes] = []
    total, want = 0, size + 1 if size else READ_CHUNK
    while total <= limit:
        asked = min(want, limit + 1 - total)
        chunk = handle.read(asked)
        chunks.append(chunk)
        total, want = total + len(chunk), READ_CHUNK
        if not chunk or size and len(chunk) < asked and total <= limit:  # an ordinary file reads short only at its end
            return b"".join(chunks)
    raise TooLarge(getattr(handle, "name", ""))


# ------------------------------------------------------------------ the command line's exports


def _exists(path: Path) -> str:
    return _("{path} already exists. Nothing was written. Choose another name, or add --force to replace it."
             ).format(path=path)


def write_file(path: str | os.PathLike, text: str, *, private: bool, force: bool = False) -> Path:
    """Write an export. Never replaces an existing file unless `force`; private files are 0600."""
    path = Path(path).expanduser()
    mode = PRIVATE_MODE if private else PUBLIC_MODE
    try:
        target = write_target(path)
        if os.path.isdir(target):
            raise WriteError(_("{path} is a folder. Give a file name, for example {example}").format(
                path=path, example=path / "export.html"))
        if not target.parent.is_dir():
            raise WriteError(_("The folder {folder} does not exist. Nothing was written.").format(folder=target.parent))
        if not os.path.lexists(path):
            create_new(path, text.encode("utf-8"), mode=mode)
        elif not force:
            raise WriteError(_exists(path))
        else:
            replace_atomic(path, text.encode("utf-8"), mode=mode)
    except FileExistsError:
        raise WriteError(_exists(path)) from None
    except IsADirectoryError:
        raise WriteError(_("{path} is not an ordinary file, so it is not replaced. Nothing was written."
                           ).format(path=path)) from None
    except OSError as error:
        raise WriteError(_("Could not write {path}: {reason}. Nothing was written.").format(
            path=path, reason=reason(error, path))) from None
    return path
