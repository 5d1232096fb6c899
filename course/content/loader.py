"""Read a course folder into the model, reporting every author's mistake as `file:line: message`.

`check_course(folder)` returns the course (or None) and the full list of problems, so that
`ketamine-course validate` can show them all at once; `load_course(folder)` raises
`CourseError` when there are any. Nothing here raises a traceback for a content mistake.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from course import tomlread
from course.content.editions import compare_module
from course.content.model import (
    CITATION,
    LANGUAGE_PATTERN,
    TRANSLATED_COURSE_FIELDS,
    Course,
    CourseMeta,
    CourseTranslation,
    LessonMeta,
    Module,
    Question,
    Section,
    values,
)
from course.content.problems import CourseError, Problem, Report, display_path
from course.content.tomllines import LineMap, Loc
from course.i18n import N_, _, catalogue
from course.terminal import CONTROL, describe

COURSE_FILE = "course.toml"
LESSON_FILE = "lesson.md"
QUIZ_FILE = "quiz.toml"
FRONT_MATTER_FENCE = "+++"

_HEADING = re.compile(r"^##\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")
# The TOML escapes that can make a control character (\b \f \r \e \xHH \uXXXX \UXXXXXXXX):
# only a file that has one needs its values searched.
_CONTROL_ESCAPE = re.compile(r"\\[bfrexuU]")
# tomllib's words where they would puzzle an author
_TOML_REASONS = {
    "Illegal character '\\n'": N_("a quoted text has no closing quote"),
    "Cannot overwrite a value": N_("this key already has a value above: give it only once"),
}


@cache
def _adapter(kind: Any) -> Any:
    """pydantic's validator for one of the content classes (built the first time it is needed)."""
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


def _validate(kind: Any, data: Any, report: _Report | None = None, lines: LineMap | None = None,
              describe=lambda loc: "", base: Loc = ()) -> Any:
    """`data` as a `kind` (a content class, or a list of them), or None when it is not one;
    then each mistake goes to `report`, at its line in `lines`. pydantic is imported here,
    when a file is first checked: `--help` and a course from its cache never need it."""
    from pydantic import ValidationError

    try:
        return _adapter(kind).validate_python(data)
    except ValidationError as error:
        if report is not None:
            assert lines is not None, "a report needs the lines its mistakes are on"
            report.validation(error, lines, describe, base)
        return None


def slugify(title: str) -> str:
    """A section id from a heading: "Qué esperar" -> "que-esperar"; "" when the heading has no
    Latin letters or digits to make one from (a heading in Chinese needs its own {#id})."""
    latin = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")


def edition_file(name: str, language: str | None) -> str:
    """The file of a translation: lesson.md -> lesson.es.md; the name itself for the source."""
    if not language:
        return name
    stem, _dot, extension = name.rpartition(".")
    return f"{stem}.{language}.{extension}"


class _Report(Report):
    def validation(self, error, lines: LineMap, describe=lambda loc: "", base: Loc = ()) -> None:
        """Each of a pydantic ValidationError's mistakes, at its line."""
        for detail in error.errors():
            loc = (*base, *detail["loc"])
            self.add(lines.line(loc), describe(loc) + _explain(detail, loc))


def _explain(detail: dict[str, Any], loc: Loc) -> str:
    """Turn one pydantic error into a sentence that says what to change."""
    names = [str(part) for part in loc if isinstance(part, str)]
    field = names[-1] if names else "value"
    kind = detail["type"]
    if kind == "missing":
        return _("missing field '{field}': add it (see: ketamine-course help authoring)").format(field=field)
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # a model's words, a data class's
        return _("unknown field '{field}': remove it or fix its spelling (see: ketamine-course help authoring)").format(field=field)
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return _("'{field}' is {detail!r}; it must be one of {expected}").format(field=field, detail=detail['input'], expected=expected)
    if kind == "string_pattern_mismatch":
        return _("'{field}' is {detail!r}; use lowercase letters, digits and '-' only").format(field=field, detail=detail['input'])
    if kind == "too_short":
        context = detail.get("ctx", {})
        if context.get("actual_length"):
            return _("'{field}' needs at least {get} entries but has {context}: add more").format(field=field, get=context.get('min_length'), context=context['actual_length'])
        return _("'{field}' is empty: give at least one entry").format(field=field)
    if kind == "string_too_short":
        return _("'{field}' is empty: write some text").format(field=field)
    if kind.startswith("date_"):
        return _("'{field}' is {detail!r}; write a date as YYYY-MM-DD, without quotes").format(field=field, detail=detail['input'])
    got = type(detail["input"]).__name__ if detail.get("input") is not None else "nothing"
    return _("'{field}' is wrong: {lower} (got {got}); see: ketamine-course help authoring").format(field=field, lower=detail['msg'].lower(), got=got)


