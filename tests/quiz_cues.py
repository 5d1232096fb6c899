"""How far a quiz bank can be answered by its cues alone, without reading a lesson.

Pure functions over the `quiz.toml` banks of a lessons folder, read with tomllib (no
dependency on the course loader). Used by tests/test_quiz_cues.py and its terminal summary.

Two kinds of measure:

- Bank statistics: how often the right option is the longest, the share of true/false
  answers that are True, and how often absolute words sit in right versus wrong claims.
- A simulated test-wise learner: strategies that never read a lesson (pick the longest, the
  most hedged, the option that echoes the stem...). Each strategy's chance of getting each
  question right is computed exactly (ties broken at random), then quizzes are drawn and
  graded the way the app does (`course/quiz.py`: `quiz_size` questions drawn at random, a
  multiple-answer question right only when exactly the right set is ticked, passed at
  `pass_mark` percent of the drawn questions, rounded as the app rounds).

The cue words live in one `CueWords` per language, so another edition (the Spanish one,
quiz.es.toml beside each quiz.toml) runs the same checks with its own word lists.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

Question = dict  # one [[questions]] table of a quiz.toml, as tomllib reads it
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class CueWords:
    """The words a test-wise learner reads as cues, for one language."""

    absolute: frozenset[Phrase]  # "always", "no one": claims with no exceptions
    hedges: frozenset[Phrase]  # "may", "talk to": careful, qualified claims
    stopwords: frozenset[str]  # left out when comparing an option with its stem
    language: str = "en"  # the edition: quiz.toml in the course's own language, else quiz.LANG.toml


def phrases(*texts: str) -> frozenset[Phrase]:
    return frozenset(tuple(text.split()) for text in texts)


ENGLISH = CueWords(
    absolute=phrases(
        "always", "never", "only", "all", "none", "no", "no one", "nobody", "nothing",
        "every", "everyone", "everything", "completely", "entirely", "totally", "fully",
        "guaranteed", "guarantee", "guarantees", "cure", "cures", "cured", "must", "cannot",
        "impossible", "forever", "permanent", "permanently", "certainly", "definitely",
    ),
    hedges=phrases(
        "may", "might", "can", "could", "some", "sometimes", "often", "usually", "about",
        "around", "likely", "possible", "possibly", "probably", "perhaps", "tend", "tends",
        "generally", "typically", "depends", "talk to", "ask your", "check with",
    ),
    stopwords=frozenset(
        """a an the and or but if of to in on at by for with from as into about than then
        is are was were be been being am do does did done has have had this that these
        those it its it's he she they them their his her you your we our i me my who whom
        what which when where why how there here not no so such can could may might will
        would should shall must very more most some any each other own same too just also
        up down out over after before again once one two""".split()
    ),
)


SPANISH = CueWords(
    # "no" is left out: in Spanish it is the plain "not", not the absolute "no one"/"none".
    absolute=phrases(
        "siempre", "nunca", "jamás", "solo", "sólo", "solamente", "únicamente", "todo", "toda",
        "todos", "todas", "ninguno", "ninguna", "ningún", "nadie", "nada", "cada",
        "completamente", "totalmente", "enteramente", "garantizado", "garantizada",
        "garantiza", "garantizan", "garantía", "cura", "curan", "curado", "curada", "debe",
        "deben", "no puede", "no pueden", "imposible", "para siempre", "permanente",
        "permanentemente", "ciertamente", "definitivamente", "con seguridad",
    ),
    hedges=phrases(
        "puede", "pueden", "podría", "podrían", "algunos", "algunas", "algún", "a veces",
        "a menudo", "suele", "suelen", "normalmente", "por lo general", "generalmente",
        "habitualmente", "alrededor", "aproximadamente", "cerca de", "unos", "unas",
        "probable", "probablemente", "posible", "posiblemente", "quizás", "quizá", "tal vez",
        "tiende", "tienden", "depende", "hable con", "pregunte a", "pregunte al",
        "consulte con", "consulte a",
    ),
    stopwords=frozenset(
        """a al ante bajo con contra de del desde durante en entre hacia hasta para por según
        sin sobre tras el la los las lo un una unos unas y e o u ni pero sino que si no ya
        es son era eran fue fueron ser estar está están estaba estaban ha han había haber
        hay este esta estos estas ese esa esos esas eso esto aquel aquella su sus se le les
        me mi mis te tu tus usted ustedes él ella ellos ellas nos nosotros qué quién cuál
        cuándo dónde cómo cuando donde como muy más menos mismo misma otro otra otros otras
        tan también puede pueden debe deben cada todo toda todos todas uno dos después antes
        vez veces""".split()
    ),
    language="es",
)


# ----------------------------------------------------------------------------- reading


def tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\bcan't\b", "cannot", text)
    return re.findall(r"[^\W_]+(?:'[^\W_]+)?", text)  # words in any script: "sólo", "niño"


def count_phrases(text: str, wanted: frozenset[Phrase]) -> int:
    words = tokens(text)
    return sum(
        tuple(words[i : i + len(phrase)]) == phrase
        for phrase in wanted
        for i in range(len(words) - len(phrase) + 1)
    )


def load_course(lessons: Path) -> dict:
    return tomllib.loads((lessons / "course.toml").read_text(encoding="utf-8"))


def quiz_file(lessons: Path, language: str) -> str:
    """quiz.toml for the course's own language, quiz.es.toml for its Spanish edition."""
    return "quiz.toml" if language == load_course(lessons).get("language", "en") else f"quiz.{language}.toml"


