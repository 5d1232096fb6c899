"""The course at a glance for one learner: module status, overall progress, where to continue, search.

Pure functions over the course and the learner's progress, so the course map (and anything
else that needs a summary) shows the same facts in the same words. Status is always given
in words and a symbol, never by colour alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from course.content.markup import cite, plain_markdown
from course.content.model import ROLE_LABELS, ROLE_NAMES, Course, Module
from course.i18n import N_, _, ngettext
from course.learning.completion import is_assessed
from course.learning.quiz import due_keys
from course.progress.values import LessonStatus

if TYPE_CHECKING:  # the model (pydantic) is not needed to read a learner: the course map is drawn without it
    from course.progress.model import Learner

STATUS_WORDS: dict[str, str] = {"not_started": N_("Not started"), "in_progress": N_("In progress"), "done": N_("Done")}
STATUS_SYMBOLS: dict[str, str] = {"not_started": "○", "in_progress": "◐", "done": "✓"}
AUDIENCE_WORDS: dict[str, str] = {"patient": N_("patients"), "volunteer": N_("volunteers"), "facilitator": N_("facilitators")}


@dataclass(frozen=True)
class ModuleSummary:
    """One row of the course map."""

    position: int  # 1-based place in the whole course, so numbers stay the same for every role
    module: Module
    status: LessonStatus
    section: int  # the section last shown (0-based)
    quiz_attempts: int
    best_score: int
    passed: bool
    to_practise: int  # missed questions due for review today
    assessed: bool = True  # False: the quiz is a self-check, with no pass mark to show

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def status_words(self) -> str:
        return _(STATUS_WORDS[self.status])

    @property
    def status_text(self) -> str:
        return f"{self.symbol} {self.status_words}"

    def quiz_text(self, pass_mark: int) -> str:
        if not self.module.has_quiz:
            return _("No quiz")
        if not self.assessed:
            return _("Self-check: {result}").format(result=self.self_check_text)
        if not self.quiz_attempts:
            return _("Quiz not taken yet")
        if self.passed:
            return _("Quiz passed ✓ (best {best_score}%)").format(best_score=self.best_score)
        return _("Quiz not passed yet (best {best_score}%, {pass_mark}% needed)").format(best_score=self.best_score, pass_mark=pass_mark)

    def quiz_result(self, pass_mark: int) -> str:
        """The assessed quiz's result without the word "Quiz", for a line already headed by it."""
        if not self.quiz_attempts:
            return _("not taken yet")
        if self.passed:
            return _("passed ✓ (best {best_score}%)").format(best_score=self.best_score)
        return _("not passed yet (best {best_score}%, {pass_mark}% needed)").format(best_score=self.best_score,
                                                                                    pass_mark=pass_mark)

    @property
    def self_check_text(self) -> str:
        """How a self-check went, without a verdict: 'best score 75%' or 'not tried yet'."""
        return _("best score {best}%").format(best=self.best_score) if self.quiz_attempts else _("not tried yet")

    @property
    def quiz_short(self) -> str:
        """The quiz result in a few words, for a row of the course map."""
        if not self.module.has_quiz:
            return _("no quiz")
        if not self.assessed:
            return (_("self-check, best {best}%").format(best=self.best_score) if self.quiz_attempts
                    else _("self-check not tried"))
        if not self.quiz_attempts:
            return _("quiz not taken")
        if self.passed:
            return _("quiz {best_score}% ✓ passed").format(best_score=self.best_score)
        return _("quiz {best_score}% (not passed yet)").format(best_score=self.best_score)

    @property
    def where_text(self) -> str:
        """Where the learner is in this lesson, e.g. 'Section 2 of 5'."""
        total = len(self.module.sections)
        if self.status == "not_started":
            return ngettext("{n} section", "{n} sections", total).format(n=total)
        return _("Section {section} of {total}").format(section=min(self.section, total - 1) + 1, total=total)


