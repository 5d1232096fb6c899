"""The group quiz, for a shared screen: one question of the lesson's bank at a time, its options
lettered but the answer hidden until the facilitator reveals it (the right answers, each
option's feedback and the explanation). Nothing is scored or saved.

Options are in the fixed print order (`course.learning.shown.in_print_order`), so the letters match the
handouts and the answer key printed for the session.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.content.model import Module, Question
from course.i18n import _
from course.learning.room import Room, room_questions
from course.outputs.common import lesson_text
from course.outputs.document import correct_letters, lettered
from course.outputs.plaintext import KIND_HINTS
from course.outputs.room_summary import SpreadRow
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.reading import MoreBelow, ReadingScroll


def option_blocks(question: Question, revealed: bool, course, counts: list[int] | None = None,
                  answered: int = 0) -> list[tuple[Content, str]]:
    """The lettered options; once revealed, each marked right or not in words and a symbol, with
    its feedback, then the answer and the explanation: (text, CSS class) blocks. With `counts`
    (a room quiz), each option has a bar of how many chose it, in words and numbers."""
    blocks: list[tuple[Content, str]] = []
    for index, (letter, option) in enumerate(lettered(question)):
        text = lesson_text(course, option.text)
        if not revealed:
            blocks.append((Content(f"{letter}. {text}"), "option"))
        else:
            verdict = ("✓", _("correct")) if option.correct else ("✗", _("not correct"))
            blocks.append((Content.assemble(f"{verdict[0]} {letter}. {text} ", (f"({verdict[1]})", "bold")),
                           "option right" if option.correct else "option"))
        if counts is not None:
            row = SpreadRow(letter, text, option.correct, counts[index], answered)
            blocks.append((Content(row.words()), "bar"))
        if revealed:
            blocks.append((Content(lesson_text(course, option.feedback)), "feedback"))
    if revealed:
        letters = correct_letters(question)
        label = _("Answers") if "," in letters else _("Answer")
        blocks.append((Content.assemble((f"{label}: {letters}", "bold")), "answer"))
        blocks.append((Content.assemble((_("Why:") + " ", "bold"), lesson_text(course, question.explanation)), "why"))
    return blocks


class Stage(ReadingScroll):
    """A shared screen's question. A revealed answer (each option's feedback, the explanation) can
    run below the screen: then Enter and Space show the rest before they go on, and the line under
    it says so. Before the reveal Enter reveals (or opens the first question) as the screen says;
    ↓ scrolls."""

    revealed: bool = False  # set by the screen as it shows each question

    def show_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        self.more_keys = _("↓ or Space") if revealed else _("↓")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_on" and not self.revealed:
            return False
        return super().check_action(action, parameters)

    def action_page_down(self) -> None:
        """PgDn (what a presenter's clicker sends) shows the rest, then is the screen's (the room's
        next question): scrolled to the end, it did nothing, and a clicker could not move on."""
        if not self.read_on():
            raise SkipAction()

    def action_page_up(self) -> None:
        if not self.read_back():
            raise SkipAction()


class GroupQuizScreen(CourseScreen):
    CSS_PATH = "group_quiz.tcss"
    PLACE = keymap.GROUP_QUIZ
    BINDINGS = bindings_for(PLACE)

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        # Where the quiz is and what was revealed: a room with nobody in it (course.learning.room).
        # Revealed questions stay revealed when revisited.
        self.quiz = Room(self.app.course, room_questions(self.app.course, [module]))
        self.quiz.open_question(0)

    @property
    def questions(self) -> list[Question]:
        return [item.question for item in self.quiz.questions]

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="group-position", classes="title")
        with Stage(id="group-quiz"):
            yield Static(id="group-prompt")
            yield Static(id="group-hint")
            yield Vertical(id="group-options")
            yield Static(id="group-next")
        yield MoreBelow("group-quiz", id="group-more")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Group quiz")
        self.query_one("#group-quiz").focus()
        self._show()

    def _show(self) -> None:
        quiz, course = self.quiz, self.app.course
        question = quiz.current.question
        self.query_one("#group-position", Static).update(Content(
            _("Group quiz: {title} · Question {number} of {total}").format(title=self.module.title, number=quiz.index + 1, total=len(quiz.questions))))
        self.query_one("#group-prompt", Static).update(Content(lesson_text(course, question.prompt)))
        self.query_one("#group-hint", Static).update(Content(_(KIND_HINTS[question.kind])))
        options = self.query_one("#group-options")
        options.remove_children()
        options.mount_all(Static(text, classes=css) for text, css in option_blocks(question, quiz.is_revealed, course))
        if not quiz.is_revealed:
            then = _("Press Enter to reveal the answer when the room is ready.")
        elif quiz.on_last:
            then = _("That was the last question. Escape: back to the lesson.")
        else:
            then = _("Press Enter for the next question (← the previous one).")
        self.query_one("#group-next", Static).update(Content(then))
        stage = self.query_one("#group-quiz", Stage)
        stage.show_revealed(quiz.is_revealed)
        stage.scroll_home(animate=False)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.quiz.is_revealed
        if action == "continue":
            return self.quiz.is_revealed and not self.quiz.on_last
        return True

    def action_reveal(self) -> None:
        self.quiz.reveal()
        self._show()

    def action_continue(self) -> None:
        self.action_step(1)

    def action_open_room(self) -> None:
        """The same questions as a room quiz, answered on participants' own devices."""
        from course.tui.screens.room import ask_where

        course = self.app.course
        ask_where(self.app, lambda nicknames: Room(course, room_questions(course, [self.module]), nicknames=nicknames))

    def action_step(self, step: int) -> None:
        index = self.quiz.index
        self.quiz.step(step)
        if self.quiz.index != index:
            self._show()
