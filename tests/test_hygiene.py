"""The checks .ci/run makes, in the suite too, so a change that breaks them fails where it is made:
ruff over the repository and mypy over course/ (configured in pyproject.toml; docs/architecture.md,
"Checks"). Both come with the test extra; without them the test says why it skips.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return path


def _run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run(_tool("ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, f"ruff check . (ruff check --fix . fixes the safe ones):\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing():
    result = _run(_tool("mypy"), "course")
    assert result.returncode == 0, f"mypy course:\n{result.stdout}{result.stderr}"
