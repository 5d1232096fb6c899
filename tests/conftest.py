"""Shared pytest hooks: the quiz cue-resistance table at the end of every run."""

from __future__ import annotations

import pytest

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