def _read_text(path: Path, report: _Report) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        report.add(1, _("cannot be read ({strerror}): check the file's permissions").format(strerror=error.strerror))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        report.add(line, _("not UTF-8 text (byte {start}): save the file as UTF-8").format(start=error.start))
        return None
    if not _may_hold_control(data):  # nearly every file: searching the text itself took a fifth of validating
        return text
    text = text.replace("\r\n", "\n")
    return _without_controls(text, report) if CONTROL.search(text) else text


# Every byte that is never part of a control character in UTF-8 text: tab, newline, the
# printable ASCII and the bytes of other characters (a C1 control, U+0080-U+009F, is C2 80-9F).
_PLAIN_BYTES = bytes([9, 10, *range(32, 127), *range(128, 256)])
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")


def _may_hold_control(data: bytes) -> bool:
    """False when UTF-8 `data` surely holds no control character (nor a carriage return):
    about ten times quicker than searching the decoded text with CONTROL."""
    return bool(data.translate(None, _PLAIN_BYTES)) or (not data.isascii() and _C1_CONTROL.search(data) is not None)


def _control_problem(char: str, escaped: bool = False) -> str:
    if escaped:
        return _("control character {char}, written as a TOML escape such as {escape}: a terminal would obey it "
                 "as a command (clear the screen, hide text, retitle the window); delete the escape"
                 ).format(char=describe(char), escape=f"\\u{ord(char):04x}")
    return _("control character {char} in the text: a terminal would obey it as a command (clear the screen, "
             "hide text, retitle the window); delete it").format(char=describe(char))


def _without_controls(text: str, report: _Report) -> str:
    """Report each line holding a control character, then drop them, so that the rest of the
    file is still checked (TOML would otherwise stop at the first one)."""
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL.search(line)
        if found:
            report.add(number, _control_problem(found.group()))
    return CONTROL.sub("", text)


