"""Writing files a person keeps: exports from the command line and the app.

New files are created exclusively (never overwriting one that appeared meanwhile); with
`force` the replacement is atomic; private files (anything about a person) are 0600.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from course.errors import UserError

PRIVATE_MODE = 0o600  # files that say something about a person's health or learning
PUBLIC_MODE = 0o644  # plans and handouts (the umask still applies)


class WriteError(UserError):
    """The file could not be written; the message says why and that nothing was written."""


def _exists(path: Path) -> str:
    return f"{path} already exists. Nothing was written. Choose another name, or add --force to replace it."


def write_file(path: str | os.PathLike, text: str, *, private: bool, force: bool = False) -> Path:
    """Write an export. Never replaces an existing file unless `force`; private files are 0600."""
    path = Path(path).expanduser()
    mode = PRIVATE_MODE if private else PUBLIC_MODE
    if path.is_dir():
        raise WriteError(f"{path} is a folder. Give a file name, for example {path / 'export.html'}")
    if not path.parent.is_dir():
        raise WriteError(f"The folder {path.parent} does not exist. Nothing was written.")
    if path.exists() and not force:
        raise WriteError(_exists(path))
    if path.exists() and not path.is_file():  # --force would replace a device or pipe (/dev/null) with a file
        raise WriteError(f"{path} is not an ordinary file, so it is not replaced. Nothing was written.")
    data = text.encode("utf-8")
    # With --force the new file replaces the old one in a single step; without it, O_EXCL makes
    # sure a file that appeared meanwhile is still never overwritten.
    target = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp") if force else path
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        if private:
            os.chmod(target, PRIVATE_MODE)
        if force:
            os.replace(target, path)
    except FileExistsError:
        raise WriteError(_exists(path)) from None
    except OSError as error:
        if force:
            target.unlink(missing_ok=True)
        raise WriteError(f"Could not write {path}: {error.strerror or error}.") from None
    return path
