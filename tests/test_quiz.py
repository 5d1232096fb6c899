"""The quiz rules, tested directly: grading, the pass mark, the best score, drawing retakes,
and the spaced-practice schedule. Each test names the rule it holds in place, so that a
one-line change to the rule turns it red (docs/testing.md: the mutation score)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from course.content.model import Course, CrisisLine, Module, Option, Question, Section
from course.learning.quiz import (
    ATTEMPTS_KEPT,
    PRACTICE_GAP,
    REVIEW_DAYS,
    PracticeSession,
    asked_before,
    day_start,
    draw,
    due_keys,
    is_correct,
    is_due,
    next_due,
    percent,
    record_attempt,
    record_practice,
    review_key,
    review_queue,
    shuffled,
)
from course.learning.shown import in_print_order
from course.progress.model import UTC, Learner

MORNING = dt.datetime(2026, 3, 2, 9, 0).astimezone(UTC)  # 9 am local time, whatever the machine's zone


def local(days: int, hour: int = 9) -> dt.datetime:
    """A local time `days` after MORNING's day."""
    day = MORNING.astimezone().date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour).astimezone(UTC)


def question(qid: str, kind: str = "single", right: tuple[int, ...] = (0,), options: int = 3) -> Question:
    return Question(id=qid, kind=kind, prompt=f"Question {qid}?", section="s", explanation="Because.",
                    options=[Option(text=f"Option {i}", correct=i in right, feedback="Feedback.") for i in range(options)])


def module(count: int = 16, module_id: str = "m") -> Module:
    return Module(id=module_id, title="A module", minutes=5, audiences=["patient", "volunteer"], reviewed="2026-01-01",
                  sources=["x"], objectives=["Know it"], key_points=["It."], folder=f"01-{module_id}",
                  sections=[Section(id="s", title="Section", body="Text.")],
                  questions=[question(f"q{i:02d}") for i in range(count)])


def course(*modules: Module) -> Course:
    return Course(id="c", title="Course", version="1", reviewed="2026-01-01", disclaimer="Education only.",
                  crisis=[CrisisLine(name="988", how="Call 988.")], modules=list(modules) or [module()])


TICK_TWO_OF_FOUR = question("multi", kind="multiple", right=(0, 2), options=4)


# ------------------------------------------------------------------ grading


def test_the_exact_right_options_are_correct():
    assert is_correct(TICK_TWO_OF_FOUR, {0, 2})
    assert is_correct(question("one"), {0})


def test_ticking_every_box_is_wrong():
    assert not is_correct(TICK_TWO_OF_FOUR, {0, 1, 2, 3})


def test_one_right_option_missing_is_wrong():
    assert not is_correct(TICK_TWO_OF_FOUR, {0})
    assert not is_correct(TICK_TWO_OF_FOUR, {2})


def test_one_extra_option_is_wrong():
    assert not is_correct(TICK_TWO_OF_FOUR, {0, 1, 2})


def test_a_wrong_option_alone_or_beside_the_right_one_is_wrong():
    assert not is_correct(question("one"), {1})
    assert not is_correct(question("one"), {0, 1})  # any overlap is not enough
    assert not is_correct(question("one"), set())


def test_percent_rounds_to_the_nearest_whole_number():
    assert percent([True, True, False]) == 67
    assert percent([True, False, False]) == 33
    assert percent([True] * 7 + [False]) == 88
    assert percent([]) == 0


def drawn_of(mod: Module, count: int):
    return [shuffled(mod.id, q, random.Random(0)) for q in mod.questions[:count]]


def answers_for(drawn, rights: list[bool]) -> list[set[int]]:
    return [set(d.question.correct_indexes) if right else {1} for d, right in zip(drawn, rights)]


def attempt(learner: Learner, mod: Module, rights: list[bool], pass_mark: int = 80, at=None):
    drawn = drawn_of(mod, len(rights))
    return record_attempt(learner, drawn, answers_for(drawn, rights), pass_mark, at)


@pytest.mark.parametrize(("rights", "pass_mark", "passed"), [
    ([True] * 4 + [False], 80, True),  # exactly the pass mark passes
    ([True] * 3 + [False] * 2, 80, False),  # one below
    ([True] * 3 + [False], 75, True),
    ([True] * 3 + [False], 76, False),
    ([True] * 5, 100, True),
])
def test_the_pass_mark_is_inclusive(rights, pass_mark, passed):
    learner = Learner()
    result = attempt(learner, module(), rights, pass_mark)
    assert result.passed is passed and result.score == percent(rights)
    record = learner.quizzes["m"]
    assert record.attempts[-1].passed is passed
    assert (record.passed_at is not None) is passed


