"""Content rules for the real course in `lessons/` (see docs/content-brief.md).

These tests read the TOML and Markdown files themselves (tomllib and a few regular
expressions), so they do not depend on the loader in `course.content.loader`; one test also runs
the loader's own validation. Tests are parametrized by edition and module folder
("es-04-risks") so a failure names the module and the language it is about.

Every edition is held to the same rules: the English one (lesson.md, quiz.toml) and each
translation (lesson.es.md, quiz.es.toml), with its own readability scale and its own words
for the accuracy checks. A translation still in progress is checked on the files it has.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

LESSONS = Path(__file__).parents[1] / "lessons"
SHARED = Path(__file__).parents[2] / "shared"
FACTS = SHARED / "facts.md"
SEEDS = SHARED / "seeds"

ROLES = {"patient", "volunteer", "facilitator"}
KINDS = {"single", "multiple", "true_false"}
CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)\]")
EXPLICIT_ID = re.compile(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$")

MAX_GRADE = 8.0  # Flesch-Kincaid, English
MIN_EASE_ES = 70.0  # Fernández-Huerta, Spanish: "fairly easy" or easier
MIN_BANK = 16  # questions per quiz bank
ALL_OR_NONE = re.compile(r"\b(all|none) of the above\b|\b(todas|ninguna) de las anteriores\b", re.I)
SEED_RUN = 10  # words in a row that may not be shared with a seed article


# ---------------------------------------------------------------------------- parsing


def course_toml() -> dict:
    return tomllib.loads((LESSONS / "course.toml").read_text(encoding="utf-8"))


def module_folders() -> list[str]:
    try:
        return list(course_toml()["modules"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return []


MODULES = module_folders()
REGISTRY = {s["id"]: s for s in course_toml().get("sources", [])} if MODULES else {}


@dataclass(frozen=True)
class Edition:
    """One language of the course, and the words its accuracy checks look for."""

    language: str
    suffix: str  # in the file names: "" for lesson.md, ".es" for lesson.es.md
    max_section_words: int  # a page of the app; Spanish takes about a sixth more words
    seventy: re.Pattern  # the unsupported "70% after two sessions" claim, its two halves
    two_sessions: re.Pattern
    rewire: re.Pattern  # "ketamine rewires the brain", which must be hedged
    rewire_hedges: re.Pattern

    def __str__(self) -> str:
        return self.language

    def file(self, name: str) -> str:
        stem, extension = name.rsplit(".", 1)
        return f"{stem}{self.suffix}.{extension}"

    def folders(self, name: str = "lesson.md") -> list[str]:
        """The module folders that have this edition's `name` file (all of them when complete)."""
        return [folder for folder in MODULES if (LESSONS / folder / self.file(name)).is_file()]


ENGLISH = Edition(
    "en", "", 260,
    seventy=re.compile(r"\b70\s*(%|percent|per cent)|seventy percent", re.I),
    two_sessions=re.compile(r"\b(two|2)\s+(sessions|infusions|treatments|doses)", re.I),
    rewire=re.compile(r"rewir", re.I),
    # believed/thought/may/might/could, plus plain statements that it is unproven
    rewire_hedges=re.compile(r"\b(believed|thought|may|might|could|hypothes\w*|guess|unproven"
                             r"|not (yet )?(a )?proven)\b", re.I),
)
SPANISH = Edition(
    "es", ".es", 300,
    seventy=re.compile(r"\b70\s*(%|por ?ciento)|setenta por ?ciento", re.I),
    two_sessions=re.compile(r"\b(dos|2)\s+(sesiones|infusiones|tratamientos|dosis|aplicaciones)", re.I),
    rewire=re.compile(r"reconect|recable|reprogram", re.I),
    rewire_hedges=re.compile(r"\b(se cree|creen|se piensa|piensan|puede|pueden|podr[íi]an?|quiz[áa]s?|tal vez"
                             r"|hip[óo]tesis|no (est[áa] )?(a[úu]n )?(probad|demostrad)\w*|sin probar)\b", re.I),
)
EDITIONS = [ENGLISH, SPANISH]


def each_module(name: str = "lesson.md", *, editions=EDITIONS):
    """Parameters (edition, folder) for every module that has `name` in each edition."""
    return pytest.mark.parametrize(
        "edition, folder",
        [pytest.param(e, f, id=f"{e}-{f}") for e in editions for f in e.folders(name)],
    )


def complete(edition: Edition) -> bool:
    return edition.folders() == MODULES and edition.folders("quiz.toml") == MODULES