@dataclass(frozen=True)
class Overall:
    modules: int
    done: int
    passed: int
    quizzes: int
    minutes_left: int
    tried: int = 0  # quizzes taken at least once
    assessed: bool = True

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.modules) if self.modules else 0

    @property
    def text(self) -> str:
        quizzes = (_("{passed} of {quizzes} quizzes passed").format(passed=self.passed, quizzes=self.quizzes) if self.assessed else
                   _("{tried} of {quizzes} self-checks tried").format(tried=self.tried, quizzes=self.quizzes))
        parts = [_("{done} of {modules} lessons done").format(done=self.done, modules=self.modules), quizzes]
        parts.append(_("about {minutes_left} min left").format(minutes_left=self.minutes_left) if self.minutes_left else _("all lessons read"))
        return " · ".join(parts)


@dataclass(frozen=True)
class ResumePoint:
    module: Module
    section: int  # 0-based

    def describe(self, course: Course) -> str:
        position = course.position(self.module)
        section = self.module.sections[self.section]
        return _("Lesson {position}, {title}: section {section} of {sections}, {section_title}").format(
            position=position, title=self.module.title, section=self.section + 1, sections=len(self.module.sections),
            section_title=section.title)


def modules_for(course: Course, learner: Learner) -> list[Module]:
    """The modules a learner's role sees; every module if none is meant for that role."""
    return course.modules_for(learner.role) or list(course.modules)


def next_module(course: Course, learner: Learner, module: Module) -> Module | None:
    """The lesson after `module` among those the learner's role sees; None after the last one,
    or when the role does not see `module`."""
    modules = modules_for(course, learner)
    at = _place_in(modules, module)
    return modules[at + 1] if at is not None and at + 1 < len(modules) else None


def _place_in(modules: list[Module], module: Module) -> int | None:
    """`modules.index(module)` by identity: comparing modules field by field is slow."""
    return next((index for index, listed in enumerate(modules) if listed is module), None)


def to_practise(learner: Learner, course: Course) -> Counter[str]:
    """The missed questions due for review today, counted by module id."""
    return Counter(key.partition("/")[0] for key in due_keys(learner, course))


def summarize(course: Course, learner: Learner) -> list[ModuleSummary]:
    rows = []
    waiting = to_practise(learner, course)
    assessed = is_assessed(learner)
    for module in modules_for(course, learner):
        lesson = learner.lessons.get(module.id)
        quiz = learner.quizzes.get(module.id)
        rows.append(ModuleSummary(
            position=course.position(module),
            module=module,
            status=lesson.status if lesson else "not_started",
            section=lesson.last_section if lesson else 0,
            quiz_attempts=quiz.attempt_count if quiz else 0,
            best_score=quiz.best_score if quiz else 0,
            passed=bool(quiz and quiz.attempt_count and quiz.best_score >= course.pass_mark),  # as completion() judges
            to_practise=waiting[module.id],
            assessed=assessed,
        ))
    return rows


def overall(rows: list[ModuleSummary]) -> Overall:
    with_quiz = [row for row in rows if row.module.has_quiz]
    return Overall(
        modules=len(rows),
        done=sum(row.status == "done" for row in rows),
        passed=sum(row.passed for row in with_quiz),
        quizzes=len(with_quiz),
        minutes_left=sum(row.module.minutes for row in rows if row.status != "done"),
        tried=sum(row.quiz_attempts > 0 for row in with_quiz),
        assessed=all(row.assessed for row in rows),
    )


def resume_point(course: Course, learner: Learner) -> ResumePoint | None:
    """Where "continue" goes: the lesson last read, at its section, unless it is finished;
    then the first unfinished lesson for the learner's role. None when every lesson is done."""
    modules = modules_for(course, learner)
    last = course.module(learner.last_module) if learner.last_module else None
    at = _place_in(modules, last) if last is not None else None
    if last is not None and at is not None:
        record = learner.lessons.get(last.id)
        if record and record.status != "done":
            return ResumePoint(last, min(record.last_section, len(last.sections) - 1))
        modules = modules[at + 1:] + modules[:at]
    for module in modules:
        record = learner.lessons.get(module.id)
        if record is None or record.status != "done":
            section = record.last_section if record else 0
            return ResumePoint(module, min(section, len(module.sections) - 1))
    return None


