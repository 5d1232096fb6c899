"""The course as data: plain classes for a course, its modules, sections, sources and quizzes.

These classes describe *valid* content, and check nothing themselves: the loader
(`course.content.loader`) validates the files with pydantic, which reads each field's rules
(`Rule`, beside the field) and fills these same classes; cross-references between them
(section ids, source ids) are checked there too, because only the loader knows the lines.
Importing this module costs no pydantic (course.rules), so the app, `read` and the exports
start without it. The classes are frozen: content never changes once loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from typing import Annotated, Any, Literal

from course.i18n import N_
from course.rules import STRICT, Rule
from course.terminal import printable

Role = Literal["patient", "volunteer", "facilitator"]
ROLES: tuple[Role, ...] = ("patient", "volunteer", "facilitator")
ROLE_NAMES: dict[str, str] = {"patient": N_("patient"), "volunteer": N_("volunteer"), "facilitator": N_("facilitator")}
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
LanguageTag = Annotated[str, Rule(pattern=LANGUAGE_PATTERN)]
Id = Annotated[str, Rule(pattern=ID_PATTERN)]
Text = Annotated[str, Rule(min_length=1)]  # not empty
Positive = Annotated[int, Rule(gt=0)]

# Content records are frozen (content never changes once loaded) and have slots (a large course
# has tens of thousands of these); fields are given by name. The decorator is written out on each
# (not an alias), so that the type checker sees data classes.


def values(record: Any) -> dict[str, Any]:
    """A data class's fields and their values, not copied: to build a bigger record from it."""
    return {item.name: getattr(record, item.name) for item in fields(record)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    __pydantic_config__ = STRICT

    id: Id
    short: Text
    kind: SourceKind
    citation: Text
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CrisisLine:
    __pydantic_config__ = STRICT

    name: Text
    how: Text


PLACEHOLDER = re.compile(r"^\[.*\]$", re.DOTALL)  # text a clinic fills in: "[Your clinic: …]"


@dataclass(frozen=True, slots=True, kw_only=True)
class Credits:
    """Who wrote the course, who reviewed it clinically, who paid for it and what ties its
    authors have: what IPDAS asks patient materials to say. Text wholly in [square brackets]
    is a placeholder for the clinic that offers the course to fill in."""

    __pydantic_config__ = STRICT

    written_by: Annotated[list[Text], Rule(min_length=1)]
    clinical_review: Annotated[list[Text], Rule(min_length=1)]
    funding: Text
    conflicts_of_interest: Text

    @property
    def placeholders(self) -> list[str]:
        """The fields still holding a placeholder, by name."""
        found = []
        for name in ("written_by", "clinical_review", "funding", "conflicts_of_interest"):
            value = getattr(self, name)
            if any(PLACEHOLDER.match(text) for text in (value if isinstance(value, list) else [value])):
                found.append(name)
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaItem:
    __pydantic_config__ = STRICT

    minutes: Positive
    activity: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class FacilitatorNotes:
    __pydantic_config__ = STRICT

    minutes: Positive
    notes: Text
    prompts: Annotated[list[str], Rule(min_length=1)]
    agenda: list[AgendaItem] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    __pydantic_config__ = STRICT

    id: str
    title: Text
    body: Text
    line: int = 0  # where the heading is, for messages and editors

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    __pydantic_config__ = STRICT

    text: Text  # for true/false the loader writes the app's word for `value`
    correct: bool = False
    feedback: Text
    value: bool | None = None  # a true/false option: the statement is true (or false)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    __pydantic_config__ = STRICT

    id: Id
    kind: QuestionKind
    prompt: Text
    section: Text
    objective: Annotated[int | None, Rule(ge=1)] = None
    tags: list[str] = field(default_factory=list)
    explanation: Text
    options: Annotated[list[Option], Rule(min_length=2)]

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True, slots=True, kw_only=True)
class LessonMeta:
    """The front matter of a lesson.md file."""

    __pydantic_config__ = STRICT

    id: Id
    title: Text
    minutes: Positive
    audiences: Annotated[list[Role], Rule(min_length=1)]
    reviewed: dt.date
    sources: Annotated[list[str], Rule(min_length=1)]
    objectives: Annotated[list[str], Rule(min_length=1)]
    key_points: Annotated[list[str], Rule(min_length=1)]
    ask_your_provider: list[str] = field(default_factory=list)
    what_to_bring: list[str] = field(default_factory=list)
    facilitator: FacilitatorNotes | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Module(LessonMeta):
    """One module: a lesson (front matter plus sections) and its quiz bank."""

    folder: str
    sections: Annotated[list[Section], Rule(min_length=1)]
    questions: list[Question] = field(default_factory=list)

    @property
    def has_quiz(self) -> bool:
        """Whether the module has a quiz bank (a module from the cache knows without reading it)."""
        return bool(self.questions)

    def section_index(self, section_id: str) -> int | None:
        for index, section in enumerate(self.sections):
            if section.id == section_id:
                return index
        return None

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def is_for(self, role: str) -> bool:
        return role in self.audiences


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseMeta:
    """The course.toml file."""

    __pydantic_config__ = STRICT

    id: Id
    title: Text
    version: Text
    reviewed: dt.date
    next_review: dt.date | None = None  # when the course is due for its next review: validate warns after it
    credits: Credits | None = None  # authors, clinical review, funding, conflicts of interest
    pass_mark: Annotated[int, Rule(ge=1, le=100)] = 80
    quiz_size: Annotated[int, Rule(ge=1)] = 8
    disclaimer: Text
    about: str = ""  # the welcome blurb: what this course is, in a sentence or two
    short_notice: str = ""  # the notice and the crisis line in one line: --help, page footers
    modules: Annotated[list[str], Rule(min_length=1)]
    crisis: Annotated[list[CrisisLine], Rule(min_length=1)]
    sources: list[Source] = field(default_factory=list)
    language: LanguageTag = "en"  # the language of course.toml, lesson.md and quiz.toml
    translations: list[LanguageTag] = field(default_factory=list)  # other editions: course.es.toml, lesson.es.md, quiz.es.toml
    default_language: LanguageTag | None = None  # when nothing else chooses; `language` if not given


