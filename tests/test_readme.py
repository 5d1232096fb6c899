"""The README's set-up commands are the ones CI really runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(), flags=re.S)


def test_readme_has_exactly_two_setup_commands_first():
    commands = readme_commands()
    install_and_start, install_and_test = commands[0], commands[1]
    assert "pip install ." in install_and_start and install_and_start.endswith("ketamine-course")
    assert "'.[test]'" in install_and_test and "pytest" in install_and_test
    assert "\n" not in install_and_start and "\n" not in install_and_test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci


def test_readme_carries_notice_and_crisis_line():
    text = (ROOT / "README.md").read_text()
    assert "education, not medical advice" in text
    assert "988" in text


def test_ci_prints_skip_reasons_and_fails_without_the_shared_folder(tmp_path, monkeypatch):
    import conftest
    import pytest

    ci = (ROOT / ".ci" / "run").read_text()
    assert "-rs" in ci and f"export {conftest.CI_ENV}=1" in ci
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.setenv(conftest.CI_ENV, "1")
    with pytest.raises(pytest.UsageError, match="shared is missing"):
        conftest.pytest_configure(None)
    monkeypatch.delenv(conftest.CI_ENV)
    conftest.pytest_configure(None)  # outside CI the content tests skip, saying why
