"""Cue resistance of the quiz banks (issue 11): can the quizzes be passed without reading?

Measured by `tests/quiz_cues.py` over every lessons folder in EDITIONS: across the course
the right option is the longest in at most 30% of single-answer questions, 40-60% of
true/false answers are True, absolute words sit in right and wrong claims at rates at most
10 points apart; and no simulated test-wise learner passes any module's quiz in more than 5%
of 10,000 attempts. The pass-rate table is printed at the end of every pytest run
(`pytest_terminal_summary` in tests/conftest.py).

A failure names the measure, or the strategy and the module, with the figure and the limit.
How to write banks that pass: docs/content-brief.md and ../shared/quiz-writing.md.

Each edition is a lessons folder and the `CueWords` of its language (whose `language` picks
quiz.toml or quiz.LANG.toml); a translation still in progress is checked on the banks it has.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import quiz_cues as cues
from quiz_cues import ENGLISH, SPANISH, CueWords

LESSONS = Path(__file__).parents[1] / "lessons"
EDITIONS: list[tuple[Path, CueWords]] = [(LESSONS, ENGLISH), (LESSONS, SPANISH)]


@cache
def rates(lessons: Path, words: CueWords) -> dict[str, dict[str, float]]:
    return cues.pass_rates(lessons, words)


@cache
def every_question(lessons: Path, language: str) -> list[dict]:
    return [q for bank in cues.load_banks(lessons, language).values() for q in bank]


def edition_id(lessons: Path, words: CueWords) -> str:
    return f"{lessons.name}-{words.language}"


COURSE_CHECKS = {
    "longest right": lambda questions, words: cues.longest_right_problem(questions),
    "true share": cues.true_share_problem,
    "absolute words": cues.absolute_problem,
}


@pytest.mark.parametrize(
    "lessons, words, check",
    [
        pytest.param(lessons, words, name, id=f"{edition_id(lessons, words)}-{name}")
        for lessons, words in EDITIONS
        for name in COURSE_CHECKS
    ],
)
def test_course_wide_cues(lessons, words, check, cue_report):
    cue_report(edition_id(lessons, words), cues.table(lessons, rates(lessons, words), words))
    problem = COURSE_CHECKS[check](every_question(lessons, words.language), words)
    assert problem is None, f"{lessons}: {problem}"


@pytest.mark.parametrize(
    "lessons, words, folder",
    [
        pytest.param(lessons, words, folder, id=f"{edition_id(lessons, words)}-{folder}")
        for lessons, words in EDITIONS
        for folder in cues.load_banks(lessons, words.language)
    ],
)
def test_test_wise_learner_fails_the_module(lessons, words, folder, cue_report):
    found = rates(lessons, words)
    cue_report(edition_id(lessons, words), cues.table(lessons, found, words))
    assert cues.pass_rate_problems(found, folder) == []


# ------------------------------------------------- the measure itself, on made-up banks


def option(text: str, right: bool = False) -> dict:
    return {"text": text, "correct": right, "feedback": "Why."}


def single(prompt: str, right: str, *wrong: str) -> dict:
    return {"kind": "single", "prompt": prompt,
            "options": [option(right, True), *(option(w) for w in wrong)]}


def true_false(statement: str, truth: bool) -> dict:
    return {"kind": "true_false", "prompt": statement,
            "options": [{"value": True, "correct": truth, "feedback": "Why."},
                        {"value": False, "correct": not truth, "feedback": "Why."}]}


def write_course(root: Path, questions: list[dict]) -> Path:
    """A lessons folder with one module holding `questions`, as quiz.toml."""
    import tomli_w

    (root / "course.toml").write_text(
        'quiz_size = 8\npass_mark = 80\nmodules = ["01-made-up"]\n', encoding="utf-8")
    (root / "01-made-up").mkdir()
    (root / "01-made-up" / "quiz.toml").write_text(
        tomli_w.dumps({"questions": questions}), encoding="utf-8")
    return root


CUED = [  # the right option is always the longest and most careful; statements are False
    single(f"Question {i}?", f"A careful answer number {i}, which may depend on your clinician",
           "Drive", "Nothing at all")
    for i in range(12)
] + [true_false(f"Ketamine always works in case {i}.", False) for i in range(4)]

FAIR = [  # lengths rotate, nothing hedged, true/false balanced with no cue words
    single(f"Which colour is number {i}?", *sorted(["red", "green", "blue", "purple"],
                                                   key=lambda c: (len(c) + i) % 4))
    for i in range(12)
] + [true_false(f"Statement {i} holds.", i % 2 == 0) for i in range(4)]


def test_a_cued_bank_fails_every_check(tmp_path):
    lessons = write_course(tmp_path, CUED)
    questions = cues.load_banks(lessons)["01-made-up"]
    assert cues.longest_right(questions) == cues.Share(12, 12)
    assert "longest in 12/12" in cues.longest_right_problem(questions)
    assert "0/4 (0%) true/false answers are True" in cues.true_share_problem(questions)
    assert "absolute words are in 0/12 (0%) right claims" in cues.absolute_problem(questions)
    found = cues.pass_rates(lessons)
    assert found["longest option, t/f by cue words"]["01-made-up"] == 1.0
    assert found["most hedged, t/f usual answer"]["01-made-up"] == 1.0
    problems = cues.pass_rate_problems(found, "01-made-up")
    assert any("'longest option, t/f usual answer' passes 100.0%" in p for p in problems)


def test_a_fair_bank_passes_every_check(tmp_path):
    lessons = write_course(tmp_path, FAIR)
    questions = cues.load_banks(lessons)["01-made-up"]
    assert cues.longest_right(questions).percent <= 30
    assert cues.longest_right_problem(questions) is None
    assert cues.true_share_problem(questions) is None
    assert cues.absolute_problem(questions) is None
    assert cues.pass_rate_problems(cues.pass_rates(lessons), "01-made-up") == []


def test_ties_count_as_longest():
    assert cues.longest_right([single("?", "abc", "xyz", "a")]) == cues.Share(1, 1)
    assert cues.longest_right([single("?", "ab", "xyz")]) == cues.Share(0, 1)


def test_chances_break_ties_at_random():
    bank = cues.Bank([], ENGLISH)
    tied = single("?", "abcd", "wxyz", "a")
    assert cues.STRATEGIES["longest option, t/f by cue words"](tied, bank) == 0.5
    echoed = single("When can Maria drive home?", "Tomorrow morning", "Maria can drive home now")
    assert cues.STRATEGIES["echoes the stem, t/f by cue words"](echoed, bank) == 0.0


def test_multiple_answer_is_right_only_for_exactly_the_right_set():
    # the app's rule (course/quiz.py is_correct): ticking every box is wrong
    two_of_three = {"kind": "multiple", "prompt": "?",
                    "options": [option("a much longer option", True), option("short"),
                                option("another long option", True)]}
    one_of_three = {**two_of_three, "options": [option("a much longer option", True),
                                                option("short"), option("another long one")]}
    bank = cues.Bank([], ENGLISH)
    longest = cues.STRATEGIES["longest option, t/f by cue words"]
    assert longest(two_of_three, bank) == 1.0  # ticks the two long ones: exactly right
    assert longest(one_of_three, bank) == 0.0  # ticks two, one of them wrong
    assert cues.random_guess(two_of_three) == 1 / 7


def test_true_false_cues():
    balanced = cues.Bank([true_false("x", True), true_false("y", False)], ENGLISH)
    assert cues.by_cue_words(true_false("It never helps.", False), balanced) == 1.0
    assert cues.by_cue_words(true_false("It may help.", True), balanced) == 1.0
    assert cues.by_cue_words(true_false("It helps.", True), balanced) == 0.5
    mostly_false = cues.Bank([true_false("x", False)] * 3 + [true_false("y", True)], ENGLISH)
    assert cues.usual_answer(true_false("It helps.", False), mostly_false) == 1.0
    assert cues.usual_answer(true_false("It helps.", True), mostly_false) == 0.0


def test_pass_mark_is_graded_like_the_app():
    assert cues.passes(7, 8, 80) and not cues.passes(6, 8, 80)  # 88% and 75%
    assert cues.pass_rate([1.0] * 16, 8, 80) == 1.0
    assert cues.pass_rate([0.0] * 16, 8, 80) == 0.0
    # 14 sure answers and 2 sure misses: passed unless both misses are among the 8 drawn
    both_drawn = (8 * 7) / (16 * 15)
    assert cues.pass_rate([1.0] * 14 + [0.0] * 2, 8, 80) == pytest.approx(1 - both_drawn, abs=0.02)


def test_absolute_words_are_whole_words_and_phrases():
    assert cues.count_phrases("No one can promise that", ENGLISH.absolute) == 2  # no, no one
    assert cues.count_phrases("It is nowhere near", ENGLISH.absolute) == 0
    assert cues.count_phrases("You can't drive", ENGLISH.absolute) == 1  # cannot


def test_spanish_cue_words_read_accented_words_whole():
    assert cues.tokens("¿Sólo una niña?") == ["sólo", "una", "niña"]
    assert cues.count_phrases("Nadie puede garantizar que funcione siempre", SPANISH.absolute) == 2  # nadie, siempre
    assert cues.count_phrases("No puede manejar", SPANISH.absolute) == 1  # "no puede", not "no"
    assert cues.count_phrases("Hable con su médico; a veces ayuda", SPANISH.hedges) == 2
    echoed = single("¿Cuándo puede María manejar a casa?", "Mañana por la mañana", "María puede manejar a casa ahora")
    assert cues.STRATEGIES["echoes the stem, t/f by cue words"](echoed, cues.Bank([], SPANISH)) == 0.0


def test_a_translated_bank_is_read_from_its_own_file(tmp_path):
    import tomli_w

    lessons = write_course(tmp_path, CUED)
    (lessons / "01-made-up" / "quiz.es.toml").write_text(tomli_w.dumps({"questions": FAIR}), encoding="utf-8")
    assert len(cues.load_banks(lessons, "es")["01-made-up"]) == len(FAIR)
    assert cues.load_banks(lessons, "vi") == {}  # no Vietnamese bank yet: nothing to check
    assert cues.pass_rate_problems(cues.pass_rates(lessons, SPANISH), "01-made-up") == []
