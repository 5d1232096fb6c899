"""Content rules for the real course in `lessons/` (see docs/content-brief.md).

These tests read the TOML and Markdown files themselves (tomllib and a few regular
expressions), so they do not depend on the loader in `course.content.loader`; one test also runs
the loader's own validation. Tests are parametrized by module folder so a failure names
the module it is about.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
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

MAX_SECTION_WORDS = 260
MAX_GRADE = 8.0
MIN_BANK = 16  # questions per quiz bank
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


def slug(heading: str) -> str:
    text = re.sub(r"[^a-z0-9\s-]", "", heading.lower())
    return re.sub(r"[\s-]+", "-", text).strip("-")


@cache
def lesson(folder: str) -> dict:
    """Front matter, body and sections of a lesson.md file."""
    path = LESSONS / folder / "lesson.md"
    assert path.is_file(), f"{folder}: lesson.md is missing"
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
def quiz(folder: str) -> list[dict]:
    path = LESSONS / folder / "quiz.toml"
    assert path.is_file(), f"{folder}: quiz.toml is missing"
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


def texts(folder: str) -> list[str]:
    """All learner-visible text of a module: front matter strings, body, quiz strings."""
    data = lesson(folder)
    return strings(data["meta"]) + [data["body"]] + strings(quiz(folder))


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
    from course.content.loader import check_course

    course, problems = check_course(LESSONS)
    assert [str(p) for p in problems] == []
    assert course is not None


def test_patient_path_takes_about_an_hour():
    total = sum(
        lesson(f)["meta"].get("minutes", 0)
        for f in MODULES
        if "patient" in lesson(f)["meta"].get("audiences", [])
    )
    assert 50 <= total <= 70, f"patient modules add up to {total} minutes, expected 50-70"


def test_quiz_banks_have_seventy_questions_in_all():
    total = sum(len(quiz(f)) for f in MODULES)
    assert total >= 70, f"{total} quiz questions in all, expected at least 70"


# ------------------------------------------------------------------------------ lessons


@pytest.mark.parametrize("folder", MODULES)
def test_front_matter(folder):
    meta = lesson(folder)["meta"]
    for field in ("id", "title"):
        assert isinstance(meta.get(field), str) and meta[field].strip(), f"{folder}: {field}"
    assert 3 <= len(meta.get("objectives", [])) <= 5, f"{folder}: 3-5 objectives"
    assert 3 <= len(meta.get("key_points", [])) <= 6, f"{folder}: 3-6 key_points"
    assert isinstance(meta.get("minutes"), int) and meta["minutes"] > 0, f"{folder}: minutes"
    audiences = meta.get("audiences", [])
    assert audiences and set(audiences) <= ROLES, f"{folder}: audiences {audiences}"
    assert isinstance(meta.get("reviewed"), dt.date), f"{folder}: reviewed must be a date"
    assert len(meta.get("ask_your_provider", [])) >= 3, f"{folder}: 3+ ask_your_provider"


@pytest.mark.parametrize("folder", MODULES)
def test_facilitator_material(folder):
    facilitator = lesson(folder)["meta"].get("facilitator")
    assert facilitator, f"{folder}: [facilitator] table is missing"
    assert isinstance(facilitator.get("minutes"), int) and facilitator["minutes"] > 0
    assert str(facilitator.get("notes", "")).strip(), f"{folder}: facilitator notes"
    assert len(facilitator.get("prompts", [])) >= 3, f"{folder}: 3+ facilitator prompts"
    agenda = facilitator.get("agenda", [])
    assert agenda, f"{folder}: [[facilitator.agenda]] is missing"
    for item in agenda:
        assert item.get("minutes", 0) > 0 and str(item.get("activity", "")).strip()


@pytest.mark.parametrize("folder", MODULES)
def test_sections(folder):
    sections = lesson(folder)["sections"]
    assert 4 <= len(sections) <= 8, f"{folder}: {len(sections)} sections, expected 4-8"
    ids = [s["id"] for s in sections]
    assert len(ids) == len(set(ids)), f"{folder}: duplicate section ids {ids}"
    for section in sections:
        count = len(section["body"].split())
        assert section["body"], f"{folder}#{section['id']}: empty section"
        assert count <= MAX_SECTION_WORDS, (
            f"{folder}#{section['id']}: {count} words, at most {MAX_SECTION_WORDS}"
        )


@pytest.mark.parametrize("folder", MODULES)
def test_citations(folder):
    data = lesson(folder)
    sources = data["meta"].get("sources", [])
    assert sources, f"{folder}: sources is empty"
    unknown = [s for s in sources if s not in REGISTRY]
    assert not unknown, f"{folder}: sources not in course.toml: {unknown}"
    cited = set()
    for text in texts(folder):
        cited.update(CITATION.findall(text))
    not_registered = sorted(c for c in cited if c not in REGISTRY)
    assert not not_registered, f"{folder}: cites ids not in course.toml: {not_registered}"
    not_listed = sorted(c for c in cited if c not in sources)
    assert not not_listed, f"{folder}: cites ids missing from its sources: {not_listed}"
    in_body = set(CITATION.findall(data["body"]))
    evidence = sorted(c for c in in_body if REGISTRY[c].get("kind") != "article")
    assert evidence, f"{folder}: cites no evidence (only articles, or nothing)"


@pytest.mark.parametrize("folder", MODULES)
def test_suicide_mentions_carry_the_crisis_line(folder):
    text = "\n".join(strings(lesson(folder)["meta"]) + [lesson(folder)["body"]])
    if re.search(r"suicid", text, re.IGNORECASE):
        assert "988" in text, f"{folder}: mentions suicide but not the 988 crisis line"


@pytest.mark.parametrize("folder", MODULES)
def test_readability(folder):
    grade = fk_grade(plain_prose(lesson(folder)["body"]))
    assert grade <= MAX_GRADE, f"{folder}: Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}"


# -------------------------------------------------------------------------------- quizzes


@pytest.mark.parametrize("folder", MODULES)
def test_quiz_bank(folder):
    questions = quiz(folder)
    ids = [q.get("id") for q in questions]
    assert len(ids) == len(set(ids)), f"{folder}: duplicate question ids"
    kinds = {q.get("kind") for q in questions}
    assert kinds <= KINDS, f"{folder}: unknown kinds {kinds - KINDS}"
    assert len(kinds) > 1, f"{folder}: all questions are {kinds}; mix the kinds"


@pytest.mark.parametrize("folder", MODULES)
def test_quiz_bank_is_large_and_applied(folder):
    """16+ questions, so a retake of 8 is mostly unseen; a third or more are situations to
    judge, tagged scenario."""
    questions = quiz(folder)
    assert len(questions) >= MIN_BANK, f"{folder}: {len(questions)} questions, expected {MIN_BANK}+"
    applied = sum("scenario" in q.get("tags", []) for q in questions)
    assert 3 * applied >= len(questions), (
        f"{folder}: {applied} of {len(questions)} questions tagged scenario, expected a third"
    )


@pytest.mark.parametrize("folder", MODULES)
def test_questions_are_well_formed(folder):
    for q in quiz(folder):
        where = f"{folder}/{q.get('id')}"
        assert str(q.get("prompt", "")).strip(), f"{where}: prompt"
        assert str(q.get("explanation", "")).strip(), f"{where}: explanation"
        options = q.get("options", [])
        assert len(options) >= 2, f"{where}: needs 2+ options"
        for option in options:
            text = str(option.get("text", "")).strip()
            assert text, f"{where}: option without text"
            assert str(option.get("feedback", "")).strip(), f"{where}: {text!r} has no feedback"
            assert not re.search(r"\b(all|none) of the above\b", text, re.IGNORECASE), (
                f"{where}: {text!r}"
            )
        right = sum(bool(o.get("correct")) for o in options)
        if q.get("kind") == "single":
            assert right == 1, f"{where}: single needs exactly one correct option"
        elif q.get("kind") == "multiple":
            assert right >= 1, f"{where}: multiple needs a correct option"
        elif q.get("kind") == "true_false":
            assert sorted(o.get("text") for o in options) == ["False", "True"], where
            assert right == 1, f"{where}: true_false needs exactly one correct option"


@pytest.mark.parametrize("folder", MODULES)
def test_quiz_covers_sections_and_objectives(folder):
    data = lesson(folder)
    section_ids = [s["id"] for s in data["sections"]]
    n_objectives = len(data["meta"].get("objectives", []))
    for q in quiz(folder):
        where = f"{folder}/{q.get('id')}"
        assert q.get("section") in section_ids, f"{where}: no section {q.get('section')!r}"
        objective = q.get("objective")
        assert isinstance(objective, int) and 1 <= objective <= n_objectives, (
            f"{where}: objective {objective!r} is not 1-{n_objectives}"
        )
    taught = {q.get("section") for q in quiz(folder)}
    untested = [s for s in section_ids if s not in taught]
    assert not untested, f"{folder}: no question points at sections {untested}"
    tested = {q.get("objective") for q in quiz(folder)}
    missing = [i for i in range(1, n_objectives + 1) if i not in tested]
    assert not missing, f"{folder}: no question tests objectives {missing}"


# ------------------------------------------------------------------------------- accuracy


@pytest.mark.parametrize("folder", MODULES)
def test_no_unsupported_claims(folder):
    for text in texts(folder):
        assert "psychiatric innovations today" not in text.lower(), (
            f"{folder}: cites the journal that could not be found"
        )
        for chunk in re.split(r"\n\s*\n", text):
            seventy = re.search(r"\b70\s*(%|percent|per cent)|seventy percent", chunk, re.I)
            two = re.search(r"\b(two|2)\s+(sessions|infusions|treatments|doses)", chunk, re.I)
            assert not (seventy and two), (
                f"{folder}: repeats the unsupported '70% after two sessions' claim: {chunk!r}"
            )


@pytest.mark.parametrize("folder", MODULES)
def test_rewire_is_hedged(folder):
    # believed/thought/may/might/could, plus plain statements that it is unproven
    hedges = re.compile(
        r"\b(believed|thought|may|might|could|hypothes\w*|guess|unproven"
        r"|not (yet )?(a )?proven)\b",
        re.IGNORECASE,
    )
    for text in texts(folder):
        for sentence in sentences(text):
            if re.search(r"rewir", sentence, re.IGNORECASE):
                assert hedges.search(sentence), (
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
@pytest.mark.parametrize("folder", MODULES)
def test_in_own_words(folder):
    runs = seed_runs()
    assert runs, "no seed articles found"
    for text in texts(folder):
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
