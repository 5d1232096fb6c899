"""A course in several languages (docs/authoring.md, "Adding a language").

The sample course in tests/fixtures/sample-zh has an English source and a Chinese
(Simplified, "zh-Hans") edition: a non-Latin script, headings that need their own ids, and a
language tag with a subtag. Each parity case is that course with one small edit, next to the
exact `file:line: message` it must produce: the drift is reported in the translation's file,
and names the line in the source file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from course_copies import FIXTURES, course_fixture, edit, problems

from course.content.loader import check_course, load_course

SAMPLE = FIXTURES / "sample-zh"
COURSE, COURSE_ZH = "course.toml", "course.zh-Hans.toml"
LESSON_1, LESSON_1_ZH = "01-first-visit/lesson.md", "01-first-visit/lesson.zh-Hans.md"
QUIZ_1, QUIZ_1_ZH = "01-first-visit/quiz.toml", "01-first-visit/quiz.zh-Hans.toml"
LESSON_2_ZH, QUIZ_2_ZH = "02-going-home/lesson.zh-Hans.md", "02-going-home/quiz.zh-Hans.toml"


course = course_fixture(SAMPLE)  # a fresh copy at ./course for each test


# ---------------------------------------------------------------- the sample course


def test_the_sample_course_is_clean_in_every_edition():
    course, found = check_course(SAMPLE, every_edition=True)
    assert found == []
    assert course.language == "en" and course.languages == ["en", "zh-Hans"]
    assert course.fallback_language == "en"


def test_the_chinese_edition_has_its_own_words_and_the_source_structure():
    english, chinese = load_course(SAMPLE), load_course(SAMPLE, "zh-Hans")
    assert chinese.language == "zh-Hans" and chinese.languages == ["en", "zh-Hans"]
    assert (chinese.title, chinese.crisis[0].how) == ("第一次就诊之前", "如果有人现在有危险，请拨打 911。")
    assert chinese.about == "一个关于第一次去诊所就诊的简短课程。"
    assert chinese.sources[0].short == "诊所手册" and chinese.sources[0].citation == english.sources[0].citation
    assert (chinese.id, chinese.version, chinese.quiz_size) == (english.id, english.version, english.quiz_size)
    assert [s.title for s in chinese.modules[0].sections] == ["到达", "要带什么"]
    ids = lambda course: [(m.id, [s.id for s in m.sections], [q.id for q in m.questions]) for m in course.modules]  # noqa: E731
    assert ids(chinese) == ids(english)
    true_false = chinese.modules[0].questions[1]
    assert [(o.value, o.correct) for o in true_false.options] == [(True, True), (False, False)]
    assert [o.text for o in true_false.options] == ["True", "False"]  # the app's words: no zh catalogue


def test_a_heading_in_chinese_without_an_id_is_named_not_merged(course: Path):
    # slugs made from such headings were all "section": duplicates, or a lost question target
    edit(course, LESSON_1_ZH, "## 到达 {#arrive}", "## 到达")
    edit(course, LESSON_1_ZH, "## 要带什么 {#bring}", "## 要带什么")
    assert problems(course, every_edition=True) == [
        "course/01-first-visit/lesson.zh-Hans.md:18: the heading '到达' cannot make a section id (ids use a-z, 0-9 and '-'): give it one, e.g. '## 到达 {#a-short-id}'",
        "course/01-first-visit/lesson.zh-Hans.md:22: the heading '要带什么' cannot make a section id (ids use a-z, 0-9 and '-'): give it one, e.g. '## 要带什么 {#a-short-id}'",
    ]


def test_accented_headings_make_plain_ids(course: Path):
    from course.content.loader import slugify

    assert slugify("Qué esperar después") == "que-esperar-despues"
    assert slugify("Đi về nhà an toàn") == "i-ve-nha-an-toan"  # Vietnamese: đ has no plain form
    assert slugify("回家") == ""


def test_an_edition_the_course_does_not_have(course: Path):
    assert problems(course, language="fr") == ["course/course.toml:12: there is no 'fr' edition of this course; it has: en, zh-Hans"]


def test_the_source_edition_loads_without_reading_translations(course: Path):
    edit(course, QUIZ_1_ZH, "id = \"arrive-early\"", "id = \"arrive-on-time\"")
    assert check_course(course)[1] == []  # the app in English: translations are not read
    assert problems(course, language="zh-Hans")[0].startswith("course/01-first-visit/quiz.zh-Hans.toml:")


# ---------------------------------------------------------------- parity: one drift, one problem

ZH_QUIZ = "course/01-first-visit/quiz.zh-Hans.toml"
ZH_LESSON = "course/01-first-visit/lesson.zh-Hans.md"

# (what drifted, file, text in the sample, what the author wrote instead, the problem)
DRIFT = [
    # quizzes
    ("a question id changed in the translation", QUIZ_1_ZH, 'id = "arrive-early"', 'id = "arrive-on-time"',
     [f"{ZH_QUIZ}:1: question 'arrive-early' (course/01-first-visit/quiz.toml:1) is missing here: translate it, with the same id",
      f"{ZH_QUIZ}:2: question 'arrive-on-time' is not in course/01-first-visit/quiz.toml: give it the id of the question it translates, or remove it"]),
    ("a question added to the source only", QUIZ_1, "[[questions]]\nid = \"bring-list\"",
     "[[questions]]\nid = \"new-one\"\nkind = \"single\"\nobjective = 1\nsection = \"arrive\"\nprompt = \"?\"\nexplanation = \"!\"\n"
     "[[questions.options]]\ntext = \"a\"\ncorrect = true\nfeedback = \"f\"\n[[questions.options]]\ntext = \"b\"\nfeedback = \"f\"\n\n"
     "[[questions]]\nid = \"bring-list\"",
     [f"{ZH_QUIZ}:18: question 'new-one' (course/01-first-visit/quiz.toml:18) is missing here: translate it, with the same id"]),
    ("an option added to the source", QUIZ_1, 'feedback = "Not quite: the forms take about 15 minutes."\n',
     'feedback = "Not quite: the forms take about 15 minutes."\n\n[[questions.options]]\ntext = "An hour early"\nfeedback = "No."\n',
     [f"{ZH_QUIZ}:1: question 'arrive-early' has 2 options here but 3 in course/01-first-visit/quiz.toml:1: translate each option once, in the same order"]),
    ("another option marked right in the source", QUIZ_1, 'text = "Exactly on time"', 'text = "Exactly on time"\ncorrect = true',
     [f"{ZH_QUIZ}:14: question 'arrive-early', option 2 is not marked correct here but is in course/01-first-visit/quiz.toml:14: mark the same options correct, in the same order",
      "course/01-first-visit/quiz.toml:1: question 'arrive-early' is single-choice but has 2 correct options: mark exactly one option 'correct = true' (or use kind = \"multiple\")"]),
    ("true/false answer flipped in the translation", QUIZ_1_ZH, "value = true\ncorrect = true", "value = true",
     [f"{ZH_QUIZ}:26: question 'bring-list', option 1 is not marked correct here but is in course/01-first-visit/quiz.toml:26: mark the same options correct, in the same order",
      f"{ZH_QUIZ}:18: question 'bring-list' is true/false: give exactly two options, one with value = true and one with value = false, and mark the right one 'correct = true'"]),
    ("true/false options swapped in the translation", QUIZ_1_ZH,
     'value = true\ncorrect = true\nfeedback = "对：每一种药都很重要。"\n\n[[questions.options]]\nvalue = false\n',
     'value = false\ncorrect = true\nfeedback = "对：每一种药都很重要。"\n\n[[questions.options]]\nvalue = true\n',
     [f"{ZH_QUIZ}:27: question 'bring-list', option 1 has value = false here but true in course/01-first-visit/quiz.toml:27: keep the source's values, in the same order",
      f"{ZH_QUIZ}:32: question 'bring-list', option 2 has value = true here but false in course/01-first-visit/quiz.toml:32: keep the source's values, in the same order"]),
    ("a question pointing at another section", QUIZ_1_ZH, 'section = "bring"', 'section = "arrive"',
     [f"{ZH_QUIZ}:22: question 'bring-list': 'section' is 'arrive' here but 'bring' in course/01-first-visit/quiz.toml:22: keep the source's section"]),
    ("another objective", QUIZ_1_ZH, "objective = 2", "objective = 1",
     [f"{ZH_QUIZ}:21: question 'bring-list': 'objective' is 1 here but 2 in course/01-first-visit/quiz.toml:21: keep the source's objective"]),
    ("a tag added to the source", QUIZ_1, 'kind = "true_false"', 'kind = "true_false"\ntags = ["scenario"]',
     [f"{ZH_QUIZ}:18: question 'bring-list': 'tags' are [] here but [scenario] in course/01-first-visit/quiz.toml:21: keep the source's tags"]),
    ("a citation in a question's feedback", QUIZ_1, 'feedback = "Right: every medicine matters."', 'feedback = "Right: every medicine matters [@clinic-handbook]."',
     [f"{ZH_QUIZ}:18: question 'bring-list' cites no source here but [@clinic-handbook] in course/01-first-visit/quiz.toml:18: cite the same sources"]),
    # lessons
    ("a section id changed in the translation", LESSON_1_ZH, "{#bring}", "{#what-to-bring}",
     [f"{ZH_LESSON}:22: section 'bring' (course/01-first-visit/lesson.md:22) is missing here: translate it under a heading with the same id: '## … {{#bring}}'",
      f"{ZH_LESSON}:22: section 'what-to-bring' is not in course/01-first-visit/lesson.md: give the heading the id of the section it translates (arrive, bring), as '## … {{#id}}'",
      f"{ZH_QUIZ}:22: question 'bring-list' points at section 'bring', which the lesson does not have; use one of: arrive, what-to-bring"]),
    ("sections in another order", LESSON_1_ZH, "## 到达 {#arrive}\n\n请提前 15 分钟到，好填写表格 [@clinic-handbook]。\n\n## 要带什么 {#bring}\n\n请带上您所有药物的清单 [@clinic-handbook]。",
     "## 要带什么 {#bring}\n\n请带上您所有药物的清单 [@clinic-handbook]。\n\n## 到达 {#arrive}\n\n请提前 15 分钟到，好填写表格 [@clinic-handbook]。",
     [f"{ZH_LESSON}:18: section 'bring' is out of order: the source (course/01-first-visit/lesson.md:18) has 'arrive' here; keep the source's order"]),
    ("a citation left out of a section", LESSON_1_ZH, "好填写表格 [@clinic-handbook]。", "好填写表格。",
     [f"{ZH_LESSON}:18: section 'arrive' cites no source here but [@clinic-handbook] in course/01-first-visit/lesson.md:18: cite the same sources"]),
    ("a module id changed", LESSON_1_ZH, 'id = "first-visit"', 'id = "visit"',
     [f"{ZH_LESSON}:2: 'id' is 'visit' here but 'first-visit' in course/01-first-visit/lesson.md:2: keep the source's id"]),
    ("an audience dropped", LESSON_1_ZH, 'audiences = ["patient", "volunteer", "facilitator"]', 'audiences = ["patient", "volunteer"]',
     [f"{ZH_LESSON}:5: 'audiences' is [patient, volunteer] here but [patient, volunteer, facilitator] in course/01-first-visit/lesson.md:5: keep the source's audiences"]),
    ("an objective added to the source", LESSON_1, 'objectives = ["Know when to arrive", "Know what to bring"]', 'objectives = ["Know when to arrive", "Know what to bring", "Know the way"]',
     [f"{ZH_LESSON}:8: 'objectives' has 2 entries here but 3 in course/01-first-visit/lesson.md:8: translate each entry once, in the same order"]),
    ("a key point missing", LESSON_1_ZH, 'key_points = ["提前 15 分钟到。", "带上您的用药清单。"]', 'key_points = ["提前 15 分钟到。"]',
     [f"{ZH_LESSON}:9: 'key_points' has 1 entries here but 2 in course/01-first-visit/lesson.md:9: translate each entry once, in the same order"]),
    ("a facilitator prompt missing", LESSON_1_ZH, '"谁可以陪您一起去？", ', "",
     [f"{ZH_LESSON}:15: 'prompts' has 2 entries here but 3 in course/01-first-visit/lesson.md:15: translate each entry once, in the same order"]),
    ("facilitator notes missing", LESSON_1_ZH, '[facilitator]\nminutes = 15\nnotes = "先问问大家对第一次就诊有什么感受。"\nprompts = ["第一次就诊，您担心什么？", "谁可以陪您一起去？", "什么能让您感到安心？"]\n', "",
     [f"{ZH_LESSON}:2: the source has [facilitator] notes (course/01-first-visit/lesson.md:12) and this edition does not: translate them"]),
    # the course file
    ("a course word not translated", COURSE_ZH, 'about = "一个关于第一次去诊所就诊的简短课程。"\n', "",
     ["course/course.zh-Hans.toml:1: missing field 'about': translate the one in course/course.toml:8"]),
    ("a label for a source the course does not have", COURSE_ZH, 'clinic-handbook = "诊所手册"', 'clinic-manual = "诊所手册"',
     ["course/course.zh-Hans.toml:12: source 'clinic-manual' is not in the course's [[sources]] (course.toml): fix the id or remove the label"]),
    ("a field the translation cannot change", COURSE_ZH, 'title = "第一次就诊之前"', 'title = "第一次就诊之前"\npass_mark = 50',
     ["course/course.zh-Hans.toml:3: unknown field 'pass_mark': remove it or fix its spelling (see: ketamine-course help authoring)"]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [case[1:] for case in DRIFT], ids=[case[0] for case in DRIFT])
def test_drift_is_reported_in_the_translation_with_the_source_line(course: Path, file: str, old: str, new: str, expected: list[str]):
    edit(course, file, old, new)
    assert sorted(problems(course, every_edition=True)) == sorted(expected)


def test_loading_the_translation_checks_parity_too(course: Path):
    edit(course, QUIZ_1_ZH, "objective = 2", "objective = 1")
    assert problems(course, language="zh-Hans") == [
        f"{ZH_QUIZ}:21: question 'bring-list': 'objective' is 1 here but 2 in course/01-first-visit/quiz.toml:21: keep the source's objective"]


# ---------------------------------------------------------------- editions declared and in progress


def test_a_declared_edition_needs_every_file(course: Path):
    (course / QUIZ_2_ZH).unlink()
    (course / COURSE_ZH).unlink()
    assert problems(course, every_edition=True) == [
        "course/02-going-home/quiz.zh-Hans.toml:1: missing quiz.zh-Hans.toml: every module needs a quiz bank (see: ketamine-course help authoring)",
        "course/course.zh-Hans.toml:1: missing course.zh-Hans.toml: the 'zh-Hans' edition needs the course's words in this language "
        "(copy title, disclaimer, about, short_notice, crisis, credits from course.toml and translate them)",
    ]


def test_an_edition_in_progress_is_checked_on_the_files_it_has(course: Path):
    """Translators land module by module: before the language is in `translations`, the files
    present are checked against the source and the missing ones are not problems."""
    edit(course, COURSE, 'translations = ["zh-Hans"]', "translations = []")
    (course / LESSON_2_ZH).unlink()
    (course / COURSE_ZH).unlink()
    loaded, found = check_course(course, every_edition=True)
    assert found == [] and loaded.languages == ["en"]
    edit(course, QUIZ_2_ZH, "objective = 1\nsection = \"rest\"", "objective = 2\nsection = \"rest\"")
    assert problems(course, every_edition=True) == [
        "course/02-going-home/quiz.zh-Hans.toml:21: question 'rest': 'objective' is 2 here but 1 in course/02-going-home/quiz.toml:21: keep the source's objective"]
    assert problems(course, language="zh-Hans") == [
        "course/course.toml:12: there is no 'zh-Hans' edition of this course; it has: en"]
