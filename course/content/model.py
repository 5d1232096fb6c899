"""The course as data: pydantic models for a course, its modules, sections, sources and quizzes.

These models describe *valid* content. Reading files and reporting an author's mistakes with
file and line is the loader's job (`course.content.loader`); cross-references between models
(section ids, source ids) are checked there too, because only the loader knows the lines.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from course.terminal import printable
from course.i18n import _, N_

Role = Literal["patient", "volunteer", "facilitator"]
ROLES: tuple[Role, ...] = ("patient", "volunteer", "facilitator")
ROLE_LABELS: dict[str, str] = {
    "patient": N_("Patient preparing for a consultation"),
    "volunteer": N_("Peer-support volunteer in training"),
    "facilitator": N_("Facilitator running group sessions"),
}

SourceKind = Literal["article", "study", "regulator", "guideline", "statistics", "organisation"]
QuestionKind = Literal["single", "multiple", "true_false"]

CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)\]")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# A language tag as BCP 47 writes it: "en", "es", "vi", "zh-Hans", "pt-BR". It names the
# translation files (lesson.es.md) and the app's catalogue (course/locale/es).
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LanguageTag = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]


class Strict(BaseModel):
    """Unknown fields are an author's typo, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


NonEmpty = Field(min_length=1)


class Source(Strict):
    id: str = Field(pattern=ID_PATTERN)
    short: str = NonEmpty
    kind: SourceKind
    citation: str = NonEmpty
    url: str | None = None


class CrisisLine(Strict):
    name: str = NonEmpty
    how: str = NonEmpty


class AgendaItem(Strict):
    minutes: int = Field(gt=0)
    activity: str = NonEmpty


class FacilitatorNotes(Strict):
    minutes: int = Field(gt=0)
    notes: str = NonEmpty
    prompts: list[str] = Field(min_length=1)
    agenda: list[AgendaItem] = []


class Section(Strict):
    id: str
    title: str = NonEmpty
    body: str = NonEmpty
    line: int = 0  # where the heading is, for messages and editors

    @property
    def words(self) -> int:
        return len(self.body.split())


class Option(Strict):
    text: str = NonEmpty  # for true/false the loader writes the app's word for `value`
    correct: bool = False
    feedback: str = NonEmpty
    value: bool | None = None  # a true/false option: the statement is true (or false)


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    kind: QuestionKind
    prompt: str = NonEmpty
    section: str = NonEmpty
    objective: int | None = Field(default=None, ge=1)
    tags: list[str] = []
    explanation: str = NonEmpty
    options: list[Option] = Field(min_length=2)

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


class LessonMeta(Strict):
    """The front matter of a lesson.md file."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = NonEmpty
    minutes: int = Field(gt=0)
    audiences: list[Role] = Field(min_length=1)
    reviewed: dt.date
    sources: list[str] = Field(min_length=1)
    objectives: list[str] = Field(min_length=1)
    key_points: list[str] = Field(min_length=1)
    ask_your_provider: list[str] = []
    what_to_bring: list[str] = []
    facilitator: FacilitatorNotes | None = None


class Module(LessonMeta):
    """One module: a lesson (front matter plus sections) and its quiz bank."""

    folder: str
    sections: list[Section] = Field(min_length=1)
    questions: list[Question] = []

    def section_index(self, section_id: str) -> int | None:
        for index, section in enumerate(self.sections):
            if section.id == section_id:
                return index
        return None

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def is_for(self, role: str) -> bool:
        return role in self.audiences


class CourseMeta(Strict):
    """The course.toml file."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = NonEmpty
    version: str = NonEmpty
    reviewed: dt.date
    pass_mark: int = Field(default=80, ge=1, le=100)
    quiz_size: int = Field(default=8, ge=1)
    disclaimer: str = NonEmpty
    about: str = ""  # the welcome blurb: what this course is, in a sentence or two
    short_notice: str = ""  # the notice and the crisis line in one line: --help, page footers
    modules: list[str] = Field(min_length=1)
    crisis: list[CrisisLine] = Field(min_length=1)
    sources: list[Source] = []
    language: LanguageTag = "en"  # the language of course.toml, lesson.md and quiz.toml
    translations: list[LanguageTag] = []  # other editions: course.es.toml, lesson.es.md, quiz.es.toml
    default_language: LanguageTag | None = None  # when nothing else chooses; `language` if not given


TRANSLATED_COURSE_FIELDS = ("title", "disclaimer", "about", "short_notice", "crisis")


class CourseTranslation(Strict):
    """A course.LANG.toml file: the words of course.toml in another language.

    Everything else (ids, modules, pass mark, sources) is the source edition's.
    """

    title: str | None = Field(default=None, min_length=1)
    disclaimer: str | None = Field(default=None, min_length=1)
    about: str | None = None
    short_notice: str | None = None
    crisis: list[CrisisLine] | None = Field(default=None, min_length=1)
    source_labels: dict[str, str] = {}  # source id -> its `short` label in this language


class Course(CourseMeta):
    """A whole course: course.toml with its modules loaded, in order."""

    modules: list[Module] = []  # type: ignore[assignment]  # folders in the file, modules here
    # The editions a learner can choose, the source's language first; `language` is this one's.
    languages: list[str] = []

    @property
    def fallback_language(self) -> str:
        """The edition shown when neither the learner nor the computer asks for one."""
        return self.default_language or (self.languages[0] if self.languages else self.language)

    @property
    def source_map(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    # Lookups, computed once per course (the course never changes once loaded). Modules are
    # found by identity: `modules.index` compares modules field by field, and nine such calls
    # made the command palette of a 1,000-lesson course take seconds.

    @cached_property
    def _positions(self) -> dict[int, int]:
        return {id(module): position for position, module in enumerate(self.modules, start=1)}

    @cached_property
    def _keys(self) -> dict[str, Module]:
        found: dict[str, Module] = {}
        for position, module in enumerate(self.modules, start=1):
            for key in (module.id, module.folder, str(position)):
                found.setdefault(key, module)  # the first module to answer a key keeps it
        return found

    def position(self, module: Module) -> int:
        """The module's 1-based place in the whole course (the same for every role)."""
        place = self._positions.get(id(module))
        return place if place is not None else self.modules.index(module) + 1  # an equal copy

    def module(self, key: str) -> Module | None:
        """Find a module by id, folder name or position (1-based)."""
        return self._keys.get(key)

    def modules_for(self, role: str) -> list[Module]:
        return [m for m in self.modules if m.is_for(role)]


def without_controls(value):
    """`value` (a course, or any part of one) with control characters dropped from every text;
    the very same object when it has none. The loader refuses them; this is for whatever reaches
    a screen some other way."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, BaseModel):
        changes = {name: new for name in type(value).model_fields
                   if (new := without_controls(old := getattr(value, name))) is not old}
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list):
        items = [without_controls(item) for item in value]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value
