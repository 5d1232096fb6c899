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
from course.i18n import _

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
    return " ".join(f"[@{source_id}]" for source_id in sorted(ids)) or _("no source")


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
                self.here.add(line, _("'{key}' is {shown} here but {shown2} in {there}: keep the source's {key}").format(key=key, shown=_shown(found), shown2=_shown(expected), there=there))
        for key in SAME_COUNT:
            self._same_count(source.get(key), translation.get(key), key)

    def _same_count(self, expected: Any, found: Any, *loc: str | int) -> None:
        if _count(expected) is not None and _count(expected) != (_count(found) or 0):
            line, there = self._lines(*loc)
            self.here.add(line, _("'{loc}' has {value} entries here but {count} in {there}: translate each entry once, in the same order").format(loc=loc[-1], value=_count(found) or 0, count=_count(expected), there=there))

    def _facilitator(self, expected: Any, found: Any) -> None:
        if not isinstance(expected, dict) or not isinstance(found, dict):
            if isinstance(expected, dict) != isinstance(found, dict):
                line, there = self._lines("facilitator")
                self.here.add(line, _("the source has [facilitator] notes ({there}) and this edition does not: translate them").format(there=there)
                              if isinstance(expected, dict) else
                              _("[facilitator] notes here but none in {path}: remove them, or add them to the source").format(path=self.there.path))
            return
        if expected.get("minutes") != found.get("minutes"):
            line, there = self._lines("facilitator", "minutes")
            self.here.add(line, _("'minutes' is {shown} here but {shown2} in {there}: keep the source's minutes").format(shown=_shown(found.get('minutes')), shown2=_shown(expected.get('minutes')), there=there))
        self._same_count(expected.get("prompts"), found.get("prompts"), "facilitator", "prompts")
        self._same_count(expected.get("agenda"), found.get("agenda"), "facilitator", "agenda")
        for index, (item, translated) in enumerate(zip(expected.get("agenda") or [], found.get("agenda") or [])):
            minutes = (item.get("minutes"), translated.get("minutes")) if isinstance(item, dict) and isinstance(translated, dict) else (0, 0)
            if minutes[0] != minutes[1]:
                line, there = self._lines("facilitator", "agenda", index, "minutes")
                self.here.add(line, _("agenda item {value} takes {minutes} minutes here but {minutes2} in {there}: keep the source's minutes").format(value=index + 1, minutes=minutes[1], minutes2=minutes[0], there=there))

    def _sections(self) -> None:
        if not all(h["id"] for h in (*self.source.headings, *self.translation.headings)):
            return  # a heading that makes no id was reported; the rest would only repeat it
        expected, found = self.source.headings, self.translation.headings
        expected_ids = {h["id"]: h for h in expected}
        found_ids = {h["id"]: h for h in found}
        for position, heading in enumerate(expected):
            if heading["id"] not in found_ids:
                near = found[min(position, len(found) - 1)]["line"] if found else 1
                self.here.add(near, _("section '{heading}' ({at}) is missing here: translate it under a heading with the same id: '## … {{#{heading}}}'").format(heading=heading['id'], at=self.there.at(heading['line'])))
        for heading in found:
            if heading["id"] not in expected_ids:
                known = ", ".join(h["id"] for h in expected)
                self.here.add(heading["line"], _("section '{heading}' is not in {path}: give the heading the id of the section it translates ({known}), as '## … {{#id}}'").format(heading=heading['id'], path=self.there.path, known=known))
        in_source_order = [h["id"] for h in expected if h["id"] in found_ids]
        in_this_order = [h["id"] for h in found if h["id"] in expected_ids]
        for here_id, source_id in zip(in_this_order, in_source_order):
            if here_id != source_id:
                self.here.add(found_ids[here_id]["line"], _("section '{here_id}' is out of order: the source ({at}) has '{source_id}' here; keep the source's order").format(here_id=here_id, at=self.there.at(expected_ids[source_id]['line']), source_id=source_id))
                break
        for section_id in in_this_order:
            cited, source_cited = found_ids[section_id]["cited"], expected_ids[section_id]["cited"]
            if cited != source_cited:
                self.here.add(found_ids[section_id]["line"], _("section '{section_id}' cites {cites} here but {cites2} in {at}: cite the same sources").format(section_id=section_id, cites=_cites(cited), cites2=_cites(source_cited), at=self.there.at(expected_ids[section_id]['line'])))


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
                self.here.add(near, _("question '{question_id}' ({at}) is missing here: translate it, with the same id").format(question_id=question_id, at=self.there.at(self.source.lines.line(('questions', index)))))
        for question_id, index in found.items():
            if question_id not in expected:
                self.here.add(self.translation.lines.line(("questions", index, "id")),
                              _("question '{question_id}' is not in {path}: give it the id of the question it translates, or remove it").format(question_id=question_id, path=self.there.path))
            else:
                self._question(question_id, expected[question_id], index)

    def _place(self, source_loc: tuple, loc: tuple) -> tuple[int, str]:
        return self.translation.lines.line(loc), self.there.at(self.source.lines.line(source_loc))

    def _question(self, question_id: str, source_index: int, index: int) -> None:
        expected, found = self.source.questions[source_index], self.translation.questions[index]
        name = _("question '{question_id}'").format(question_id=question_id)
        at_source, at = ("questions", source_index), ("questions", index)
        for key in QUESTION_FIELDS:
            if expected.get(key) != found.get(key):
                line, there = self._place((*at_source, key), (*at, key))
                self.here.add(line, _("{name}: '{key}' is {shown} here but {shown2} in {there}: keep the source's {key}").format(name=name, key=key, shown=_shown(found.get(key)), shown2=_shown(expected.get(key)), there=there))
        if _as_set(expected.get("tags", [])) != _as_set(found.get("tags", [])):
            line, there = self._place((*at_source, "tags"), (*at, "tags"))
            self.here.add(line, _("{name}: 'tags' are {shown} here but {shown2} in {there}: keep the source's tags").format(name=name, shown=_shown(found.get('tags', [])), shown2=_shown(expected.get('tags', [])), there=there))
        cited, source_cited = _cited(found), _cited(expected)
        if cited != source_cited:
            line, there = self._place(at_source, at)
            self.here.add(line, _("{name} cites {cites} here but {cites2} in {there}: cite the same sources").format(name=name, cites=_cites(cited), cites2=_cites(source_cited), there=there))
        self._options(name, expected.get("options"), found.get("options"), at_source, at)

    def _options(self, name: str, expected: Any, found: Any, at_source: tuple, at: tuple) -> None:
        if not isinstance(expected, list) or not isinstance(found, list):
            return  # reported by the model
        if len(expected) != len(found):
            line, there = self._place(at_source, at)
            self.here.add(line, _("{name} has {number_of_found} options here but {number_of_expected} in {there}: translate each option once, in the same order").format(name=name, number_of_found=len(found), number_of_expected=len(expected), there=there))
            return
        for number, (option, translated) in enumerate(zip(expected, found)):
            if not isinstance(option, dict) or not isinstance(translated, dict):
                continue
            where, source_where = (*at, "options", number), (*at_source, "options", number)
            if bool(option.get("correct")) != bool(translated.get("correct")):
                line, there = self._place(source_where, where)
                marked = _("is marked correct here but not") if translated.get("correct") else _("is not marked correct here but is")
                self.here.add(line, _("{name}, option {value} {marked} in {there}: mark the same options correct, in the same order").format(name=name, value=number + 1, marked=marked, there=there))
            elif option.get("value") != translated.get("value"):
                line, there = self._place((*source_where, "value"), (*where, "value"))
                self.here.add(line, _("{name}, option {value} has value = {shown} here but {shown2} in {there}: keep the source's values, in the same order").format(name=name, value=number + 1, shown=_shown(translated.get('value')), shown2=_shown(option.get('value')), there=there))


def _cited(value: Any) -> set[str]:
    """The source ids cited anywhere in a question's text."""
    if isinstance(value, str):
        return set(CITATION.findall(value))
    if isinstance(value, dict):
        return set().union(*(_cited(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_cited(v) for v in value))
    return set()
