"""A source's citation in another edition: titles, authors and journals stay as published, but
our own words in it ("Promotional; used for topics and structure only.") are translated, in
course.LANG.toml under [source_citations] (docs/authoring.md, "Editions in other languages")."""

from __future__ import annotations

from pathlib import Path

from course_copies import FIXTURES, course_fixture, edit, problems

from course.content.loader import check_course, load_course

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"
SAMPLE = FIXTURES / "sample-zh"
COURSE_ZH = "course.zh-Hans.toml"

course = course_fixture(SAMPLE)  # a fresh copy at ./course for each test

# Our own English words in the shipped course's citations, none of them a published title's.
OUR_ENGLISH = ("Promotional", "used for topics and structure only", "Clinic blog post", "untitled", "now titled",
               "Press release", " trial.", "October")


def test_the_spanish_sources_carry_no_english_of_ours():
    english, spanish = load_course(SHIPPED), load_course(SHIPPED, "es")
    found = [phrase for phrase in OUR_ENGLISH if any(phrase in source.citation for source in english.sources)]
    assert found == list(OUR_ENGLISH), "the English citations changed: update OUR_ENGLISH"
    left = [f"{source.id}: {phrase!r}" for source in spanish.sources for phrase in OUR_ENGLISH if phrase in source.citation]
    assert left == []
    assert [source.id for source in spanish.sources] == [source.id for source in english.sources]
    by_id = {source.id: source.citation for source in spanish.sources}
    assert "Promocional; solo se usó para elegir los temas y la estructura." in by_id["article-overview"]
    assert by_id["star-d"] == next(source.citation for source in english.sources if source.id == "star-d")  # as published


def test_a_translated_citation_replaces_only_that_source_citation(course: Path):
    edit(course, COURSE_ZH, '[source_labels]', '[source_citations]\nclinic-handbook = "本诊所的患者手册，2026 年版。"\n\n[source_labels]')
    assert check_course(course, every_edition=True)[1] == []
    chinese, english = load_course(course, "zh-Hans"), load_course(course)
    assert (chinese.sources[0].short, chinese.sources[0].citation) == ("诊所手册", "本诊所的患者手册，2026 年版。")
    assert english.sources[0].citation == "Our clinic's patient handbook, 2026 edition."


def test_a_citation_for_a_source_the_course_does_not_have_is_reported(course: Path):
    edit(course, COURSE_ZH, '[source_labels]', '[source_citations]\nclinic-manual = "本诊所的患者手册。"\n\n[source_labels]')
    assert problems(course, every_edition=True) == [
        "course/course.zh-Hans.toml:12: source 'clinic-manual' is not in the course's [[sources]] (course.toml): "
        "fix the id or remove the label"]