def _escaped_controls(value: Any, loc: Loc = ()):
    """The location and character of every control character that a TOML escape put in a value or key."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        if found:
            yield loc, found.group()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _escaped_controls(key, (*loc, key))
            yield from _escaped_controls(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _escaped_controls(item, (*loc, index))


def _parse_toml(text: str, report: _Report, first_line: int = 1) -> dict[str, Any] | None:
    try:
        data = tomlread.loads(text)
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        report.add(first_line, _("TOML syntax error: a value is nested too deeply; simplify it"))
        return None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = re.search(r"at line (\d+)", message)
        last_line = first_line + text.rstrip().count("\n")  # "at end of document"
        line = first_line - 1 + int(position.group(1)) if position else last_line
        reason = _TOML_POSITION.sub("", message).rstrip(".")
        reason = _(_TOML_REASONS[reason]) if reason in _TOML_REASONS else reason
        report.add(line, _("TOML syntax error: {reason}; check the quotes, brackets and commas on this line").format(reason=reason))
        return None
    if _CONTROL_ESCAPE.search(text):
        lines = LineMap(text, first_line)
        for loc, char in _escaped_controls(data):
            report.add(lines.line(loc), _control_problem(char, escaped=True))
    return data


# ---------------------------------------------------------------- course.toml


def _read_course_meta(folder: Path, problems: list[Problem]) -> tuple[CourseMeta | None, dict | None, LineMap]:
    """The course file's model (None if it has problems), its raw data and its lines.

    The data is None when there is no course file at all, {} when it cannot be parsed.
    """
    path = folder / COURSE_FILE
    report = _Report(path, problems)
    if not path.is_file():
        report.add(1, _("no {COURSE_FILE} here: give the path of a course folder (the one holding {COURSE_FILE})").format(COURSE_FILE=COURSE_FILE))
        return None, None, LineMap("")
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if text is None or data is None:
        return None, {}, LineMap("")
    lines = LineMap(text)
    _check_unique(report, lines, data.get("sources"), "sources", "source id")
    meta = _validate(CourseMeta, data, report, lines)
    if meta is not None and meta.next_review is not None and meta.next_review <= meta.reviewed:
        report.add(lines.line(("next_review",)), _("next_review ({next}) must come after reviewed ({reviewed}): set "
                                                   "the date the course is next due for review").format(
            next=meta.next_review.isoformat(), reviewed=meta.reviewed.isoformat()))
        meta = None
    listed = _listed_folders(data) or []
    for folder_name in sorted(name for name, times in Counter(listed).items() if times > 1):  # not listed.count: n² on 1,000s
        report.add(lines.line(("modules",)), _("module folder '{folder_name}' is listed twice in 'modules': list it once").format(folder_name=folder_name))
    return meta, data, lines


def review_warnings(folder: str | Path, course: Course, today: dt.date | None = None) -> list[Problem]:
    """What an author should hear about that does not stop the course: its next review date
    has passed. A warning, as file:line, never a problem (the course still loads)."""
    today = today or dt.date.today()
    if course.next_review is None or course.next_review >= today:
        return []
    path = Path(folder) / COURSE_FILE
    try:
        line = LineMap(path.read_text(encoding="utf-8")).line(("next_review",))
    except (OSError, UnicodeDecodeError):
        line = 0
    return [Problem(display_path(path), line, _("warning: the course was due for review on {date}: check it against "
                                               "the current evidence, then set 'reviewed' to today and "
                                               "'next_review' to the next date").format(date=course.next_review.isoformat()))]


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
            report.add(lines.line((key, index, "id")), _("duplicate {what} '{value}': give each one its own id").format(what=what, value=value))
        seen.add(value)


def _read_course_translation(folder: Path, edition: _Edition, source: dict, source_lines: LineMap,
                             registry: set[str] | None, problems: list[Problem]) -> CourseTranslation | None:
    """course.LANG.toml: the course's words in another language. Every word the source gives
    (title, disclaimer, about, short_notice, crisis lines) must be given here too."""
    path = folder / edition_file(COURSE_FILE, edition.suffix)
    report = _Report(path, problems)
    source_at = _Report(folder / COURSE_FILE, problems).at
    if not path.is_file():
        if edition.complete:
            report.add(1, _("missing {name}: the '{language}' edition needs the course's words in this language (copy {join} from {COURSE_FILE} and translate them)").format(name=path.name, language=edition.language, join=', '.join(TRANSLATED_COURSE_FIELDS), COURSE_FILE=COURSE_FILE))
        return None
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if text is None or data is None:
        return None
    lines = LineMap(text)
    words = _validate(CourseTranslation, data, report, lines)
    if words is None:
        return None
    for key in TRANSLATED_COURSE_FIELDS:
        if source.get(key) and getattr(words, key) is None:
            report.add(1, _("missing field '{key}': translate the one in {source_at}").format(key=key, source_at=source_at(source_lines.line((key,)))))
    for table in ("source_labels", "source_citations"):
        for source_id in getattr(words, table):
            if registry is not None and source_id not in registry:
                report.add(lines.line((table, source_id)),
                           _("source '{source_id}' is not in the course's [[sources]] ({COURSE_FILE}): fix the id or remove the label").format(source_id=source_id, COURSE_FILE=COURSE_FILE))
    return words


def _translated_course(meta: CourseMeta, words: CourseTranslation, modules: list[Module], language: str) -> Course:
    """The source course with the words of a translation: its own ids, sources and rules."""
    labels, citations = words.source_labels, words.source_citations
    sources = [replace(source, short=labels.get(source.id, source.short), citation=citations.get(source.id, source.citation))
               for source in meta.sources]
    given = {key: getattr(words, key) for key in TRANSLATED_COURSE_FIELDS if getattr(words, key) is not None}
    return Course(**{**values(meta), **given, "sources": sources, "modules": modules, "language": language})


# ---------------------------------------------------------------- lesson.md


def _split_front_matter(text: str, report: _Report) -> tuple[str, str, int] | None:
    """Return (front matter, body, line where the body starts)."""
    # Line by line up to the closing fence only: the body is sliced off, not split and joined again.
    end = text.find("\n")
    if (text if end < 0 else text[:end]).strip() != FRONT_MATTER_FENCE:
        report.add(1, _("a lesson must start with a line '{FRONT_MATTER_FENCE}', then its TOML front matter, then another '{FRONT_MATTER_FENCE}' line").format(FRONT_MATTER_FENCE=FRONT_MATTER_FENCE))
        return None
    front_start = end + 1
    index = 1  # the line (from 0) that starts at `end + 1`
    while end >= 0:
        start, end = end + 1, text.find("\n", end + 1)
        if (text[start:] if end < 0 else text[start:end]).strip() == FRONT_MATTER_FENCE:
            return text[front_start:max(front_start, start - 1)], "" if end < 0 else text[end + 1:], index + 2
        index += 1
    report.add(1, _("the front matter is never closed: add a line '{FRONT_MATTER_FENCE}' after it").format(FRONT_MATTER_FENCE=FRONT_MATTER_FENCE))
    return None


def _split_sections(body: str, first_line: int, report: _Report) -> tuple[list[Section], list[dict[str, Any]], list[tuple[int, str]]]:
    """Cut the body at '## ' headings.

    Returns the good sections, every heading as read (id, title, line and the sources cited
    under it: a question may point at a section that is reported as empty, one problem, not
    two) and every citation as (line, source id).
    """
    lines = body.split("\n")
    # A body without code fences (nearly all) is searched whole for its headings and
    # citations; one with fences is read line by line, to skip what is inside them.
    cut = _cut_by_lines if "```" in body or "~~~" in body else _cut_at_headings
    sections, citations = cut(body, lines, first_line, report)
    if sections:
        sections[-1]["end"] = len(lines)
    else:
        report.add(first_line, _("the lesson has no sections: add at least one '## ' heading with text under it"))
    return _make_sections(sections, lines, report), sections, citations


def _heading(line: str, index: int, first_line: int) -> dict[str, Any] | None:
    """A section as its heading line starts it, with the range of body lines it holds: [start, end)."""
    heading = _HEADING.match(line)
    if not heading:
        return None
    title = heading.group(1).strip()
    return {"id": heading.group(2) or slugify(title), "title": title,
            "line": first_line + index, "start": index + 1, "cited": set()}


def _text_before_headings(lines: list[str], end: int, first_line: int, report: _Report) -> None:
    for index in range(end):
        if lines[index].strip():
            report.add(first_line + index, _("text before the first '## ' heading: put it under a section heading"))


def _cut_by_lines(body: str, lines: list[str], first_line: int, report: _Report) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The sections and citations of a body with code fences: no heading inside a fence."""
    sections: list[dict[str, Any]] = []
    citations: list[tuple[int, str]] = []
    in_fence = False
    for index, line in enumerate(lines):  # the cheap tests first
        if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        section = _heading(line, index, first_line) if not in_fence and line.startswith("##") else None
        if section:
            if sections:
                sections[-1]["end"] = index
            else:
                _text_before_headings(lines, index, first_line, report)
            sections.append(section)
            continue
        if "[@" in line:
            cited = CITATION.findall(line)
            citations.extend((first_line + index, source_id) for source_id in cited)
            if sections:
                sections[-1]["cited"].update(cited)
    if not sections:
        _text_before_headings(lines, len(lines), first_line, report)
    return sections, citations


