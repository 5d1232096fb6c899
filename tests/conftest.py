"""Shared pytest hooks: ../shared is required in CI, and the quiz cue-resistance table at the
end of every run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CI_ENV = "KETAMINE_COURSE_CI"  # set by .ci/run

# Tests import the benchmarks' harness (tests/test_benchmarks.py) and share its ways of reading
# the served app (tests/test_serve.py), however pytest is started.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def pytest_configure(config):
    """Outside CI the content tests skip (with a reason) without ../shared; in CI that would
    hide eight content checks behind a green run, so it is an error."""
    if os.environ.get(CI_ENV) and not (SHARED / "facts.md").is_file():
        raise pytest.UsageError(f"{SHARED} is missing: CI checks the lessons against ../shared/facts.md "
                                "and ../shared/seeds. Check out the shared folder beside the project.")

CUE_TABLES = pytest.StashKey[dict[str, list[str]]]()


@pytest.fixture
def cue_report(pytestconfig):
    """Call with (lessons folder, lines) to print the lines once in the terminal summary."""

    def report(lessons, lines: list[str]) -> None:
        pytestconfig.stash.setdefault(CUE_TABLES, {})[str(lessons)] = lines

    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tables = config.stash.get(CUE_TABLES, {})
    if tables:
        terminalreporter.section("quiz cue resistance (tests/test_quiz_cues.py)")
        for lines in tables.values():
            for line in lines:
                terminalreporter.write_line(line)
