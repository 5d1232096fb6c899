"""A quiz: a fresh draw from the module's bank, one question per page, feedback after each answer.

At the end the attempt is graded and recorded (`course.learning.quiz.record_attempt`) and the results
screen takes this one's place. Leaving early scores nothing: with answers given, the learner is
asked whether to keep them (the quiz carries on where it was when it is next opened, until the
course closes) or discard them; quitting with answers kept or given asks first too (app.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.content.model import Module
from course.i18n import _, ngettext
from course.learning.completion import is_assessed
from course.learning.quiz import Drawn, draw, is_correct, record_attempt
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.choices import AnswerList
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.question import QuestionView
from course.tui.widgets.reading import MoreBelow


@dataclass
class Unfinished:
    """A quiz left part-way with answers given, kept in memory to carry on where it was."""

    drawn: list[Drawn]
    answers: list[set[int]]  # bank indexes, one set per answered question


def unfinished_answers(app) -> int:
    """Answers given in quizzes not finished: kept ones, and the quiz on screen."""
    kept = sum(len(quiz.answers) for quiz in app.unfinished.values())
    return kept + sum(len(screen.answers) for screen in app.screen_stack if isinstance(screen, QuizScreen))


class QuizScreen(CourseScreen):
    PLACE = keymap.QUIZ
    BINDINGS = bindings_for(PLACE)

    def __init__(self) -> None:
        super().__init__()
        self._module: Module | None = None  # chosen by load() before the screen is first shown
        self.drawn: list[Drawn] = []
        self.answers: list[set[int]] = []  # bank indexes, one set per answered question
        self.index = 0
        self._starting = False

    def load(self, module: Module) -> QuizScreen:
        """A fresh quiz on `module` when this (kept and reused) screen is next shown."""
        self._module = module
        self._starting = True
        if self.is_mounted:  # kept from before: ask the first question now, so the screen's first frame has it
            self.on_screen_resume()
        return self

    @property
    def module(self) -> Module:
        """The lesson whose quiz this is."""
        assert self._module is not None, "QuizScreen.load() chooses the lesson"
        return self._module

    @property
    def answered(self) -> bool:
        return len(self.answers) > self.index

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="quiz-position", classes="title")
        yield QuestionView(id="question")
        yield MoreBelow("question")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Quiz") if is_assessed(self.app.active_learner) else _("Self-check")  # as the line below says

    def on_screen_resume(self) -> None:
        if not self._starting:  # back from a section, help or the crisis line: carry on
            return
        self._starting = False
        kept = self.app.unfinished.pop(self._key, None)
        if kept is None:
            self.drawn = draw(self.module, self.app.course.quiz_size, self.app.rng, self.app.learner)
            self.answers, self.index = [], 0
        else:
            self.drawn, self.answers = kept.drawn, kept.answers
            self.index = min(len(self.answers), len(self.drawn) - 1)
            self.notify(_("Carrying on with the quiz you left: question {n} of {total}.").format(
                n=self.index + 1, total=len(self.drawn)), timeout=5)
        self._ask()
        if self.answered:  # every question was answered: show the last one's feedback again
            drawn = self.drawn[self.index]
            chosen = self.answers[self.index]
            shown = {place for place, bank in enumerate(drawn.order) if bank in chosen}
            self.query_one(QuestionView).reveal(drawn, shown, is_correct(drawn.question, chosen), self._section_title())
            self.refresh_bindings()

    @property
    def _key(self) -> tuple[str | None, str]:
        return self.app.progress.active_learner, self.module.id

    def _ask(self) -> None:
        drawn = self.drawn[self.index]
        heading = (_("Quiz: {title} · Question {number} of {total}") if is_assessed(self.app.active_learner)
                   else _("Self-check: {title} · Question {number} of {total}"))
        self.query_one("#quiz-position", Static).update(Content(
            heading.format(title=self.module.title, number=self.index + 1, total=len(self.drawn))))
        self.query_one(QuestionView).ask(drawn)
        self.refresh_bindings()

    @on(AnswerList.Answered)
    def answered_now(self, event: AnswerList.Answered) -> None:
        if self.answered:
            return
        drawn = self.drawn[self.index]
        chosen_bank = drawn.to_bank(event.chosen)
        self.answers.append(chosen_bank)
        right = is_correct(drawn.question, chosen_bank)
        self.query_one(QuestionView).reveal(drawn, event.chosen, right, self._section_title())
        self.refresh_bindings()

    @on(AnswerList.NothingTicked)
    def nothing_ticked(self) -> None:
        self.notify(_("Tick at least one answer (press its number, or Space), then press Enter."), timeout=5)

    def _section_title(self) -> str | None:
        index = self.module.section_index(self.drawn[self.index].question.section)
        return self.module.sections[index].title if index is not None else None

    @property
    def on_last(self) -> bool:
        return self.index + 1 >= len(self.drawn)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered and not self.on_last
        if action == "section":
            return self.answered or None  # shown dimmed until there is an answer
        if action == "results":
            return self.answered and self.on_last
        return True

    def action_next(self) -> None:
        if self.query_one(QuestionView).read_on():  # the rest of the feedback first
            return
        self.index += 1
        self._ask()

    def action_results(self) -> None:
        if self.query_one(QuestionView).read_on():
            return
        app = self.app
        result = record_attempt(app.active_learner, self.drawn, self.answers, app.course.pass_mark)
        app.save()
        from course.tui.screens.results import ResultsScreen

        app.switch_screen(ResultsScreen(self.module, self.drawn, self.answers, result))

    def action_section(self) -> None:
        index = self.module.section_index(self.drawn[self.index].question.section)
        if index is not None:
            self.app.open_lesson(self.module, index, reference=True)

    def action_leave(self) -> None:
        if not self.answers:
            self.app.pop_screen()
            return
        from course.tui.screens.ask import AskScreen

        text = ngettext("You have answered {n} of {total} questions. Keep your answer to carry on where you "
                        "left off the next time you open this quiz (until you close the course)?",
                        "You have answered {n} of {total} questions. Keep your answers to carry on where you "
                        "left off the next time you open this quiz (until you close the course)?",
                        len(self.answers)).format(n=len(self.answers), total=len(self.drawn))
        choices = [_("Keep my answers and leave"), _("Discard my answers and leave"), _("Go back to the quiz")]
        self.app.push_screen(AskScreen(_("Leave the quiz?"), text, choices), self._leave)

    def _leave(self, choice: int | None) -> None:
        if choice == 0:
            self.app.unfinished[self._key] = Unfinished(self.drawn, self.answers)
            self.notify(_("Your answers are kept: open this quiz again (q) to carry on."), timeout=5)
        elif choice == 1:
            self.notify(_("You left the quiz; it was not scored. Take it again any time."), timeout=5)
        else:
            return
        self.answers = []  # nothing left on this (kept and reused) screen
        self.app.pop_screen()