def _heading_starts(body: str):
    """Where each line that starts with '##' starts (str.find: a regex anchored at each line's
    start tries every position of the body)."""
    if body.startswith("##"):
        yield 0
    at = body.find("\n##")
    while at >= 0:
        yield at + 1
        at = body.find("\n##", at + 1)


def _cut_at_headings(body: str, lines: list[str], first_line: int, report: _Report) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The sections and citations of a body without code fences, as `_cut_by_lines` finds them
    (tests/test_loader.py compares the two), but looking only at the lines that matter."""
    sections: list[dict[str, Any]] = []
    index, at = 0, 0  # the line number (from 0) of the position `at` in the body
    for start in _heading_starts(body):
        index += body.count("\n", at, start)
        at = start
        end = body.find("\n", start)
        section = _heading(body[start:end if end >= 0 else len(body)], index, first_line)
        if section:
            if sections:
                sections[-1]["end"] = index
            sections.append(section)
    _text_before_headings(lines, sections[0]["start"] - 1 if sections else len(lines), first_line, report)
    citations: list[tuple[int, str]] = []
    if "[@" not in body:
        return sections, citations
    headings = {section["start"] - 1 for section in sections}  # a heading line's citations are not read
    under = -1  # the section the citation is in (-1: before the first)
    index, at = 0, 0
    for found in CITATION.finditer(body):
        index += body.count("\n", at, found.start())
        at = found.start()
        if index in headings:
            continue
        while under + 1 < len(sections) and sections[under + 1]["start"] <= index:
            under += 1
        citations.append((first_line + index, found.group(1)))
        if under >= 0:
            sections[under]["cited"].add(found.group(1))
    return sections, citations


def _make_sections(raw_sections: list[dict[str, Any]], lines: list[str], report: _Report) -> list[Section]:
    result: list[Section] = []
    seen: dict[str, int] = {}
    for raw in raw_sections:
        body_text = "\n".join(lines[raw["start"]:raw["end"]]).strip()
        if not raw["title"]:
            report.add(raw["line"], _("a '## ' heading with no title: give the section a title"))
        elif not raw["id"]:
            report.add(raw["line"], _("the heading '{raw}' cannot make a section id (ids use a-z, 0-9 and '-'): give it one, e.g. '## {raw} {{#a-short-id}}'").format(raw=raw['title']))
        elif not body_text:
            report.add(raw["line"], _("section '{raw}' is empty: write its text under the heading, or remove the heading").format(raw=raw['title']))
        elif raw["id"] in seen:
            report.add(raw["line"], _("duplicate section id '{raw}' (also on line {seen}): give the heading its own {{#id}}").format(raw=raw['id'], seen=seen[raw['id']]))
        else:
            seen[raw["id"]] = raw["line"]
            result.append(Section(id=raw["id"], title=raw["title"], body=body_text, line=raw["line"]))
    return result


def _check_citations(citations: list[tuple[int, str]], meta_sources: list[str] | None, registry: set[str] | None, report: _Report, front_lines: LineMap) -> None:
    if registry is not None and meta_sources is not None:
        for index, source_id in enumerate(meta_sources):
            if isinstance(source_id, str) and source_id not in registry:  # a wrong type is reported by the model
                report.add(front_lines.line(("sources", index)), _("source '{source_id}' is not in the course's [[sources]]: add it to course.toml or fix the id").format(source_id=source_id))
    for number, cited in citations:
        if registry is not None and cited not in registry:
            report.add(number, _("citation [@{cited}] is not in the course's [[sources]]: add it to course.toml or fix the id").format(cited=cited))
        elif meta_sources is not None and cited not in meta_sources:
            report.add(number, _("citation [@{cited}] is not in this lesson's 'sources': add \"{cited}\" to them").format(cited=cited))


# ---------------------------------------------------------------- quiz.toml

# The words a true/false option shows: the app's own, in the edition's language, so a quiz
# file never depends on how "True" is spelt.
TRUE_FALSE_WORDS = {True: N_("True"), False: N_("False")}


@dataclass
class QuizFile:
    """A quiz bank as read, kept to compare editions: its questions and their lines."""

    path: Path
    questions: list[Any]
    lines: LineMap


def _read_questions(path: Path, problems: list[Problem], section_ids: set[str], objectives: int | None,
                    language: str) -> tuple[list[Question], QuizFile | None]:
    report = _Report(path, problems)
    if not path.is_file():
        report.add(1, _("missing {name}: every module needs a quiz bank (see: ketamine-course help authoring)").format(name=path.name))
        return [], None
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if text is None or data is None:
        return [], None
    lines = LineMap(text)
    raw_questions = data.get("questions")
    unknown = sorted(set(data) - {"questions"})
    for key in unknown:
        report.add(lines.line((key,)), _("unknown field '{key}': a quiz file holds only [[questions]]").format(key=key))
    if not isinstance(raw_questions, list) or not raw_questions:
        report.add(1, _("no questions: add at least one [[questions]] table (see: ketamine-course help authoring)"))
        return [], None
    miswritten = _true_false_words(raw_questions, report, lines, language)
    questions = _validate_questions(raw_questions, report, lines)
    _check_questions(questions, report, lines, section_ids, objectives, miswritten)
    return [question for _index, question in questions], QuizFile(path, raw_questions, lines)


def _true_false_words(raw: list[Any], report: _Report, lines: LineMap, language: str) -> set[int]:
    """Give every true/false option (`value = true` or `value = false`) its text: the app's word
    for the value in `language`. Returns the questions whose options are written wrongly
    (reported here, so their answer key is not reported a second time)."""
    words = catalogue(language)
    miswritten: set[int] = set()
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("options"), list):
            continue  # reported by the model
        true_false = item.get("kind") == "true_false"
        for number, option in enumerate(item["options"]):
            if not isinstance(option, dict):
                continue
            value = option.get("value")
            if true_false and isinstance(value, bool) and "text" not in option:  # the common case: no problem
                item["options"][number] = {**option, "text": words.gettext(TRUE_FALSE_WORDS[value])}
                continue
            if not true_false and "value" not in option:
                continue
            where = ("questions", index, "options", number)
            name = _describe_question(where, item.get("id"), index)  # only for a problem (40,000 options in 1,000 lessons)
            if true_false and "text" in option:
                report.add(lines.line((*where, "text")), _("{name}a true/false option is written value = true or value = false, not as text (the app shows True or False in the learner's language): replace text = \"True\" with value = true").format(name=name))
            elif true_false and not isinstance(value, bool):
                report.add(lines.line((*where, "value") if "value" in option else where),
                           _("{name}a true/false option needs value = true or value = false (without quotes)").format(name=name))
            else:
                report.add(lines.line((*where, "value")), _("{name}'value' is only for true/false options: remove it").format(name=name))
            miswritten.add(index)
            item["options"][number] = {**option, "text": option.get("text") or "?"}
            item["options"][number].pop("value", None)
    return miswritten


def _validate_questions(raw: list[Any], report: _Report, lines: LineMap) -> list[tuple[int, Question]]:
    questions = _validate(list[Question], raw)
    if questions is not None:
        return list(enumerate(questions))
    valid: list[tuple[int, Question]] = []  # one by one, so every problem is named and the good ones still checked
    for index, item in enumerate(raw):
        label = item.get("id") if isinstance(item, dict) else None
        describe = lambda loc, label=label, index=index: _describe_question(loc, label, index)  # noqa: E731
        question = _validate(Question, item, report, lines, describe, base=("questions", index))
        if question is not None:
            valid.append((index, question))
    return valid


def _describe_question(loc: Loc, label: str | None, index: int) -> str:
    text = _("question '{label}'").format(label=label) if isinstance(label, str) else _("question {number}").format(number=index + 1)
    if len(loc) > 3 and loc[2] == "options" and isinstance(loc[3], int):
        text = _("question '{label}', option {number}").format(label=label, number=loc[3] + 1) if isinstance(label, str) \
            else _("question {index}, option {number}").format(index=index + 1, number=loc[3] + 1)
    return text + ": "


def _check_questions(questions: list[tuple[int, Question]], report: _Report, lines: LineMap, section_ids: set[str],
                     objectives: int | None, miswritten: set[int]) -> None:
    seen: set[str] = set()
    for index, question in questions:
        where = ("questions", index)
        name = _("question '{id}'").format(id=question.id)
        if question.id in seen:
            report.add(lines.line((*where, "id")), _("duplicate question id '{id}': give each question its own id").format(id=question.id))
        seen.add(question.id)
        if section_ids and question.section not in section_ids:
            known = ", ".join(sorted(section_ids))
            report.add(lines.line((*where, "section")), _("{name} points at section '{section}', which the lesson does not have; use one of: {known}").format(name=name, section=question.section, known=known))
        if objectives is not None and question.objective is not None and question.objective > objectives:
            report.add(lines.line((*where, "objective")), _("{name} tests objective {objective}, but the lesson has {objectives}; use a number from 1 to {objectives}").format(name=name, objective=question.objective, objectives=objectives))
        problem = _answer_key_problem(question, name) if index not in miswritten else None
        if problem:
            report.add(lines.line(where), problem)


def _answer_key_problem(question: Question, name: str) -> str | None:
    correct = len(question.correct_indexes)
    if question.kind == "single" and correct != 1:
        return _("{name} is single-choice but has {correct} correct options: mark exactly one option 'correct = true' (or use kind = \"multiple\")").format(name=name, correct=correct)
    if question.kind == "multiple" and correct == 0:
        return _("{name} has no correct option: mark at least one option 'correct = true'").format(name=name)
    if question.kind == "true_false":
        values = [option.value for option in question.options]
        if len(values) != 2 or set(values) != {False, True} or correct != 1:
            return (_("{name} is true/false: give exactly two options, one with value = true and one with value = false, and mark the right one 'correct = true'").format(name=name))
    return None


# ---------------------------------------------------------------- modules


@dataclass
class LessonFile:
    """A lesson as read, kept to compare editions: its front matter and its headings, with lines."""

    path: Path
    front: dict[str, Any]
    front_lines: LineMap
    headings: list[dict[str, Any]]  # each: id, title, line, cited (the source ids cited under it)


@dataclass
class ModuleFiles:
    """One module's files in one edition, as read (None where missing or unreadable)."""

    folder: str
    lesson: LessonFile | None = None
    quiz: QuizFile | None = None


