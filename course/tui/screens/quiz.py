"""A quiz: a fresh draw from the module's bank, one question per page, feedback after each answer.

At the end the attempt is graded and recorded (`course.learning.quiz.record_attempt`) and the results
screen takes this one's place. Leaving early scores nothing.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from course.content.model import Module
from course.learning.quiz import Drawn, draw, is_correct, record_attempt
from course.tui.bindings import ALWAYS
from course.tui.widgets.choices import AnswerList
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.question import QuestionView
from course.tui.widgets.reading import MoreBelow
from course.i18n import _, N_


class QuizScreen(Screen):
    # Enter first, like the answer list's own Enter ("Answer"), so the Footer keeps its order.
    BINDINGS = [
        Binding("enter", "next", N_("Next question"), key_display="↵", id="quiz.next"),
        Binding("enter", "results", N_("See results"), key_display="↵", id="quiz.results"),
        *ALWAYS,
        Binding("s", "section", N_("Read the section"), id="quiz.section"),
        Binding("escape", "leave", N_("Leave the quiz"), id="quiz.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.module: Module | None = None
        self.drawn: list[Drawn] = []
        self.answers: list[set[int]] = []  # bank indexes, one set per answered question
        self.index = 0
        self._starting = False

    def load(self, module: Module) -> QuizScreen:
        """A fresh quiz on `module` when this (kept and reused) screen is next shown."""
        self.module = module
        self._starting = True
        return self

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
        self.sub_title = _("Quiz")

    def on_screen_resume(self) -> None:
        if not self._starting:  # back from a section, help or the crisis line: carry on
            return
        self._starting = False
        self.drawn = draw(self.module, self.app.course.quiz_size, self.app.rng, self.app.learner)
        self.answers, self.index = [], 0
        self._ask()

    def _ask(self) -> None:
        drawn = self.drawn[self.index]
        self.query_one("#quiz-position", Static).update(Content(
            _("Quiz: {title} · Question {number} of {total}").format(title=self.module.title, number=self.index + 1, total=len(self.drawn))))
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
        result = record_attempt(app.learner, self.drawn, self.answers, app.course.pass_mark)
        app.save()
        from course.tui.screens.results import ResultsScreen

        app.switch_screen(ResultsScreen(self.module, self.drawn, self.answers, result))

    def action_section(self) -> None:
        index = self.module.section_index(self.drawn[self.index].question.section)
        if index is not None:
            self.app.open_lesson(self.module, index, reference=True)

    def action_leave(self) -> None:
        if self.answers:
            self.notify(_("You left the quiz; it was not scored. Take it again any time."), timeout=5)
        self.app.pop_screen()