def test_the_result_lists_what_was_missed_in_the_order_asked():
    mod = module()
    result = attempt(Learner(), mod, [True, False, True, False])
    assert [d.question.id for d in result.missed] == ["q01", "q03"]


def test_the_best_score_is_the_highest_and_never_goes_down():
    learner, mod = Learner(), module()
    attempt(learner, mod, [True, False], at=local(0))
    attempt(learner, mod, [True, True], at=local(0, 10))
    attempt(learner, mod, [False, False], at=local(0, 11))
    record = learner.quizzes["m"]
    assert record.best_score == 100 and [a.score for a in record.attempts] == [50, 100, 0]
    assert record.attempt_count == 3
    assert record.passed_at == local(0, 10)  # the first pass, not moved by later attempts
    attempt(learner, mod, [True, True], at=local(1))
    assert record.passed_at == local(0, 10)


def test_an_attempt_keeps_the_answers_in_bank_order():
    learner, mod = Learner(), module()
    drawn = drawn_of(mod, 2)
    record_attempt(learner, drawn, [{0}, {2, 1}], 80)
    kept = learner.quizzes["m"].attempts[-1]
    assert kept.questions == ["q00", "q01"] and kept.answers == [[0], [1, 2]] and kept.correct == [True, False]


def test_history_is_trimmed_but_the_count_goes_on():
    learner, mod = Learner(), module()
    for _ in range(ATTEMPTS_KEPT + 3):
        attempt(learner, mod, [True])
    record = learner.quizzes["m"]
    assert len(record.attempts) == ATTEMPTS_KEPT and record.attempt_count == ATTEMPTS_KEPT + 3


# ------------------------------------------------------------------ drawing retakes


def ids(drawn) -> set[str]:
    return {d.question.id for d in drawn}


def test_a_retake_prefers_questions_not_asked_yet():
    learner, mod = Learner(), module(16)
    first = draw(mod, 8, random.Random(1), learner)
    record_attempt(learner, first, [set(d.question.correct_indexes) for d in first], 80)
    second = draw(mod, 8, random.Random(2), learner)
    assert not ids(first) & ids(second) and len(ids(second)) == 8


def test_then_questions_missed_then_the_rest():
    learner, mod = Learner(), module(16)
    seen = []
    for seed in (1, 2):
        drawn = draw(mod, 8, random.Random(seed), learner)
        missed = {d.question.id for d in drawn[:2]}  # miss two questions of each attempt
        record_attempt(learner, drawn, [set() if d.question.id in missed else set(d.question.correct_indexes)
                                        for d in drawn], 80)
        seen.append(missed)
    every_miss = seen[0] | seen[1]
    assert asked_before(learner, "m") == ({q.id for q in mod.questions}, every_miss)
    for seed in range(20):
        third = draw(mod, 8, random.Random(seed), learner)
        assert every_miss <= ids(third) and len(third) == 8


def test_a_question_answered_right_since_its_miss_is_no_longer_missed():
    learner, mod = Learner(), module(3)
    drawn = drawn_of(mod, 1)
    record_attempt(learner, drawn, [set()], 80, at=local(0))
    learner.review.clear()  # practised away
    record_attempt(learner, drawn, [set(drawn[0].question.correct_indexes)], 80, at=local(1))
    assert asked_before(learner, "m") == ({"q00"}, set())


def test_the_missed_questions_are_not_asked_first():
    learner, mod = Learner(), module(16)
    for seed in (1, 2):
        drawn = draw(mod, 8, random.Random(seed), learner)
        record_attempt(learner, drawn, [set()] * 2 + [set(d.question.correct_indexes) for d in drawn[2:]], 80)
    missed = asked_before(learner, "m")[1]
    places = {index for seed in range(30) for index, d in enumerate(draw(mod, 8, random.Random(seed), learner))
              if d.question.id in missed}
    assert places == set(range(8))


def test_a_first_attempt_draws_the_quiz_size_and_a_small_bank_whole():
    assert len(draw(module(16), 8, random.Random(0))) == 8
    assert ids(draw(module(5), 8, random.Random(0))) == {f"q{i:02d}" for i in range(5)}


def test_true_false_keeps_true_before_false_and_other_options_are_shuffled():
    tf = question("tf", kind="true_false", right=(1,), options=2)
    assert all(shuffled("m", tf, random.Random(seed)).order == (0, 1) for seed in range(10))
    orders = {shuffled("m", question("x", options=4), random.Random(seed)).order for seed in range(10)}
    assert len(orders) > 1


# ------------------------------------------------------------------ the Leitner schedule


def missed_in_a_quiz(learner: Learner, mod: Module, at=MORNING) -> str:
    drawn = drawn_of(mod, 1)
    record_attempt(learner, drawn, [set()], 80, at)
    return drawn[0].key