@dataclass
class _Edition:
    """What is needed to read one edition's modules."""

    language: str  # the language of its text
    suffix: str | None = None  # None for the source files, else the language tag in the file names
    complete: bool = True  # a declared edition needs every file; an edition in progress only has some
    module_ids: dict[str, str] = field(default_factory=dict)  # the module ids seen so far -> folders


def _read_module(folder: Path, registry: set[str] | None, edition: _Edition, problems: list[Problem]) -> tuple[Module | None, ModuleFiles]:
    files = ModuleFiles(folder.name)
    lesson_path = folder / edition_file(LESSON_FILE, edition.suffix)
    quiz_path = folder / edition_file(QUIZ_FILE, edition.suffix)
    report = _Report(lesson_path, problems)
    if lesson_path.is_file():
        text = _read_text(lesson_path, report)
    elif edition.complete:
        report.add(1, _("missing {name}: every module folder needs a lesson (see: ketamine-course help authoring)").format(name=lesson_path.name))
        text = None
    else:  # a translation in progress: check only the files it has
        if quiz_path.is_file():
            files.quiz = _read_questions(quiz_path, problems, set(), None, edition.language)[1]
        return None, files
    parts = _split_front_matter(text, report) if text is not None else None
    if parts is None:  # still check the quiz on its own, so every problem shows at once
        files.quiz = _read_questions(quiz_path, problems, set(), None, edition.language)[1]
        return None, files
    front_text, body, body_line = parts
    data = _parse_toml(front_text, report, first_line=2)
    front_lines = LineMap(front_text, first_line=2)
    sections, headings, citations = _split_sections(body, body_line, report)
    meta = None
    if data is not None:
        meta = _validate(LessonMeta, data, report, front_lines)
    data = data or {}  # after a TOML syntax error (reported), check the rest without the front matter
    files.lesson = LessonFile(lesson_path, data, front_lines, headings)
    _check_module_id(data.get("id"), folder.name, edition.module_ids, report, front_lines)
    sources = data.get("sources") if isinstance(data.get("sources"), list) else None
    objectives = data.get("objectives") if isinstance(data.get("objectives"), list) else None
    _check_citations(citations, sources, registry, report, front_lines)
    questions: list[Question] = []
    if edition.complete or quiz_path.is_file():
        section_ids = {heading["id"] for heading in headings}
        if "" in section_ids:  # a heading with no id was reported; its questions are not reported again
            section_ids = set()
        questions, files.quiz = _read_questions(quiz_path, problems, section_ids, len(objectives) if objectives else None, edition.language)
    if meta is None or not sections:
        return None, files
    return Module(**values(meta), folder=folder.name, sections=sections, questions=questions), files


