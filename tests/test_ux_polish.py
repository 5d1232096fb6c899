"""Small things QA found that a person sees: each test here failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.loader import load_course
from course.i18n import use_language

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


def test_the_facilitators_headings_are_spanish_in_the_spanish_edition():
    from course.tui.screens.lesson import facilitator_markdown

    english = load_course(SHIPPED)
    module = next(m for m in english.modules if m.facilitator is not None and m.facilitator.agenda)
    english_headings = re.findall(r"^\*\*(.+)\*\*$", facilitator_markdown(module), re.M)
    use_language("es")
    spanish = load_course(SHIPPED, "es")
    spanish_headings = re.findall(r"^\*\*(.+)\*\*$", facilitator_markdown(spanish.module(module.id)), re.M)
    assert len(spanish_headings) == len(english_headings) >= 4
    assert not set(spanish_headings) & set(english_headings), spanish_headings