def test_a_missed_question_is_due_today_in_box_0():
    learner = Learner()
    key = missed_in_a_quiz(learner, module())
    item = learner.review[key]
    assert (item.misses, item.box, item.due, item.last_seen) == (1, 0, None, MORNING)
    assert is_due(item, MORNING) and due_keys(learner, course(), at=MORNING) == [key]


def test_right_answers_on_separate_days_move_it_up_until_it_leaves():
    learner = Learner()
    key = missed_in_a_quiz(learner, module())
    assert record_practice(learner, key, True, local(0, 10)) == "later"
    item = learner.review[key]
    assert item.box == 1 and item.due == day_start(REVIEW_DAYS[0], MORNING) == local(1, 0)
    assert not is_due(item, local(0, 23)) and is_due(item, local(1, 0))
    assert record_practice(learner, key, True, local(0, 23)) == "not_due"  # the same day again: nothing changes
    assert item.box == 1 and item.due == local(1, 0)
    assert record_practice(learner, key, True, local(1, 8)) == "later"
    assert item.box == 2 and item.due == local(1 + REVIEW_DAYS[1], 0)
    assert not is_due(item, local(REVIEW_DAYS[1], 12))
    assert record_practice(learner, key, True, local(1 + REVIEW_DAYS[1], 7)) == "cleared"
    assert key not in learner.review


def test_a_miss_in_any_box_starts_again_today():
    learner = Learner()
    key = missed_in_a_quiz(learner, module())
    record_practice(learner, key, True, local(0, 10))
    record_practice(learner, key, True, local(1, 10))
    assert record_practice(learner, key, False, local(4, 10)) == "missed"
    item = learner.review[key]
    assert (item.misses, item.box, item.due, item.last_seen) == (2, 0, None, local(4, 10))


def test_a_right_answer_to_a_question_never_missed_changes_nothing():
    learner = Learner()
    assert record_practice(learner, "m/q00", True, MORNING) == "not_due" and learner.review == {}


def test_a_quiz_counts_as_practice_for_questions_due():
    learner, mod = Learner(), module()
    key = missed_in_a_quiz(learner, mod)
    drawn = drawn_of(mod, 1)
    record_attempt(learner, drawn, [set(drawn[0].question.correct_indexes)], 80, local(0, 12))
    assert learner.review[key].box == 1


def test_a_due_count_leaves_out_questions_the_course_no_longer_has_and_those_due_later():
    learner, mod = Learner(), module(3)
    for qid in ("q00", "q01", "q02"):
        record_practice(learner, review_key("m", qid), False, MORNING)
    record_practice(learner, "m/q01", True, MORNING)
    learner.review["m/gone"] = learner.review["m/q00"].model_copy()
    learner.review["other/q00"] = learner.review["m/q00"].model_copy()
    learner.review["m/q02"].misses = 5
    assert due_keys(learner, course(mod), at=MORNING) == ["m/q02", "m/q00"]  # most missed first
    assert due_keys(learner, course(mod), "other", at=MORNING) == []
    assert [d.key for d in review_queue(learner, course(mod), at=MORNING)] == ["m/q02", "m/q00"]
    assert next_due(learner, course(mod), MORNING) == learner.review["m/q01"].due
    assert next_due(learner, course(mod), local(1)) is None


def session_with(missed: list[str], bank: int = 6, rng_seed: int = 0):
    learner, mod = Learner(), module(bank)
    for qid in missed:
        record_practice(learner, review_key("m", qid), False)
    the_course = course(mod)
    return learner, PracticeSession(learner, the_course, review_queue(learner, the_course), random.Random(rng_seed))


def answer(session: PracticeSession, right: bool) -> str:
    key = session.current.key
    session.answer(set(session.current.question.correct_indexes) if right else set())
    return key


@pytest.mark.parametrize("missed", [["q00"], ["q00", "q01"], ["q00", "q01", "q02", "q03"]])
def test_a_missed_question_comes_back_after_other_questions(missed):
    learner, session = session_with(missed)
    first = answer(session, False)
    order = [item.key for item in session.queue]
    assert order.index(first) == PRACTICE_GAP and first not in order[:PRACTICE_GAP]
    assert len(set(order)) == len(order)
    asked = [answer(session, True) for _ in range(len(order))]
    assert session.done and asked == order
    assert all(learner.review[review_key("m", qid)].box == 1 for qid in missed)  # each back tomorrow


def test_a_filler_question_missed_joins_the_review_list():
    learner, session = session_with(["q00"])
    answer(session, False)
    filler = answer(session, False)
    assert learner.review[filler].box == 0 and filler in [item.key for item in session.queue]
    assert session.outcomes[filler] == "missed"