def load_banks(lessons: Path, language: str = "en") -> dict[str, list[Question]]:
    """Module folder -> its questions, in the course's module order; a translation still in
    progress has only the banks translated so far."""
    banks = {}
    name = quiz_file(lessons, language)
    for folder in load_course(lessons).get("modules", []):
        path = lessons / folder / name
        if path.is_file():
            banks[folder] = tomllib.loads(path.read_text(encoding="utf-8")).get("questions", [])
    return banks


def quiz_rules(lessons: Path) -> tuple[int, int]:
    """(quiz_size, pass_mark) from course.toml, with the app's defaults."""
    course = load_course(lessons)
    return int(course.get("quiz_size", 8)), int(course.get("pass_mark", 80))


def options(question: Question) -> list[dict]:
    return question.get("options", [])


def is_right(option: dict) -> bool:
    return bool(option.get("correct"))


def answer_is_true(question: Question, cues: CueWords) -> bool:
    """For a true_false question: is its statement (the prompt) true? (The option marked
    right has `value = true`; the words shown are the app's, in any language.)"""
    return any(is_right(o) and o.get("value") is True for o in options(question))


def of_kind(questions: list[Question], *kinds: str) -> list[Question]:
    return [q for q in questions if q.get("kind") in kinds]


# -------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Share:
    hits: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} ({self.percent:.0f}%)"


def longest_right(questions: list[Question]) -> Share:
    """Single-answer questions whose right option is the longest (a tie counts as longest)."""
    singles = of_kind(questions, "single")
    hits = 0
    for q in singles:
        lengths = [len(o.get("text", "").strip()) for o in options(q)]
        right = [n for n, o in zip(lengths, options(q)) if is_right(o)]
        hits += bool(right) and max(right) >= max(lengths)
    return Share(hits, len(singles))


def true_answers(questions: list[Question], cues: CueWords = ENGLISH) -> Share:
    tf = of_kind(questions, "true_false")
    return Share(sum(answer_is_true(q, cues) for q in tf), len(tf))


def claims(questions: list[Question], cues: CueWords) -> tuple[list[str], list[str]]:
    """(right claims, wrong claims): the options of single and multiple questions, and the
    statements of true_false questions, sorted by whether they are right."""
    right: list[str] = []
    wrong: list[str] = []
    for q in questions:
        if q.get("kind") == "true_false":
            (right if answer_is_true(q, cues) else wrong).append(q.get("prompt", ""))
        else:
            for o in options(q):
                (right if is_right(o) else wrong).append(o.get("text", ""))
    return right, wrong


def absolute_shares(questions: list[Question], cues: CueWords = ENGLISH) -> tuple[Share, Share]:
    """(right claims with an absolute word, wrong claims with one)."""
    right, wrong = claims(questions, cues)

    def share(texts: list[str]) -> Share:
        return Share(sum(count_phrases(t, cues.absolute) > 0 for t in texts), len(texts))

    return share(right), share(wrong)


# -------------------------------------------------------------------------- strategies
#
# A strategy gives, for one question, the exact chance that it answers it right. Single:
# the options its cue ranks highest, one drawn at random. Multiple: it ticks every option
# its cue scores at or above the mean (so at least one; with no cue at all, every box).
# True/false: read by a cue of its own (TRUE_FALSE_CUES).


def pick_best(question: Question, scores: list[float]) -> float:
    """Chance of choosing a right option when one of the top-scoring options is drawn."""
    top = max(scores)
    best = [o for o, s in zip(options(question), scores) if s == top]
    return sum(map(is_right, best)) / len(best)


