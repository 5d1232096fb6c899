"""The progress file on disk: TOML, saved atomically, private to its owner.

`ProgressStore.open(path)` never raises for a problem with the file: it explains it in
`store.notices` (plain words for the learner) and keeps working in memory.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import tomllib
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from course.progress import SCHEMA_VERSION, Progress

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def _strip_none(value):
    """TOML has no null: leave unset optional values out of the file."""
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def dumps(progress: Progress) -> str:
    header = "# ketamine-course progress. Private: it may show that you are learning about ketamine treatment.\n"
    return header + tomli_w.dumps(_strip_none(progress.model_dump(mode="python")))


def loads(text: str) -> Progress:
    return Progress.model_validate(tomllib.loads(text))


class ProgressStore:
    def __init__(self, path: Path, data: Progress, notices: list[str] | None = None, read_only: bool = False) -> None:
        self.path = path
        self.data = data
        self.notices: list[str] = notices or []
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path) -> "ProgressStore":
        path = Path(path)
        if not path.exists():
            return cls(path, Progress())
        try:
            data = loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError) as error:
            kept = path.with_name(f"{path.name}.broken-{dt.datetime.now():%Y%m%d-%H%M%S}")
            os.replace(path, kept)
            return cls(path, Progress(), [f"Your progress file could not be read ({type(error).__name__}). "
                                          f"It was kept as {kept}; a fresh one was started."])
        if data.schema_version > SCHEMA_VERSION:
            return cls(path, data, ["This progress file is from a newer version; it is opened read-only."], read_only=True)
        return cls(path, data)

    def save(self) -> bool:
        if self.read_only:
            return False
        try:
            self.path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(dumps(self.data))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, self.path)
            return True
        except OSError as error:
            self.notices.append(f"Progress could not be saved to {self.path}: {error.strerror}. It is kept in memory.")
            return False