def due_words(due: dt.datetime, today: dt.date | None = None) -> str:
    """When a review comes back, in words: 'today', 'tomorrow', 'in 3 days'."""
    days = (due.astimezone().date() - (today or dt.date.today())).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def due_today_text(learner: Learner, course: Course) -> str:
    """'3 questions due for review today', or '' when none is due."""
    due = len(due_keys(learner, course))
    return ngettext("{n} question due for review today", "{n} questions due for review today",
                    due).format(n=due) if due else ""


def audiences_text(module: Module) -> str:
    return _("For {audiences}").format(audiences=", ".join(_(AUDIENCE_WORDS[a]) if a in AUDIENCE_WORDS else a
                                                           for a in module.audiences))


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def learner_label(learner: Learner, number: int | None = None) -> str:
    """How a learner is named on screen: their name, or 'Learner N' when they gave none."""
    name = learner.name or (_("Learner {number}").format(number=number) if number else _("You"))
    return f"{name} ({_(ROLE_NAMES.get(learner.role, learner.role))})"


# ---------------------------------------------------------------- search

_SPACE = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
SNIPPET_CHARS = 70


@dataclass(frozen=True)
class SearchHit:
    module: Module
    position: int  # the module's 1-based place in the course
    section: int  # 0-based
    snippet: str

    @property
    def title(self) -> str:
        return _("Lesson {position} · {title}").format(position=self.position, title=self.module.sections[self.section].title)


def section_text(course: Course, module: Module, index: int) -> str:
    """A section as one line of plain text: citations as labels, Markdown marks dropped."""
    section = module.sections[index]
    body = _LIST_MARKER.sub("", plain_markdown(cite(section.body, course)))
    return _SPACE.sub(" ", f"{section.title}. {body}").strip()


class SearchIndex:
    """Every section of a course as lower-cased plain text, made once: a search is then a scan
    of one long string (`str.find`, at C speed). Making the text costs about 0.2 ms a section
    (1.4 s for a 1,000-lesson course), so the app keeps one index for the session and may
    `build` it ahead, from a thread; a scan of that course then takes a few milliseconds."""

    SEPARATOR = "\n\x00\n"  # between sections: no query contains it, and no word runs across it

    def __init__(self, course: Course) -> None:
        self.course = course
        # The sections' text in lower case, joined; where each starts; each one's module, index and text.
        self._built: tuple[str, list[int], list[tuple[Module, int, str]]] | None = None

    @property
    def ready(self) -> bool:
        return self._built is not None

    def build(self) -> tuple[str, list[int], list[tuple[Module, int, str]]]:
        """Make the text of every section (once; safe to call from another thread)."""
        if self._built is not None:
            return self._built
        course = self.course
        sections = [(module, index, section_text(course, module, index))
                    for module in course.modules for index in range(len(module.sections))]
        texts = [text.lower() for _module, _index, text in sections]
        starts, at = [], 0
        for text in texts:
            starts.append(at)
            at += len(text) + len(self.SEPARATOR)
        self._built = (self.SEPARATOR.join(texts), starts, sections)
        return self._built

    def search(self, query: str, modules: list[Module] | None = None, limit: int = 50) -> list[SearchHit]:
        """Sections containing every word of the query (case-insensitive), in course order."""
        words = query.lower().split()
        if not words:
            return []
        text, starts, sections = self.build()
        wanted = {id(module) for module in modules} if modules is not None else None
        longest = max(words, key=len)  # the rarest, most likely: found first, the others checked after
        hits: list[SearchHit] = []
        at = text.find(longest)
        while at >= 0 and len(hits) < limit:
            number = bisect.bisect_right(starts, at) - 1
            end = starts[number + 1] if number + 1 < len(starts) else len(text)
            module, index, shown = sections[number]
            if (wanted is None or id(module) in wanted) and all(word in text[starts[number]:end] for word in words):
                hits.append(SearchHit(module, self.course.position(module), index,
                                      _snippet(shown, shown.lower().find(words[0]))))
            at = text.find(longest, end)
        return hits


def search(course: Course, query: str, modules: list[Module] | None = None, limit: int = 50) -> list[SearchHit]:
    """A one-off search; the app keeps a `SearchIndex` instead."""
    return SearchIndex(course).search(query, modules, limit)


def _snippet(text: str, at: int) -> str:
    start = max(0, at - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
