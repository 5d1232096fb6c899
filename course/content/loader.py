"""Read a course folder into the model, reporting every author's mistake as `file:line: message`.

`check_course(folder)` returns the course (or None) and the full list of problems, so that
`ketamine-course validate` can show them all at once; `load_course(folder)` raises
`CourseError` when there are any. Nothing here raises a traceback for a content mistake.
"""

from __future__ import annotations

import gc
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from course.content.model import (
    CITATION,
    Course,
    CourseMeta,
    LessonMeta,
    Module,
    Question,
    Section,
)
from course import tomlread
from course.content.tomllines import LineMap, Loc

COURSE_FILE = "course.toml"
LESSON_FILE = "lesson.md"
QUIZ_FILE = "quiz.toml"
FRONT_MATTER_FENCE = "+++"

_HEADING = re.compile(r"^##\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")
_QUESTIONS = TypeAdapter(list[Question])
# tomllib's words where they would puzzle an author
_TOML_REASONS = {
    "Illegal character '\\n'": "a quoted text has no closing quote",
    "Cannot overwrite a value": "this key already has a value above: give it only once",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem is about the whole path (a missing folder)
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CourseError(Exception):
    """The course folder has problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path) -> str:
    """A path as the author would type it: relative to here when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"


class _Report:
    """Collects problems for one file."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self._file = path
        self._problems = problems

    @property
    def path(self) -> str:
        return display_path(self._file)  # only when there is a problem: it asks the OS for the cwd

    def add(self, line: int, message: str) -> None:
        self._problems.append(Problem(self.path, line, message))

    def validation(self, error: ValidationError, lines: LineMap, describe=lambda loc: "", base: Loc = ()) -> None:
        for detail in error.errors():
            loc = (*base, *detail["loc"])
            self.add(lines.line(loc), describe(loc) + _explain(detail, loc))


def _explain(detail: dict[str, Any], loc: Loc) -> str:
    """Turn one pydantic error into a sentence that says what to change."""
    names = [str(part) for part in loc if isinstance(part, str)]
    field = names[-1] if names else "value"
    kind = detail["type"]
    if kind == "missing":
        return f"missing field '{field}': add it (see: ketamine-course help authoring)"
    if kind == "extra_forbidden":
        return f"unknown field '{field}': remove it or fix its spelling (see: ketamine-course help authoring)"
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"'{field}' is {detail['input']!r}; it must be one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"'{field}' is {detail['input']!r}; use lowercase letters, digits and '-' only"
    if kind == "too_short":
        context = detail.get("ctx", {})
        if context.get("actual_length"):
            return f"'{field}' needs at least {context.get('min_length')} entries but has {context['actual_length']}: add more"
        return f"'{field}' is empty: give at least one entry"
    if kind == "string_too_short":
        return f"'{field}' is empty: write some text"
    if kind.startswith("date_"):
        return f"'{field}' is {detail['input']!r}; write a date as YYYY-MM-DD, without quotes"
    got = type(detail["input"]).__name__ if detail.get("input") is not None else "nothing"
    return f"'{field}' is wrong: {detail['msg'].lower()} (got {got}); see: ketamine-course help authoring"


def _read_text(path: Path, report: _Report) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        report.add(1, f"cannot be read ({error.strerror}): check the file's permissions")
        return None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        report.add(line, f"not UTF-8 text (byte {error.start}): save the file as UTF-8")
        return None


def _parse_toml(text: str, report: _Report, first_line: int = 1) -> dict[str, Any] | None:
    try:
        return tomlread.loads(text)
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        report.add(first_line, "TOML syntax error: a value is nested too deeply; simplify it")
        return None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = re.search(r"at line (\d+)", message)
        last_line = first_line + text.rstrip().count("\n")  # "at end of document"
        line = first_line - 1 + int(position.group(1)) if position else last_line
        reason = _TOML_POSITION.sub("", message).rstrip(".")
        reason = _TOML_REASONS.get(reason, reason)
        report.add(line, f"TOML syntax error: {reason}; check the quotes, brackets and commas on this line")
        return None


# ---------------------------------------------------------------- course.toml


def _read_course_meta(folder: Path, problems: list[Problem]) -> tuple[CourseMeta | None, dict | None, LineMap]:
    """The course file's model (None if it has problems), its raw data and its lines.

    The data is None when there is no course file at all, {} when it cannot be parsed.
    """
    path = folder / COURSE_FILE
    report = _Report(path, problems)
    if not path.is_file():
        report.add(1, f"no {COURSE_FILE} here: give the path of a course folder (the one holding {COURSE_FILE})")
        return None, None, LineMap("")
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if data is None:
        return None, {}, LineMap("")
    lines = LineMap(text)
    _check_unique(report, lines, data.get("sources"), "sources", "source id")
    try:
        meta = CourseMeta.model_validate(data)
    except ValidationError as error:
        report.validation(error, lines)
        meta = None
    listed = _listed_folders(data) or []
    for folder_name in sorted({name for name in listed if listed.count(name) > 1}):
        report.add(lines.line(("modules",)), f"module folder '{folder_name}' is listed twice in 'modules': list it once")
    return meta, data, lines


def _listed_folders(data: dict) -> list[str] | None:
    """The folders named in 'modules', or None when it is missing or not a list of names."""
    listed = data.get("modules")
    if isinstance(listed, list) and listed and all(isinstance(name, str) for name in listed):
        return listed
    return None


def _check_unique(report: _Report, lines: LineMap, items: Any, key: str, what: str) -> None:
    if not isinstance(items, list):
        return
    seen: set[str] = set()
    for index, item in enumerate(items):
        value = item.get("id") if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue  # a wrong type is reported by the model
        if value in seen:
            report.add(lines.line((key, index, "id")), f"duplicate {what} '{value}': give each one its own id")
        seen.add(value)


# ---------------------------------------------------------------- lesson.md


def _split_front_matter(text: str, report: _Report) -> tuple[str, str, int] | None:
    """Return (front matter, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        report.add(1, f"a lesson must start with a line '{FRONT_MATTER_FENCE}', then its TOML front matter, then another '{FRONT_MATTER_FENCE}' line")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    report.add(1, f"the front matter is never closed: add a line '{FRONT_MATTER_FENCE}' after it")
    return None


def _split_sections(body: str, first_line: int, report: _Report) -> tuple[list[Section], set[str], list[tuple[int, str]]]:
    """Cut the body at '## ' headings.

    Returns the good sections, the id of every heading (a question may point at a section
    that is reported as empty: one problem, not two) and every citation as (line, source id).
    """
    sections: list[dict[str, Any]] = []  # each with the range of body lines it holds: [start, end)
    citations: list[tuple[int, str]] = []
    lines = body.split("\n")
    in_fence = False
    for index, line in enumerate(lines):  # the cheap tests first: a course has 100,000s of lines
        if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = _HEADING.match(line) if not in_fence and line.startswith("##") else None
        if heading:
            if sections:
                sections[-1]["end"] = index
            title = heading.group(1).strip()
            sections.append({"id": heading.group(2) or slugify(title), "title": title,
                             "line": first_line + index, "start": index + 1})
            continue
        if "[@" in line:
            citations.extend((first_line + index, cited) for cited in CITATION.findall(line))
        if not sections and line.strip():
            report.add(first_line + index, "text before the first '## ' heading: put it under a section heading")
    if sections:
        sections[-1]["end"] = len(lines)
    else:
        report.add(first_line, "the lesson has no sections: add at least one '## ' heading with text under it")
    return _make_sections(sections, lines, report), {raw["id"] for raw in sections}, citations


def _make_sections(raw_sections: list[dict[str, Any]], lines: list[str], report: _Report) -> list[Section]:
    result: list[Section] = []
    seen: dict[str, int] = {}
    for raw in raw_sections:
        body_text = "\n".join(lines[raw["start"]:raw["end"]]).strip()
        if not raw["title"]:
            report.add(raw["line"], "a '## ' heading with no title: give the section a title")
        elif not body_text:
            report.add(raw["line"], f"section '{raw['title']}' is empty: write its text under the heading, or remove the heading")
        elif raw["id"] in seen:
            report.add(raw["line"], f"duplicate section id '{raw['id']}' (also on line {seen[raw['id']]}): give the heading its own {{#id}}")
        else:
            seen[raw["id"]] = raw["line"]
            result.append(Section(id=raw["id"], title=raw["title"], body=body_text, line=raw["line"]))
    return result


def _check_citations(citations: list[tuple[int, str]], meta_sources: list[str] | None, registry: set[str] | None, report: _Report, front_lines: LineMap) -> None:
    if registry is not None and meta_sources is not None:
        for index, source_id in enumerate(meta_sources):
            if isinstance(source_id, str) and source_id not in registry:  # a wrong type is reported by the model
                report.add(front_lines.line(("sources", index)), f"source '{source_id}' is not in the course's [[sources]]: add it to course.toml or fix the id")
    for number, cited in citations:
        if registry is not None and cited not in registry:
            report.add(number, f"citation [@{cited}] is not in the course's [[sources]]: add it to course.toml or fix the id")
        elif meta_sources is not None and cited not in meta_sources:
            report.add(number, f"citation [@{cited}] is not in this lesson's 'sources': add \"{cited}\" to them")


# ---------------------------------------------------------------- quiz.toml


def _read_questions(path: Path, problems: list[Problem], section_ids: set[str], objectives: int | None) -> list[Question]:
    report = _Report(path, problems)
    if not path.is_file():
        report.add(1, f"missing {QUIZ_FILE}: every module needs a quiz bank (see: ketamine-course help authoring)")
        return []
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if data is None:
        return []
    lines = LineMap(text)
    raw_questions = data.get("questions")
    unknown = sorted(set(data) - {"questions"})
    for key in unknown:
        report.add(lines.line((key,)), f"unknown field '{key}': a quiz file holds only [[questions]]")
    if not isinstance(raw_questions, list) or not raw_questions:
        report.add(1, "no questions: add at least one [[questions]] table (see: ketamine-course help authoring)")
        return []
    questions = _validate_questions(raw_questions, report, lines)
    _check_questions(questions, report, lines, section_ids, objectives)
    return [question for _, question in questions]


def _validate_questions(raw: list[Any], report: _Report, lines: LineMap) -> list[tuple[int, Question]]:
    try:
        return list(enumerate(_QUESTIONS.validate_python(raw)))
    except ValidationError:
        pass  # validate one by one so every problem is named and the good ones are still checked
    valid: list[tuple[int, Question]] = []
    for index, item in enumerate(raw):
        try:
            valid.append((index, Question.model_validate(item)))
        except ValidationError as error:
            label = item.get("id") if isinstance(item, dict) else None
            describe = lambda loc, label=label, index=index: _describe_question(loc, label, index)  # noqa: E731
            report.validation(error, lines, describe, base=("questions", index))
    return valid


def _describe_question(loc: Loc, label: str | None, index: int) -> str:
    text = f"question '{label}'" if isinstance(label, str) else f"question {index + 1}"
    if len(loc) > 3 and loc[2] == "options" and isinstance(loc[3], int):
        text += f", option {loc[3] + 1}"
    return text + ": "


def _check_questions(questions: list[tuple[int, Question]], report: _Report, lines: LineMap, section_ids: set[str], objectives: int | None) -> None:
    seen: set[str] = set()
    for index, question in questions:
        where = ("questions", index)
        name = f"question '{question.id}'"
        if question.id in seen:
            report.add(lines.line((*where, "id")), f"duplicate question id '{question.id}': give each question its own id")
        seen.add(question.id)
        if section_ids and question.section not in section_ids:
            known = ", ".join(sorted(section_ids))
            report.add(lines.line((*where, "section")), f"{name} points at section '{question.section}', which the lesson does not have; use one of: {known}")
        if objectives is not None and question.objective is not None and question.objective > objectives:
            report.add(lines.line((*where, "objective")), f"{name} tests objective {question.objective}, but the lesson has {objectives}; use a number from 1 to {objectives}")
        problem = _answer_key_problem(question, name)
        if problem:
            report.add(lines.line(where), problem)


def _answer_key_problem(question: Question, name: str) -> str | None:
    correct = len(question.correct_indexes)
    if question.kind == "single" and correct != 1:
        return f"{name} is single-choice but has {correct} correct options: mark exactly one option 'correct = true' (or use kind = \"multiple\")"
    if question.kind == "multiple" and correct == 0:
        return f"{name} has no correct option: mark at least one option 'correct = true'"
    if question.kind == "true_false":
        texts = sorted(option.text.lower() for option in question.options)
        if texts != ["false", "true"] or correct != 1:
            return f"{name} is true/false: give exactly two options, \"True\" and \"False\", one of them correct"
    return None


# ---------------------------------------------------------------- modules and course


def _read_module(folder: Path, registry: set[str] | None, module_ids: dict[str, str], problems: list[Problem]) -> Module | None:
    """Read one module folder; `module_ids` maps the ids seen so far to their folders."""
    lesson_path = folder / LESSON_FILE
    report = _Report(lesson_path, problems)
    if lesson_path.is_file():
        text = _read_text(lesson_path, report)
    else:
        report.add(1, f"missing {LESSON_FILE}: every module folder needs a lesson (see: ketamine-course help authoring)")
        text = None
    parts = _split_front_matter(text, report) if text is not None else None
    if parts is None:  # still check the quiz on its own, so every problem shows at once
        _read_questions(folder / QUIZ_FILE, problems, set(), None)
        return None
    front_text, body, body_line = parts
    data = _parse_toml(front_text, report, first_line=2)
    front_lines = LineMap(front_text, first_line=2)
    sections, section_ids, citations = _split_sections(body, body_line, report)
    meta = None
    if data is not None:
        try:
            meta = LessonMeta.model_validate(data)
        except ValidationError as error:
            report.validation(error, front_lines)
    data = data or {}  # after a TOML syntax error (reported), check the rest without the front matter
    _check_module_id(data.get("id"), folder.name, module_ids, report, front_lines)
    sources = data.get("sources") if isinstance(data.get("sources"), list) else None
    objectives = data.get("objectives") if isinstance(data.get("objectives"), list) else None
    _check_citations(citations, sources, registry, report, front_lines)
    questions = _read_questions(folder / QUIZ_FILE, problems, section_ids, len(objectives) if objectives else None)
    if meta is None or not sections:
        return None
    return Module.model_construct(**dict(meta), folder=folder.name, sections=sections, questions=questions)


def _check_module_id(module_id: Any, folder_name: str, module_ids: dict[str, str], report: _Report, front_lines: LineMap) -> None:
    if not isinstance(module_id, str):
        return  # missing or of the wrong type: reported by the model
    if module_id in module_ids:
        report.add(front_lines.line(("id",)), f"duplicate module id '{module_id}' (also used in {module_ids[module_id]}): give each module its own id")
    module_ids.setdefault(module_id, folder_name)


def _module_folders(folder: Path) -> set[str]:
    return {
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir() and not entry.name.startswith((".", "_"))
    }


def check_course(folder: str | Path) -> tuple[Course | None, list[Problem]]:
    """Read a whole course; return it (None if it has problems) and every problem found."""
    # Loading makes tens of thousands of objects and no garbage: with the cycle collector
    # paused, a 1,000-lesson course loads a fifth faster (docs/performance.md).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_course(Path(folder))
    finally:
        if collecting:
            gc.enable()


def _check_course(folder: Path) -> tuple[Course | None, list[Problem]]:
    problems: list[Problem] = []
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        problems.append(Problem(display_path(folder), 0, f"{what}: give the path of a course folder (the one holding {COURSE_FILE})"))
        return None, problems
    meta, data, lines = _read_course_meta(folder, problems)
    if data is None:  # no course.toml: this is probably not a course folder, so look no further
        return None, problems
    listed = _listed_folders(data)
    registry = {s.id for s in meta.sources} if meta else _raw_source_ids(data)
    course_report = _Report(folder / COURSE_FILE, problems)
    present = _module_folders(folder)
    modules: list[Module] = []
    module_ids: dict[str, str] = {}
    # Without a usable 'modules' list (already reported), still check every module folder.
    for name in dict.fromkeys(listed) if listed is not None else sorted(present):
        if name not in present:
            course_report.add(lines.line(("modules",)), f"module '{name}' is listed in 'modules' but there is no folder {display_path(folder / name)}: create it or remove it from the list")
            continue
        module = _read_module(folder / name, registry, module_ids, problems)
        if module is not None:
            modules.append(module)
    for name in sorted(present - set(listed)) if listed is not None else []:
        course_report.add(lines.line(("modules",)), f"folder '{name}' is not listed in 'modules': add \"{name}\" to the list, or move the folder out of the course")
    if problems or meta is None:
        return None, sorted(problems)
    return Course.model_construct(**{**dict(meta), "modules": modules}), []


def _raw_source_ids(data: dict) -> set[str] | None:
    sources = data.get("sources")
    if not isinstance(sources, list):
        return None
    return {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)}


def load_course(folder: str | Path) -> Course:
    course, problems = check_course(folder)
    if course is None:
        raise CourseError(problems)
    return course