def slug(heading: str) -> str:
    text = re.sub(r"[^a-z0-9\s-]", "", heading.lower())
    return re.sub(r"[\s-]+", "-", text).strip("-")


@cache
def lesson(folder: str, edition: Edition = ENGLISH) -> dict:
    """Front matter, body and sections of a lesson.md (or lesson.es.md) file."""
    path = LESSONS / folder / edition.file("lesson.md")
    assert path.is_file(), f"{folder}: {path.name} is missing"
    lines = path.read_text(encoding="utf-8").splitlines()
    fences = [i for i, line in enumerate(lines) if line.strip() == "+++"]
    assert len(fences) >= 2 and fences[0] == 0, f"{folder}: front matter between +++ lines"
    meta = tomllib.loads("\n".join(lines[1 : fences[1]]))
    body_lines = lines[fences[1] + 1 :]
    sections: list[dict] = []
    in_code = False
    for line in body_lines:
        if line.strip().startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("## "):
            heading = line[3:]
            found = EXPLICIT_ID.search(heading)
            if found:
                section_id, heading = found.group(1), heading[: found.start()]
            else:
                section_id = slug(heading)
            sections.append({"id": section_id, "title": heading.strip(), "lines": []})
        elif sections:
            sections[-1]["lines"].append(line)
        else:
            assert not line.strip(), f"{folder}: text before the first ## heading: {line!r}"
    for section in sections:
        section["body"] = "\n".join(section["lines"]).strip()
    return {"meta": meta, "body": "\n".join(body_lines), "sections": sections}


@cache
def quiz(folder: str, edition: Edition = ENGLISH) -> list[dict]:
    """The questions of quiz.toml (or quiz.es.toml); none while a translation lacks the file."""
    path = LESSONS / folder / edition.file("quiz.toml")
    if edition is not ENGLISH and not path.is_file():
        return []
    assert path.is_file(), f"{folder}: {path.name} is missing"
    return tomllib.loads(path.read_text(encoding="utf-8")).get("questions", [])


NOT_PROSE = {"id", "kind", "section", "tags", "sources", "audiences"}


