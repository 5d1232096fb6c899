"""Where the course content, the learner's progress and a coordinator's issuer key live."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ketamine-course"
PROGRESS_ENV = "KETAMINE_COURSE_PROGRESS"
PROGRESS_FILE = "progress.toml"
KEYS_ENV = "KETAMINE_COURSE_KEYS"
KEYS_FILE = "keys.toml"
ISSUER_FOLDER, ISSUER_KEY_FILE = "issuer", "issuer-key.toml"


def _shipped(folder: str) -> Path:
    """A folder the wheel ships inside the package (course/FOLDER), or the checkout's FOLDER."""
    here = Path(__file__).resolve().parent
    installed = here / folder
    return installed if installed.is_dir() else here.parent / folder


def default_lessons_dir() -> Path:
    """The course shipped with the package (installed), or the checkout's lessons/ folder."""
    return _shipped("lessons")


def docs_dir() -> Path:
    """The guides shipped with the package (installed), or the checkout's docs/ folder."""
    return _shipped("docs")


def progress_path(override: str | os.PathLike | None = None) -> Path:
    """--progress wins, then $KETAMINE_COURSE_PROGRESS, then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(PROGRESS_ENV):
        return Path(os.environ[PROGRESS_ENV]).expanduser()
    return _user_data() / PROGRESS_FILE


def issuer_key_path(override: str | os.PathLike | None = None) -> Path:
    """--key wins, then the issuer folder in the platform's user data folder."""
    return Path(override).expanduser() if override else _user_data() / ISSUER_FOLDER / ISSUER_KEY_FILE


def _user_data() -> Path:
    from platformdirs import user_data_path  # imported here: only needed for the defaults

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Where the course keeps what it can make again (a checked course): the user cache folder."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def keys_path() -> Path:
    """The learner's own keys (docs/accessibility.md): $KETAMINE_COURSE_KEYS, or keys.toml in
    the platform's user config folder (~/.config/ketamine-course/keys.toml on Linux)."""
    if os.environ.get(KEYS_ENV):
        return Path(os.environ[KEYS_ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / KEYS_FILE