def _check_module_id(module_id: Any, folder_name: str, module_ids: dict[str, str], report: _Report, front_lines: LineMap) -> None:
    if not isinstance(module_id, str):
        return  # missing or of the wrong type: reported by the model
    if module_id in module_ids:
        report.add(front_lines.line(("id",)), _("duplicate module id '{module_id}' (also used in {module_ids}): give each module its own id").format(module_id=module_id, module_ids=module_ids[module_id]))
    module_ids.setdefault(module_id, folder_name)


def _module_folders(folder: Path) -> set[str]:
    return {
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir() and not entry.name.startswith((".", "_"))
    }


def _unsafe_folders(folder: Path, present: set[str], problems: list[Problem]) -> set[str]:
    """Module folders whose names hold a control character: reported, and not read."""
    unsafe = {name: found.group() for name in present if (found := CONTROL.search(name))}  # name: its first
    for name, char in sorted(unsafe.items()):
        problems.append(Problem(display_path(folder / name), 0, _(
            "the folder's name holds control character {char}: a terminal would obey it as a command "
            "whenever the name is shown; rename the folder (and its entry in {course_file})").format(
            char=describe(char), course_file=COURSE_FILE)))
    return set(unsafe)


# ---------------------------------------------------------------- the course and its editions


def check_course(folder: str | Path, language: str | None = None, every_edition: bool = False) -> tuple[Course | None, list[Problem]]:
    """Read a whole course; return it (None if it has problems) and every problem found.

    `language` chooses the edition returned (the source edition when None); a translation is
    checked against the source, so a drifted translation never loads. With `every_edition`
    every translation is checked too, including one still in progress (not yet in
    `translations`), whose missing files are not problems (`ketamine-course validate`).
    """
    # Loading makes tens of thousands of objects and no garbage: with the cycle collector
    # paused, a 1,000-lesson course loads a fifth faster (docs/performance.md).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_course(Path(folder), language, every_edition)
    finally:
        if collecting:
            gc.enable()


