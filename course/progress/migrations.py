"""Upgrading progress files written in an earlier format.

Every change to what the progress file holds bumps `course.progress.model.SCHEMA_VERSION` and
registers here one function that turns the parsed TOML of version N into version N+1 (plain
dicts and lists, before validation). A file of any earlier version is upgraded step by step.
The store keeps a copy of the old file the first time it writes the upgraded one.

A migration sees a file of several learners as TOML parsed into dicts, its learners under
`data["learners"]`; a learner's own file (from format 4) is handed over in the same shape,
as a file of one learner. The index of format 4 holds no learner's data and is not migrated.

Checklist for the next change (tests/test_progress_migrations.py fails until it is done):
1. bump SCHEMA_VERSION; 2. add `@migration(N)` below, N the old version; 3. add
tests/fixtures/progress/vN+1.toml written by the new version (vN.toml stays, forever);
4. record the new model fingerprint in that test; 5. describe the change in docs/progress.md.

History: version 1 is the first format (ketamine-course 1.0): every learner in one file.
Files without a `schema_version` are taken as version 1. Version 2: a review item's `streak`
became its Leitner `box`, with the time it is `due` again; a learner may have `assessed`
(spaced practice and self-checks, issue 11). Version 3: a learner may have a `language`, the
one chosen in the app (issue 13); nothing to convert. Version 4: one file per learner beside
an index (the store writes it; a learner's table is unchanged), every file ending with a
last line that shows it is whole, counts and times kept within ranges (issues 14 and 17).
"""

from __future__ import annotations

from collections.abc import Callable

from course.i18n import _

Migration = Callable[[dict], dict]
MIGRATIONS: dict[int, Migration] = {}  # old version -> function giving the next version
FIRST_VERSION = 1
LAYOUT_VERSION = 4  # from this format on: an index and a file per learner, each ending with its last line


class MigrationError(ValueError):
    """The file claims a version that cannot be upgraded (a plain message says why)."""


def migration(old_version: int) -> Callable[[Migration], Migration]:
    def register(function: Migration) -> Migration:
        MIGRATIONS[old_version] = function
        return function
    return register


def file_version(data: dict) -> int:
    version = data.get("schema_version", FIRST_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < FIRST_VERSION:
        raise MigrationError(_("its schema_version ({version!r}) is not a format number this course knows").format(version=version))
    return version


def upgrade(data: dict, target: int) -> dict:
    """Bring parsed TOML of an earlier version up to `target`; a newer version is left as it is."""
    version = file_version(data)
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(_("there is no way to upgrade format {version} (this is a bug in the course)").format(version=version))
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


@migration(1)
def streak_becomes_box(data: dict) -> dict:
    """Right answers in a row since the last miss count as Leitner boxes; due now (no `due`)."""
    for learner in _dicts(data.get("learners")):
        for item in _dicts(learner.get("review")):
            if "streak" in item:
                item["box"] = item.pop("streak")
    return data


@migration(2)
def learners_may_choose_a_language(data: dict) -> dict:
    """A new optional field: a format-2 learner has not chosen a language."""
    return data


def _dicts(table) -> list[dict]:
    """The tables inside `table`; anything else is left for validation to report."""
    return [value for value in table.values() if isinstance(value, dict)] if isinstance(table, dict) else []


@migration(3)
def one_file_per_learner(data: dict) -> dict:
    """The learners' tables are the same; where they are kept is the store's business (it
    writes an index and a file per learner at the first save). Counts and times beyond the
    new ranges are brought within them by the model."""
    return data
