"""Practise missed questions that are due today: spaced practice (a Leitner schedule).

The queue and the rule live in `course.learning.quiz` (`PracticeSession`, `record_practice`);
this screen shows one question at a time with the same feedback as the quiz, says when the
question comes back, and saves after every answer.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.content.model import Module
from course.i18n import _, ngettext
from course.learning.overview import due_words
from course.learning.quiz import REVIEW_DAYS, Drawn, PracticeSession, next_due
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.choices import AnswerList
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.question import QuestionView
from course.tui.widgets.reading import MoreBelow


class PracticeScreen(CourseScreen):
    """Kept and reused by the app (`CourseApp._kept_screen`): `load` starts a practice of the
    questions due now, filled in before the screen is shown again, so its first frame has them."""

    CSS_PATH = "practice.tcss"
    PLACE = keymap.PRACTICE
    BINDINGS = bindings_for(PLACE)

    def __init__(self) -> None:
        super().__init__()
        self.module: Module | None = None
        self.queue: list[Drawn] = []
        self._session: PracticeSession | None = None  # made by load(), or on mount after it
        self._starting = False
        self.current: Drawn | None = None
        self.answered = False

    def load(self, queue: list[Drawn], module: Module | None = None) -> PracticeScreen:
        """A fresh practice of `queue` (of `module`'s questions, or all) when this screen is next shown."""
        self.module, self.queue = module, queue
        self._starting = True
        if self.is_mounted:  # kept from before: the first question now, so the screen's first frame has it
            self._start()
        return self

    @property
    def session(self) -> PracticeSession:
        assert self._session is not None, "PracticeScreen.load() starts the session"
        return self._session

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="practice-position", classes="title")
        yield QuestionView(id="question")
        yield MoreBelow("question")
        yield Static(id="practice-done")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Practise missed questions")
        self.query_one("#practice-done").display = False
        if self._starting:
            self._start()

    def _start(self) -> None:
        self._starting = False
        self._session = PracticeSession(self.app.active_learner, self.app.course, self.queue, self.app.rng)
        self.query_one(QuestionView).display = True  # hidden if the last practice was done
        self.query_one("#practice-done").display = False
        self._ask()

    def _status(self) -> str:
        left = self.session.left
        text = ngettext("Practice for today: {n} question to go", "Practice for today: {n} questions to go",
                        left).format(n=left)
        if self.current is None or not self.answered:
            return text
        return f"{text} · {self._outcome_words(self.current)}"

    def _outcome_words(self, drawn: Drawn) -> str:
        outcome = self.session.outcomes.get(drawn.key)
        if outcome == "missed":
            return _("this one comes back after other questions")
        if outcome == "later":
            due = self.app.active_learner.review[drawn.key].due
            assert due is not None, "a question answered right comes back on a day"
            return _("✓ this one comes back {when}").format(when=due_words(due))
        if outcome == "cleared":
            days = len(REVIEW_DAYS) + 1
            return ngettext("✓ cleared: right on {n} separate day", "✓ cleared: right on {n} separate days",
                            days).format(n=days)
        return _("✓ right")

    def _ask(self) -> None:
        self.current = self.session.current
        self.answered = False
        self.query_one("#practice-position", Static).update(Content(self._status()))
        if self.current is None:
            self._all_done()
        else:
            self.query_one(QuestionView).ask(self.current)
        self.refresh_bindings()

    def _all_done(self) -> None:
        self.query_one(QuestionView).display = False
        done = self.query_one("#practice-done", Static)
        coming = next_due(self.app.active_learner, self.app.course)
        later = (_("Questions you answered right come back on a later day, so that they stick; the next "
                   "ones {when}. A question leaves the list once you have answered it right on {n} separate "
                   "days.").format(when=due_words(coming), n=len(REVIEW_DAYS) + 1) if coming else
                 _("Nothing is waiting for a later day."))
        done.update(Content.assemble(
            (_("✓ Done for today."), "bold $text-success"), "\n\n", later, "\n\n", _("Press Escape to go back."),
        ))
        done.display = True

    @on(AnswerList.Answered)
    def answered_now(self, event: AnswerList.Answered) -> None:
        if self.answered or self.current is None:
            return
        drawn = self.current
        chosen_bank = drawn.to_bank(event.chosen)
        right = self.session.answer(chosen_bank)
        self.answered = True
        self.app.save()
        index = self._module_of(drawn).section_index(drawn.question.section)
        title = self._module_of(drawn).sections[index].title if index is not None else None
        self.query_one(QuestionView).reveal(drawn, event.chosen, right, title)
        self.query_one("#practice-position", Static).update(Content(self._status()))
        self.refresh_bindings()

    @on(AnswerList.NothingTicked)
    def nothing_ticked(self) -> None:
        self.notify(_("Tick at least one answer (press its number, or Space), then press Enter."), timeout=5)

    def _module_of(self, drawn: Drawn) -> Module:
        return self.app.course.known_module(drawn.module_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered
        if action == "section":
            return self.answered or None
        return True

    def action_next(self) -> None:
        if self.query_one(QuestionView).read_on():  # the rest of the feedback first
            return
        self._ask()

    def action_section(self) -> None:
        drawn = self.current
        if drawn is None:  # not offered before an answer (check_action)
            return
        module = self._module_of(drawn)
        index = module.section_index(drawn.question.section)
        if index is not None:
            self.app.open_lesson(module, index, reference=True)

    def action_leave(self) -> None:
        self.app.pop_screen()