def _check_course(folder: Path, language: str | None, every_edition: bool) -> tuple[Course | None, list[Problem]]:
    problems: list[Problem] = []
    if not folder.is_dir():
        what = _("not a folder") if folder.exists() else _("no such folder")
        problems.append(Problem(display_path(folder), 0, _("{what}: give the path of a course folder (the one holding {COURSE_FILE})").format(what=what, COURSE_FILE=COURSE_FILE)))
        return None, problems
    meta, data, lines = _read_course_meta(folder, problems)
    if data is None:  # no course.toml: this is probably not a course folder, so look no further
        return None, problems
    listed = _listed_folders(data)
    registry = {s.id for s in meta.sources} if meta else _raw_source_ids(data)
    course_report = _Report(folder / COURSE_FILE, problems)
    present = _module_folders(folder)
    unsafe = _unsafe_folders(folder, present, problems)
    # Without a usable 'modules' list (already reported), still check every module folder.
    folders = [name for name in (dict.fromkeys(listed) if listed is not None else sorted(present)) if name in present and name not in unsafe]
    for name in dict.fromkeys(listed or []):
        if name not in present:
            course_report.add(lines.line(("modules",)), _("module '{name}' is listed in 'modules' but there is no folder {display_path}: create it or remove it from the list").format(name=name, display_path=display_path(folder / name)))
    source_language = meta.language if meta else str(data.get("language", "en"))
    modules, source_files = _read_modules(folder, folders, registry, _Edition(source_language), problems)
    for name in sorted(present - set(listed) - unsafe) if listed is not None else []:
        course_report.add(lines.line(("modules",)), _("folder '{name}' is not listed in 'modules': add \"{name}\" to the list, or move the folder out of the course").format(name=name))
    declared = [tag for tag in data.get("translations", []) if isinstance(tag, str)] if isinstance(data.get("translations"), list) else []
    wanted = language if language and language != source_language else None
    if wanted and wanted not in declared:
        offered = ", ".join([source_language, *declared])
        course_report.add(lines.line(("translations",)), _("there is no '{wanted}' edition of this course; it has: {offered}").format(wanted=wanted, offered=offered))
    editions = _found_editions(folder, folders, declared) if every_edition else []
    translated: Course | None = None
    for tag in dict.fromkeys([*editions, *([wanted] if wanted in declared else [])]):
        edition = _Edition(tag, tag, complete=tag in declared)
        words = _read_course_translation(folder, edition, data, lines, registry, problems)
        modules_here, files_here = _read_modules(folder, folders, registry, edition, problems)
        for source, translation in zip(source_files, files_here):
            compare_module(source, translation, problems)
        if tag == wanted and words is not None and meta is not None:
            translated = _translated_course(meta, words, modules_here, tag)
    if problems or meta is None:
        return None, sorted(problems)
    languages = [meta.language, *meta.translations]
    if wanted:
        assert translated is not None, "a wanted edition that could not be read is among the problems"
        return replace(translated, languages=languages), []
    return Course(**{**values(meta), "modules": modules, "languages": languages}), []


