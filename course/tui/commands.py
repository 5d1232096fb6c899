"""The command palette (Ctrl+P): go to a lesson, search the lessons, my questions, learner, theme.

Built from the app's state when the palette opens. Typing three or more letters also offers
the lesson sections that contain them (full-text search), so the palette doubles as search.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from course.learning.overview import modules_for
from course.tui.audiences import learner_commands, messages_command
from course.tui.theme import HIGH_CONTRAST_NAME
from course.i18n import _

FULL_TEXT_MIN = 3
FULL_TEXT_HITS = 5
INDEX_WAIT = 0.05  # seconds a search waits for the index being made, so as not to hold up the commands


def language_commands(app) -> list[tuple[str, str, Callable[[], object]]]:
    """One command per other edition of the course, named in its own language too, so a
    learner who cannot read the current one still finds theirs."""
    from course.i18n import _, language_name

    return [(_("Language: {name}").format(name=language_name(language)),
             _("Show the course and the app in {name} (remembered for you)").format(name=language_name(language, app.course.language)),
             partial(app.switch_language, language))
            for language in app.course.languages if language != app.course.language]


class CourseCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (_("Help: keys, crisis line and notice"), _("Show the help page (F1)"), app.action_help),
            (_("Crisis line"), _("Who to call or text right now (F2)"), app.action_crisis),
        ]
        if app.theme != HIGH_CONTRAST_NAME:
            commands.append((_("Theme: high contrast"), _("White on black with bright highlights"),
                             partial(setattr, app, "theme", HIGH_CONTRAST_NAME)))
        commands.append(messages_command(app))
        commands += language_commands(app)
        if app.learner is None or app.too_small:
            return commands  # on the first run, the welcome screen comes first
        commands += [
            (_("Continue where I left off"), _("Open the lesson and section you were reading"), app.action_continue),
            (_("Search lessons"), _("Find words in every lesson"), app.action_search),
            (_("My questions"), _("The questions you want to ask your provider"), app.action_my_questions),
            (_("Practise missed questions"), _("Until each is right twice in a row"), app.start_practice),
            (_("Switch learner or role"), _("Another learner, a new learner, or your name and role"),
             app.action_switch_learner),
        ]
        commands += learner_commands(app)  # my progress, the facilitator's session tools
        for module in modules_for(app.course, app.learner):
            position = app.course.position(module)
            commands.append((_("Go to lesson {position}: {title}").format(position=position, title=module.title), _("About {minutes} minutes").format(minutes=module.minutes),
                             partial(app.open_lesson, module)))
            if module.questions:
                commands.append((_("Quiz for lesson {position}: {title}").format(position=position, title=module.title), _("A fresh set of questions"),
                                 partial(app.start_quiz, module)))
        return commands

    async def startup(self) -> None:
        self.app.warm_search()

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        app = self.app
        if app.learner is None or app.too_small or len(query.strip()) < FULL_TEXT_MIN:
            return
        if not app.search_index.ready:  # still being made (a very large course): the next letters find them
            await asyncio.to_thread(app.warm_search().join, INDEX_WAIT)
            if not app.search_index.ready:
                return
        hits = app.search_index.search(query, modules_for(app.course, app.learner), limit=FULL_TEXT_HITS)
        for hit in hits:
            title = hit.module.sections[hit.section].title
            yield Hit(0.1, Content(_("Found in lesson {position}: {title}").format(position=hit.position, title=title)),
                      partial(app.open_lesson, hit.module, hit.section), help=hit.snippet)