def tick_favoured(question: Question, scores: list[float]) -> float:
    """1.0 when ticking the options scored at or above the mean is exactly the right set."""
    mean = fmean(scores)
    return float(all((s >= mean) == is_right(o) for o, s in zip(options(question), scores)))


def by_scores(question: Question, scores: list[float]) -> float:
    if question.get("kind") == "multiple":
        return tick_favoured(question, scores)
    return pick_best(question, scores)


def random_guess(question: Question) -> float:
    n = len(options(question))
    if question.get("kind") == "multiple":
        return 1 / (2**n - 1)  # any one of the non-empty sets of boxes
    return 1 / n


@dataclass(frozen=True)
class Bank:
    """What a strategy may know besides the question: the bank's true/false habit."""

    questions: list[Question]
    cues: CueWords

    @property
    def true_share(self) -> float:
        share = true_answers(self.questions, self.cues)
        return share.hits / share.total if share.total else 0.5


def usual_answer(question: Question, bank: Bank) -> float:
    """The bank's usual true/false answer, learnt over retakes; a coin toss when even."""
    if bank.true_share == 0.5:
        return 0.5
    return float(answer_is_true(question, bank.cues) == (bank.true_share > 0.5))


def by_cue_words(question: Question, bank: Bank) -> float:
    """An absolute word means False, a hedge means True, else the bank's usual answer."""
    statement = question.get("prompt", "")
    truth = answer_is_true(question, bank.cues)
    if count_phrases(statement, bank.cues.absolute):
        return float(not truth)
    if count_phrases(statement, bank.cues.hedges):
        return float(truth)
    return usual_answer(question, bank)


def coin(question: Question, bank: Bank) -> float:
    return 0.5


def length(question: Question, option: dict, cues: CueWords) -> float:
    return len(option.get("text", "").strip())


def shortness(question: Question, option: dict, cues: CueWords) -> float:
    return -length(question, option, cues)


def hedging(question: Question, option: dict, cues: CueWords) -> float:
    return count_phrases(option.get("text", ""), cues.hedges)


def content_words(text: str, cues: CueWords) -> set[str]:
    """Words that carry meaning, crudely stemmed so 'drive' and 'drives' match."""
    return {
        w[:-1] if len(w) > 3 and w.endswith("s") else w
        for w in tokens(text)
        if w not in cues.stopwords
    }


def echo(question: Question, option: dict, cues: CueWords) -> float:
    stem = content_words(question.get("prompt", ""), cues)
    return len(content_words(option.get("text", ""), cues) & stem)


def without_absolutes(question: Question, option: dict, cues: CueWords) -> float:
    return -float(count_phrases(option.get("text", ""), cues.absolute) > 0)


Strategy = Callable[[Question, Bank], float]
OptionCue = Callable[[Question, dict, CueWords], float]


def learner(option_cue: OptionCue | None, true_false: Strategy) -> Strategy:
    """Reads single and multiple options by `option_cue` (None: guesses at random) and
    true/false statements by `true_false`."""

    def chance(question: Question, bank: Bank) -> float:
        if question.get("kind") == "true_false":
            return true_false(question, bank)
        if option_cue is None:
            return random_guess(question)
        return by_scores(question, [option_cue(question, o, bank.cues) for o in options(question)])

    return chance


OPTION_CUES: dict[str, OptionCue] = {
    "longest option": length,
    "shortest option": shortness,  # a bank that overcorrects gives itself away too
    "most hedged": hedging,
    "echoes the stem": echo,
    "avoids absolutes": without_absolutes,
}
TRUE_FALSE_CUES: dict[str, Strategy] = {"t/f by cue words": by_cue_words, "t/f usual answer": usual_answer}

STRATEGIES: dict[str, Strategy] = {
    f"{name}, {tf_name}": learner(cue, tf)
    for name, cue in OPTION_CUES.items()
    for tf_name, tf in TRUE_FALSE_CUES.items()
} | {
    "guess, t/f by cue words": learner(None, by_cue_words),
    "random guess (baseline)": learner(None, coin),
}
"""Each test-wise learner pairs a cue for options with one for true/false statements."""


def chances(questions: list[Question], strategy: Strategy, cues: CueWords = ENGLISH) -> list[float]:
    bank = Bank(questions, cues)
    return [strategy(q, bank) for q in questions]


# -------------------------------------------------------------------------- simulation

ATTEMPTS = 10_000
SEED = 11  # issue 11


def passes(right: int, drawn: int, pass_mark: int) -> bool:
    """The app's rule: the rounded percentage of right answers reaches the pass mark."""
    return drawn > 0 and round(100 * right / drawn) >= pass_mark