def _read_modules(folder: Path, names: list[str], registry: set[str] | None, edition: _Edition, problems: list[Problem]) -> tuple[list[Module], list[ModuleFiles]]:
    modules: list[Module] = []
    files: list[ModuleFiles] = []
    for name in names:
        module, module_files = _read_module(folder / name, registry, edition, problems)
        files.append(module_files)
        if module is not None:
            modules.append(module)
    return modules, files


def _found_editions(folder: Path, module_folders: list[str], declared: list[str]) -> list[str]:
    """The declared translations, then any other language with a translation file (one in progress)."""
    found = dict.fromkeys(declared)
    pattern = re.compile(r"^(?:course\.(.+)\.toml|lesson\.(.+)\.md|quiz\.(.+)\.toml)$")
    for place in [folder, *(folder / name for name in module_folders)]:
        for name in sorted(os.listdir(place)):  # names, not paths: sorting 1,000s of Paths was most of it
            match = pattern.match(name)
            tag = match and next(part for part in match.groups() if part)
            if tag and re.match(LANGUAGE_PATTERN, tag):
                found.setdefault(tag)
    return list(found)


def editions_in_progress(folder: str | Path, course: Course) -> dict[str, int]:
    """Languages with translation files that `translations` does not list yet, and how many
    of the course's modules each has a lesson for."""
    folder = Path(folder)
    folders = [module.folder for module in course.modules]
    return {
        tag: sum((folder / name / edition_file(LESSON_FILE, tag)).is_file() for name in folders)
        for tag in _found_editions(folder, folders, [])
        if tag not in course.languages
    }


def _raw_source_ids(data: dict) -> set[str] | None:
    sources = data.get("sources")
    if not isinstance(sources, list):
        return None
    return {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)}


def course_words(folder: str | Path, language: str | None = None) -> dict[str, Any]:
    """course.toml's editions and words (in `language`'s edition when it has one), read without
    checking anything: for `--help` and choosing the language before the course is loaded.
    Gives {} for a folder that is not a readable course (the load that follows says why)."""
    folder = Path(folder)
    try:
        data = tomlread.loads((folder / COURSE_FILE).read_text(encoding="utf-8"))
        source = data.get("language", "en")
        translations = [tag for tag in data.get("translations", []) if isinstance(tag, str)]
        words = {"languages": [source, *translations], "default_language": data.get("default_language") or source}
        words.update({key: data[key] for key in ("title", "about", "short_notice") if isinstance(data.get(key), str)})
        if language and language != source and language in translations:
            translated = tomlread.loads((folder / edition_file(COURSE_FILE, language)).read_text(encoding="utf-8"))
            words.update({key: translated[key] for key in ("title", "about", "short_notice") if isinstance(translated.get(key), str)})
    except (OSError, ValueError, AttributeError, TypeError):
        return {}
    return words


def load_course(folder: str | Path, language: str | None = None) -> Course:
    course, problems = check_course(folder, language)
    if course is None:
        raise CourseError(problems)
    return course
