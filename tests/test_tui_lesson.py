"""The lesson reader's text: citations as source labels that Markdown cannot misread."""

from __future__ import annotations

from dataclasses import replace

from test_tui_support import fixture_course

from course.tui.screens.lesson import cite_markdown


def test_citations_become_source_labels():
    course = fixture_course()
    assert cite_markdown("Arrive early [@clinic-handbook].", course) == r"Arrive early \[Clinic handbook\]."


def test_unknown_citations_disappear():
    assert cite_markdown("Rest [@nowhere].", fixture_course()) == "Rest ."


def test_markdown_characters_in_a_label_are_escaped():
    course = fixture_course()
    star = replace(course.sources[0], short="Rush 2006, STAR*D")
    course = replace(course, sources=[star, *course.sources[1:]])
    text = cite_markdown("In STAR*D, most [@clinic-handbook].", course)
    assert text == r"In STAR*D, most \[Rush 2006, STAR\*D\]."
