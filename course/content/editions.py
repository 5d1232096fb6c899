"""Parity between a course's editions: a translation has the source's sections, questions and
options, with the same ids, the same right answers and the same sources cited.

Each drift is one problem in the translation's file whose message names the place in the
source file (`file:line` in both), so an author who changed one edition learns what to
change in the other. Only what a translator must keep is compared: words never are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.content.model import CITATION
from course.content.problems import Problem, Report

if TYPE_CHECKING:
    from course.content.loader import LessonFile, ModuleFiles, QuizFile

SAME_VALUE = ("id",)  # front matter a translation keeps as it is
SAME_SET = ("audiences", "sources")  # ... in any order
SAME_COUNT = ("objectives", "key_points", "ask_your_provider", "what_to_bring")  # one translation per entry
QUESTION_FIELDS = ("kind", "section", "objective")


def compare_module(source: ModuleFiles, translation: ModuleFiles, problems: list[Problem]) -> None:
    """Report every drift of `translation` from `source` (files that could not be read were
    reported already, and are skipped)."""
    if source.lesson and translation.lesson:
        _Lessons(source.lesson, translation.lesson, problems).compare()
    if source.quiz and translation.quiz:
        _Quizzes(source.quiz, translation.quiz, problems).compare()


def _shown(value: Any) -> str:
    """A value as the author wrote it in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _as_set(value: Any) -> Any:
    return frozenset(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else value


def _count(value: Any) -> int | None:
    return len(value) if isinstance(value, list) else None


def _cites(ids: set[str]) -> str:
    return " ".join(f"[@{source_id}]" for source_id in sorted(ids)) or "no source"


class _Lessons:
    def __init__(self, source: LessonFile, translation: LessonFile, problems: list[Problem]) -> None:
        self.source, self.translation = source, translation
        self.here = Report(translation.path, problems)
        self.there = Report(source.path, problems)

    def compare(self) -> None:
        self._front_matter()
        self._facilitator(self.source.front.get("facilitator"), self.translation.front.get("facilitator"))
        self._sections()

    def _lines(self, *loc: str | int) -> tuple[int, str]:
        """The line of `loc` here, and the place of it in the source."""
        return self.translation.front_lines.line(loc), self.there.at(self.source.front_lines.line(loc))

    def _front_matter(self) -> None:
        source, translation = self.source.front, self.translation.front
        for key in (*SAME_VALUE, *SAME_SET):
            expected, found = source.get(key), translation.get(key)
            same = expected == found if key in SAME_VALUE else _as_set(expected) == _as_set(found)
            if expected is not None and not same:
                line, there = self._lines(key)
                self.here.add(line, f"'{key}' is {_shown(found)} here but {_shown(expected)} in {there}: keep the source's {key}")
        for key in SAME_COUNT:
            self._same_count(source.get(key), translation.get(key), key)

    def _same_count(self, expected: Any, found: Any, *loc: str | int) -> None:
        if _count(expected) is not None and _count(expected) != (_count(found) or 0):
            line, there = self._lines(*loc)
            self.here.add(line, f"'{loc[-1]}' has {_count(found) or 0} entries here but {_count(expected)} in {there}: "
                                "translate each entry once, in the same order")

    def _facilitator(self, expected: Any, found: Any) -> None:
        if not isinstance(expected, dict) or not isinstance(found, dict):
            if isinstance(expected, dict) != isinstance(found, dict):
                line, there = self._lines("facilitator")
                self.here.add(line, f"the source has [facilitator] notes ({there}) and this edition does not: translate them"
                              if isinstance(expected, dict) else
                              f"[facilitator] notes here but none in {self.there.path}: remove them, or add them to the source")
            return
        if expected.get("minutes") != found.get("minutes"):
            line, there = self._lines("facilitator", "minutes")
            self.here.add(line, f"'minutes' is {_shown(found.get('minutes'))} here but {_shown(expected.get('minutes'))} in {there}: keep the source's minutes")
        self._same_count(expected.get("prompts"), found.get("prompts"), "facilitator", "prompts")
        self._same_count(expected.get("agenda"), found.get("agenda"), "facilitator", "agenda")
        for index, (item, translated) in enumerate(zip(expected.get("agenda") or [], found.get("agenda") or [])):
            minutes = (item.get("minutes"), translated.get("minutes")) if isinstance(item, dict) and isinstance(translated, dict) else (0, 0)
            if minutes[0] != minutes[1]:
                line, there = self._lines("facilitator", "agenda", index, "minutes")
                self.here.add(line, f"agenda item {index + 1} takes {minutes[1]} minutes here but {minutes[0]} in {there}: keep the source's minutes")

    def _sections(self) -> None:
        if not all(h["id"] for h in (*self.source.headings, *self.translation.headings)):
            return  # a heading that makes no id was reported; the rest would only repeat it
        expected, found = self.source.headings, self.translation.headings
        expected_ids = {h["id"]: h for h in expected}
        found_ids = {h["id"]: h for h in found}
        for position, heading in enumerate(expected):
            if heading["id"] not in found_ids:
                near = found[min(position, len(found) - 1)]["line"] if found else 1
                self.here.add(near, f"section '{heading['id']}' ({self.there.at(heading['line'])}) is missing here: translate it "
                                    f"under a heading with the same id: '## … {{#{heading['id']}}}'")
        for heading in found:
            if heading["id"] not in expected_ids:
                known = ", ".join(h["id"] for h in expected)
                self.here.add(heading["line"], f"section '{heading['id']}' is not in {self.there.path}: give the heading the id "
                                               f"of the section it translates ({known}), as '## … {{#id}}'")
        in_source_order = [h["id"] for h in expected if h["id"] in found_ids]
        in_this_order = [h["id"] for h in found if h["id"] in expected_ids]
        for here_id, source_id in zip(in_this_order, in_source_order):
            if here_id != source_id:
                self.here.add(found_ids[here_id]["line"], f"section '{here_id}' is out of order: the source "
                              f"({self.there.at(expected_ids[source_id]['line'])}) has '{source_id}' here; keep the source's order")
                break
        for section_id in in_this_order:
            cited, source_cited = found_ids[section_id]["cited"], expected_ids[section_id]["cited"]
            if cited != source_cited:
                self.here.add(found_ids[section_id]["line"], f"section '{section_id}' cites {_cites(cited)} here but "
                              f"{_cites(source_cited)} in {self.there.at(expected_ids[section_id]['line'])}: cite the same sources")


class _Quizzes:
    def __init__(self, source: QuizFile, translation: QuizFile, problems: list[Problem]) -> None:
        self.source, self.translation = source, translation
        self.here = Report(translation.path, problems)
        self.there = Report(source.path, problems)

    @staticmethod
    def _by_id(quiz: QuizFile) -> dict[str, int]:
        found: dict[str, int] = {}
        for index, question in enumerate(quiz.questions):
            if isinstance(question, dict) and isinstance(question.get("id"), str):
                found.setdefault(question["id"], index)  # a duplicate id was reported
        return found

    def compare(self) -> None:
        expected, found = self._by_id(self.source), self._by_id(self.translation)
        for question_id, index in expected.items():
            if question_id not in found:
                near = self.translation.lines.line(("questions", min(index, len(self.translation.questions) - 1)))
                self.here.add(near, f"question '{question_id}' ({self.there.at(self.source.lines.line(('questions', index)))}) "
                                    "is missing here: translate it, with the same id")
        for question_id, index in found.items():
            if question_id not in expected:
                self.here.add(self.translation.lines.line(("questions", index, "id")),
                              f"question '{question_id}' is not in {self.there.path}: give it the id of the question it translates, or remove it")
            else:
                self._question(question_id, expected[question_id], index)

    def _place(self, source_loc: tuple, loc: tuple) -> tuple[int, str]:
        return self.translation.lines.line(loc), self.there.at(self.source.lines.line(source_loc))

    def _question(self, question_id: str, source_index: int, index: int) -> None:
        expected, found = self.source.questions[source_index], self.translation.questions[index]
        name = f"question '{question_id}'"
        at_source, at = ("questions", source_index), ("questions", index)
        for key in QUESTION_FIELDS:
            if expected.get(key) != found.get(key):
                line, there = self._place((*at_source, key), (*at, key))
                self.here.add(line, f"{name}: '{key}' is {_shown(found.get(key))} here but {_shown(expected.get(key))} in {there}: keep the source's {key}")
        if _as_set(expected.get("tags", [])) != _as_set(found.get("tags", [])):
            line, there = self._place((*at_source, "tags"), (*at, "tags"))
            self.here.add(line, f"{name}: 'tags' are {_shown(found.get('tags', []))} here but {_shown(expected.get('tags', []))} in {there}: keep the source's tags")
        cited, source_cited = _cited(found), _cited(expected)
        if cited != source_cited:
            line, there = self._place(at_source, at)
            self.here.add(line, f"{name} cites {_cites(cited)} here but {_cites(source_cited)} in {there}: cite the same sources")
        self._options(name, expected.get("options"), found.get("options"), at_source, at)

    def _options(self, name: str, expected: Any, found: Any, at_source: tuple, at: tuple) -> None:
        if not isinstance(expected, list) or not isinstance(found, list):
            return  # reported by the model
        if len(expected) != len(found):
            line, there = self._place(at_source, at)
            self.here.add(line, f"{name} has {len(found)} options here but {len(expected)} in {there}: translate each option once, in the same order")
            return
        for number, (option, translated) in enumerate(zip(expected, found)):
            if not isinstance(option, dict) or not isinstance(translated, dict):
                continue
            where, source_where = (*at, "options", number), (*at_source, "options", number)
            if bool(option.get("correct")) != bool(translated.get("correct")):
                line, there = self._place(source_where, where)
                marked = "is marked correct here but not" if translated.get("correct") else "is not marked correct here but is"
                self.here.add(line, f"{name}, option {number + 1} {marked} in {there}: mark the same options correct, in the same order")
            elif option.get("value") != translated.get("value"):
                line, there = self._place((*source_where, "value"), (*where, "value"))
                self.here.add(line, f"{name}, option {number + 1} has value = {_shown(translated.get('value'))} here but "
                                    f"{_shown(option.get('value'))} in {there}: keep the source's values, in the same order")


def _cited(value: Any) -> set[str]:
    """The source ids cited anywhere in a question's text."""
    if isinstance(value, str):
        return set(CITATION.findall(value))
    if isinstance(value, dict):
        return set().union(*(_cited(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_cited(v) for v in value))
    return set()
