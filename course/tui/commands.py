"""What the command palette (Ctrl+P; the screen is course.tui.screens.palette) offers: the
course's commands, made from the keymap and the screen the palette opened over.

Offered, in this order: the commands of that screen (`course.keymap`, palette=True), the app's
own that work now (none but help, the crisis line, messages and the theme before there is a
learner), one for each other language the course is in, then commands for each lesson the learner's role sees (go to it, its quiz; for a
facilitator, its presenter view, group quiz and session files). Typing three or more letters
also offers the lesson sections that contain them (the app's search index), so the palette
doubles as search.

Quick on a large course: Textual's fuzzy matcher (about 0.7 ms a title) is used only for the
course's few commands; a lesson command matches when every word typed is in its title, and at
most LESSON_HITS of those are offered (type the lesson's number or title to find the others).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from course.content.model import Course, Module
from course.i18n import _, language_name
from course.keymap import (
    EVERYWHERE,
    KEYMAP,
    LESSON_COMMANDS,
    Command,
    LessonCommand,
    for_role,
    keys_words,
    section_title,
)
from course.learning.overview import modules_for
from course.progress.model import Learner
from course.tui.navigation import open_group_quiz, open_presenter, open_session_exports

if TYPE_CHECKING:
    from course.tui.app import CourseApp



FULL_TEXT_MIN = 3
FULL_TEXT_HITS = 5
LESSON_HITS = 40  # lesson commands offered at once: all of them for a course of eight lessons
INDEX_WAIT = 0.05  # seconds a search waits for the index being made, so as not to hold up the commands


class Offer(NamedTuple):
    title: str
    help: str
    run: Callable[[], object]


def language_commands(app) -> list[Offer]:
    """One command per other edition of the course, named in its own language too, so a
    learner who cannot read the current one still finds theirs."""
    return [Offer(_("Language: {name}").format(name=language_name(language)),
                  _("Show the course and the app in {name} (remembered for you)").format(
                      name=language_name(language, app.course.language, in_sentence=True)),
                  partial(app.switch_language, language))
            for language in app.course.languages if language != app.course.language]


def key_hint(command: Command, remap: dict[str, str]) -> str:
    """The palette's second line for a command with keys: which key does it (the learner's own,
    if they changed it), and where."""
    if not command.keys:
        return ""
    keys = keys_words(remap.get(command.id, command.keys))
    if EVERYWHERE in command.where:
        return _("Key: {keys}").format(keys=keys)
    return _("Key: {keys} ({where})").format(keys=keys, where=section_title(command.where[0]))


LessonTitle = tuple[str, str, LessonCommand, Module]  # the title in lower case, the title, the command, the lesson
_titles: dict[tuple[int, str, str], tuple[Course, list[LessonTitle]]] = {}


def lesson_titles(course: Course, learner: Learner) -> list[LessonTitle]:
    """Each lesson command's title for this learner's role, made once a session (tens of
    milliseconds for a 1,000-lesson course). What a command does is made only for those offered."""
    commands = [(command, _(command.title)) for command in LESSON_COMMANDS if for_role(command, learner.role)]
    key = (id(course), learner.role, "".join(title for _command, title in commands))  # and the language
    made = _titles.get(key)
    if made is None or made[0] is not course:
        if len(_titles) > 8:  # one course a session, but tests and benchmarks make many
            _titles.clear()
        found = []
        for module in modules_for(course, learner):
            number = course.position(module)
            for command, title in commands:
                if module.has_quiz or not command.needs_quiz:
                    shown = title.format(number=number, position=number, title=module.title)
                    found.append((shown.lower(), shown, command, module))
        made = _titles[key] = (course, found)
    return made[1]


class CourseCommands(Provider):
    @property
    def course_app(self) -> CourseApp:
        """The app (Textual types a provider's app as App[object]; this palette is the course app's)."""
        from course.tui.app import CourseApp  # loaded long before the palette (which the app loads when opened)

        return cast(CourseApp, self.app)

    async def startup(self) -> None:
        self.course_app.warm_search()  # for the full-text hits, made while the learner types

    def _commands(self) -> list[Offer]:
        """The keymap's palette commands that work here: this screen's first, then the app's."""
        app, screen = self.course_app, self.screen
        role = app.learner.role if app.learner is not None else None
        place = getattr(screen, "PLACE", None)
        here: list[Offer] = []
        everywhere: list[Offer] = []
        for command in KEYMAP:
            if not command.palette or not for_role(command, role):
                continue
            target, name, parameters = parse(command.action)
            node = app if target == "app" else screen
            if node is screen and place not in command.where:
                continue
            if node.check_action(name, parameters) is not True:
                continue
            offer = Offer(_(command.text), key_hint(command, app.user_keys),
                          partial(app.run_action, command.action, screen))
            (everywhere if node is app else here).append(offer)
        return here + everywhere + language_commands(app)

    def _lesson_commands(self) -> list[LessonTitle]:
        app = self.course_app
        if app.learner is None or app.too_small:
            return []
        return lesson_titles(app.course, app.learner)

    def _lesson_offer(self, title: str, command: LessonCommand, module: Module) -> Offer:
        app = self.course_app
        opens: dict[str, Callable[[Module], object]] = {"lesson": app.open_lesson, "quiz": app.start_quiz, "presenter": partial(open_presenter, app),
                 "group-quiz": partial(open_group_quiz, app), "session-files": partial(open_session_exports, app)}
        return Offer(title, _(command.text).format(minutes=module.minutes), partial(opens[command.opens], module))

    def discovered(self) -> list[DiscoveryHit]:
        """What the palette offers before anything is typed, in this order."""
        hits = [DiscoveryHit(offer.title, offer.run, help=offer.help) for offer in self._commands()]
        for _lowered, title, command, module in self._lesson_commands()[:LESSON_HITS]:
            offer = self._lesson_offer(title, command, module)
            hits.append(DiscoveryHit(offer.title, offer.run, help=offer.help))
        return hits

    def found(self, query: str) -> list[Hit]:
        """The commands and lesson commands matching `query` (not yet the lessons' text)."""
        matcher = self.matcher(query)
        hits = []
        for offer in self._commands():
            score = matcher.match(offer.title)
            if score > 0:
                hits.append(Hit(score, matcher.highlight(offer.title), offer.run, help=offer.help))
        words = query.lower().split()
        if words:
            matching = (entry for entry in self._lesson_commands() if all(word in entry[0] for word in words))
            for lowered, title, command, module in itertools.islice(matching, LESSON_HITS):
                hits.append(self._word_hit(lowered, self._lesson_offer(title, command, module), words,
                                           matcher.fuzzy_search.score))
        return hits

    async def discover(self) -> Hits:
        for hit in self.discovered():
            yield hit

    async def search(self, query: str) -> Hits:
        for found in self.found(query):
            yield found
        async for hit in self._full_text(query):
            yield hit

    def _word_hit(self, lowered: str, offer: Offer, words: list[str],
                  score: Callable[[str, list[int]], float]) -> Hit:
        """Every word is in the title: scored and highlighted as Textual's matcher would."""
        spans = [(lowered.find(word), lowered.find(word) + len(word)) for word in words]
        title = Content(offer.title)
        style = self.match_style  # the palette's highlight (None only before the palette is mounted)
        for start, end in spans:
            title = title.stylize(style, start, end) if style is not None else title
        positions = sorted({at for start, end in spans for at in range(start, end)})
        return Hit(score(lowered, positions), title, offer.run, help=offer.help)

    async def _full_text(self, query: str) -> Hits:
        hits = self.text_hits(query)
        if hits is None:  # still being made (a very large course): the next letters find them
            await asyncio.to_thread(self.course_app.warm_search().join, INDEX_WAIT)
            hits = self.text_hits(query) or []
        for hit in hits:
            yield hit

    def text_hits(self, query: str) -> list[Hit] | None:
        """The lesson sections whose text holds `query`; None while the search index is being made."""
        app = self.course_app
        if app.learner is None or app.too_small or len(query.strip()) < FULL_TEXT_MIN:
            return []
        if not app.search_index.ready:
            return None
        found = app.search_index.search(query, modules_for(app.course, app.learner), limit=FULL_TEXT_HITS)
        return [Hit(0.1, Content(_("Found in lesson {position}: {title}").format(
                        position=hit.position, title=hit.module.sections[hit.section].title)),
                    partial(app.open_lesson, hit.module, hit.section), help=hit.snippet)
                for hit in found]