def pass_rate(
    chance: list[float], quiz_size: int, pass_mark: int,
    attempts: int = ATTEMPTS, seed: int = SEED,
) -> float:
    """Share of simulated attempts passed by a learner with these chances per question."""
    if not chance:
        return 0.0
    rng = random.Random(seed)
    size = min(quiz_size, len(chance))
    passed = 0
    for _ in range(attempts):
        right = sum(rng.random() < p for p in rng.sample(chance, size))
        passed += passes(right, size, pass_mark)
    return passed / attempts


def pass_rates(lessons: Path, cues: CueWords = ENGLISH) -> dict[str, dict[str, float]]:
    """Strategy -> module folder -> share of simulated attempts passed."""
    quiz_size, pass_mark = quiz_rules(lessons)
    banks = load_banks(lessons, cues.language)
    return {
        name: {
            folder: pass_rate(chances(questions, strategy, cues), quiz_size, pass_mark)
            for folder, questions in banks.items()
        }
        for name, strategy in STRATEGIES.items()
    }


def table(lessons: Path, rates: dict[str, dict[str, float]], cues: CueWords = ENGLISH) -> list[str]:
    """The pass rates (from `pass_rates`) and each bank's statistics, as lines of text."""
    banks = load_banks(lessons, cues.language)
    if not banks:
        return [f"Test-wise learner ({lessons.name}/, {cues.language}): no quiz banks in this edition yet"]
    folders = list(banks)
    width = max(map(len, STRATEGIES)) + 2

    def row(label: str, cells: list[str], total: str = "") -> str:
        return label.ljust(width) + "".join(c.rjust(7) for c in cells) + total

    every = [q for questions in banks.values() for q in questions]
    right, wrong = absolute_shares(every, cues)
    return [
        f"Test-wise learner ({lessons.name}/, {cues.language}): % of {ATTEMPTS} attempts passed",
        row("module", [f.split("-", 1)[0] for f in folders]),
        *(row(name, [f"{100 * by_module[f]:.1f}%" for f in folders]) for name, by_module in rates.items()),
        row("questions", [str(len(banks[f])) for f in folders], f"   all {len(every)}"),
        row("longest right", [f"{longest_right(banks[f]).percent:.0f}%" for f in folders],
            f"   all {longest_right(every)}"),
        row("true answers", [f"{true_answers(banks[f], cues).percent:.0f}%" for f in folders],
            f"   all {true_answers(every, cues)}"),
        f"absolute words: in {right} right claims, {wrong} wrong claims",
    ]


# ------------------------------------------------------------------------------ limits

MAX_LONGEST_RIGHT = 30.0  # % of single-answer questions, across the course
TRUE_SHARE = (40.0, 60.0)  # % of true/false answers that are True, across the course
MAX_ABSOLUTE_GAP = 10.0  # percentage points between right and wrong claims
MAX_PASS_RATE = 0.05  # of simulated attempts, for any strategy on any module


def longest_right_problem(questions: list[Question]) -> str | None:
    share = longest_right(questions)
    if share.percent > MAX_LONGEST_RIGHT:
        return (f"the right option is the longest in {share} single-answer questions, "
                f"at most {MAX_LONGEST_RIGHT:.0f}% allowed: shorten right options or give "
                "wrong ones real detail")
    return None


def true_share_problem(questions: list[Question], cues: CueWords = ENGLISH) -> str | None:
    share = true_answers(questions, cues)
    low, high = TRUE_SHARE
    if share.total and not low <= share.percent <= high:
        return (f"{share} true/false answers are True, expected {low:.0f}-{high:.0f}%: "
                "rewrite some statements so the answers balance")
    return None


def absolute_problem(questions: list[Question], cues: CueWords = ENGLISH) -> str | None:
    right, wrong = absolute_shares(questions, cues)
    if abs(right.percent - wrong.percent) > MAX_ABSOLUTE_GAP:
        return (f"absolute words are in {right} right claims but {wrong} wrong ones, "
                f"at most {MAX_ABSOLUTE_GAP:.0f} points apart: use them in both or in neither")
    return None


def pass_rate_problems(rates: dict[str, dict[str, float]], folder: str) -> list[str]:
    return [
        f"{folder}: '{name}' passes {100 * by_module[folder]:.1f}% of attempts without "
        f"reading the lesson, at most {100 * MAX_PASS_RATE:.0f}% allowed"
        for name, by_module in rates.items()
        if by_module[folder] > MAX_PASS_RATE
    ]