def strings(value) -> list[str]:
    """Every learner-visible string inside a TOML value (front matter or quiz bank)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in NOT_PROSE for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def texts(folder: str, edition: Edition = ENGLISH) -> list[str]:
    """All learner-visible text of a module: front matter strings, body, quiz strings."""
    data = lesson(folder, edition)
    return strings(data["meta"]) + [data["body"]] + strings(quiz(folder, edition))


# ------------------------------------------------------------------------ readability


def plain_prose(markdown: str) -> str:
    """Lesson body as prose: no headings, code, citations, links or markup.

    Each paragraph and list item becomes at least one sentence."""
    units: list[str] = []
    in_code = False
    current: list[str] = []

    def flush() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("```"):
            in_code = not in_code
            flush()
            continue
        if in_code or line.startswith("#") or line.startswith("|"):
            flush()
            continue
        if not line:
            flush()
            continue
        item = re.match(r"^([-*+]|\d+[.)])\s+", line)
        if item:
            flush()
            line = line[item.end() :]
        current.append(line)
    flush()
    cleaned = []
    for unit in units:
        unit = CITATION.sub("", unit)
        unit = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", unit)  # links
        unit = re.sub(r"[*_`>]", "", unit)
        unit = re.sub(r"\s+([.,;:!?])", r"\1", unit).strip()
        if not unit:
            continue
        if unit[-1] not in ".!?":
            unit = unit.rstrip(":;,") + "."
        cleaned.append(unit)
    return "\n".join(cleaned)


def syllables(word: str) -> int:
    word = word.lower().strip("'")
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def fk_grade(prose: str) -> float:
    words = re.findall(r"[A-Za-z0-9']+", prose.replace("’", "'"))
    sentences = len(re.findall(r"[.!?]+(?=[\s\"'”’)]|$)", prose)) or 1
    if not words:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59


SPANISH_VOWELS = "aeiouáéíóúü"
STRONG = set("aeoáéóíú")  # an accented í or ú stands alone: "dí-a", "ba-úl"


def syllables_es(word: str) -> int:
    """Spanish syllables: one per vowel group, where two strong vowels (a, e, o, í, ú) split
    ("le-er", "dí-a") and a weak one (i, u, ü, final y) joins its neighbour ("tie-rra", "hoy")."""
    word = word.lower()
    count, previous = 0, ""
    for index, letter in enumerate(word):
        vowel = letter in SPANISH_VOWELS or (letter == "y" and index == len(word) - 1 and index > 0)
        if not vowel:
            previous = ""
            continue
        joins = previous and not (previous in STRONG and letter in STRONG)
        count += not joins
        previous = letter
    return max(1, count)


def fernandez_huerta(prose: str) -> float:
    """Fernández-Huerta reading ease for Spanish (Flesch's scale refit for Spanish, 1959):
    206.84 - 0.60 x syllables per 100 words - 1.02 x words per sentence. (The formula is often
    printed with "sentences per 100 words", which would mark short sentences as harder; Law
    2011 corrected it, and textstat computes it so.) 70-80 is "fairly easy", 80-90 "easy"."""
    words_found = re.findall(r"[^\W\d_]+", prose)
    if not words_found:
        return 100.0
    sentences_found = len(re.findall(r"[.!?]+(?=[\s\"'”’»)]|$)", prose)) or 1
    syllables_per_100 = 100 * sum(map(syllables_es, words_found)) / len(words_found)
    return 206.84 - 0.60 * syllables_per_100 - 1.02 * len(words_found) / sentences_found


def readability_problem(prose: str, edition: Edition) -> str | None:
    if edition is SPANISH:
        ease = fernandez_huerta(prose)
        return None if ease >= MIN_EASE_ES else f"Fernández-Huerta {ease:.1f} < {MIN_EASE_ES}"
    grade = fk_grade(prose)
    return None if grade <= MAX_GRADE else f"Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}"


def words(text: str) -> list[str]:
    text = text.lower()
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return [w.strip("'") for w in re.findall(r"[a-z0-9']+", text) if w.strip("'")]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


# ------------------------------------------------------------------------------ course


def test_course_has_seven_modules_in_order():
    assert len(MODULES) == 7, f"course.toml names {len(MODULES)} modules, expected 7"
    prefixes = [int(folder.split("-", 1)[0]) for folder in MODULES]
    assert prefixes == list(range(1, 8)), f"module folders out of order: {MODULES}"
    ids = []
    for folder in MODULES:
        assert (LESSONS / folder / "lesson.md").is_file(), f"{folder}/lesson.md is missing"
        assert (LESSONS / folder / "quiz.toml").is_file(), f"{folder}/quiz.toml is missing"
        ids.append(lesson(folder)["meta"].get("id"))
    assert ids == [
        "what-it-is",
        "how-it-works",
        "treatment-journey",
        "risks",
        "expectations",
        "consultation",
        "supporting-others",
    ]


def test_loader_validation_is_clean():
    """Every edition, with every translation checked against the English (parity)."""
    from course.content.loader import check_course

    course, problems = check_course(LESSONS, every_edition=True)
    assert [str(p) for p in problems] == []
    assert course is not None


@pytest.mark.parametrize("edition", [e for e in EDITIONS if complete(e)], ids=str)
def test_patient_path_takes_about_an_hour(edition):
    total = sum(
        lesson(f, edition)["meta"].get("minutes", 0)
        for f in MODULES
        if "patient" in lesson(f, edition)["meta"].get("audiences", [])
    )
    assert 50 <= total <= 70, f"{edition}: patient modules add up to {total} minutes, expected 50-70"


@pytest.mark.parametrize("edition", [e for e in EDITIONS if complete(e)], ids=str)
def test_quiz_banks_have_seventy_questions_in_all(edition):
    total = sum(len(quiz(f, edition)) for f in MODULES)
    assert total >= 70, f"{edition}: {total} quiz questions in all, expected at least 70"


# ------------------------------------------------------------------------------ lessons


@each_module()
def test_front_matter(edition, folder):
    meta = lesson(folder, edition)["meta"]
    for field in ("id", "title"):
        assert isinstance(meta.get(field), str) and meta[field].strip(), f"{folder}: {field}"
    assert 3 <= len(meta.get("objectives", [])) <= 5, f"{folder}: 3-5 objectives"
    assert 3 <= len(meta.get("key_points", [])) <= 6, f"{folder}: 3-6 key_points"
    assert isinstance(meta.get("minutes"), int) and meta["minutes"] > 0, f"{folder}: minutes"
    audiences = meta.get("audiences", [])
    assert audiences and set(audiences) <= ROLES, f"{folder}: audiences {audiences}"
    assert isinstance(meta.get("reviewed"), dt.date), f"{folder}: reviewed must be a date"
    assert len(meta.get("ask_your_provider", [])) >= 3, f"{folder}: 3+ ask_your_provider"


@each_module()
def test_facilitator_material(edition, folder):
    facilitator = lesson(folder, edition)["meta"].get("facilitator")
    assert facilitator, f"{folder}: [facilitator] table is missing"
    assert isinstance(facilitator.get("minutes"), int) and facilitator["minutes"] > 0
    assert str(facilitator.get("notes", "")).strip(), f"{folder}: facilitator notes"
    assert len(facilitator.get("prompts", [])) >= 3, f"{folder}: 3+ facilitator prompts"
    agenda = facilitator.get("agenda", [])
    assert agenda, f"{folder}: [[facilitator.agenda]] is missing"
    for item in agenda:
        assert item.get("minutes", 0) > 0 and str(item.get("activity", "")).strip()


@each_module()
def test_sections(edition, folder):
    sections = lesson(folder, edition)["sections"]
    assert 4 <= len(sections) <= 8, f"{folder}: {len(sections)} sections, expected 4-8"
    ids = [s["id"] for s in sections]
    assert len(ids) == len(set(ids)), f"{folder}: duplicate section ids {ids}"
    for section in sections:
        count = len(section["body"].split())
        assert section["body"], f"{folder}#{section['id']}: empty section"
        assert count <= edition.max_section_words, (
            f"{folder}#{section['id']}: {count} words, at most {edition.max_section_words}"
        )


@each_module()
def test_citations(edition, folder):
    data = lesson(folder, edition)
    sources = data["meta"].get("sources", [])
    assert sources, f"{folder}: sources is empty"
    unknown = [s for s in sources if s not in REGISTRY]
    assert not unknown, f"{folder}: sources not in course.toml: {unknown}"
    cited = set()
    for text in texts(folder, edition):
        cited.update(CITATION.findall(text))
    not_registered = sorted(c for c in cited if c not in REGISTRY)
    assert not not_registered, f"{folder}: cites ids not in course.toml: {not_registered}"
    not_listed = sorted(c for c in cited if c not in sources)
    assert not not_listed, f"{folder}: cites ids missing from its sources: {not_listed}"
    in_body = set(CITATION.findall(data["body"]))
    evidence = sorted(c for c in in_body if REGISTRY[c].get("kind") != "article")
    assert evidence, f"{folder}: cites no evidence (only articles, or nothing)"


@each_module()
def test_suicide_mentions_carry_the_crisis_line(edition, folder):
    text = "\n".join(strings(lesson(folder, edition)["meta"]) + [lesson(folder, edition)["body"]])
    if re.search(r"suicid", text, re.IGNORECASE):
        assert "988" in text, f"{folder}: mentions suicide but not the 988 crisis line"


@each_module()
def test_readability(edition, folder):
    """English: Flesch-Kincaid grade 8 or below. Spanish: 70 or more on the Fernández-Huerta
    scale ("fairly easy" or easier)."""
    problem = readability_problem(plain_prose(lesson(folder, edition)["body"]), edition)
    assert problem is None, f"{edition}-{folder}: {problem}"


@pytest.mark.parametrize("word, count", [
    ("día", 2), ("leer", 2), ("poeta", 3), ("aéreo", 4), ("tierra", 2), ("ciudad", 2), ("hoy", 1),
    ("Uruguay", 3), ("guitarra", 3), ("pingüino", 3), ("ahora", 3), ("disociación", 4), ("esketamina", 5),
])
def test_spanish_syllables(word, count):
    assert syllables_es(word) == count


def test_fernandez_huerta_rewards_short_words_and_sentences():
    easy = "El gato come. El perro bebe agua. Todo va bien."
    hard = ("La administración intranasal de esketamina requiere monitorización hemodinámica "
            "continuada durante aproximadamente dos horas posteriores a la aplicación.")
    assert fernandez_huerta(easy) > 90 and fernandez_huerta(hard) < 30
    assert readability_problem(easy, SPANISH) is None
    assert readability_problem(hard, SPANISH).startswith("Fernández-Huerta ")


# -------------------------------------------------------------------------------- quizzes


@each_module("quiz.toml")
def test_quiz_bank(edition, folder):
    questions = quiz(folder, edition)
    ids = [q.get("id") for q in questions]
    assert len(ids) == len(set(ids)), f"{folder}: duplicate question ids"
    kinds = {q.get("kind") for q in questions}
    assert kinds <= KINDS, f"{folder}: unknown kinds {kinds - KINDS}"
    assert len(kinds) > 1, f"{folder}: all questions are {kinds}; mix the kinds"


@each_module("quiz.toml")
def test_quiz_bank_is_large_and_applied(edition, folder):
    """16+ questions, so a retake of 8 is mostly unseen; a third or more are situations to
    judge, tagged scenario."""
    questions = quiz(folder, edition)
    assert len(questions) >= MIN_BANK, f"{folder}: {len(questions)} questions, expected {MIN_BANK}+"
    applied = sum("scenario" in q.get("tags", []) for q in questions)
    assert 3 * applied >= len(questions), (
        f"{folder}: {applied} of {len(questions)} questions tagged scenario, expected a third"
    )


@each_module("quiz.toml")
def test_questions_are_well_formed(edition, folder):
    for q in quiz(folder, edition):
        where = f"{folder}/{q.get('id')}"
        assert str(q.get("prompt", "")).strip(), f"{where}: prompt"
        assert str(q.get("explanation", "")).strip(), f"{where}: explanation"
        options = q.get("options", [])
        assert len(options) >= 2, f"{where}: needs 2+ options"
        for option in options:
            text = str(option.get("text", "")).strip()
            assert text or q.get("kind") == "true_false", f"{where}: option without text"
            assert str(option.get("feedback", "")).strip(), f"{where}: {text!r} has no feedback"
            assert not ALL_OR_NONE.search(text), f"{where}: {text!r}"
        right = sum(bool(o.get("correct")) for o in options)
        if q.get("kind") == "single":
            assert right == 1, f"{where}: single needs exactly one correct option"
        elif q.get("kind") == "multiple":
            assert right >= 1, f"{where}: multiple needs a correct option"
        elif q.get("kind") == "true_false":  # the words shown are the app's, in each language
            assert sorted(o.get("value") for o in options) == [False, True], f"{where}: value = true and value = false"
            assert not any("text" in o for o in options), f"{where}: a true/false option has no text"
            assert right == 1, f"{where}: true_false needs exactly one correct option"


@each_module("quiz.toml")
def test_quiz_covers_sections_and_objectives(edition, folder):
    data = lesson(folder, edition)
    section_ids = [s["id"] for s in data["sections"]]
    n_objectives = len(data["meta"].get("objectives", []))
    for q in quiz(folder, edition):
        where = f"{folder}/{q.get('id')}"
        assert q.get("section") in section_ids, f"{where}: no section {q.get('section')!r}"
        objective = q.get("objective")
        assert isinstance(objective, int) and 1 <= objective <= n_objectives, (
            f"{where}: objective {objective!r} is not 1-{n_objectives}"
        )
    taught = {q.get("section") for q in quiz(folder, edition)}
    untested = [s for s in section_ids if s not in taught]
    assert not untested, f"{folder}: no question points at sections {untested}"
    tested = {q.get("objective") for q in quiz(folder, edition)}
    missing = [i for i in range(1, n_objectives + 1) if i not in tested]
    assert not missing, f"{folder}: no question tests objectives {missing}"


# ------------------------------------------------------------------------------- accuracy


@each_module()
def test_no_unsupported_claims(edition, folder):
    for text in texts(folder, edition):
        assert "psychiatric innovations today" not in text.lower(), (
            f"{folder}: cites the journal that could not be found"
        )
        for chunk in re.split(r"\n\s*\n", text):
            seventy = edition.seventy.search(chunk)
            two = edition.two_sessions.search(chunk)
            assert not (seventy and two), (
                f"{folder}: repeats the unsupported '70% after two sessions' claim: {chunk!r}"
            )


@each_module()
def test_rewire_is_hedged(edition, folder):
    for text in texts(folder, edition):
        for sentence in sentences(text):
            if edition.rewire.search(sentence):
                assert edition.rewire_hedges.search(sentence), (
                    f"{folder}: 'rewire' stated as fact: {sentence.strip()!r}"
                )


# -------------------------------------------------------------------------- own words


@cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    runs = set()
    for path in sorted(SEEDS.glob("*.txt")):
        tokens = words(path.read_text(encoding="utf-8", errors="replace"))
        runs.update(tuple(tokens[i : i + SEED_RUN]) for i in range(len(tokens) - SEED_RUN + 1))
    return frozenset(runs)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present (it is in CI)")
@each_module(editions=[ENGLISH])
def test_in_own_words(edition, folder):
    runs = seed_runs()
    assert runs, "no seed articles found"
    for text in texts(folder, edition):
        tokens = words(text)
        for i in range(len(tokens) - SEED_RUN + 1):
            run = tuple(tokens[i : i + SEED_RUN])
            assert run not in runs, f"{folder}: copied from a seed article: {' '.join(run)!r}"


@pytest.mark.skipif(not FACTS.is_file(), reason="../shared/facts.md is not present (it is in CI)")
def test_facts_file_names_the_unsupported_claims():
    """The accuracy checks above rely on facts.md still listing these claims."""
    facts = FACTS.read_text(encoding="utf-8")
    assert "Psychiatric Innovations Today" in facts
    assert "988" in facts