TRANSLATED_COURSE_FIELDS = ("title", "disclaimer", "about", "short_notice", "crisis", "credits")


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseTranslation:
    """A course.LANG.toml file: the words of course.toml in another language.

    Everything else (ids, modules, pass mark, sources) is the source edition's.
    """

    __pydantic_config__ = STRICT

    title: Annotated[str | None, Rule(min_length=1)] = None
    disclaimer: Annotated[str | None, Rule(min_length=1)] = None
    about: str | None = None
    short_notice: str | None = None
    crisis: Annotated[list[CrisisLine] | None, Rule(min_length=1)] = None
    credits: Credits | None = None
    source_labels: dict[str, str] = field(default_factory=dict)  # source id -> its `short` label in this language
    # source id -> its citation in this language: for our own words in it ("Promotional; ..."); titles stay as published
    source_citations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)  # no slots: the lookups below are cached on the course
class Course(CourseMeta):
    """A whole course: course.toml with its modules loaded, in order."""

    modules: list[Module] = field(default_factory=list)  # type: ignore[assignment]  # folders in the file, modules here
    # The editions a learner can choose, the source's language first; `language` is this one's.
    languages: list[str] = field(default_factory=list)

    @property
    def fallback_language(self) -> str:
        """The edition shown when neither the learner nor the computer asks for one."""
        return self.default_language or (self.languages[0] if self.languages else self.language)

    @property
    def source_map(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    # Lookups, made once per course (a loaded course does not change). Modules are found by
    # identity: `modules.index` compares modules field by field, and nine such calls made the
    # command palette of a 1,000-lesson course take seconds.

    def _index(self) -> _ModuleIndex:
        index = self.__dict__.get("_module_index")
        if index is None or index.modules is not self.modules:  # a copy made with other modules
            index = self.__dict__["_module_index"] = _ModuleIndex(self.modules)
        return index

    def position(self, module: Module) -> int:
        """The module's 1-based place in the whole course (the same for every role)."""
        found = self._index().positions.get(id(module))
        if found is not None and found[0] is module:
            return found[1]
        return self.modules.index(module) + 1  # an equal copy of one of the modules

    def module(self, key: str) -> Module | None:
        """Find a module by id, folder name or position (1-based)."""
        return self._index().keys.get(key)

    def known_module(self, key: str) -> Module:
        """A module known to be in the course (the id of a question drawn from it, say); KeyError if not."""
        module = self._index().keys.get(key)
        if module is None:
            raise KeyError(key)
        return module

    def modules_for(self, role: str) -> list[Module]:
        return [m for m in self.modules if m.is_for(role)]


def without_controls(value):
    """`value` (a course, or any part of one) with control characters dropped from every text;
    the very same object when it has none. The loader refuses them; this is for whatever reaches
    a screen some other way. A record marked `checked` (read from the cache of a course the
    loader checked) is taken as it is: walking 5,000 cached modules would cost a start-up."""
    if isinstance(value, str):
        return printable(value)
    if hasattr(type(value), "__dataclass_fields__"):
        if getattr(value, "checked", False):
            return value
        changes = {item.name: new for item in fields(value)
                   if (new := without_controls(old := getattr(value, item.name))) is not old}
        return replace(value, **changes) if changes else value
    if isinstance(value, list):
        items = [without_controls(item) for item in value]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value


class _ModuleIndex:
    """A course's modules by identity (with each one's place) and by id, folder and position."""

    def __init__(self, modules: list[Module]) -> None:
        self.modules = modules
        self.positions = {id(module): (module, place) for place, module in enumerate(modules, start=1)}
        self.keys: dict[str, Module] = {}
        for place, module in enumerate(modules, start=1):
            for key in (module.id, module.folder, str(place)):
                self.keys.setdefault(key, module)  # the first module to answer to a key keeps it