def test_a_one_question_bank_still_asks_again():
    learner, session = session_with(["q00"], bank=1)
    answer(session, False)
    assert [item.key for item in session.queue] == ["m/q00"] and session.left == 1
    answer(session, True)
    assert session.done and session.outcomes["m/q00"] == "later"


def test_a_miss_adds_only_enough_other_questions_to_make_the_gap():
    learner, session = session_with(["q00", "q01"])
    answer(session, False)  # one due question is still waiting: one other question fills the gap
    assert len(session.queue) == PRACTICE_GAP + 1 and session.queue[-1].key == "m/q00"


def test_a_question_waiting_for_a_later_day_is_not_asked_early_to_fill_the_gap():
    learner, mod = Learner(), module(3)
    record_practice(learner, "m/q00", False, MORNING)
    record_practice(learner, "m/q01", False, MORNING)
    record_practice(learner, "m/q01", True, MORNING)  # right today: back in a day, not before
    the_course = course(mod)
    session = PracticeSession(learner, the_course, review_queue(learner, the_course, at=MORNING), random.Random(0))
    answer(session, False)
    assert [item.key for item in session.queue] == ["m/q02", "m/q00"]


def test_a_session_shuffles_again_without_being_given_a_random_source():
    learner, mod = Learner(), module(6)
    record_practice(learner, "m/q00", False)
    the_course = course(mod)
    session = PracticeSession(learner, the_course, review_queue(learner, the_course))
    answer(session, False)
    assert session.queue[PRACTICE_GAP].key == "m/q00"


def test_practice_for_one_lesson_holds_only_its_questions():
    learner, first, second = Learner(), module(3, "m"), module(3, "n")
    record_practice(learner, "m/q00", False, MORNING)
    record_practice(learner, "n/q01", False, MORNING)
    both = course(first, second)
    assert [d.key for d in review_queue(learner, both, "n", at=MORNING)] == ["n/q01"]
    assert sorted(d.key for d in review_queue(learner, both, at=MORNING)) == ["m/q00", "n/q01"]


# ------------------------------------------------------------------ drawing: each question once, tiers in order


def test_no_question_is_drawn_twice_whatever_the_history():
    learner, mod = Learner(), module(6)
    drawn = drawn_of(mod, 6)
    record_attempt(learner, drawn, [set() if d.question.id in ("q00", "q01") else set(d.question.correct_indexes)
                                    for d in drawn], 80)  # everything seen, two missed
    for seed in range(20):
        picked = [d.question.id for d in draw(mod, 6, random.Random(seed), learner)]
        assert sorted(picked) == [f"q{i:02d}" for i in range(6)]


def test_the_rest_are_the_questions_answered_right_last_time():
    learner, mod = Learner(), module(8)
    drawn = [d for d in drawn_of(mod, 8) if d.question.id < "q06"]  # q06 and q07 never asked
    record_attempt(learner, drawn, [set() if d.question.id in ("q00", "q01") else set(d.question.correct_indexes)
                                    for d in drawn], 80)
    for seed in range(20):
        picked = {d.question.id for d in draw(mod, 5, random.Random(seed), learner)}
        assert {"q06", "q07", "q00", "q01"} < picked and len(picked) == 5  # unseen, missed, then one of the rest


def test_questions_in_practice_count_as_missed_for_their_own_lesson_only():
    learner, mod = Learner(), module(3)
    drawn = drawn_of(mod, 2)  # q00 missed; q01 right, yet still in practice from an earlier miss
    record_attempt(learner, drawn, [set(), set(drawn[1].question.correct_indexes)], 80)
    learner.review["m/q01"] = learner.review["m/q00"].model_copy()
    del learner.review["m/q00"]  # practised away since: still missed the last time it was asked
    learner.review["other/q02"] = learner.review["m/q01"].model_copy()
    assert asked_before(learner, "m") == ({"q00", "q01"}, {"q00", "q01"})


# ------------------------------------------------------------------ printing


def test_printed_options_are_shuffled_the_same_way_every_time():
    bank = [question(f"p{i}", options=4) for i in range(8)]
    printed = [in_print_order("m", q) for q in bank]
    assert printed == [in_print_order("m", q) for q in bank]  # a handout and its answer key agree
    assert all(sorted(o.text for o in p.options) == sorted(o.text for o in q.options) for p, q in zip(printed, bank))
    assert any(p.options != q.options for p, q in zip(printed, bank))  # not the author's order
    assert all(p.correct_indexes == {p.options.index(q.options[0])} for p, q in zip(printed, bank))
    tf = question("tf", kind="true_false", right=(1,), options=2)
    assert in_print_order("m", tf).options == tf.options
